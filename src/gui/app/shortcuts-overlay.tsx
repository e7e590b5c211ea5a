import { Dialog } from '../ui/dialog';
import { useUiStore } from '../ui/ui-store';
import { SHORTCUTS } from './shortcuts';

export function ShortcutsOverlay() {
  const open = useUiStore((s) => s.shortcutsOpen);
  const setOpen = useUiStore((s) => s.setShortcutsOpen);
  if (!open) return null;
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => setOpen(false)} testId="shortcuts-overlay">
      <dl className="m-0 space-y-2 text-sm">
        {SHORTCUTS.map((s) => (
          <div key={s.label} className="flex items-center justify-between gap-4">
            <dt>{s.label}</dt>
            <dd className="m-0 flex flex-none gap-1">
              {s.keys.map((k) => (
                <kbd key={k} className="kbd">
                  {k}
                </kbd>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
