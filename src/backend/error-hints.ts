/**
 * The one wording table of the server's errors (DESIGN §6): for every error code, the next step the
 * user can take. Messages say what happened; hints say what to do, and never repeat the message.
 * The GUI shows both as they arrive and words only its own client-side failures.
 */

import { ERROR_CODES, type ErrorCode } from '../shared/error-codes';
import type { ErrorHint, ErrorInfo } from '../shared/error-info';
import { ALLOWED_IMAGE_MIME } from '../shared/limits';

/** What a hint may name. Everything is optional: a hint without context is still a complete sentence. */
export interface HintContext {
  /** The Ollama host as shown to the user (no password). */
  host?: string;
  /** The model the request was about. */
  model?: string;
  /** The limit that was hit, already formatted (e.g. "100", "10 MB"). */
  limit?: string | number;
  /** The environment variable or setting that controls what failed (e.g. FIRST_TOKEN_TIMEOUT_MS). */
  setting?: string;
}

const IMAGE_TYPES = ALLOWED_IMAGE_MIME.map((m) => m.replace('image/', '').toUpperCase()).join(', ');

export const ERROR_HINTS: { readonly [C in ErrorCode]: (ctx: HintContext) => ErrorHint } = {
  validation_error: ({ setting }) =>
    setting
      ? { text: `Change ${setting} in Settings and save again.`, action: 'open_settings' }
      : { text: 'Correct the input and send it again.' },
  not_found: () => ({ text: 'Reload to see what exists now.', action: 'reload' }),
  conflict: () => ({ text: 'Reload to see the current state, then try again.', action: 'reload' }),
  queue_full: () => ({ text: 'Wait for an answer to finish, or cancel one, then send again.', action: 'retry' }),
  payload_too_large: ({ limit }) => ({
    text: limit === undefined ? 'Send something smaller.' : `Send something smaller (up to ${limit}).`,
  }),
  unsupported_media_type: () => ({
    text: `Attach a text file (UTF-8: code, Markdown, CSV, JSON, logs), a PDF with text, or an image (${IMAGE_TYPES}).`,
  }),
  forbidden: () => ({ text: 'Open the app from the address the server printed when it started.', action: 'reload' }),
  unauthorized: () => ({
    text: 'Open the app once as /?token=YOUR_TOKEN, with the AUTH_TOKEN the server was started with.',
  }),
  internal: () => ({ text: 'Try again; if it happens again, the server log says what went wrong.', action: 'retry' }),
  model_not_found: ({ model }) =>
    model
      ? { text: 'Pull the model, or switch to another one.', command: `ollama pull ${model}`, action: 'pull_model' }
      : { text: 'Pull the model on the Models page, or switch to another one.', action: 'pull_model' },
  model_incapable: () => ({
    text: 'Pick a model that can do this, or leave out what it cannot handle.',
    action: 'switch_model',
  }),
  ollama_rejected: () => ({ text: 'Check the Ollama server log for the reason, then try again.', action: 'retry' }),
  ollama_stream_error: () => ({ text: 'Try again; the Ollama server log has the reason.', action: 'retry' }),
  ollama_bad_response: () => ({ text: 'Check that OLLAMA_HOST points at an Ollama server of a recent version.' }),
  ollama_busy: () => ({ text: 'Wait a moment, then try again.', action: 'retry' }),
  // The message already names the host; the hint only says what to do.
  ollama_unreachable: () => ({
    text: 'Start Ollama, or point OLLAMA_HOST at where it runs, then try again.',
    command: 'ollama serve',
    action: 'retry',
  }),
  ollama_timeout: ({ setting, limit }) =>
    setting
      ? {
          text: `Try again, or raise ${setting}${limit === undefined ? '' : ` (now ${limit})`} if Ollama needs longer.`,
          action: 'retry',
        }
      : { text: 'Try again; if it keeps happening, restart Ollama.', action: 'retry' },
  ollama_dropped: () => ({ text: 'Try again; if it keeps happening, check the Ollama server log.', action: 'retry' }),
  interrupted: () => ({ text: 'Continue the answer from where it stopped, or regenerate it.', action: 'continue' }),
  import_invalid_json: () => ({
    text: 'Nothing was imported. Export the file again from its app, or repair it at the place named, then import it again.',
  }),
  import_unknown_format: () => ({
    text: 'Nothing was imported. Import an export of ChatGPT (conversations.json or its zip), Open WebUI, Hollama, this app (JSON), or a Markdown transcript.',
  }),
  import_unsupported_version: () => ({
    text: 'Nothing was imported. Update this app, or export the file again from a version this app can read.',
  }),
  import_refused: () => ({ text: 'Nothing was imported. Import the export file itself, not this one.' }),
  import_invalid_zip: () => ({
    text: 'Nothing was imported. Download the archive again (it may be incomplete), or import conversations.json from it.',
  }),
  import_too_large: ({ limit }) => ({
    text:
      limit === undefined
        ? 'Nothing was imported. Split the export, or raise IMPORT_MAX_BYTES and restart the server.'
        : `Nothing was imported. Split the export, or raise IMPORT_MAX_BYTES (now ${limit}) and restart the server.`,
  }),
  import_invalid_chat: () => ({
    text: 'Nothing was imported. Remove or repair the conversation named, then import the file again.',
  }),
  image_generation_unsupported: () => ({
    text: `Run Ollama ${OLLAMA_IMAGE_VERSIONS} for this model, or set IMAGE_SERVER_URL to an OpenAI-compatible image server (LocalAI, stable-diffusion.cpp's server, a ComfyUI or SD WebUI adapter) and pick one of its models.`,
    action: 'switch_model',
  }),
  image_server_not_configured: () => ({
    text: 'Set IMAGE_SERVER_URL (or the image server URL in Settings) to the server, then pick the model again.',
    action: 'open_settings',
  }),
  image_server_unreachable: () => ({
    text: 'Start the image server, or correct IMAGE_SERVER_URL (or the URL in Settings), then try again.',
    action: 'retry',
  }),
  image_server_unauthorized: () => ({
    text: 'Set IMAGE_SERVER_API_KEY to a key the image server accepts and restart this app.',
  }),
  image_server_not_found: () => ({
    text: "Check that IMAGE_SERVER_URL is the server's base address (without /v1) and that it serves this model.",
    action: 'switch_model',
  }),
  image_server_error: () => ({
    text: "Try again; if it keeps failing, the image server's log has the reason.",
    action: 'retry',
  }),
  image_refused: () => ({ text: 'Reword the prompt and send it again.' }),
  image_timeout: ({ setting, limit }) => ({
    text: `Try again with fewer steps or a smaller size, or raise ${setting ?? 'IMAGE_TIMEOUT_MS'}${limit === undefined ? '' : ` (now ${limit})`}.`,
    action: 'retry',
  }),
  image_bad_response: () => ({
    text: 'Check that IMAGE_SERVER_URL points at an OpenAI-compatible image server that answers with b64_json.',
  }),
};

