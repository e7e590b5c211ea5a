import { useEffect, useRef } from 'react';
import type { ModelBackend } from '../../shared/image-api';
import { api } from '../api';

/** Only Ollama's models are loaded ahead: an image server keeps its own models warm (no backend = Ollama). */
export function preloadsInOllama(backend: ModelBackend | undefined): boolean {
  return backend === undefined || backend === 'ollama';
}

/**
 * With "preload on open" on, opening a chat asks Ollama to load its model, so the first answer does
 * not pay the load time. Once per opening of a chat (coming back to it later is a new opening).
 * `backend` is the model's, from the model list: models of another backend are not preloaded.
 */
export function usePreloadOnOpen(
  chatId: string | null,
  model: string | null,
  enabled: boolean,
  backend?: ModelBackend,
): void {
  const doneFor = useRef<string | null>(null);
  useEffect(() => {
    if (!chatId) {
      doneFor.current = null;
      return;
    }
    if (!enabled || !model || doneFor.current === chatId) return;
    doneFor.current = chatId;
    if (!preloadsInOllama(backend)) return;
    api.loadModel(model).catch(() => {
      // A preload is a hint: if it fails, the first answer loads the model as usual.
    });
  }, [chatId, model, enabled, backend]);
}
