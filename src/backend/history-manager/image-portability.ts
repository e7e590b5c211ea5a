/**
 * The image-generation record in export and import: exported as `imageGeneration` on the assistant
 * message (its pictures travel as ordinary attachments), written back to image_generations on import.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ImageGenerationRecord } from '../../shared/image-api';
import type { PortableMessage } from './portability';
import type { Database } from './schema';

/** Records of a chat's image answers by message id. */
export async function imageRecordsOfChat(db: Kysely<Database>, chatId: string): Promise<Map<string, unknown>> {
  const rows = await db
    .selectFrom('image_generations as g')
    .innerJoin('messages as m', 'm.id', 'g.message_id')
    .where('m.chat_id', '=', chatId)
    .select(['g.message_id', 'g.record_json'])
    .execute();
  return new Map(rows.map((r) => [r.message_id, JSON.parse(r.record_json) as unknown]));
}

export function withImageRecord(message: PortableMessage, record: unknown): PortableMessage {
  return record === undefined ? message : { ...message, imageGeneration: record as Record<string, unknown> };
}

/** A record read from a file: kept only when it has the fields the app reads (anything else is dropped). */
function validRecord(raw: Record<string, unknown> | null | undefined): ImageGenerationRecord | null {
  if (!raw) return null;
  const { backend, model, seed } = raw;
  if ((backend !== 'ollama' && backend !== 'image-server') || typeof model !== 'string' || typeof seed !== 'number') {
    return null;
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const params = typeof raw.parameters === 'object' && raw.parameters !== null ? raw.parameters : {};
  return {
    backend,
    model,
    parameters: params as ImageGenerationRecord['parameters'],
    seed,
    prompt: typeof raw.prompt === 'string' ? raw.prompt : '',
    ...(typeof raw.revisedPrompt === 'string' ? { revisedPrompt: raw.revisedPrompt } : {}),
    startedAt: typeof raw.startedAt === 'string' ? raw.startedAt : '',
    durationMs: num(raw.durationMs) ?? 0,
    images: num(raw.images) ?? 0,
    secondsPerImage: num(raw.secondsPerImage),
    stepsPerSecond: num(raw.stepsPerSecond),
  };
}

/** Inserts the records of imported image answers (`ids` maps source ids to the new message ids). */
export async function writeImportedImageRecords(
  trx: Transaction<Database>,
  messages: readonly PortableMessage[],
  ids: ReadonlyMap<string, string>,
): Promise<void> {
  for (const m of messages) {
    const record = validRecord(m.imageGeneration);
    const id = ids.get(m.sourceId);
    if (!record || !id || m.role !== 'assistant') continue;
    await trx
      .insertInto('image_generations')
      .values({
        message_id: id,
        model: record.model,
        backend: record.backend,
        record_json: JSON.stringify(record),
        images: record.images,
        seconds_per_image: record.secondsPerImage,
        steps_per_second: record.stepsPerSecond,
        finished_at: m.updatedAt,
      })
      .execute();
  }
}
