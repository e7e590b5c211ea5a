import { measureElement, observeElementRect, useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { memo, type Ref, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { create } from 'zustand';
import type { ModelSummary } from '../../shared/api';
import { onLinkClick } from '../ui/router';
import { CapabilityBadges } from './capability-badges';
import {
  compareNames,
  formatBytes,
  formatDateTime,
  formatRelativeDate,
  formatTokens,
  parameterCount,
  shortDigest,
  splitModelName,
} from './format';

export type SortKey = 'name' | 'size' | 'modified' | 'params';
export type SortDir = 'asc' | 'desc';
export type CapabilityFilter = '' | 'completion' | 'vision' | 'tools' | 'thinking' | 'embedding' | 'image';

interface ViewState {
  query: string;
  capability: CapabilityFilter;
  sort: SortKey;
  dir: SortDir;
  setQuery: (query: string) => void;
  setCapability: (capability: CapabilityFilter) => void;
  sortBy: (key: SortKey, dir?: SortDir) => void;
  /** Where the list was scrolled, restored when the user comes back from a model's page. */
  listScrollTop: number;
  setListScrollTop: (top: number) => void;
  /**
   * The list's row sizes and height when it was last shown: coming back, the rows start at those sizes
   * and the table's place at that height, so the scroll position put back is never clamped by a shorter
   * estimate (rows are 38–58 px, estimated at 40).
   */
  listLayout: { sizes: VirtualItem[]; height: number } | null;
  keepListLayout: (layout: { sizes: VirtualItem[]; height: number }) => void;
  /** The table's first render of this page load was measured (performance marks for the bench). */
  firstRenderMeasured: boolean;
  markFirstRenderMeasured: () => void;
}

/** Natural first direction: A→Z for names, biggest and newest first for the rest. */
const FIRST_DIR: Record<SortKey, SortDir> = { name: 'asc', size: 'desc', modified: 'desc', params: 'desc' };

/** Kept while the user opens a model and comes back. */
export const useModelsView = create<ViewState>((set, get) => ({
  query: '',
  capability: '',
  sort: 'name',
  dir: 'asc',
  listScrollTop: 0,
  setListScrollTop: (listScrollTop) => set({ listScrollTop }),
  listLayout: null,
  keepListLayout: (listLayout) => set({ listLayout }),
  firstRenderMeasured: false,
  markFirstRenderMeasured: () => set({ firstRenderMeasured: true }),
  setQuery: (query) => set({ query }),
  setCapability: (capability) => set({ capability }),
  sortBy: (key, dir) => {
    const s = get();
    set({ sort: key, dir: dir ?? (s.sort === key ? (s.dir === 'asc' ? 'desc' : 'asc') : FIRST_DIR[key]) });
  },
}));

export function matchesFilter(model: ModelSummary, query: string, capability: CapabilityFilter): boolean {
  if (capability && !model.capabilities.includes(capability)) return false;
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const haystack = [model.name, model.family, model.parameterSize, model.quantization, ...model.capabilities]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return q.split(/\s+/).every((word) => haystack.includes(word));
}

export function sortModels(models: readonly ModelSummary[], key: SortKey, dir: SortDir): ModelSummary[] {
  const sign = dir === 'asc' ? 1 : -1;
  const byName = (a: ModelSummary, b: ModelSummary) => compareNames(a.name, b.name);
  const value = (m: ModelSummary): number =>
    key === 'size' ? m.size : key === 'modified' ? Date.parse(m.modifiedAt) || 0 : parameterCount(m.parameterSize);
  return [...models].sort((a, b) => {
    if (key === 'name') return sign * byName(a, b);
    const diff = value(a) - value(b);
    return diff !== 0 ? sign * diff : byName(a, b);
  });
}

/** Table layout from 48rem of container width; below it each row is a two-line card. */
const COLS =
  '@3xl:grid-cols-[minmax(12rem,1fr)_4.5rem_5.75rem_5.5rem_4rem_5rem_6.5rem] @5xl:grid-cols-[minmax(12rem,1fr)_4.5rem_5.75rem_5.5rem_4rem_5rem_6.5rem_7.5rem]';

interface RowProps {
  model: ModelSummary;
  now: number;
  index: number;
  count: number;
  /** Offset from the top of the list, in px, when rows are positioned by the virtualizer; null = in flow. */
  top: number | null;
  ref?: Ref<HTMLLIElement>;
}

const Row = memo(function Row({ model, now, index, count, top, ref }: RowProps) {
  const { base, tag } = splitModelName(model.name);
  const modified = formatRelativeDate(model.modifiedAt, now);
  return (
    <li
      ref={ref}
      data-index={index}
      aria-setsize={count}
      aria-posinset={index + 1}
      className={top === null ? 'pb-0.5' : 'absolute top-0 left-0 w-full pb-0.5'}
      style={top === null ? undefined : { transform: `translateY(${top}px)` }}
    >
      <a
        href={`/models/${encodeURIComponent(model.name)}`}
        onClick={(e) => onLinkClick(e, { name: 'model', model: model.name })}
        className={`grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-0.5 rounded-lg px-3 py-2 text-sm hover:bg-muted ${COLS}`}
        data-testid="model-row"
        data-model={model.name}
      >
        <span className="flex min-w-0 flex-wrap items-center gap-x-1.5 gap-y-0.5">
          <span className="truncate font-medium">{base}</span>
          <span className="rounded bg-accent-soft px-1.5 font-mono text-[0.6875rem] leading-5 text-accent">{tag}</span>
          <CapabilityBadges capabilities={model.capabilities} />
          {!model.canChat && <span className="text-xs text-muted-foreground">can't chat</span>}
        </span>
        <span className="text-right tabular-nums @3xl:order-6">{formatBytes(model.size)}</span>
        <span className="col-span-2 flex flex-wrap gap-x-2 text-xs text-muted-foreground @3xl:contents @3xl:text-sm">
          <span className="@3xl:order-1" title="Parameters">
            {model.parameterSize ?? '—'}
          </span>
          <span className="@3xl:order-2 truncate" title="Quantization">
            {model.quantization ?? '—'}
          </span>
          <span className="@3xl:order-3 truncate" title="Family">
            {model.family ?? '—'}
          </span>
          <span className="tabular-nums @3xl:order-4" title="Context length">
            {formatTokens(model.contextLength)}
            <span className="@3xl:hidden"> ctx</span>
          </span>
          <span className="@3xl:order-7" title={`Modified ${formatDateTime(model.modifiedAt)}`}>
            {modified}
          </span>
          <span className="font-mono text-xs @3xl:order-8 @3xl:hidden @5xl:inline" title={model.digest}>
            {shortDigest(model.digest)}
          </span>
        </span>
      </a>
    </li>
  );
});

function SortHeader({ label, k, align = 'left' }: { label: string; k: SortKey; align?: 'left' | 'right' }) {
  const sort = useModelsView((s) => s.sort);
  const dir = useModelsView((s) => s.dir);
  const sortBy = useModelsView((s) => s.sortBy);
  const active = sort === k;
  return (
    <button
      type="button"
      className={`inline-flex items-center gap-0.5 hover:text-foreground ${active ? 'text-foreground' : ''} ${
        align === 'right' ? 'justify-self-end' : ''
      }`}
      onClick={() => sortBy(k)}
      aria-label={`Sort by ${label}${active ? (dir === 'asc' ? ', ascending' : ', descending') : ''}`}
      data-testid={`sort-${k}`}
    >
      {label}
      <span aria-hidden="true" className={active ? '' : 'invisible'}>
        {dir === 'asc' ? '↑' : '↓'}
      </span>
    </button>
  );
}

/**
 * Up to this many rows are all rendered (find-in-page sees them); longer lists render only the rows
 * near the viewport.
 */
const VIRTUALIZE_ABOVE = Number(
  (typeof window !== 'undefined' && (window as { __modelsVirtualizeAbove?: number }).__modelsVirtualizeAbove) || 60,
);

/** A row's height before it is measured (one line of the wide layout). */
export const MODEL_ROW_ESTIMATE_PX = 40;

/** Installed models, filtered and sorted; rows are plain links so 200 of them render in one pass. */
export function ModelTable({ models }: { models: readonly ModelSummary[] }) {
  const query = useModelsView((s) => s.query);
  const capability = useModelsView((s) => s.capability);
  const sort = useModelsView((s) => s.sort);
  const dir = useModelsView((s) => s.dir);
  const rootRef = useRef<HTMLDivElement>(null);
  // "3 days ago" is computed against the time the list arrived, not on every render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list is a new "now"
  const now = useMemo(() => Date.now(), [models]);

  // Render time of the table (first time it shows rows): `performance.getEntriesByName('models-table')`.
  const startRef = useRef<number | null>(null);
  if (startRef.current === null && models.length > 0) {
    startRef.current = performance.now();
    performance.mark('models-table:start');
  }

  const shown = useMemo(
    () =>
      sortModels(
        models.filter((m) => matchesFilter(m, query, capability)),
        sort,
        dir,
      ),
    [models, query, capability, sort, dir],
  );

  // Only the rows near the viewport are rendered; the page's scroll box scrolls them.
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollEl, setScrollEl] = useState<HTMLElement | null>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const parent = scrollParent(list);
    setScrollEl(parent);
    // Where the list starts inside the scroll box; content above it (jobs, running models) changes size.
    // Read in the resize observer's callback (its first one comes after the first layout), where layout is
    // current: read here, in the commit, it forced the page's first layout inside the click's task.
    const update = () => {
      const m = list.getBoundingClientRect().top - parent.getBoundingClientRect().top + parent.scrollTop;
      setMargin((old) => (Math.abs(old - m) > 0.5 ? m : old));
    };
    if (typeof ResizeObserver === 'undefined') {
      update();
      return;
    }
    const observer = new ResizeObserver(update);
    observer.observe(parent.firstElementChild ?? parent);
    return () => observer.disconnect();
  }, []);
  const virtual = shown.length > VIRTUALIZE_ABOVE;
  const virtualizer = useVirtualizer({
    enabled: virtual,
    count: shown.length,
    getScrollElement: () => scrollEl,
    estimateSize: () => MODEL_ROW_ESTIMATE_PX,
    overscan: 12,
    scrollMargin: margin,
    initialRect: { width: 0, height: typeof window === 'undefined' ? 800 : window.innerHeight },
    // The virtualizer scrolls its box to this when it attaches: where the page put it back (coming back
    // from a model's page), not the top; its rows start at the sizes they had then.
    initialOffset: () => useModelsView.getState().listScrollTop,
    initialMeasurementsCache: useModelsView.getState().listLayout?.sizes ?? [],
    getItemKey: (index) => shown[index]?.name ?? index,
    // Sizes come from resize-observer entries, delivered after layout: a row is not measured the moment it
    // is attached (the default reads offsetHeight there, a forced layout inside React's commit).
    measureElement: (element, entry, instance) => {
      if (entry) return measureElement(element, entry, instance);
      const key = instance.options.getItemKey(instance.indexFromElement(element));
      return instance.itemSizeCache.get(key) ?? MODEL_ROW_ESTIMATE_PX;
    },
    // The scroll box's size from its resize observer only (the first entry comes after layout), not read
    // once more when the virtualizer attaches.
    observeElementRect: (instance, cb) => {
      const el = instance.scrollElement;
      if (!el || typeof ResizeObserver === 'undefined') return observeElementRect(instance, cb);
      const observer = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.contentRect;
        if (box) cb({ width: Math.round(box.width), height: Math.round(box.height) });
      });
      observer.observe(el);
      return () => observer.disconnect();
    },
  });

  // The table's height, kept by a resize observer (read in its callback: no forced layout), and what the
  // next visit starts from, kept when the table goes.
  const listHeight = useRef<number | null>(null);
  useLayoutEffect(() => {
    const list = rootRef.current;
    if (!list || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) listHeight.current = box.height;
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, []);
  // The virtualizer is one instance for the table's life (react-virtual keeps it in state).
  useLayoutEffect(
    () => () => {
      const height = listHeight.current;
      if (height === null) return;
      const sizes = virtualizer.options.enabled ? virtualizer.measurementsCache : [];
      useModelsView.getState().keepListLayout({ sizes, height });
    },
    [virtualizer],
  );

  useLayoutEffect(() => {
    if (useModelsView.getState().firstRenderMeasured || startRef.current === null) return;
    useModelsView.getState().markFirstRenderMeasured();
    performance.mark('models-table:committed');
    const committed = performance.measure('models-table', 'models-table:start', 'models-table:committed');
    rootRef.current?.setAttribute('data-render-ms', committed.duration.toFixed(1));
    rootRef.current?.setAttribute('data-rows', String(models.length));
    requestAnimationFrame(() =>
      setTimeout(() => {
        performance.mark('models-table:painted');
        const painted = performance.measure('models-table-paint', 'models-table:start', 'models-table:painted');
        rootRef.current?.setAttribute('data-paint-ms', painted.duration.toFixed(1));
      }, 0),
    );
  });

  return (
    <div ref={rootRef} className="@container" data-testid="model-table">
      <div
        className={`hidden gap-x-3 border-b border-border px-3 pb-1.5 text-xs font-medium text-muted-foreground @3xl:grid ${COLS}`}
      >
        <SortHeader label="Name" k="name" />
        <span className="order-1">
          <SortHeader label="Params" k="params" />
        </span>
        <span className="order-2">Quant</span>
        <span className="order-3">Family</span>
        <span className="order-4">Context</span>
        <span className="order-6 justify-self-end">
          <SortHeader label="Size" k="size" align="right" />
        </span>
        <span className="order-7">
          <SortHeader label="Modified" k="modified" />
        </span>
        <span className="order-8 hidden @5xl:inline">Digest</span>
      </div>
      <div ref={listRef} className="mt-1">
        {shown.length > 0 && virtual && (
          <ul
            className="relative m-0 list-none p-0"
            style={{ height: virtualizer.getTotalSize() }}
            aria-label="Installed models"
          >
            {virtualizer.getVirtualItems().map((item) => {
              const model = shown[item.index];
              if (!model) return null;
              return (
                <Row
                  key={model.name}
                  ref={virtualizer.measureElement}
                  model={model}
                  now={now}
                  index={item.index}
                  count={shown.length}
                  top={item.start - margin}
                />
              );
            })}
          </ul>
        )}
        {shown.length > 0 && !virtual && (
          <ul className="m-0 list-none p-0" aria-label="Installed models">
            {shown.map((model, index) => (
              <Row key={model.name} model={model} now={now} index={index} count={shown.length} top={null} />
            ))}
          </ul>
        )}
      </div>
      {shown.length === 0 && (
        <p className="px-3 py-6 text-center text-sm text-muted-foreground" role="status">
          No model matches {query.trim() ? `“${query.trim()}”` : 'this filter'}.{' '}
          <button
            type="button"
            className="text-accent hover:underline"
            onClick={() => {
              useModelsView.getState().setQuery('');
              useModelsView.getState().setCapability('');
            }}
          >
            Clear the filter
          </button>
        </p>
      )}
    </div>
  );
}

/** The nearest ancestor that scrolls (the page's own scroll box). */
function scrollParent(el: HTMLElement): HTMLElement {
  let node = el.parentElement;
  while (node) {
    const { overflowY } = getComputedStyle(node);
    if (overflowY === 'auto' || overflowY === 'scroll') return node;
    node = node.parentElement;
  }
  return document.documentElement;
}
