import { useState } from 'react';
import type { Chat } from '../../shared/api';
import { errorText, useUpdateChat } from '../api';
import { fromDraft, invalidParameter, ParameterFields, toDraft } from '../presets/parameter-fields';
import { Dialog } from '../ui/dialog';

/** The chat's system prompt and its generation parameters (each with its range and what it does). */
export function ChatSettingsDialog({ chat, onClose }: { chat: Chat; onClose: () => void }) {
  const update = useUpdateChat();
  const [systemPrompt, setSystemPrompt] = useState(chat.systemPrompt);
  const [draft, setDraft] = useState(() => toDraft(chat.options));

  const save = () => {
    update.mutate({ id: chat.id, body: { systemPrompt, options: fromDraft(draft) } }, { onSuccess: onClose });
  };

  return (
    <Dialog title="Chat settings" onClose={onClose} testId="chat-settings">
      <form
        className="space-y-4 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div>
          <label htmlFor="system-prompt" className="mb-1 block font-medium">
            System prompt
          </label>
          <textarea
            id="system-prompt"
            className="field min-h-28"
            value={systemPrompt}
            placeholder="e.g. You are a concise assistant. Answer in English."
            onChange={(e) => setSystemPrompt(e.target.value)}
            data-autofocus
          />
        </div>
        <ParameterFields
          idPrefix="opt"
          draft={draft}
          invalid={update.isError ? invalidParameter(update.error) : null}
          onChange={setDraft}
        />
        {update.isError && (
          <p className="text-danger" role="alert" data-testid="chat-settings-error">
            {errorText(update.error)}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
