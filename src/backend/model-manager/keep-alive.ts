/** Which keep_alive goes to Ollama: the chat's own, else the model's preference, else the app setting, else Ollama's default. */
import type { History } from '../history-manager';

export type KeepAlive = number | string;

/** The keep_alive for `model` when the request itself sets none; undefined = let Ollama decide (5m). */
export async function defaultKeepAlive(history: History, model: string): Promise<KeepAlive | undefined> {
  const [prefs, settings] = await Promise.all([history.models.preferences(model), history.settings.get()]);
  return prefs.keepAlive ?? settings.keepAlive ?? undefined;
}
