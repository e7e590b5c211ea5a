/**
 * The one streaming helper of chat and pull. The official client sends the request (URL, headers,
 * JSON body, non-2xx → its ResponseError); the response body is read here, each NDJSON line parsed
 * exactly once.
 *
 * Why our own line reader: ollama-js's parser console.warns and skips a malformed line and turns an
 * `{"error": …}` line into a plain Error whose only trace is its text, so a corrupt stream looked
 * merely short and failures had to be recognised by comparing messages. Checking lines before
 * ollama-js parsed them meant parsing every line twice. So the capturing fetch below keeps the real
 * body for this reader and hands ollama-js an empty one it never gets to iterate, and every way a
 * stream can fail is a typed error the classifier tells apart with `instanceof`.
 */
import { Ollama } from 'ollama/browser';
import type { AppError } from '../errors';
import type { FetchFn } from './fetch-wrappers';
import { jsonErrorResponse } from './fetch-wrappers';

/** An `{"error": …}` line: Ollama failed after the 200 had been sent. */
export class StreamErrorLine extends Error {
  constructor(readonly ollamaMessage: string) {
    super(ollamaMessage);
    this.name = 'StreamErrorLine';
  }
}

/** A line that is not a JSON object (or longer than any chunk can be). */
export class MalformedLine extends Error {
  constructor(readonly sample: string) {
    super('malformed NDJSON line');
    this.name = 'MalformedLine';
  }
}

/** The body ended before the line that finishes the stream (`done` / `success`). */
export class StreamEndedEarly extends Error {
  constructor() {
    super('the stream ended before its last line');
    this.name = 'StreamEndedEarly';
  }
}

/** A 2xx answer without a body. */
export class MissingBody extends Error {
  constructor() {
    super('the response has no body');
    this.name = 'MissingBody';
  }
}

export type NdjsonLine = Record<string, unknown>;

/** Go's client reads lines with an 8 MiB limit; anything longer is not a chunk. */
const MAX_LINE_CHARS = 8 * 1024 * 1024;

export function parseLine(line: string): NdjsonLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new MalformedLine(line.slice(0, 200));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new MalformedLine(line.slice(0, 200));
  const error = (parsed as { error?: unknown }).error;
  if (error !== undefined) throw new StreamErrorLine(typeof error === 'string' ? error : JSON.stringify(error));
  return parsed as NdjsonLine;
}

/**
 * The lines of an NDJSON body, each parsed once; blank lines skipped. One TextDecoder for the whole
 * stream, so a multibyte character split across reads stays whole. Yields the complete lines of each
 * read together: a fast model's 64 KB read holds hundreds of lines, and one hop through the chain of
 * async generators per read instead of per line is most of what relaying a token costs (issue 12).
 */
export async function* readNdjsonBatches(
  body: ReadableStream<Uint8Array>,
  parse: (line: string) => NdjsonLine = parseLine,
): AsyncGenerator<NdjsonLine[], void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const end = done ? buffer.length : buffer.lastIndexOf('\n');
      if (end === -1) {
        if (buffer.length > MAX_LINE_CHARS) throw new MalformedLine(buffer.slice(0, 200));
        continue;
      }
      const complete = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      const batch: NdjsonLine[] = [];
      let start = 0;
      while (start <= complete.length) {
        let stop = complete.indexOf('\n', start);
        if (stop === -1) stop = complete.length;
        const line = complete.slice(start, stop);
        if (line.trim() !== '') {
          let parsed: NdjsonLine;
          try {
            parsed = parse(line);
          } catch (err) {
            // The lines before a bad one still reach the consumer, as they would one by one.
            if (batch.length > 0) yield batch;
            throw err;
          }
          batch.push(parsed);
        }
        start = stop + 1;
      }
      if (batch.length > 0) yield batch;
      if (done) return;
    }
  } finally {
    // Ends the body if the consumer stopped early (after `done`, or on abort).
    await reader.cancel().catch(() => undefined);
  }
}

export interface OllamaStreamOptions {
  host: string;
  baseFetch: FetchFn;
  /** Aborts the request and the body at any stage. */
  signal: AbortSignal;
  /** Sends the streaming request through the official client, e.g. `(o) => o.chat({ …, stream: true })`. */
  send: (ollama: Ollama) => Promise<unknown>;
  /** True for the line that ends the stream. */
  isLast: (line: NdjsonLine) => boolean;
  /** Parses one line (default: JSON.parse, an `{"error"}` line thrown); chat streams add a fast path. */
  parse?: (line: string) => NdjsonLine;
  /** Turns a failure into an AppError; `stream` once the response headers had arrived. */
  classify: (err: unknown, phase: 'request' | 'stream') => AppError;
}

export async function* ollamaStream(opts: OllamaStreamOptions): AsyncGenerator<NdjsonLine, void, undefined> {
  for await (const batch of ollamaStreamBatches(opts)) yield* batch;
}

/** As ollamaStream, the lines of each read together; the batch with the last line ends with it. */
export async function* ollamaStreamBatches(opts: OllamaStreamOptions): AsyncGenerator<NdjsonLine[], void, undefined> {
  let captured: ReadableStream<Uint8Array> | null | undefined;
  const capture: FetchFn = async (input, init) => {
    const signal = init?.signal ? AbortSignal.any([init.signal, opts.signal]) : opts.signal;
    const res = await opts.baseFetch(input, { ...init, signal });
    if (!res.ok) return jsonErrorResponse(res);
    captured = res.body;
    return new Response('', { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  let phase: 'request' | 'stream' = 'request';
  try {
    // A client per stream, so its fetch carries this stream's signal (ollama.abort() would end every stream).
    await opts.send(new Ollama({ host: opts.host, fetch: capture }));
    phase = 'stream';
    if (!captured) throw new MissingBody();
    for await (const batch of readNdjsonBatches(captured, opts.parse)) {
      const last = batch.findIndex(opts.isLast);
      if (last === -1) {
        yield batch;
        continue;
      }
      yield last === batch.length - 1 ? batch : batch.slice(0, last + 1);
      return;
    }
    throw new StreamEndedEarly();
  } catch (err) {
    throw opts.classify(err, phase);
  }
}
