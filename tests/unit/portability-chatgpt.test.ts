import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  activeBranch,
  collectImport,
  ImportFormatError,
  type PortableChat,
} from '../../src/backend/history-manager/portability';
import { buildZip } from '../support/build-zip';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import');
const NOW = '2030-01-01T00:00:00.000Z';
const PIXEL_SHA = '63ef318d96b5d0d0ceba6e04a4e622b1158335cdc67c49e27839132c6f655058';
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const prefix = (id: string | null) => id?.slice(0, 8);
const branchIds = (chat: PortableChat) => activeBranch(chat).map((m) => prefix(m.sourceId));

describe('ChatGPT conversations.json', () => {
  it('imports conversation A as the whole tree with the edited branch active', async () => {
    const { chats, report } = await collectImport(
      { fileName: 'conversations.json', bytes: fixture('chatgpt-conversations.json') },
      { now: NOW },
    );
    expect(report.format).toBe('chatgpt');
    expect(chats).toHaveLength(2);
    const a = chats[0] as PortableChat;
    expect(a.source).toEqual({ app: 'chatgpt', id: '6751f0c2-3b1e-8009-a4d1-2f0c9e7b5a11' });
    expect(a.title).toBe('Sourdough Starter Names');
    expect(a.createdAt).toBe('2024-12-05T16:20:00.173Z');
    expect(a.messages).toHaveLength(6);
    expect(branchIds(a)).toEqual(['aaaa0002', 'aaaa0003', 'aaaa0006', 'aaaa0007']);
    // The abandoned "Make them funnier." stays as a sibling branch under the first answer.
    const firstAnswer = a.messages.filter((m) => m.parentSourceId?.startsWith('aaaa0003'));
    expect(firstAnswer.map((m) => prefix(m.sourceId))).toEqual(['aaaa0004', 'aaaa0006']);
    expect(a.messages.find((m) => m.sourceId.startsWith('aaaa0004'))?.content).toBe('Make them funnier.');
    // Hidden system node and the structural root produce no messages; the first turn is a root.
    expect(a.messages.some((m) => m.sourceId === 'client-created-root' || m.sourceId.startsWith('aaaa0001'))).toBe(
      false,
    );
    expect(a.messages[0]?.parentSourceId).toBeNull();
    expect(a.messages.every((m) => m.status === 'complete')).toBe(true);
    expect(a.messages.find((m) => m.role === 'assistant')?.model).toBe('gpt-4o');
  });

  it('imports conversation B: tool round trip and custom instructions skipped, image kept as a placeholder', async () => {
    const { chats } = await collectImport({
      fileName: 'c.json',
      path: path.join(FIXTURES, 'chatgpt-conversations.json'),
    });
    const b = chats[1] as PortableChat;
    expect(b.messages.map((m) => [prefix(m.sourceId), m.role])).toEqual([
      ['bbbb0003', 'user'],
      ['bbbb0006', 'assistant'],
    ]);
    const user = b.messages[0];
    expect(user?.content).toContain('What plant is this, and is it safe for cats?');
    expect(user?.content).toContain('[image: IMG_2041.jpeg — not in export]');
    expect(user?.attachments).toEqual([
      expect.objectContaining({
        name: 'IMG_2041.jpeg',
        mime: 'image/jpeg',
        sha256: null,
        data: null,
        sourceRef: 'file-4QmXr7Tb2VYc9Lh1sKpE8N',
      }),
    ]);
    expect(b.messages[1]?.content).toMatch(/^Yes, it is 1024x768/);
    expect(b.messages[1]?.parentSourceId).toBe(user?.sourceId);
    expect(b.currentLeafSourceId).toBe('bbbb0006-2a4c-4d6e-8f01-23456789abcd');
  });

  it('falls back to the newest leaf when current_node is missing, and reads the {conversations} wrapper', async () => {
    const conversations = JSON.parse(fixture('chatgpt-conversations.json').toString('utf8')) as Array<
      Record<string, unknown>
    >;
    const a = { ...conversations[0], current_node: 'no-such-node' };
    const { chats } = await collectImport({
      fileName: 'w.json',
      bytes: Buffer.from(JSON.stringify({ conversations: [a] })),
    });
    expect(chats[0]?.currentLeafSourceId).toBe('aaaa0007-7c1d-4e2a-9f3b-1d2e3f4a5b6c');
  });

  it('skips entries without mapping and conversations with nothing visible, and says so', async () => {
    const hiddenOnly = {
      id: 'only-hidden',
      title: 'x',
      current_node: 'n1',
      mapping: {
        root: { id: 'root', message: null, parent: null, children: ['n1'] },
        n1: {
          id: 'n1',
          parent: 'root',
          children: [],
          message: { author: { role: 'system' }, content: { content_type: 'text', parts: [''] } },
        },
      },
    };
    const file = [
      { id: 'folder-record', title: 'Project' },
      hiddenOnly,
      JSON.parse(fixture('chatgpt-conversations.json').toString())[0],
    ];
    const { chats, report } = await collectImport({ fileName: 'x.json', bytes: Buffer.from(JSON.stringify(file)) });
    expect(chats.map((c) => c.source.id)).toEqual(['6751f0c2-3b1e-8009-a4d1-2f0c9e7b5a11']);
    expect(report.skipped.map((n) => [n.location.conversation, n.reason])).toEqual([
      [0, 'not a recognized chat'],
      [1, 'conversation has no visible messages'],
    ]);
  });

  it('rejects the truncated file with import_invalid_json naming the byte offset and conversation', async () => {
    const bytes = fixture('chatgpt-broken.json');
    const error = await collectImport({ fileName: 'chatgpt-broken.json', bytes }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFormatError);
    const e = error as ImportFormatError;
    expect(e.code).toBe('import_invalid_json');
    expect(e.location).toEqual({ file: 'chatgpt-broken.json', byteOffset: bytes.length, conversation: 1 });
    expect(e.message).toMatch(/cut off.*byte 7339.*after 1 complete conversation/);
  });

  it('reports the byte position of invalid (not only truncated) JSON', async () => {
    const bytes = Buffer.from('[{"id":"a","mapping":{}} , oops]');
    const e = (await collectImport({ fileName: 'bad.json', bytes }).catch((x: unknown) => x)) as ImportFormatError;
    expect(e.code).toBe('import_invalid_json');
    expect(e.location.byteOffset).toBe(27);
  });

  it('gives duplicate conversations the same stable source ids on every read', async () => {
    const one = JSON.parse(fixture('chatgpt-conversations.json').toString()) as unknown[];
    const twice = Buffer.from(JSON.stringify([...one, ...one]));
    const first = await collectImport({ fileName: 'a.json', bytes: twice });
    const second = await collectImport({ fileName: 'a.json', bytes: twice });
    const ids = (chats: PortableChat[]) => chats.map((c) => [c.source.id, c.messages.map((m) => m.sourceId)]);
    expect(ids(first.chats)).toEqual(ids(second.chats));
    expect(first.chats[2]?.source).toEqual(first.chats[0]?.source);
  });
});

