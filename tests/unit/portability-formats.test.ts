import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  activeBranch,
  collectImport,
  type ImportFormatError,
  type PortableChat,
  readImport,
} from '../../src/backend/history-manager/portability';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import');
const NOW = '2030-01-01T00:00:00.000Z';
const PIXEL_SHA = '63ef318d96b5d0d0ceba6e04a4e622b1158335cdc67c49e27839132c6f655058';

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const load = (name: string) => collectImport({ fileName: name, path: path.join(FIXTURES, name) }, { now: NOW });
const tail = (id: string) => id.slice(-3);
const failure = async (promise: Promise<unknown>) => (await promise.catch((e: unknown) => e)) as ImportFormatError;

describe('Open WebUI export', () => {
  it('chat 1: regenerated answer branch, reasoning moved to thinking, metrics from usage', async () => {
    const { chats, report } = await load('openwebui-chat-export.json');
    expect(report.format).toBe('open-webui');
    const chat = chats[0] as PortableChat;
    expect(chat.source).toEqual({ app: 'open-webui', id: '4d1f7a2e-9b3c-4e8a-a6d5-0c2b7e9f1a34' });
    expect(chat.createdAt).toBe('2025-11-25T09:00:00.000Z');
    expect(chat.tags).toEqual(['programming']);
    expect(chat.model).toBe('qwen3:4b');
    expect(chat.messages).toHaveLength(5);
    expect(activeBranch(chat).map((m) => tail(m.sourceId))).toEqual(['a01', 'a03', 'a04', 'a05']);
    const siblings = chat.messages.filter((m) => m.parentSourceId?.endsWith('a01')).map((m) => tail(m.sourceId));
    expect(siblings).toEqual(['a02', 'a03']);
    const a03 = chat.messages.find((m) => m.sourceId.endsWith('a03'));
    expect(a03?.thinking).toBe('Keep it shorter this time: acquire, block, release.');
    expect(a03?.content).toMatch(/^A mutex is a lock that guarantees mutual exclusion/);
    expect(a03?.content).not.toContain('<details');
    expect(a03?.metrics).toEqual({
      totalDurationNs: 1402559083,
      loadDurationNs: 19870250,
      promptEvalCount: 38,
      promptEvalDurationNs: 40118791,
      evalCount: 71,
      evalDurationNs: 1331022458,
    });
    expect(a03?.status).toBe('complete');
  });

  it('chat 2: system prompt from params.system, inline image as an attachment, legacy info metrics', async () => {
    const { chats } = await load('openwebui-chat-export.json');
    const chat = chats[1] as PortableChat;
    expect(chat.systemPrompt).toBe('You are a concise assistant.');
    expect(chat.options).toEqual({ temperature: 0.2 });
    expect(chat.pinned).toBe(true);
    const [user, answer] = chat.messages;
    expect(user?.attachments?.[0]).toMatchObject({ kind: 'image', mime: 'image/png', size: 68, sha256: PIXEL_SHA });
    expect(answer?.metrics?.evalCount).toBe(27);
    expect(answer?.metrics?.promptEvalCount).toBe(612);
  });

  it('legacy bare chats (no wrapper) and unfinished answers', async () => {
    const legacy = [
      {
        title: 'Old one',
        timestamp: 1700000000000,
        messages: [
          { id: 'u1', parentId: null, role: 'user', content: 'hi', timestamp: 1700000000 },
          { id: 'a1', parentId: 'u1', role: 'assistant', content: 'hel', timestamp: 1700000001 },
        ],
        history: {
          messages: {
            u1: { id: 'u1', parentId: null, childrenIds: ['a1'], role: 'user', content: 'hi', timestamp: 1700000000 },
            a1: { id: 'a1', parentId: 'u1', childrenIds: [], role: 'assistant', content: 'hel', timestamp: 1700000001 },
          },
          currentId: 'u1',
        },
      },
    ];
    const first = await collectImport({ fileName: 'l.json', bytes: Buffer.from(JSON.stringify(legacy)) });
    const again = await collectImport({ fileName: 'l.json', bytes: Buffer.from(JSON.stringify(legacy)) });
    const chat = first.chats[0] as PortableChat;
    expect(chat.title).toBe('Old one');
    expect(chat.createdAt).toBe('2023-11-14T22:13:20.000Z');
    expect(chat.source.id).toBe(again.chats[0]?.source.id);
    expect(chat.messages[1]?.status).toBe('interrupted'); // no `done: true`
    expect(chat.currentLeafSourceId).toBe('a1'); // currentId on an inner node follows its last child
  });
});

