/**
 * The open model picker (`ModelPicker`): search, keyboard navigation, the list grouped by backend. Fetched the
 * first time the picker is pointed at, focused or opened, not with the first screen.
 */
import { type KeyboardEvent, type RefObject, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ModelSummary } from '../../shared/api';
import { isImageModel } from '../../shared/image-api';
import { errorText, useModels } from '../api';
import { CodeText } from '../ui/code-text';
import { InfoIcon, SearchIcon } from '../ui/icons';
import { useUiStore } from '../ui/ui-store';
import { CapabilityBadges } from './capability-badges';
import { NoModels } from './lazy-no-models';
import { sameModel } from './model-names';
import { RefreshModelsButton } from './refresh-models-button';

function matches(model: ModelSummary, query: string): boolean {
  if (!query) return true;
  const haystack = [model.name, model.family, model.parameterSize, model.quantization, ...model.capabilities]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

/** Chat models and image models can be picked; embedding-only models cannot. */
const canPick = (m: ModelSummary) => m.canChat || isImageModel(m.capabilities);

const BACKEND_LABEL = { ollama: 'Ollama', 'image-server': 'Image server' } as const;
const backendOf = (m: ModelSummary) => m.backend ?? 'ollama';

export interface ModelMenuProps {
  value: string | null;
  onChange: (name: string) => void;
  /** The picker's button: Escape gives it the focus back. */
  buttonRef: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
  /** A model's details asked for. */
  onInfo: (name: string) => void;
}

export function ModelMenu({ value, onChange, buttonRef, onClose, onInfo }: ModelMenuProps) {
  const [query, setQuery] = useState('');
  const models = useModels();
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const listId = useId();

  const all = models.data?.models ?? [];
  // Grouped by backend (Ollama first), so the image server's models sit together under a heading.
  const filtered = useMemo(
    () =>
      all
        .filter((m) => matches(m, query.trim()))
        .sort((a, b) => (backendOf(a) === backendOf(b) ? 0 : backendOf(a) === 'ollama' ? -1 : 1)),
    [all, query],
  );
  const grouped = new Set(filtered.map(backendOf)).size > 1;
  // Opening starts at the current model.
  const [activeIndex, setActiveIndex] = useState(() =>
    Math.max(
      0,
      all.findIndex((m) => sameModel(m.name, value)),
    ),
  );

  useEffect(() => {
    requestAnimationFrame(() => searchRef.current?.focus());
  }, []);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${activeIndex}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex]);

  const choose = (model: ModelSummary | undefined) => {
    if (!model || !canPick(model)) return;
    onClose();
    if (!sameModel(model.name, value)) onChange(model.name);
    // Choosing a model is followed by writing to it; focus would otherwise be lost with the menu.
    requestAnimationFrame(() => useUiStore.getState().chatCommands?.focusComposer());
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActiveIndex((i) => Math.min(filtered.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActiveIndex((i) => Math.max(0, i - 1));
    } else if (event.key === 'Home') {
      event.preventDefault();
      setActiveIndex(0);
    } else if (event.key === 'End') {
      event.preventDefault();
      setActiveIndex(Math.max(0, filtered.length - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(filtered[activeIndex]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      buttonRef.current?.focus();
    }
  };

  const activeId = filtered[activeIndex] ? `${listId}-${activeIndex}` : undefined;

  // On phones the menu is fixed to the viewport under the header: anchored to the button it ran off the right edge.
  return (
    <div
      className="absolute top-full left-0 z-40 mt-1 flex max-h-[min(70vh,32rem)] w-[26rem] flex-col overflow-hidden rounded-xl border border-border bg-background shadow-xl max-sm:fixed max-sm:inset-x-3 max-sm:top-13 max-sm:w-auto"
      data-testid="model-menu"
    >
      <div className="flex items-center gap-2 border-b border-border px-3">
        <SearchIcon size={16} className="text-muted-foreground" />
        <input
          ref={searchRef}
          className="h-10 min-w-0 flex-1 bg-transparent text-sm focus:outline-none"
          placeholder="Search models"
          aria-label="Search models"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={activeId}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActiveIndex(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="model-search"
        />
        <RefreshModelsButton className="icon-button !h-7 !w-7" iconSize={14} />
      </div>

      {models.isPending && <p className="m-0 p-4 text-sm text-muted-foreground">Loading models…</p>}
      {models.isError && (
        <p className="m-0 p-4 text-sm text-danger" role="alert">
          <CodeText text={errorText(models.error)} />
        </p>
      )}
      {models.isSuccess && all.length === 0 && <NoModels compact />}
      {models.isSuccess && all.length > 0 && filtered.length === 0 && (
        <p className="m-0 p-4 text-sm text-muted-foreground">No model matches “{query}”.</p>
      )}

      {filtered.length > 0 && (
        <div ref={listRef} id={listId} role="listbox" aria-label="Models" className="min-h-0 overflow-y-auto p-1">
          {filtered.map((model, index) => [
            (grouped && backendOf(model) !== backendOf(filtered[index - 1] ?? model)) || (grouped && index === 0) ? (
              <div
                key={`group-${backendOf(model)}`}
                role="presentation"
                className="px-3 pt-2 pb-1 text-xs font-semibold text-muted-foreground uppercase"
                data-testid="model-group"
              >
                {BACKEND_LABEL[backendOf(model)]}
              </div>
            ) : null,
            // Keys are handled by the search box (aria-activedescendant), so options take no focus.
            // biome-ignore lint/a11y/useKeyWithClickEvents: see above
            <div
              key={model.name}
              tabIndex={-1}
              id={`${listId}-${index}`}
              data-index={index}
              role="option"
              aria-selected={sameModel(model.name, value)}
              aria-disabled={!canPick(model)}
              data-testid="model-option"
              data-model={model.name}
              data-active={index === activeIndex || undefined}
              className={`flex cursor-pointer items-center gap-2 rounded-lg px-3 py-2 ${
                index === activeIndex ? 'bg-muted' : ''
              } ${canPick(model) ? '' : 'cursor-not-allowed opacity-60'}`}
              onMouseEnter={() => setActiveIndex(index)}
              onClick={() => choose(model)}
            >
              <div className="min-w-0 flex-1">
                <div className="flex items-center gap-2">
                  <span className="truncate text-sm font-medium">{model.name}</span>
                  {sameModel(model.name, value) && <span className="text-xs text-accent">current</span>}
                </div>
                <div className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted-foreground">
                  {[model.parameterSize, model.quantization, model.family].filter(Boolean).join(' · ')}
                  <CapabilityBadges capabilities={model.capabilities} />
                  {!canPick(model) && <span className="font-medium">can't chat</span>}
                </div>
              </div>
              <button
                type="button"
                className="icon-button !h-7 !w-7"
                aria-label={`About ${model.name}`}
                title="Model details"
                tabIndex={-1}
                onClick={(e) => {
                  e.stopPropagation();
                  onInfo(model.name);
                }}
              >
                <InfoIcon size={15} />
              </button>
            </div>,
          ])}
        </div>
      )}
    </div>
  );
}
