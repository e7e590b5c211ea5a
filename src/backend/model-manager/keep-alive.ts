/** Which keep_alive goes to Ollama: the chat's own, else the model's preference, else the app setting, else Ollama's default. */
import type { HistoryStore } from '../history-manager';

export type KeepAlive = number | string;

/** The keep_alive for `model` when the request itself sets none; undefined = let Ollama decide (5m). */
export async function defaultKeepAlive(history: HistoryStore, model: string): Promise<KeepAlive | undefined> {
  const [prefs, settings] = await Promise.all([history.getModelPreferences(model), history.getSettings()]);
  return prefs.keepAlive ?? settings.keepAlive ?? undefined;
}
