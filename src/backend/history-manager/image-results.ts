/**
 * Image answers: their pictures become attachments of the assistant message (bytes in the blob
 * store by sha256, served by GET /api/blobs/:sha256) and their record a row of image_generations,
 * both in one transaction; plus the per-model image metrics.
 */
import { type Kysely, sql } from 'kysely';
import type { ImageGenerationRecord, ImageMetricsSummary } from '../../shared/image-api';
import type { Logger } from '../../utils/logger';
import { NotFoundError } from '../errors';
import type { AttachmentBlobs } from './attachment-blobs';
import type { StoredBlob } from './blob-store';
import type { NewAttachment } from './message-chain';
import type { Database } from './schema';

export class ImageResultRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly blobs: AttachmentBlobs,
    private readonly newId: () => string,
    private readonly logger: Logger,
  ) {}

  /** Stores `images` as attachments of `messageId` and the record beside them. NotFoundError when the message is gone. */
  async save(messageId: string, images: NewAttachment[], record: ImageGenerationRecord): Promise<void> {
    await this.blobs.withLock(async () => {
      const created: string[] = [];
      try {
        const stored: { image: NewAttachment; blob: StoredBlob }[] = [];
        for (const image of images) {
          const blob = await this.blobs.store.put(image.data);
          if (blob.created) created.push(blob.sha256);
          stored.push({ image, blob });
        }
        await this.db.transaction().execute(async (trx) => {
          const message = await trx.selectFrom('messages').select('id').where('id', '=', messageId).executeTakeFirst();
          if (!message) throw new NotFoundError('Message', messageId);
          if (stored.length > 0) {
            await trx
              .insertInto('attachments')
              .values(
                stored.map(({ image, blob }) => ({
                  id: this.newId(),
                  message_id: messageId,
                  kind: image.kind,
                  name: image.name,
                  mime: image.mime,
                  size: blob.size,
                  sha256: blob.sha256,
                  text: null,
                  blob_path: blob.blobPath,
                })),
              )
              .execute();
          }
          await trx
            .insertInto('image_generations')
            .values({
              message_id: messageId,
              model: record.model,
              backend: record.backend,
              record_json: JSON.stringify(record),
              images: record.images,
              seconds_per_image: record.secondsPerImage,
              steps_per_second: record.stepsPerSecond,
              finished_at: new Date().toISOString(),
            })
            .onConflict((oc) =>
              oc.column('message_id').doUpdateSet((eb) => ({
                record_json: eb.ref('excluded.record_json'),
                images: eb.ref('excluded.images'),
                seconds_per_image: eb.ref('excluded.seconds_per_image'),
                steps_per_second: eb.ref('excluded.steps_per_second'),
                finished_at: eb.ref('excluded.finished_at'),
              })),
            )
            .execute();
        });
      } catch (err) {
        await this.blobs
          .removeUnreferenced(created)
          .catch((cleanupErr: unknown) => this.logger.warn({ err: cleanupErr }, 'could not clean up image blobs'));
        throw err;
      }
    });
  }

  /** The backend of this model's latest image answer, or null when it never made one here. */
  async lastBackend(model: string): Promise<ImageGenerationRecord['backend'] | null> {
    const row = await this.db
      .selectFrom('image_generations')
      .select('backend')
      .where(sql<boolean>`lower(model) = lower(${model})`)
      .orderBy('finished_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.backend === 'ollama' || row?.backend === 'image-server' ? row.backend : null;
  }

  /** Seconds per image and steps/s of a model's image answers (medians over the latest `limit`). */
  async metrics(model: string, limit = 500): Promise<ImageMetricsSummary> {
    const rows = await this.db
      .selectFrom('image_generations')
      .select(['images', 'seconds_per_image', 'steps_per_second'])
      .where(sql<boolean>`lower(model) = lower(${model})`)
      .orderBy('finished_at', 'desc')
      .limit(limit)
      .execute();
    return {
      model,
      answers: rows.length,
      images: rows.reduce((n, r) => n + r.images, 0),
      secondsPerImageMedian: median(rows.map((r) => r.seconds_per_image)),
      stepsPerSecondMedian: median(rows.map((r) => r.steps_per_second)),
    };
  }
}

function median(values: (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  const m = xs.length % 2 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
  return Math.round(m * 100) / 100;
}
