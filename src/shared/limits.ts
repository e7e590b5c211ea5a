/**
 * Limits of the wire contract, shared by the server's schemas and the GUI's inputs.
 * Kept free of zod so the GUI's first load stays small.
 */
export const MAX_MESSAGE_CHARS = 200_000;
/** Files one message may carry. */
export const MAX_ATTACHMENTS = 8;
/** Decoded bytes of one attached file (image, text or PDF). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Decoded bytes of all files of one message (their base64 fits well inside MAX_BODY_BYTES' default). */
export const MAX_MESSAGE_ATTACHMENT_BYTES = 25 * 1024 * 1024;
/** Pages of a PDF the server extracts text from; a longer one is refused. */
export const MAX_PDF_PAGES = 500;
export const ALLOWED_IMAGE_MIME = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export const MAX_ATTACHMENT_NAME_CHARS = 255;

export const MAX_TITLE_CHARS = 200;
export const MAX_SYSTEM_PROMPT_CHARS = 50_000;
/** Longest search text and list cursor the chat list accepts. */
export const MAX_QUERY_CHARS = 200;
export const CHAT_LIST_LIMIT = { min: 1, max: 500, default: 100 } as const;
/** Hours between scheduled model update checks. */
export const AUTO_UPDATE_INTERVAL_HOURS = { min: 1, max: 24 * 30, default: 24 } as const;

/** Longest id (chat, message, job) a request may name. */
export const MAX_ID_CHARS = 100;
/**
 * Messages of a branch the GUI loads at a time (`GET /api/chats/:id/messages?limit=`): a chat opens with its newest
 * ones and loads the older ones a page at a time as the reader scrolls up. `max` bounds one request.
 */
export const MESSAGE_PAGE = { min: 1, max: 5_000, default: 500 } as const;
/** Characters of the oldest unloaded turn's first line the messages response carries (`OlderMessages.firstText`). */
export const OLDER_PREVIEW_CHARS = 80;
/** Points `GET /api/models/:name/metrics?limit=` returns. */
export const METRICS_POINTS_LIMIT = { min: 1, max: 5_000, default: 500 } as const;
