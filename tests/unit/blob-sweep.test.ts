/** At start the store removes what a previous run left: temporary uploads and blob files no attachment references. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { History } from '../../src/backend/history-manager';
import { createLogger } from '../../src/utils/logger';

let dataDir = '';
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

it('removes orphan blob files and the temp directory, and keeps referenced blobs', async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'blob-sweep-'));
  const logger = createLogger('silent');
  let store = await History.open({ dataDir, logger });
  const chat = await store.chats.create({ title: 'sweep', model: 'llama3.2' });
  const [message] = await store.messages.append(chat.id, null, [
    {
      role: 'user',
      content: 'see file',
      status: 'complete',
      attachments: [{ kind: 'text', name: 'kept.txt', mime: 'text/plain', data: Buffer.from('kept\n'), tokens: 2 }],
    },
  ]);
  const kept = message?.attachments[0]?.sha256 ?? '';
  await store.close();

  const blobs = path.join(dataDir, 'blobs');
  const orphan = path.join(blobs, 'a'.repeat(64));
  const halfWritten = path.join(blobs, `${'b'.repeat(64)}.0123456789ab.tmp`);
  writeFileSync(orphan, 'nobody references me');
  writeFileSync(halfWritten, 'interrupted write');
  mkdirSync(path.join(dataDir, 'tmp'), { recursive: true });
  writeFileSync(path.join(dataDir, 'tmp', 'import-x.upload'), 'old upload');

  store = await History.open({ dataDir, logger });
  // The temp directory is emptied before open() returns; the blob sweep finishes by close().
  expect(existsSync(path.join(dataDir, 'tmp', 'import-x.upload'))).toBe(false);
  await store.sweepBlobs();
  expect(existsSync(orphan)).toBe(false);
  expect(existsSync(halfWritten)).toBe(false);
  expect(existsSync(path.join(blobs, kept))).toBe(true);
  expect(await store.messages.readAttachmentText(message?.attachments[0]?.id ?? '')).toBe('kept\n');
  await store.close();
});
