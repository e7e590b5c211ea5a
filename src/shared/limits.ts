/** Limits of the wire contract that the GUI needs too. Kept free of zod so the GUI's first load stays small. */
export const MAX_MESSAGE_CHARS = 200_000;
export const MAX_ATTACHMENTS = 8;
/** Decoded bytes of one image attachment. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const ALLOWED_IMAGE_MIME = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