describe('Hollama export', () => {
  it('imports sessions as linear chains, knowledge message kept, legacy string model', async () => {
    const { chats, report } = await load('hollama-export.json');
    expect(report.format).toBe('hollama');
    const [session, legacy] = chats as [PortableChat, PortableChat];
    expect(session.source).toEqual({ app: 'hollama', id: 'x7f2kq' });
    expect(session.title).toBe('Spelling fixes');
    expect(session.systemPrompt).toBe('You are an editor.');
    expect(session.options).toEqual({ temperature: 0.3, num_ctx: 8192 });
    expect(session.model).toBe('qwen3:8b');
    expect(session.messages.map((m) => m.role)).toEqual(['user', 'user', 'assistant', 'user', 'assistant']);
    expect(activeBranch(session)).toHaveLength(5);
    expect(session.messages[0]?.content).toContain('<CONTEXT_NAME>Team style guide</CONTEXT_NAME>');
    expect(session.messages[2]?.thinking).toBe('British spelling: colour, centre, grey.');
    expect(session.messages[4]?.thinking).toBeNull();
    expect(session.messages[3]?.attachments?.[0]).toMatchObject({
      name: 'pixel.png',
      mime: 'image/png',
      sha256: PIXEL_SHA,
    });
    expect(legacy.model).toBe('llama3.1:8b');
    expect(legacy.title).toBe('Hello world, again!');
    expect(legacy.systemPrompt).toBeNull();
    expect(legacy.messages).toHaveLength(2);
  });

  it('knowledge files are reported as skipped, servers files are refused', async () => {
    const { chats, report } = await load('hollama-knowledge.json');
    expect(chats).toEqual([]);
    expect(report.skipped).toEqual([
      { level: 'skipped', reason: 'knowledge, not a chat', location: expect.objectContaining({ conversation: 0 }) },
    ]);
    const servers = Buffer.from(
      JSON.stringify([{ id: 's1', baseUrl: 'http://x', connectionType: 'ollama', apiKey: 'k' }]),
    );
    expect((await failure(collectImport({ fileName: 'hollama-servers.json', bytes: servers }))).code).toBe(
      'import_refused',
    );
  });
});

describe('our own JSON export', () => {
  it('imports the whole tree losslessly and verifies attachment bytes', async () => {
    const { chats, report } = await load('ollama-chat-export.json');
    expect(report.format).toBe('ollama-chat.export');
    const chat = chats[0] as PortableChat;
    expect(chat.source).toEqual({ app: 'ollama-chat', id: '01JDQ7Z3K8M4V2X9T6R5N0P1QA' });
    expect(activeBranch(chat).map((m) => m.sourceId.slice(-2))).toEqual(['QB', 'QD', 'QE', 'QF']);
    const failed = chat.messages.at(-1);
    expect(failed?.status).toBe('error');
    expect(failed?.error?.code).toBe('ollama_unreachable');
    expect(chat.messages[1]?.modelDigest).toMatch(/^359d7dd4/);
    expect(chat.messages[1]?.metrics?.ttftMs).toBe(1297);
    expect(chat.messages[0]?.attachments?.[0]?.data?.byteLength).toBe(68);
  });

  it('drops bytes that do not match their hash, with a warning', async () => {
    const doc = JSON.parse(fixture('ollama-chat-export.json').toString());
    doc.chats[0].messages[0].attachments[0].data = Buffer.from('not the pixel').toString('base64');
    const { chats, report } = await collectImport({ fileName: 'e.json', bytes: Buffer.from(JSON.stringify(doc)) });
    expect(chats[0]?.messages[0]?.attachments?.[0]).toMatchObject({ sha256: PIXEL_SHA, data: null });
    expect(report.warnings[0]?.reason).toMatch(/does not match/);
  });

  it('refuses a newer version with a clear message', async () => {
    const doc = { ...JSON.parse(fixture('ollama-chat-export.json').toString()), version: 2 };
    const e = await failure(collectImport({ fileName: 'new.json', bytes: Buffer.from(JSON.stringify(doc)) }));
    expect(e.code).toBe('import_unsupported_version');
    expect(e.message).toMatch(/Update the app/);
  });
});

