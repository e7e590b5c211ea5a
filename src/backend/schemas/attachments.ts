import { z } from 'zod';
import { ATTACHMENT_KINDS } from '../../shared/api';
import type { AttachmentInspection } from '../../shared/attachments-api';
import { matches } from './contract-check';

export const AttachmentInspectionSchema = matches<AttachmentInspection>()(
  z.object({
    kind: z.enum(ATTACHMENT_KINDS),
    mime: z.string(),
    size: z.number(),
    tokens: z.number(),
    pages: z.number().optional(),
  }),
);