/** The Ollama releases that could make images through /api/generate (ollama-api.md, /api/generate). */
export const OLLAMA_IMAGE_VERSIONS = '0.14.3 to 0.32.x';

/** Image generation's messages: what happened, with the specifics. Hints are in ERROR_HINTS. */
export const IMAGE_ERROR_MESSAGES = {
  ollamaUnsupported: (model: string, version: string | null) =>
    `${model} is an image-generation model, and ${version ? `Ollama ${version}` : 'this Ollama'} can no longer run image models: only Ollama ${OLLAMA_IMAGE_VERSIONS} could.`,
  notConfigured: (model: string) => `${model} is not an Ollama model and no image server is configured.`,
  unreachable: (url: string, why?: string) => `Can't reach the image server at ${url}${why ? ` (${why})` : ''}.`,
  unauthorized: (url: string, status: number) =>
    `The image server at ${url} refused the request (${status}): the API key is missing or wrong.`,
  notFound: (url: string, model: string, detail?: string) =>
    `The image server at ${url} has no such endpoint or model '${model}'${detail ? `: ${detail}` : ''}.`,
  serverError: (url: string, status: number, detail?: string) =>
    `The image server at ${url} failed (${status})${detail ? `: ${detail}` : ''}.`,
  refused: (detail: string) => `The image server refused this prompt: ${detail}`,
  timeout: (url: string, seconds: number) => `The image server at ${url} sent no image within ${seconds} s.`,
  badResponse: (url: string, what: string) =>
    `The image server at ${url} sent an answer without a usable image (${what}).`,
  ollamaNoImage: (model: string) => `Ollama finished the answer of ${model} without an image.`,
  embeddingNoChat: (model: string) => `${model} is an embedding model and can't chat.`,
} as const;

