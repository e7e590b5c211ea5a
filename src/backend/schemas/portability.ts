/** Queries of the export and import routes (issue #9). */
import * as z from 'zod';

export const EXPORT_FORMATS = ['json', 'md'] as const;

export const ExportQuerySchema = z.object({ format: z.enum(EXPORT_FORMATS).default('json') });

/** The upload's file name for a raw-body import (`?name=conversations.json`); multipart carries its own. */
export const ImportQuerySchema = z.object({ name: z.string().trim().min(1).max(255).optional() });
