/**
 * Not a DESIGN §8 row (issue #9): importing a 10,000-conversation ChatGPT export through the real
 * route (raw body, streamed to disk, one transaction). Reports seconds and the peak RSS of the
 * process that runs the server (in-process here, so the figure includes the bench's own client).
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BackendService } from '../../src/backend/service';
import { loadConfig } from '../../src/utils/config';
import { createLogger } from '../../src/utils/logger';
import { removeTempDir, tempDir } from '../lib/children';
import { fmt } from '../lib/stats';
import { type Row, row } from '../lib/table';

const LOREM = 'The quick brown fox jumps over the lazy dog while the sourdough starter bubbles on the counter. ';

/** One ChatGPT conversation: a hidden system node, three question/answer turns and one edited question. */
function conversation(i: number): string {
  const t0 = 1_700_000_000 + i * 60;
  const node = (
    id: string,
    parent: string | null,
    children: string[],
    role: string | null,
    text: string,
    t: number,
  ) => ({
    id,
    parent,
    children,
    message:
      role === null
        ? null
        : {
            id,
            author: { role, name: null, metadata: {} },
            create_time: t,
            update_time: t,
            content: { content_type: 'text', parts: [text] },
            status: 'finished_successfully',
            end_turn: role === 'assistant' ? true : null,
            weight: role === 'system' ? 0 : 1,
            metadata: role === 'assistant' ? { model_slug: 'gpt-4o' } : {},
            recipient: 'all',
          },
  });
  const id = (n: number) => `${String(i).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const mapping: Record<string, unknown> = {
    root: node('root', null, [id(1)], null, '', t0),
    [id(1)]: node(id(1), 'root', [id(2)], 'system', '', t0),
    [id(2)]: node(id(2), id(1), [id(3)], 'user', `Question ${i}: ${LOREM}`, t0 + 1),
    [id(3)]: node(id(3), id(2), [id(4), id(6)], 'assistant', LOREM.repeat(4), t0 + 2),
    [id(4)]: node(id(4), id(3), [id(5)], 'user', `Follow-up ${i}`, t0 + 3),
    [id(5)]: node(id(5), id(4), [], 'assistant', LOREM.repeat(3), t0 + 4),
    [id(6)]: node(id(6), id(3), [id(7)], 'user', `Edited follow-up ${i}`, t0 + 5),
    [id(7)]: node(id(7), id(6), [], 'assistant', LOREM.repeat(3), t0 + 6),
  };
  return JSON.stringify({
    title: `Conversation ${i}`,
    create_time: t0,
    update_time: t0 + 6,
    mapping,
    moderation_results: [],
    current_node: id(7),
    conversation_id: `conv-${i}`,
    id: `conv-${i}`,
  });
}

async function writeExport(file: string, conversations: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write('[');
  for (let i = 0; i < conversations; i++) await write(`${i === 0 ? '' : ','}${conversation(i)}`);
  await write(']');
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

export async function importSection(ollamaUrl: string, conversations: number): Promise<Row[]> {
  const dir = tempDir('import');
  const file = path.join(dir, 'conversations.json');
  await writeExport(file, conversations);
  const bytes = statSync(file).size;
  const dataDir = path.join(dir, 'data');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    OLLAMA_HOST: ollamaUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  });
  const service = new BackendService({ config, logger: createLogger('silent') });
  await service.start();
  let peak = process.memoryUsage().rss;
  const before = peak;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const t0 = performance.now();
    const res = await fetch(`${service.url}/api/import?name=conversations.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
    const report = (await res.json()) as { chats?: number };
    const seconds = (performance.now() - t0) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    if (res.status !== 200 || report.chats !== conversations) {
      throw new Error(`import answered ${res.status}: ${JSON.stringify(report).slice(0, 300)}`);
    }
    process.stderr.write(`  ${conversations} conversations (${fmt(bytes / 1e6, 1)} MB) in ${fmt(seconds, 2)} s\n`);
    return [
      row(
        `13. import of a ChatGPT export: ${fmt(conversations, 0)} conversations, ${fmt(bytes / 1e6, 1)} MB, 6 messages and one branch each`,
        `${fmt(seconds, 2)} s`,
      ),
      row(
        '    peak RSS during that import (in-process server + client)',
        `${fmt(peak / 1e6, 0)} MB (before ${fmt(before / 1e6, 0)} MB)`,
      ),
    ];
  } finally {
    clearInterval(sampler);
    await service.stop();
    removeTempDir(dir);
  }
}
