/**
 * The composer's image options, shown only while an image model is picked, and only the options its
 * backend understands (an OpenAI-compatible server has no steps). Empty steps/seed = the backend's
 * default and a random seed.
 */
import { QueryClientContext } from '@tanstack/react-query';
import { useContext } from 'react';
import { IMAGE_LIMITS, IMAGE_OPTION_SUPPORT, IMAGE_SIZES } from '../../../shared/image-api';
import { useModels } from '../../api';
import { backendOf, imageModelOf, useImageOptions } from './image-options-store';

const SIZE_LABEL: Record<string, string> = {
  '512x512': '512² (1:1)',
  '768x768': '768² (1:1)',
  '1024x1024': '1024² (1:1)',
  '1024x768': '1024×768 (4:3)',
  '768x1024': '768×1024 (3:4)',
  '1792x1024': '1792×1024 (16:9)',
  '1024x1792': '1024×1792 (9:16)',
};

function numberOrUndefined(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** Mounted in the composer; renders nothing where no model list can be known (a composer alone, in tests). */
const field = 'h-7 rounded-md border border-input bg-background px-1.5 text-xs';

export function ImageOptionsBar({ modelName }: { modelName: string | null }) {
  const client = useContext(QueryClientContext);
  return client && modelName ? <ImageOptionsFields modelName={modelName} /> : null;
}

function ImageOptionsFields({ modelName }: { modelName: string }) {
  const models = useModels();
  const model = imageModelOf(models.data?.models, modelName);
  const options = useImageOptions((s) => s.options);
  const set = useImageOptions((s) => s.set);
  if (!model) return null;
  const supported = IMAGE_OPTION_SUPPORT[backendOf(model)];
  return (
    <fieldset
      className="m-0 flex flex-wrap items-center gap-x-3 gap-y-1 border-0 border-t border-border px-3 py-2 text-xs text-muted-foreground"
      data-testid="image-options"
    >
      <legend className="sr-only">Image options</legend>
      {supported.includes('size') && (
        <label className="flex items-center gap-1">
          Size
          <select
            className={field}
            value={options.size ?? '1024x1024'}
            onChange={(e) => set({ size: e.target.value })}
            data-testid="image-size"
          >
            {IMAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {SIZE_LABEL[s] ?? s}
              </option>
            ))}
          </select>
        </label>
      )}
      {supported.includes('steps') && (
        <NumberOption
          label="Steps"
          name="steps"
          width="w-14"
          placeholder="auto"
          value={options.steps}
          onChange={(steps) => set({ steps })}
        />
      )}
      {supported.includes('seed') && (
        <NumberOption
          label="Seed"
          name="seed"
          width="w-24"
          placeholder="random"
          value={options.seed}
          onChange={(seed) => set({ seed })}
        />
      )}
      {supported.includes('count') && (
        <label className="flex items-center gap-1">
          Images
          <select
            className={field}
            value={options.count ?? 1}
            onChange={(e) => set({ count: Number(e.target.value) })}
            data-testid="image-count"
          >
            {Array.from({ length: IMAGE_LIMITS.count.max }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="ml-auto">{backendOf(model) === 'ollama' ? 'Ollama image model' : 'Image server'}</span>
    </fieldset>
  );
}

/** A whole-number option within its IMAGE_LIMITS range; empty = the backend's default. */
function NumberOption(props: {
  label: string;
  name: 'steps' | 'seed';
  width: string;
  placeholder: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
}) {
  return (
    <label className="flex items-center gap-1">
      {props.label}
      <input
        className={`${field} ${props.width}`}
        type="number"
        min={IMAGE_LIMITS[props.name].min}
        max={IMAGE_LIMITS[props.name].max}
        placeholder={props.placeholder}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(numberOrUndefined(e.target.value))}
        data-testid={`image-${props.name}`}
      />
    </label>
  );
}
