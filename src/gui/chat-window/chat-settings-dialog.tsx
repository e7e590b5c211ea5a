import { useState } from 'react';
import type { Chat, ChatOptions } from '../../shared/api';
import { errorText, useUpdateChat } from '../api';
import { Dialog } from '../ui/dialog';

/** "" = the model's or app's default; a bare number = seconds; otherwise a Go duration such as 10m or 1h. */
function keepAliveOrUndefined(value: string): number | string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

function numberOrUndefined(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function OptionInput(props: {
  id: string;
  label: string;
  placeholder: string;
  inputMode?: 'decimal' | 'numeric';
  value: string;
  onChange: (value: string) => void;
  /** A line under the field, for what a short placeholder cannot say. */
  hint?: string;
}) {
  return (
    <div>
      <label htmlFor={props.id} className="mb-1 block font-medium">
        {props.label}
      </label>
      <input
        id={props.id}
        className="field"
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
      {props.hint && (
        <p id={`${props.id}-hint`} className="m-0 mt-1 text-xs text-muted-foreground">
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** The chat's system prompt and the few Ollama options people actually change. */
export function ChatSettingsDialog({ chat, onClose }: { chat: Chat; onClose: () => void }) {
  const update = useUpdateChat();
  const [systemPrompt, setSystemPrompt] = useState(chat.systemPrompt);
  const [temperature, setTemperature] = useState(chat.options.temperature?.toString() ?? '');
  const [numCtx, setNumCtx] = useState(chat.options.num_ctx?.toString() ?? '');
  const [topP, setTopP] = useState(chat.options.top_p?.toString() ?? '');
  const [seed, setSeed] = useState(chat.options.seed?.toString() ?? '');
  const [keepAlive, setKeepAlive] = useState(chat.options.keep_alive?.toString() ?? '');
  const [think, setThink] = useState<string>(chat.options.think === undefined ? 'default' : String(chat.options.think));

  const save = () => {
    const options: ChatOptions = { ...chat.options };
    const set = <K extends keyof ChatOptions>(key: K, value: ChatOptions[K] | undefined) => {
      if (value === undefined) delete options[key];
      else options[key] = value;
    };
    set('temperature', numberOrUndefined(temperature));
    set('num_ctx', numberOrUndefined(numCtx));
    set('top_p', numberOrUndefined(topP));
    set('seed', numberOrUndefined(seed));
    set('keep_alive', keepAliveOrUndefined(keepAlive));
    set(
      'think',
      think === 'default' ? undefined : think === 'true' ? true : think === 'false' ? false : (think as 'low'),
    );
    update.mutate({ id: chat.id, body: { systemPrompt, options } }, { onSuccess: onClose });
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
            className="field min-h-28 font-mono"
            value={systemPrompt}
            placeholder="e.g. You are a concise assistant. Answer in English."
            onChange={(e) => setSystemPrompt(e.target.value)}
            data-autofocus
          />
        </div>
        <div className="grid grid-cols-2 gap-3">
          <OptionInput
            id="opt-temperature"
            label="Temperature"
            inputMode="decimal"
            placeholder="model default"
            value={temperature}
            onChange={setTemperature}
          />
          <OptionInput
            id="opt-top-p"
            label="Top P"
            inputMode="decimal"
            placeholder="model default"
            value={topP}
            onChange={setTopP}
          />
          <OptionInput
            id="opt-num-ctx"
            label="Context length (tokens)"
            inputMode="numeric"
            placeholder="model default"
            value={numCtx}
            onChange={setNumCtx}
          />
          <OptionInput
            id="opt-seed"
            label="Seed"
            inputMode="numeric"
            placeholder="random"
            value={seed}
            onChange={setSeed}
          />
          <OptionInput
            id="opt-keep-alive"
            label="Keep model loaded for"
            placeholder="default"
            hint="e.g. 10m or 1h; -1 keeps it loaded, 0 unloads at once."
            value={keepAlive}
            onChange={setKeepAlive}
          />
          <div>
            <label htmlFor="opt-think" className="mb-1 block font-medium">
              Thinking (reasoning models)
            </label>
            <select id="opt-think" className="field" value={think} onChange={(e) => setThink(e.target.value)}>
              <option value="default">Model default</option>
              <option value="true">On</option>
              <option value="false">Off</option>
              <option value="low">Low</option>
              <option value="medium">Medium</option>
              <option value="high">High</option>
            </select>
          </div>
        </div>
        {update.isError && (
          <p className="text-danger" role="alert">
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
