/**
 * Settings row of the OpenAI-compatible image server: its URL (overrides IMAGE_SERVER_URL; empty =
 * the environment's), and what the server knows about it. The API key stays in the environment
 * (IMAGE_SERVER_API_KEY): the browser only learns whether one is set.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ImageBackendsInfo } from '../../shared/image-api';
import { errorText, useSettings, useUpdateSettings } from '../api';
import { queryKeys } from '../api/query-keys';

const BACKENDS_KEY = ['image-backends'] as const;

async function fetchBackends(signal: AbortSignal): Promise<ImageBackendsInfo> {
  const res = await fetch('/api/images/backends', { signal, headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`image backends: ${res.status}`);
  return (await res.json()) as ImageBackendsInfo;
}

export function ImageServerSetting() {
  const settings = useSettings();
  const update = useUpdateSettings();
  const queryClient = useQueryClient();
  const backends = useQuery({ queryKey: BACKENDS_KEY, queryFn: ({ signal }) => fetchBackends(signal) });
  const [url, setUrl] = useState('');
  useEffect(() => setUrl(settings.data?.imageServerUrl ?? ''), [settings.data?.imageServerUrl]);

  const commit = () => {
    const next = url.trim() === '' ? null : url.trim();
    if ((settings.data?.imageServerUrl ?? null) === next) return;
    update.mutate(
      { ...settings.data, imageServerUrl: next },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: BACKENDS_KEY });
          void queryClient.invalidateQueries({ queryKey: queryKeys.models });
        },
      },
    );
  };
  const info = backends.data?.imageServer;
  const status = !info?.url
    ? 'No image server configured.'
    : `${info.source === 'env' ? 'From IMAGE_SERVER_URL' : 'From this setting'} · ${info.models} model${info.models === 1 ? '' : 's'} · ${info.hasApiKey ? 'API key set (IMAGE_SERVER_API_KEY)' : 'no API key'}`;

  return (
    <div className="grid gap-2 py-3 sm:grid-cols-[14rem_1fr] sm:items-start">
      <div>
        <label htmlFor="setting-image-server" className="text-sm font-medium">
          Image server
        </label>
        <p className="m-0 text-xs text-muted-foreground">
          An OpenAI-compatible server (LocalAI, stable-diffusion.cpp, a ComfyUI or SD WebUI adapter); its models appear
          in the model picker.
        </p>
      </div>
      <div>
        <input
          id="setting-image-server"
          className="field font-mono"
          placeholder={info?.source === 'env' && info.url ? info.url : 'http://127.0.0.1:8080'}
          value={url}
          disabled={!settings.isSuccess}
          onChange={(e) => setUrl(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
          data-testid="setting-image-server"
        />
        <p className="m-0 mt-1 text-xs text-muted-foreground" data-testid="image-server-status">
          {update.isError ? errorText(update.error) : status}
        </p>
      </div>
    </div>
  );
}
