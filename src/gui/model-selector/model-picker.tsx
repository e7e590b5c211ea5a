import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useModels } from '../api';
import { ChevronDownIcon } from '../ui/icons';
import { chunkLoader, Deferred, useChunk } from '../ui/lazy-named';
import { useUiStore } from '../ui/ui-store';
import type { ModelMenuProps } from './model-menu';
import { findModel } from './model-names';

const ModelInfoDialog = lazy(() => import('./model-info-panel'));

/** The open menu's chunk: fetched when the picker is first pointed at, focused or opened. */
const loadModelMenu = chunkLoader(() => import('./model-menu'));
const preloadMenu = () => {
  void loadModelMenu().catch(() => {});
};

/** The menu once its chunk is here (`useChunk`: no Suspense fallback, nothing held back when it arrives). */
function Menu(props: ModelMenuProps) {
  const chunk = useChunk(loadModelMenu);
  return chunk ? <chunk.ModelMenu {...props} /> : null;
}

export interface ModelPickerProps {
  value: string | null;
  onChange: (name: string) => void;
}

/** The model of the chat: a searchable, keyboard-navigable list with size, quantization and capabilities. */
export function ModelPicker({ value, onChange }: ModelPickerProps) {
  const [open, setOpen] = useState(false);
  const [infoFor, setInfoFor] = useState<string | null>(null);
  const models = useModels();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  // An error's "Switch model" button asks the picker to open.
  const pickerRequests = useUiStore((st) => st.modelPickerRequests);
  const seenRequests = useRef(pickerRequests);
  useEffect(() => {
    if (pickerRequests === seenRequests.current) return;
    seenRequests.current = pickerRequests;
    preloadMenu();
    setOpen(true);
  }, [pickerRequests]);
  // A pointer press outside closes the menu, also one made before the menu's chunk has arrived.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const all = models.data?.models ?? [];
  const current = findModel(all, value) ?? null;
  const label = value ?? (all.length === 0 && models.isSuccess ? 'No models' : 'Choose a model');

  return (
    <div ref={rootRef} className="relative min-w-0">
      <button
        ref={buttonRef}
        type="button"
        className="inline-flex max-w-full items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-semibold hover:bg-muted"
        data-testid="model-picker"
        data-model={value ?? ''}
        aria-haspopup="listbox"
        aria-expanded={open}
        title="Change model"
        onPointerEnter={preloadMenu}
        onFocus={preloadMenu}
        onClick={() => setOpen((o) => !o)}
      >
        {/* The visible text stays the accessible name (WCAG 2.5.3); the prefix only adds context. */}
        <span className="sr-only">Model: </span>
        <span className="truncate">{label}</span>
        {current?.parameterSize && (
          <span className="hidden font-normal text-muted-foreground sm:inline">{current.parameterSize}</span>
        )}
        <ChevronDownIcon size={16} className="flex-none text-muted-foreground" />
      </button>

      {open && (
        <Deferred onError={close}>
          <Menu value={value} onChange={onChange} buttonRef={buttonRef} onClose={close} onInfo={setInfoFor} />
        </Deferred>
      )}

      {infoFor && (
        <Suspense fallback={null}>
          <ModelInfoDialog name={infoFor} onClose={() => setInfoFor(null)} />
        </Suspense>
      )}
    </div>
  );
}
