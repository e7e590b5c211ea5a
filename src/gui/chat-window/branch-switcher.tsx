import { ChevronLeftIcon, ChevronRightIcon } from '../ui/icons-later';

/** `‹ 2/3 ›` between sibling messages (edits and regenerations). */
export function BranchSwitcher({
  siblingIds,
  currentId,
  onSelect,
}: {
  siblingIds: readonly string[];
  currentId: string;
  onSelect: (id: string) => void;
}) {
  if (siblingIds.length < 2) return null;
  const index = Math.max(0, siblingIds.indexOf(currentId));
  const prev = siblingIds[index - 1];
  const next = siblingIds[index + 1];
  return (
    <span className="inline-flex items-center text-xs tabular-nums text-muted-foreground" data-testid="branch-switcher">
      <button
        type="button"
        className="icon-button !h-6 !w-6"
        disabled={!prev}
        aria-label="Previous version"
        onClick={() => prev && onSelect(prev)}
      >
        <ChevronLeftIcon size={14} />
      </button>
      <span aria-hidden="true">
        {index + 1}/{siblingIds.length}
      </span>
      <span className="sr-only">
        Version {index + 1} of {siblingIds.length}
      </span>
      <button
        type="button"
        className="icon-button !h-6 !w-6"
        disabled={!next}
        aria-label="Next version"
        onClick={() => next && onSelect(next)}
      >
        <ChevronRightIcon size={14} />
      </button>
    </span>
  );
}
