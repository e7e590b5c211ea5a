/**
 * POST /api/pull and DELETE /api/delete as Ollama's handlers answer them: progress NDJSON like the
 * fixture (manifest, one `pulling <12hex>` series per layer, verify, write, success), errors streamed
 * after `pulling manifest`, `stream:false` as one object, and a pull that stops when the client goes.
 */
import type { ServerResponse } from 'node:http';
import type { ModelCatalogue } from './catalogue';
import type { Generation } from './generation';
import type { FakeRegistry, LocalBlobs, RegistryLayer, RegistryModel } from './registry';
import { NDJSON_TYPE, ndjsonLine, sendError, sendJson } from './wire';

export interface PullDeps {
  catalogue: ModelCatalogue;
  registry: FakeRegistry;
  blobs: LocalBlobs;
  /** Time the download of the missing bytes takes in total. */
  durationMs(): number;
  startSession(res: ServerResponse, model: string): Generation;
}

/** Ollama writes a progress line about every 60 ms while downloading; the fake a bit faster. */
const TICK_MS = 40;
export const UNKNOWN_MODEL_ERROR = 'pull model manifest: file does not exist';
export const BROKEN_DOWNLOAD_ERROR = 'max retries exceeded: unexpected EOF';

interface Progress {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

class BadRequest extends Error {}

/** Ollama's model.ParseName, enough of it: host/namespace/model:tag with the allowed characters. */
const VALID_NAME =
  /^(?:[a-zA-Z0-9][a-zA-Z0-9._-]*(?::\d+)?\/)?(?:[a-zA-Z0-9][a-zA-Z0-9._-]*\/){0,2}[a-zA-Z0-9][a-zA-Z0-9._-]*(?::[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127})?$/;

function decodeNamed(body: string): { name: string; stream: boolean } {
  if (body.trim() === '') throw new BadRequest('missing request body');
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new BadRequest('unexpected EOF');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new BadRequest('json: cannot unmarshal into Go value of type api.PullRequest');
  }
  const { model, name, stream } = raw as Record<string, unknown>;
  const given = (typeof model === 'string' && model !== '' ? model : typeof name === 'string' ? name : '').trim();
  return { name: given, stream: stream !== false };
}

const short = (digest: string): string => digest.replace(/^sha256:/, '').slice(0, 12);

/** Writes progress lines (stream) or keeps the last one (stream:false), and ends the response either way. */
class ProgressSink {
  private last: Progress | null = null;

  constructor(
    private readonly res: ServerResponse,
    private readonly session: Generation,
    private readonly stream: boolean,
  ) {
    if (stream) res.writeHead(200, { 'Content-Type': NDJSON_TYPE });
  }

  async send(p: Progress): Promise<boolean> {
    this.last = p;
    if (!this.stream) return this.session.active;
    const ok = await this.session.write(ndjsonLine(p));
    if (ok) this.session.record.chunksSent += 1;
    return ok;
  }

  fail(message: string): void {
    if (!this.session.active) return;
    if (this.stream) this.res.end(ndjsonLine({ error: message }));
    else sendError(this.res, 500, message);
    this.session.end('error-line');
  }

  succeed(): void {
    if (!this.session.active) return;
    if (this.stream) this.res.end();
    else sendJson(this.res, 200, this.last ?? { status: 'success' });
    this.session.end('done');
  }
}

async function download(
  sink: ProgressSink,
  session: Generation,
  entry: RegistryModel,
  deps: PullDeps,
): Promise<'ok' | 'stopped' | 'broken'> {
  const missing = entry.layers.reduce((sum, l) => sum + (l.size - deps.blobs.get(l.digest)), 0);
  const ticks = Math.max(1, Math.round(deps.durationMs() / TICK_MS));
  const perTick = Math.max(1, Math.ceil(missing / ticks));
  const pause = deps.durationMs() === 0 ? 0 : TICK_MS;
  for (const layer of entry.layers) {
    const status = `pulling ${short(layer.digest)}`;
    let have = deps.blobs.get(layer.digest);
    const line = (completed: number): Progress =>
      completed > 0
        ? { status, digest: layer.digest, total: layer.size, completed }
        : { status, digest: layer.digest, total: layer.size };
    if (!(await sink.send(line(have)))) return 'stopped';
    // Ollama fetches layers in parallel: the small ones (template, license, …) land at once.
    const small = layer.size - have < perTick;
    while (have < layer.size) {
      if (pause > 0 && !small && !(await session.sleep(pause))) return 'stopped';
      have = Math.min(layer.size, have + perTick);
      deps.blobs.set(layer.digest, have);
      if (entry.failMidway && have >= layer.size * 0.4) return 'broken';
      if (!(await sink.send(line(have)))) return 'stopped';
    }
  }
  return 'ok';
}

export async function handlePull(body: string, res: ServerResponse, deps: PullDeps): Promise<void> {
  let req: { name: string; stream: boolean };
  try {
    req = decodeNamed(body);
  } catch (err) {
    if (err instanceof BadRequest) return sendError(res, 400, err.message);
    throw err;
  }
  if (!VALID_NAME.test(req.name)) return sendError(res, 400, 'invalid model name');

  const session = deps.startSession(res, req.name);
  const sink = new ProgressSink(res, session, req.stream);
  if (!(await sink.send({ status: 'pulling manifest' }))) return;
  if (deps.durationMs() > 0 && !(await session.sleep(TICK_MS))) return;
  const entry = deps.registry.find(req.name);
  if (!entry) return sink.fail(UNKNOWN_MODEL_ERROR);

  const outcome = await download(sink, session, entry, deps);
  if (outcome === 'stopped') return;
  if (outcome === 'broken') return sink.fail(BROKEN_DOWNLOAD_ERROR);

  if (!(await sink.send({ status: 'verifying sha256 digest' }))) return;
  if (deps.durationMs() > 0 && !(await session.sleep(TICK_MS))) return;
  if (!(await sink.send({ status: 'writing manifest' }))) return;
  const size = entry.layers.reduce((sum, l: RegistryLayer) => sum + l.size, 0);
  deps.catalogue.install({ ...entry.spec, digest: entry.digest, size });
  const unused = deps.blobs.writeManifest(entry.spec.name, entry.layers);
  if (unused.length > 0 && !(await sink.send({ status: 'removing unused layers' }))) return;
  if (!(await sink.send({ status: 'success' }))) return;
  sink.succeed();
}

export async function handleDelete(body: string, res: ServerResponse, deps: PullDeps): Promise<void> {
  let name: string;
  try {
    name = decodeNamed(body).name;
  } catch (err) {
    if (err instanceof BadRequest) return sendError(res, 400, err.message);
    throw err;
  }
  if (!VALID_NAME.test(name)) return sendError(res, 400, `name ${JSON.stringify(name)} is invalid`);
  if (!deps.catalogue.remove(name)) return sendError(res, 404, `model '${name}' not found`);
  deps.blobs.removeManifest(name);
  // gin answers 200 with an empty body when the handler writes nothing.
  res.writeHead(200, { 'Content-Length': 0 });
  res.end();
}
