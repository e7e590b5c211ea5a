import { errorText } from '../api';
import { CodeText } from '../ui/code-text';
import { ConfirmDialog } from '../ui/dialog';
import { onLinkClick } from '../ui/router';
import { formatBytes } from './format';
import { useModelUsage } from './model-queries';

function UsageText({ name }: { name: string }) {
  const usage = useModelUsage(name);
  if (usage.isPending) {
    return <p className="m-0 mt-2 text-muted-foreground">Checking which chats use it…</p>;
  }
  if (usage.isError) {
    return (
      <p className="m-0 mt-2 text-muted-foreground">
        <CodeText text={`Couldn't check which chats use it (${errorText(usage.error)})`} />
      </p>
    );
  }
  const chats = usage.data.chats;
  if (chats.length === 0) return <p className="m-0 mt-2 text-muted-foreground">No chat uses it.</p>;
  const shown = chats.slice(0, 8);
  return (
    <div className="mt-2" data-testid="delete-usage">
      <p className="m-0">
        {chats.length === 1 ? '1 chat uses it' : `${chats.length} chats use it`}; they keep their history, but need
        another model to continue:
      </p>
      <ul className="m-0 mt-1 list-disc pl-5">
        {shown.map((c) => (
          <li key={c.id}>
            <a
              href={`/c/${encodeURIComponent(c.id)}`}
              className="text-accent hover:underline"
              onClick={(e) => onLinkClick(e, { name: 'chat', chatId: c.id })}
            >
              {c.title || 'Untitled chat'}
            </a>
          </li>
        ))}
      </ul>
      {chats.length > shown.length && (
        <p className="m-0 mt-1 text-muted-foreground">and {chats.length - shown.length} more.</p>
      )}
    </div>
  );
}

/** "Delete llama3.2?" naming the chats that use it (from /usage). */
export function DeleteModelDialog({
  name,
  size,
  onConfirm,
  onCancel,
}: {
  name: string;
  size: number | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      title={`Delete ${name}?`}
      danger
      confirmLabel="Delete model"
      onConfirm={onConfirm}
      onCancel={onCancel}
      body={
        <>
          <p className="m-0">
            This removes the model from Ollama{size ? ` and frees ${formatBytes(size)} of disk space` : ''}. You can
            pull it again later.
          </p>
          <UsageText name={name} />
        </>
      }
    />
  );
}
