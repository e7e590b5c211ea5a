/**
 * Not a DESIGN §8 row (issue 9 §1): attachments through the real routes of an in-process server.
 * - a 200-page PDF read by `POST /api/attachments/inspect`: the first call (which loads unpdf) and the
 *   median of the next ones, with the longest event-loop stall while they run (extraction awaits every
 *   page, so other requests and streams interleave);
 * - one send with the largest allowed files (25 MB of text as base64 JSON): time to the 202 and the
 *   peak RSS (server and client share the process, so the figure includes both).
 */

import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BackendService } from '../../src/backend/service';
import { MAX_ATTACHMENT_BYTES, MAX_MESSAGE_ATTACHMENT_BYTES } from '../../src/shared/limits';
import { loadConfig } from '../../src/utils/config';
import { createLogger } from '../../src/utils/logger';
import { tinyPdf } from '../../tests/support/tiny-pdf';
import { removeTempDir, tempDir } from '../lib/children';
import { fmt, median } from '../lib/stats';
import { type Row, row } from '../lib/table';

const PDF_PAGES = 200;
const PDF_RUNS = 5;

export async function attachmentsSection(ollamaUrl: string): Promise<Row[]> {
  const dir = tempDir('attachments');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    OLLAMA_HOST: ollamaUrl,
    DATA_DIR: path.join(dir, 'data'),
    LOG_LEVEL: 'silent',
  });
  const service = new BackendService({ config, logger: createLogger('silent') });
  await service.start();
  const post = (p: string, body: unknown) =>
    fetch(`${service.url}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  try {
    const text = Array.from(
      { length: PDF_PAGES },
      (_, i) => `Page ${i + 1}: ${'lorem ipsum dolor sit amet '.repeat(6)}`,
    );
    const pdf = tinyPdf(text).toString('base64');
    const inspect = async () => {
      const t0 = performance.now();
      const res = await post('/api/attachments/inspect', { name: 'big.pdf', mime: 'application/pdf', data: pdf });
      const body = (await res.json()) as { pages?: number };
      if (res.status !== 200 || body.pages !== PDF_PAGES) throw new Error(`inspect → ${res.status}`);
      return performance.now() - t0;
    };
    const first = await inspect();
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const runs: number[] = [];
    for (let i = 0; i < PDF_RUNS; i++) runs.push(await inspect());
    loop.disable();

    const chat = (await (await post('/api/chats', { model: 'llama3.2' })).json()) as { id: string };
    const perFile = MAX_ATTACHMENT_BYTES - 1024;
    const count = Math.floor(MAX_MESSAGE_ATTACHMENT_BYTES / perFile);
    const files = Array.from({ length: count }, (_, i) => ({
      name: `log-${i}.txt`,
      mime: 'text/plain',
      data: Buffer.alloc(perFile, `line ${i} of a large log file\n`).toString('base64'),
    }));
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const t0 = performance.now();
    const res = await post(`/api/chats/${chat.id}/messages`, { content: 'read these', attachments: files });
    const sendMs = performance.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (res.status !== 202) throw new Error(`send → ${res.status} ${(await res.text()).slice(0, 200)}`);
    const megabytes = (count * perFile) / 1e6;
    return [
      row(`18. PDF text, ${PDF_PAGES} pages: first inspect (loads unpdf)`, `${fmt(first, 0)} ms`),
      row(`    PDF text, ${PDF_PAGES} pages: median of ${PDF_RUNS} inspects`, `${fmt(median(runs), 0)} ms`),
      row('    longest event-loop stall during those inspects', `${fmt(loop.max / 1e6, 1)} ms`),
      row(
        `    send with ${count} text files, ${fmt(megabytes, 1)} MB (base64 JSON): until 202`,
        `${fmt(sendMs, 0)} ms`,
      ),
      row(
        '    peak RSS during that send (in-process server + client)',
        `${fmt(peak / 1e6, 0)} MB (before ${fmt(before / 1e6, 0)} MB)`,
      ),
    ];
  } finally {
    await service.stop();
    removeTempDir(dir);
  }
}
