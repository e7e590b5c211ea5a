/**
 * Presets (named system prompt + model + parameters), the parameters an answer was generated with,
 * and generated titles: the wire contract of `/api/presets` and the settings and events they use.
 */
import type { ChatOptions } from './api';

// Message.params (GenerationParams) and the settings keys (PresetSettings) live in api.ts, which
// cannot import this file back.

export const PRESET_NAME_MAX_CHARS = 80;
/** More would not fit a picker; it keeps one user's mistake (a loop of POSTs) bounded. */
export const MAX_PRESETS = 200;

export interface Preset {
  id: string;
  name: string;
  systemPrompt: string;
  /** null = keep the chat's model when applied. */
  model: string | null;
  options: ChatOptions;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/presets`: by name; `defaultPresetId` is the one new chats start from. */
export interface PresetList {
  presets: Preset[];
  defaultPresetId: string | null;
}

/** `POST /api/presets` */
export interface CreatePresetBody {
  name: string;
  systemPrompt?: string;
  model?: string | null;
  options?: ChatOptions;
}

/** `PATCH /api/presets/:id`: absent = unchanged; `options` replaces the whole set. */
export interface UpdatePresetBody {
  name?: string;
  systemPrompt?: string;
  model?: string | null;
  options?: ChatOptions;
}

/** `PUT /api/presets/default` → PresetList; null = new chats start empty. */
export interface DefaultPresetBody {
  presetId: string | null;
}

/** `POST /api/presets/:id/apply` → the chat: its system prompt, model (if the preset has one) and parameters. */
export interface ApplyPresetBody {
  chatId: string;
}

/** App event (`GET /api/events`) when a chat got a generated title. */
export const CHAT_TITLE_EVENT = 'chat-title';
export interface ChatTitleEvent {
  chatId: string;
  title: string;
  updatedAt: string;
}

export const PRESETS_URL = '/api/presets';