describe('Markdown transcript', () => {
  it('parses 3 turns + system prompt; escaped and fenced headings stay in the body', async () => {
    const { chats, report } = await load('transcript.md');
    expect(report.format).toBe('markdown');
    const chat = chats[0] as PortableChat;
    expect(chat.title).toBe('Mutex vs semaphore');
    expect(chat.systemPrompt).toBe('You are a concise assistant.');
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    const answer = chat.messages[1];
    expect(answer?.thinking).toBe('The user wants one short paragraph.');
    expect(answer?.content).toContain('\n## User\n');
    expect(answer?.content).toContain('```md\n## Assistant\n(also safe: inside a code fence)\n```');
    expect(chat.messages[0]?.attachments?.[0]).toMatchObject({ kind: 'image', name: 'pixel.png', sha256: PIXEL_SHA });
    expect(chat.messages[0]?.content).toBe('Explain what a mutex is. What is in this image?');
  });

  it('accepts foreign Markdown with ### USER headings, titled by the file name', async () => {
    const text = '### USER\nHello?\n\n### ASSISTANT\nHi there.\n';
    const { chats } = await collectImport({ fileName: 'notes/My chat.txt', bytes: Buffer.from(text) }, { now: NOW });
    expect(chats[0]?.title).toBe('My chat');
    expect(chats[0]?.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Hello?'],
      ['assistant', 'Hi there.'],
    ]);
  });
});

describe('sniffing', () => {
  it('reads from a Node Readable, accepts [] as zero chats, refuses unknown shapes and text', async () => {
    const empty = await collectImport({ fileName: 'e.json', stream: Readable.from([Buffer.from(' \n[]')]) });
    expect(empty.chats).toEqual([]);
    expect(empty.report.format).toBe('empty');
    const unknown = await failure(collectImport({ fileName: 'u.json', bytes: Buffer.from('[{"foo":1}]') }));
    expect(unknown.code).toBe('import_unknown_format');
    const text = await failure(collectImport({ fileName: 'x.txt', bytes: Buffer.from('just some notes') }));
    expect(text.code).toBe('import_unknown_format');
    const nothing = await failure(collectImport({ fileName: 'z.json', bytes: new Uint8Array() }));
    expect(nothing.code).toBe('import_unknown_format');
  });
});

describe('stopping early', () => {
  it('closes the source when the caller stops reading after the first chat', async () => {
    let closed = false;
    const bytes = fixture('hollama-export.json');
    async function* source() {
      try {
        yield bytes.subarray(0, 700);
        yield bytes.subarray(700);
      } finally {
        closed = true;
      }
    }
    for await (const item of readImport({ fileName: 'h.json', stream: source() })) {
      if (item.kind === 'chat') break;
    }
    expect(closed).toBe(true);
  });

  it('an Open WebUI answer with an error keeps status error and its message', async () => {
    const chat = {
      id: 'e',
      title: 'failing',
      chat: {
        history: {
          currentId: 'b',
          messages: {
            a: { id: 'a', parentId: null, role: 'user', content: 'q', timestamp: 1 },
            b: {
              id: 'b',
              parentId: 'a',
              role: 'assistant',
              content: '',
              error: { content: 'model crashed' },
              timestamp: 2,
            },
          },
        },
      },
    };
    const { chats } = await collectImport({ fileName: 'e.json', bytes: Buffer.from(JSON.stringify([chat])) });
    expect(chats[0]?.messages[1]).toMatchObject({
      status: 'error',
      error: { code: 'imported_error', message: 'model crashed' },
    });
  });
});
