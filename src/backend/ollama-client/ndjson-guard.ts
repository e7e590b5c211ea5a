/**
 * Checks a streamed NDJSON body line by line before ollama-js sees it. ollama-js's parseJSON only
 * console.warns and skips a malformed line, so a corrupt stream would otherwise look merely short.
 */

/** What the guard saw in one stream, read by the error classifier. */
export interface NdjsonStreamState {
  /** The `error` of a `{"error": …}` line (Ollama's mid-stream failure), if one arrived. */
  errorLine: string | null;
  malformedLine: string | null;
}

/** Go's client reads lines with an 8 MiB limit; anything longer is not a chunk. */
const MAX_LINE_CHARS = 8 * 1024 * 1024;

/** Records an error line; false for a line that is not a JSON object. */
function inspectLine(line: string, state: NdjsonStreamState): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const error = (parsed as { error?: unknown }).error;
  if (error !== undefined) state.errorLine = typeof error === 'string' ? error : JSON.stringify(error);
  return true;
}

/**
 * Passes only complete, valid lines on (re-encoded, blank lines dropped). At the first bad line it
 * records it in `state` and ends the stream after the good lines before it, so ollama-js yields
 * those and then fails for lack of a `done`; the classifier reads `state` to name the real cause.
 * One TextDecoder for the whole stream, so a multibyte character split across reads stays whole.
 */
export function guardNdjsonBody(
  body: ReadableStream<Uint8Array>,
  state: NdjsonStreamState,
): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder('utf-8');
  const encoder = new TextEncoder();
  let buffer = '';

  const passLines = (text: string, controller: TransformStreamDefaultController<Uint8Array>): void => {
    let out = '';
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      if (!inspectLine(line, state)) {
        state.malformedLine = line;
        break;
      }
      out += `${line}\n`;
    }
    if (out !== '') controller.enqueue(encoder.encode(out));
    if (state.malformedLine !== null) controller.terminate();
  };

  const guard = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      buffer += decoder.decode(chunk, { stream: true });
      const end = buffer.lastIndexOf('\n');
      if (end === -1) {
        if (buffer.length > MAX_LINE_CHARS) {
          state.malformedLine = buffer.slice(0, 200);
          controller.terminate();
        }
        return;
      }
      const complete = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      passLines(complete, controller);
    },
    flush(controller) {
      buffer += decoder.decode();
      passLines(buffer, controller);
      buffer = '';
    },
  });
  return body.pipeThrough(guard);
}