describe('ChatGPT .zip archive', () => {
  const conversations = fixture('chatgpt-conversations.json');

  it('reads conversations.json, resolves the uploaded image and refuses unsafe entries', async () => {
    const zip = buildZip([
      { name: '../evil.txt', data: Buffer.from('x') },
      { name: '/etc/passwd', data: Buffer.from('x') },
      { name: 'link', data: Buffer.from('/etc/passwd'), symlink: true },
      { name: 'conversations.json', data: conversations },
      { name: 'file-4QmXr7Tb2VYc9Lh1sKpE8N-IMG_2041.jpeg', data: PIXEL },
      { name: 'chat.html', data: Buffer.from('<html>') },
    ]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portability-zip-'));
    const file = path.join(dir, 'export.zip');
    fs.writeFileSync(file, zip);
    for (const source of [
      { fileName: 'export.zip', path: file },
      { fileName: 'export.zip', bytes: zip },
    ]) {
      const { chats, report } = await collectImport(source);
      expect(report.format).toBe('chatgpt-zip');
      expect(chats).toHaveLength(2);
      expect(report.skipped.map((n) => [n.location.file, n.reason])).toEqual([
        ['export.zip:../evil.txt', 'unsafe zip entry refused: ".." in the path (zip-slip)'],
        ['export.zip:/etc/passwd', 'unsafe zip entry refused: absolute path'],
        ['export.zip:link', 'unsafe zip entry refused: symbolic link'],
      ]);
      const user = chats[1]?.messages[0];
      expect(user?.content).not.toContain('not in export');
      expect(user?.attachments?.[0]).toMatchObject({
        name: 'IMG_2041.jpeg',
        mime: 'image/jpeg',
        size: 68,
        sha256: PIXEL_SHA,
      });
      expect(Buffer.from(user?.attachments?.[0]?.data ?? [])).toEqual(PIXEL);
    }
    fs.rmSync(dir, { recursive: true });
  });

  it('concatenates split conversations-NNN.json files in order', async () => {
    const [a, b] = JSON.parse(conversations.toString()) as unknown[];
    const zip = buildZip([
      { name: 'conversations-001.json', data: Buffer.from(JSON.stringify([b])) },
      { name: 'conversations-000.json', data: Buffer.from(JSON.stringify([a])) },
    ]);
    const { chats } = await collectImport({ fileName: 'split.zip', bytes: zip });
    expect(chats.map((c) => c.title)).toEqual(['Sourdough Starter Names', 'Monstera cat safety']);
  });

  it('refuses a zip without conversations and one that unpacks beyond the cap', async () => {
    const noChats = buildZip([{ name: 'user.json', data: Buffer.from('{}') }]);
    const e1 = (await collectImport({ fileName: 'n.zip', bytes: noChats }).catch(
      (x: unknown) => x,
    )) as ImportFormatError;
    expect(e1.code).toBe('import_unknown_format');
    const big = buildZip([{ name: 'conversations.json', data: conversations }]);
    const e2 = (await collectImport(
      { fileName: 'b.zip', bytes: big },
      { limits: { maxUncompressedBytes: 1000 } },
    ).catch((x: unknown) => x)) as ImportFormatError;
    expect(e2.code).toBe('import_too_large');
    expect(e2.httpStatus).toBe(413);
  });

  it('names the archive member when its JSON is broken', async () => {
    const zip = buildZip([{ name: 'conversations.json', data: fixture('chatgpt-broken.json') }]);
    const e = (await collectImport({ fileName: 'x.zip', bytes: zip }).catch((x: unknown) => x)) as ImportFormatError;
    expect(e.code).toBe('import_invalid_json');
    expect(e.location.file).toBe('conversations.json');
    expect(e.location.conversation).toBe(1);
  });
});
