/**
 * An image answer: while it is made, a progress bar (steps from Ollama; an indeterminate bar with
 * the elapsed time where the backend reports none), read from the chat's thread store (fed by the
 * generation's `progress` events and the `snapshot` a reload gets); once made, a thumbnail grid
 * (click for full size, download under `<prompt-slug>-<seed>.png`) and the generation record.
 */
import { useEffect, useState } from 'react';
import type { Message, MessageStatus } from '../../../shared/api';
import type { ImageGenerationRecord, ImageProgress } from '../../../shared/image-api';
import { useModels } from '../../api';
import { DownloadIcon } from '../../ui/icons';
import { selectImageProgress } from '../thread/selectors';
import { useThreadSelector } from '../thread/thread-context';
import { imageModelOf } from './image-options-store';

const blobUrl = (sha256: string) => `/api/blobs/${encodeURIComponent(sha256)}`;

function useElapsedSeconds(since: string | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!since) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [since]);
  return since ? Math.max(0, Math.round((now - Date.parse(since)) / 1000)) : 0;
}

function ProgressBar({ progress }: { progress: ImageProgress }) {
  const elapsed = useElapsedSeconds(progress.startedAt);
  const known = progress.total !== null && progress.total > 0 && progress.completed !== null;
  const percent = known ? Math.round(((progress.completed ?? 0) / (progress.total ?? 1)) * 100) : null;
  const which = progress.count > 1 ? `Image ${progress.image} of ${progress.count} · ` : '';
  const label = known ? `${which}step ${progress.completed} of ${progress.total}` : `${which}generating`;
  return (
    <div className="my-2 max-w-md" data-testid="image-progress" data-indeterminate={known ? undefined : true}>
      <div
        className="h-2 overflow-hidden rounded-full bg-muted"
        role="progressbar"
        aria-label="Image generation"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={`${label}, ${elapsed} s`}
      >
        {known ? (
          <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
        ) : (
          <div className="h-full w-1/3 animate-pulse rounded-full bg-accent" />
        )}
      </div>
      <p className="m-0 mt-1 text-xs text-muted-foreground" data-testid="image-progress-text">
        {label} · {elapsed} s
      </p>
    </div>
  );
}

function recordLine(r: ImageGenerationRecord): string {
  const parts = [
    r.model,
    r.backend === 'ollama' ? 'Ollama' : 'image server',
    r.parameters.size,
    r.parameters.steps !== undefined ? `${r.parameters.steps} steps` : null,
    `seed ${r.seed}`,
    `${(r.durationMs / 1000).toFixed(1)} s`,
    r.secondsPerImage !== null ? `${r.secondsPerImage} s/image` : null,
    r.stepsPerSecond !== null ? `${r.stepsPerSecond} steps/s` : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

/**
 * Mounted under every answer: finished text answers (nearly all of a long chat) return at once,
 * without a hook, so a chat of thousands of messages pays nothing for it.
 */
export function ImageAnswer({ message, status }: { message: Message; status: MessageStatus }) {
  const active = status === 'queued' || status === 'streaming';
  if (!active && message.imageGeneration == null && message.attachments.length === 0) return null;
  return <ImageAnswerView message={message} active={active} />;
}

function ImageAnswerView({ message, active }: { message: Message; active: boolean }) {
  const models = useModels();
  const isImageAnswer =
    message.imageGeneration != null || imageModelOf(models.data?.models, message.model) !== undefined;
  const progress = useThreadSelector(selectImageProgress(message.id));
  const images = message.attachments.filter((a) => a.kind === 'image');
  if (!isImageAnswer && images.length === 0) return null;
  const record = message.imageGeneration ?? null;
  return (
    <div data-testid="image-answer">
      {active && progress && <ProgressBar progress={progress} />}
      {images.length > 0 && (
        <ul className={`m-0 grid list-none gap-2 p-0 ${images.length > 1 ? 'grid-cols-2' : 'grid-cols-1'} max-w-xl`}>
          {images.map((a) => (
            <li key={a.id} className="group/image relative">
              <a href={blobUrl(a.sha256)} target="_blank" rel="noopener" title="Open full size">
                <img
                  src={blobUrl(a.sha256)}
                  alt={record?.prompt ? `Generated: ${record.prompt}` : a.name}
                  className="aspect-square w-full rounded-lg border border-border bg-muted object-cover"
                  loading="lazy"
                  data-testid="generated-image"
                />
              </a>
              <a
                href={blobUrl(a.sha256)}
                download={a.name}
                className="icon-button absolute top-1.5 right-1.5 !h-7 !w-7 bg-background/90"
                aria-label={`Download ${a.name}`}
                title={`Download ${a.name}`}
                data-testid="download-image"
              >
                <DownloadIcon size={15} />
              </a>
            </li>
          ))}
        </ul>
      )}
      {record && !active && (
        <p className="m-0 mt-1 text-xs text-muted-foreground" data-testid="image-record">
          {recordLine(record)}
          {record.revisedPrompt && <span className="block italic">Prompt as rewritten: {record.revisedPrompt}</span>}
        </p>
      )}
    </div>
  );
}
