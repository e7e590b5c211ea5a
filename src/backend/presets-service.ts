/**
 * The presets use cases behind `/api/presets` (part of the AppService facade): the list with the
 * default for new chats, edits, duplicate, and applying a preset to a chat.
 */
import type { CreateChatBody } from '../shared/api';
import type { CreatePresetBody, Preset, PresetList, UpdatePresetBody } from '../shared/presets-api';
import type { ChatRecord, History } from './history-manager';

export class PresetsService {
  constructor(private readonly history: History) {}

  async list(): Promise<PresetList> {
    const [presets, settings] = await Promise.all([this.history.presets.list(), this.history.settings.get()]);
    const id = settings.defaultPresetId ?? null;
    return { presets, defaultPresetId: id && presets.some((p) => p.id === id) ? id : null };
  }

  get(id: string): Promise<Preset> {
    return this.history.presets.get(id);
  }

  create(body: CreatePresetBody): Promise<Preset> {
    return this.history.presets.create(body);
  }

  update(id: string, patch: UpdatePresetBody): Promise<Preset> {
    return this.history.presets.update(id, patch);
  }

  duplicate(id: string): Promise<Preset> {
    return this.history.presets.duplicate(id);
  }

  /** Deleting the default preset leaves new chats without one. */
  async delete(id: string): Promise<void> {
    await this.history.presets.delete(id);
    const settings = await this.history.settings.get();
    if (settings.defaultPresetId === id) await this.history.settings.update({ defaultPresetId: null });
  }

  /** 404 for an unknown preset; null clears the default. */
  async setDefault(presetId: string | null): Promise<PresetList> {
    if (presetId !== null) await this.history.presets.get(presetId);
    await this.history.settings.update({ defaultPresetId: presetId });
    return this.list();
  }

  /** The chat's system prompt and parameters become the preset's, and its model too if the preset names one. */
  async apply(presetId: string, chatId: string): Promise<ChatRecord> {
    const preset = await this.history.presets.get(presetId);
    await this.history.chats.get(chatId);
    return this.history.chats.update(chatId, {
      systemPrompt: preset.systemPrompt,
      options: preset.options,
      ...(preset.model ? { model: preset.model } : {}),
    });
  }

  /** A new chat starts from the default preset; what the request itself sets wins. */
  async newChatFields(body: CreateChatBody): Promise<CreateChatBody> {
    const { defaultPresetId } = await this.list();
    if (!defaultPresetId) return body;
    const preset = await this.history.presets.get(defaultPresetId);
    return {
      ...(body.title !== undefined ? { title: body.title } : {}),
      model: body.model !== undefined ? body.model : preset.model,
      systemPrompt: body.systemPrompt ?? preset.systemPrompt,
      options: body.options ?? preset.options,
    };
  }
}