/** Messages worded in several places are worded here once. */
export const ERROR_MESSAGES = {
  ollamaUnreachable: (host: string, why?: string) => `Can't reach Ollama at ${host}${why ? ` (${why})` : ''}.`,
  internal: 'Something went wrong on the server.',
  interrupted: 'The server stopped before this answer was finished.',
} as const;

function isKnownCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_HINTS, code);
}

export function hintFor(code: string, ctx: HintContext = {}): ErrorHint {
  return isKnownCode(code) ? ERROR_HINTS[code](ctx) : ERROR_HINTS[ERROR_CODES.internal](ctx);
}

function contextOf(details: unknown): HintContext {
  if (typeof details !== 'object' || details === null) return {};
  const { host, model } = details as { host?: unknown; model?: unknown };
  return {
    ...(typeof host === 'string' ? { host } : {}),
    ...(typeof model === 'string' ? { model } : {}),
  };
}

/**
 * An error as stored or received, with a hint: errors stored by older versions had none, so one is
 * worded now from the code and what is known (e.g. the answer's model). Used by the row mapping.
 */
export function withHint(info: ErrorInfo, ctx: HintContext = {}): ErrorInfo {
  if (info.hint) return info;
  return { ...info, hint: hintFor(info.code, { ...contextOf(info.details), ...ctx }) };
}

/** Fork, edit and delete in the message tree (issue 11). */
export const TREE_ERRORS = {
  editNotAnswer: 'Only an assistant answer can be edited.',
  editUnchanged: 'The edited answer is the same as the original.',
  editRunning: {
    message: 'This answer is still being generated.',
    hint: 'Stop it or wait for it to finish, then edit it.',
  },
  deleteRunning: {
    message: 'An answer in this part of the chat is still being generated.',
    hint: 'Stop the answer, then delete again.',
  },
} as const;
const mb = (bytes: number) =>
  `${Number.isInteger(bytes / 1048576) ? bytes / 1048576 : (bytes / 1048576).toFixed(1)} MB`;

/** Attachment refusals (issue 9 §1): each names the file and the rule it broke. */
export const ATTACHMENT_MESSAGES = {
  notAFile: (name: string) =>
    `'${name}' can't be attached: it is neither text (UTF-8), a PDF nor a ${IMAGE_TYPES} image.`,
  notTheImageClaimed: (name: string, claimed: string) =>
    `'${name}' claims to be ${claimed} but its bytes are not a ${IMAGE_TYPES} image.`,
  fileTooLarge: (name: string, size: number, limit: number) =>
    `'${name}' is ${mb(size)}; the limit is ${mb(limit)} per file.`,
  filesTooLarge: (total: number, limit: number) =>
    `The files of this message add up to ${mb(total)}; the limit is ${mb(limit)} per message.`,
  tooManyFiles: (limit: number) => `At most ${limit} files can be attached to one message.`,
  limit: {
    perFile: (limit: number) => `${mb(limit)} per file`,
    perMessage: (limit: number) => `${mb(limit)} per message`,
  },
  pdfUnreadable: (name: string) => `'${name}' looks like a PDF but could not be read (damaged or encrypted).`,
  pdfTooManyPages: (name: string, pages: number, limit: number) =>
    `'${name}' has ${pages} pages; the limit is ${limit} pages per PDF.`,
  pdfWithoutText: (name: string, pages: number) =>
    `'${name}' has no text to read on its ${pages} page${pages === 1 ? '' : 's'} (a scan or pictures only), so the model would get nothing from it.`,
} as const;

/** Hints for refusals whose generic hint (by code) would point the wrong way. */
export const ATTACHMENT_HINTS = {
  pdfWithoutText: {
    text: 'Run it through text recognition (OCR) and attach the result, or attach the pages as images for a vision model.',
  },
  pdfUnreadable: { text: 'Save it again without a password (print to PDF), or attach its text as a file.' },
  pdfTooManyPages: { text: 'Attach only the pages you need (split the PDF).' },
} as const satisfies Record<string, ErrorHint>;
