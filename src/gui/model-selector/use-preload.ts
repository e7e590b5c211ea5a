import { useEffect, useRef } from 'react';
import { api } from '../api';

/**
 * With "preload on open" on, opening a chat asks Ollama to load its model, so the first answer does
 * not pay the load time. Once per opening of a chat (coming back to it later is a new opening).
 */
export function usePreloadOnOpen(chatId: string | null, model: string | null, enabled: boolean): void {
  const doneFor = useRef<string | null>(null);
  useEffect(() => {
    if (!chatId) {
      doneFor.current = null;
      return;
    }
    if (!enabled || !model || doneFor.current === chatId) return;
    doneFor.current = chatId;
    api.loadModel(model).catch(() => {
      // A preload is a hint: if it fails, the first answer loads the model as usual.
    });
  }, [chatId, model, enabled]);
}
