import { useState } from 'react';
import type { Chat } from '../../shared/api';
import { useUpdateChat } from '../api';
import { AnswerSettingsFields } from '../presets/answer-settings-fields';
import { fromDraft, toDraft } from '../presets/parameter-fields';
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
        <AnswerSettingsFields
          idPrefix="opt"
          systemPrompt={systemPrompt}
          onSystemPrompt={setSystemPrompt}
          placeholder="e.g. You are a concise assistant. Answer in English."
          draft={draft}
          onDraft={setDraft}
          save={update}
          errorTestId="chat-settings-error"
          saveLabel="Save"
          onCancel={onClose}
          autoFocus
        />
      </form>
    </Dialog>
  );
}
