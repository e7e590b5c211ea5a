/** Decodes a POST /api/chat body the way Ollama's Go handler does, with Go's 400 messages. */
import type { ChatMessageIn } from './answers';

export interface ChatRequestIn {
  model: string;
  messages: ChatMessageIn[];
  /** Undefined when omitted. */
  think: boolean | 'low' | 'medium' | 'high' | 'max' | undefined;
  stream: boolean;
  /** null when omitted (server default 5m). */
  keepAliveMs: number | null;
  numCtx: number | null;
  toolCount: number;
}

export class BadRequest extends Error {}

const THINK_LEVELS = new Set(['low', 'medium', 'high', 'max']);
const BASE64_CHAR = /[A-Za-z0-9+/=\r\n]/;

function jsonSyntaxMessage(text: string): string {
  const first = text.trimStart()[0];
  if (first !== undefined && !'{["-0123456789tfn'.includes(first)) {
    return `invalid character '${first}' looking for beginning of value`;
  }
  return 'unexpected EOF';
}

function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, enough of it for keep_alive strings ("5m", "1h30m", "-1s", "0"). */
function parseGoDuration(text: string): number {
  if (text === '0') return 0;
  const match = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$/.exec(text);
  if (!match?.[2]) {
    if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) throw new BadRequest(`time: missing unit in duration "${text}"`);
    throw new BadRequest(`time: invalid duration "${text}"`);
  }
  let total = 0;
  for (const part of match[2].matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (UNIT_MS[part[2] ?? 's'] ?? 1000);
  }
  return match[1] === '-' ? -total : total;
}

function checkBase64(image: string): void {
  for (let i = 0; i < image.length; i++) {
    if (!BASE64_CHAR.test(image[i] ?? '')) throw new BadRequest(`illegal base64 data at input byte ${i}`);
  }
}

function decodeMessages(raw: unknown): ChatMessageIn[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    throw new BadRequest(
      `json: cannot unmarshal ${goTypeName(raw)} into Go struct field ChatRequest.messages of type []api.Message`,
    );
  }
  return raw.map((m: unknown) => {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      throw new BadRequest(
        `json: cannot unmarshal ${goTypeName(m)} into Go struct field ChatRequest.messages of type api.Message`,
      );
    }
    const { role, content, images } = m as Record<string, unknown>;
    const images_: string[] = [];
    if (images !== undefined && images !== null) {
      if (!Array.isArray(images))
        throw new BadRequest(
          'json: cannot unmarshal string into Go struct field Message.messages.images of type []api.ImageData',
        );
      for (const image of images) {
        if (typeof image !== 'string')
          throw new BadRequest(
            `json: cannot unmarshal ${goTypeName(image)} into Go struct field Message.messages.images of type api.ImageData`,
          );
        checkBase64(image);
        images_.push(image);
      }
    }
    return {
      role: typeof role === 'string' ? role.toLowerCase() : '',
      content: typeof content === 'string' ? content : '',
      ...(images_.length > 0 ? { images: images_ } : {}),
    };
  });
}

function decodeThink(raw: unknown): ChatRequestIn['think'] {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string' && THINK_LEVELS.has(raw)) return raw as 'low' | 'medium' | 'high' | 'max';
  throw new BadRequest(
    `invalid think value: ${JSON.stringify(raw)} (must be "high", "medium", "low", "max", true, or false)`,
  );
}

function decodeKeepAlive(raw: unknown): number | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number') return raw * 1000;
  if (typeof raw === 'string') return parseGoDuration(raw);
  throw new BadRequest(
    `json: cannot unmarshal ${goTypeName(raw)} into Go struct field ChatRequest.keep_alive of type api.Duration`,
  );
}

export function decodeChatRequest(body: string): ChatRequestIn {
  if (body.trim() === '') throw new BadRequest('missing request body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequest(jsonSyntaxMessage(body));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequest(`json: cannot unmarshal ${goTypeName(parsed)} into Go value of type api.ChatRequest`);
  }
  const raw = parsed as Record<string, unknown>;
  if (raw.model !== undefined && typeof raw.model !== 'string') {
    throw new BadRequest(
      `json: cannot unmarshal ${goTypeName(raw.model)} into Go struct field ChatRequest.model of type string`,
    );
  }
  const options =
    typeof raw.options === 'object' && raw.options !== null ? (raw.options as Record<string, unknown>) : {};
  const request: ChatRequestIn = {
    model: raw.model ?? '',
    messages: decodeMessages(raw.messages),
    think: decodeThink(raw.think),
    stream: raw.stream !== false,
    keepAliveMs: decodeKeepAlive(raw.keep_alive),
    numCtx: typeof options.num_ctx === 'number' ? Math.trunc(options.num_ctx) : null,
    toolCount: Array.isArray(raw.tools) ? raw.tools.length : 0,
  };
  if (request.model === '') throw new BadRequest('model is required');
  return request;
}
