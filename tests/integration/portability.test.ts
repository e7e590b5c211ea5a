/**
 * Export, import and backup end to end (issue #9): the real server, a real SQLite file, the fixtures
 * of tests/fixtures/import sent as a browser would (raw body or multipart).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Chat, ChatList, Message, MessagesResponse } from '../../src/shared/api';
import { buildZip } from '../support/build-zip';
import { type Harness, startHarness, waitFor } from './harness';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'import');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const PIXEL_SHA = '63ef318d96b5d0d0ceba6e04a4e622b1158335cdc67c49e27839132c6f655058';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PNG_SHA = createHash('sha256').update(Buffer.from(PNG, 'base64')).digest('hex');

interface Report {
  format: string;
  imported: Array<{ chatId: string; title: string; messages: number; action: string }>;
  skipped: Array<{ reason: string }>;
  warnings: Array<{ reason: string }>;
  chats: number;
}

const harnesses: Harness[] = [];
async function harness(): Promise<Harness> {
  const h = await startHarness();
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

function importRaw(h: Harness, name: string, body: Uint8Array | string): Promise<Response> {
  return h.api(`/api/import?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: typeof body === 'string' ? body : Uint8Array.from(body),
  });
}

async function importOk(h: Harness, name: string, body: Uint8Array | string): Promise<Report> {
  const res = await importRaw(h, name, body);
  const json = await res.json();
  if (res.status !== 200) throw new Error(`import ${name} → ${res.status} ${JSON.stringify(json)}`);
  return json as Report;
}

async function allChats(h: Harness) {
  return (await h.json<ChatList>('/api/chats?limit=100')).chats;
}

async function branchOf(h: Harness, chatId: string): Promise<Message[]> {
  return (await h.json<MessagesResponse>(`/api/chats/${chatId}/messages`)).messages;
}

/** Our export format parsed back, for comparisons. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed export document; each test reads the fields it asserts
type ExportDoc = { format: string; chats: any[]; blobs?: Record<string, string> };

async function exportChat(h: Harness, chatId: string): Promise<ExportDoc> {
  const res = await h.api(`/api/chats/${chatId}/export?format=json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"/);
  return (await res.json()) as ExportDoc;
}

/**
 * A chat's tree with its own ids replaced by their position, so two copies with different ULIDs
 * compare equal exactly when structure, contents and the current branch are the same.
 */
// biome-ignore lint/suspicious/noExplicitAny: see ExportDoc
function normalized(chat: any) {
  const index = new Map<string, number>(chat.messages.map((m: { id: string }, i: number) => [m.id, i]));
  return {
    title: chat.title,
    model: chat.model,
    systemPrompt: chat.systemPrompt,
    options: chat.options,
    currentLeaf: index.get(chat.currentLeafId),
    // biome-ignore lint/suspicious/noExplicitAny: see ExportDoc
    messages: chat.messages.map((m: any) => ({
      ...m,
      id: index.get(m.id),
      parentId: m.parentId === null ? null : index.get(m.parentId),
    })),
  };
}

describe('import of each format', () => {
  it('imports a ChatGPT conversations.json with its branches and the edited branch active', async () => {
    const h = await harness();
    const report = await importOk(h, 'conversations.json', fixture('chatgpt-conversations.json'));
    expect(report.format).toBe('chatgpt');
    expect(report.chats).toBe(2);
    expect(report.imported.map((c) => c.title)).toEqual(['Sourdough Starter Names', 'Monstera cat safety']);
    expect(report.imported.every((c) => c.action === 'created')).toBe(true);

    const chats = await allChats(h);
    expect(chats.map((c) => c.title).sort()).toEqual(['Monstera cat safety', 'Sourdough Starter Names']);
    const a = report.imported[0]?.chatId as string;
    // ChatGPT's model is not an Ollama model: the chat uses the default one; answers keep their label.
    expect((await h.json<Chat>(`/api/chats/${a}`)).model).toBeNull();
    const branch = await branchOf(h, a);
    expect(branch[1]?.model).toBe('gpt-4o');
    expect(branch.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    // The edited user message has a sibling: the original question is kept as the other branch.
    expect(branch[2]?.siblingIds).toHaveLength(2);
    const exported = await exportChat(h, a);
    expect(exported.chats[0].messages).toHaveLength(6);
    expect(exported.chats[0].source).toEqual({
      app: 'chatgpt',
      id: '6751f0c2-3b1e-8009-a4d1-2f0c9e7b5a11',
      importedAt: expect.any(String),
    });
  });

  it('imports a ChatGPT zip sent as a multipart form, with the uploaded image', async () => {
    const h = await harness();
    const zip = buildZip([
      { name: 'conversations.json', data: fixture('chatgpt-conversations.json') },
      { name: 'file-4QmXr7Tb2VYc9Lh1sKpE8N-IMG_2041.png', data: Buffer.from(PNG, 'base64') },
    ]);
    const form = new FormData();
    form.append('file', new Blob([Uint8Array.from(zip)], { type: 'application/zip' }), 'chatgpt-export.zip');
    const res = await h.api('/api/import', { method: 'POST', body: form });
    const report = (await res.json()) as Report;
    expect(res.status).toBe(200);
    expect(report.format).toBe('chatgpt-zip');
    expect(report.chats).toBe(2);
    const b = report.imported.find((c) => c.title === 'Monstera cat safety')?.chatId as string;
    const branch = await branchOf(h, b);
    expect(branch[0]?.attachments).toEqual([
      expect.objectContaining({ kind: 'image', size: Buffer.from(PNG, 'base64').byteLength }),
    ]);
    expect(readFileSync(path.join(h.dataDir, 'blobs', PNG_SHA)).toString('base64')).toBe(PNG);
  });

  it('imports an Open WebUI export: regenerated answers as branches, reasoning as thinking', async () => {
    const h = await harness();
    const report = await importOk(h, 'chat-export.json', fixture('openwebui-chat-export.json'));
    expect(report.format).toBe('open-webui');
    expect(report.chats).toBe(2);
    const first = report.imported[0]?.chatId as string;
    const branch = await branchOf(h, first);
    expect(branch).toHaveLength(4);
    expect(branch[1]?.siblingIds).toHaveLength(2);
    expect(branch[1]?.thinking).not.toBe('');
    expect(branch[1]?.content).not.toContain('<details');
    const pixel = report.imported[1]?.chatId as string;
    const withImage = await branchOf(h, pixel);
    expect(withImage.flatMap((m) => m.attachments)).toHaveLength(1);
    expect(readFileSync(path.join(h.dataDir, 'blobs', PIXEL_SHA)).byteLength).toBe(68);
  });

  it('imports a Hollama sessions export', async () => {
    const h = await harness();
    const report = await importOk(h, 'hollama-sessions.json', fixture('hollama-export.json'));
    expect(report.format).toBe('hollama');
    expect(report.imported.map((c) => c.messages)).toEqual([5, 2]);
    expect(await allChats(h)).toHaveLength(2);
  });

  it('imports our own JSON with the errored answer as the current leaf', async () => {
    const h = await harness();
    const report = await importOk(h, 'ollama-chat-export.json', fixture('ollama-chat-export.json'));
    expect(report.format).toBe('ollama-chat.export');
    const chatId = report.imported[0]?.chatId as string;
    const branch = await branchOf(h, chatId);
    expect(branch.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(branch.at(-1)?.status).toBe('error');
    expect(branch[1]?.siblingIds).toHaveLength(2);
    expect(branch.flatMap((m) => m.attachments)).toEqual([expect.objectContaining({ size: 68 })]);
  });
});

describe('a file that cannot be imported', () => {
  it('changes nothing when the file is truncated after a complete conversation, and says where', async () => {
    const h = await harness();
    const res = await importRaw(h, 'chatgpt-broken.json', fixture('chatgpt-broken.json'));
    expect(res.status).toBe(400);
    const { error: body } = (await res.json()) as {
      error: {
        code: string;
        message: string;
        hint: { text: string };
        details: { location: { file: string; conversation?: number; byteOffset?: number } };
      };
    };
    expect(body.code).toBe('import_invalid_json');
    expect(body.details.location.conversation).toBe(1);
    expect(body.details.location.file).toBe('chatgpt-broken.json');
    expect(body.details.location.byteOffset).toBeGreaterThan(0);
    expect(body.message).toContain('chatgpt-broken.json');
    expect(body.hint.text).toContain('Nothing was imported');
    // The first conversation was complete and had been written inside the transaction: rolled back.
    expect(await allChats(h)).toEqual([]);
    expect(readdirSync(path.join(h.dataDir, 'tmp'))).toEqual([]);
  });

  it('rolls back the blobs of a failed import and refuses what is not an export', async () => {
    const h = await harness();
    const doc = JSON.parse(fixture('ollama-chat-export.json').toString('utf8'));
    const text = JSON.stringify(doc);
    // Cut after the chat (its inline image was read and stored), before the document ends.
    const cut = text.slice(0, text.lastIndexOf(']'));
    const res = await importRaw(h, 'cut.json', cut);
    expect(res.status).toBe(400);
    expect(await allChats(h)).toEqual([]);
    // The folder exists because the image was written; the rollback removed it again.
    expect(readdirSync(path.join(h.dataDir, 'blobs'), { withFileTypes: true }).filter((e) => e.isFile())).toEqual([]);

    const unknown = await importRaw(h, 'notes.txt', 'just some text, no transcript');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('import_unknown_format');
  });
});

describe('importing the same file twice', () => {
  it('skips what is unchanged and replaces a chat the source has changed since', async () => {
    const h = await harness();
    const file = fixture('chatgpt-conversations.json');
    await importOk(h, 'conversations.json', file);
    const again = await importOk(h, 'conversations.json', file);
    expect(again.chats).toBe(0);
    expect(again.skipped.filter((s) => s.reason.includes('imported before'))).toHaveLength(2);
    expect(await allChats(h)).toHaveLength(2);

    const conversations = JSON.parse(file.toString('utf8'));
    conversations[0].update_time += 3600;
    conversations[0].title = 'Sourdough Starter Names (renamed)';
    const changed = await importOk(h, 'conversations.json', JSON.stringify(conversations));
    expect(changed.imported.map((c) => [c.title, c.action])).toEqual([
      ['Sourdough Starter Names (renamed)', 'updated'],
    ]);
    const chats = await allChats(h);
    expect(chats.map((c) => c.title).sort()).toEqual(['Monstera cat safety', 'Sourdough Starter Names (renamed)']);
    const updated = chats.find((c) => c.title.endsWith('(renamed)'));
    expect(await branchOf(h, updated?.id as string)).toHaveLength(4);
  });
});

/** A chat made through the API: an image, a branch (an edited follow-up), the edited branch current. */
async function chatWithBranches(h: Harness): Promise<string> {
  const chat = await h.createChat('llava');
  await h.json(`/api/chats/${chat.id}`, {
    method: 'PATCH',
    json: { systemPrompt: 'Be brief.', title: 'Dots & pixels' },
  });
  const first = await h.send(chat.id, 'what is this?', {
    attachments: [{ name: 'dot.png', mime: 'image/png', data: PNG }],
  });
  await h.events(first.generationId);
  const second = await h.send(chat.id, 'and the colour?');
  await h.events(second.generationId);
  const edited = await h.send(chat.id, 'and the size?', { parentId: first.assistantMessage.id });
  await h.events(edited.generationId);
  return chat.id;
}

describe('export', () => {
  it('export → import elsewhere gives back the same tree, contents, attachments and current branch', async () => {
    const source = await harness();
    const chatId = await chatWithBranches(source);
    const exported = await exportChat(source, chatId);
    expect(exported.format).toBe('ollama-chat.export');
    const [chat] = exported.chats;
    expect(chat.messages).toHaveLength(6);
    expect(chat.messages[0].attachments[0]).toMatchObject({ sha256: PNG_SHA, data: PNG });

    const target = await harness();
    const report = await importOk(target, 'export.json', JSON.stringify(exported));
    const copyId = report.imported[0]?.chatId as string;
    expect(copyId).not.toBe(chatId);
    const copy = (await exportChat(target, copyId)).chats[0];
    expect(copy.messages.map((m: { id: string }) => m.id)).not.toContain(chat.messages[0].id);
    expect(normalized(copy)).toEqual(normalized(chat));
    expect((await branchOf(target, copyId)).map((m) => m.content)).toEqual(
      (await branchOf(source, chatId)).map((m) => m.content),
    );
    expect(readFileSync(path.join(target.dataDir, 'blobs', PNG_SHA)).toString('base64')).toBe(PNG);

    // Back into the database it came from: the chat is still there, so nothing is duplicated.
    const home = await importOk(source, 'export.json', JSON.stringify(exported));
    expect(home.chats).toBe(0);
    expect(await allChats(source)).toHaveLength(1);
  });

  it('exports the active branch as Markdown', async () => {
    const h = await harness();
    const chatId = await chatWithBranches(h);
    const res = await h.api(`/api/chats/${chatId}/export?format=md`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/markdown');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="dots-pixels-\d{4}-\d{2}-\d{2}\.md"/);
    const md = await res.text();
    expect(md).toContain('title: "Dots & pixels"');
    expect(md).toContain('## System');
    expect(md).toContain('what is this?');
    expect(md).toContain('and the size?');
    expect(md).not.toContain('and the colour?');
    expect(md).toContain(`attachments/${PNG_SHA}.png`);
  });

  it('exports every chat with each attachment once, and that file imports elsewhere', async () => {
    const h = await harness();
    await chatWithBranches(h);
    await importOk(h, 'hollama.json', fixture('hollama-export.json'));
    const res = await h.api('/api/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="ollama-chat-export-\d{4}-\d{2}-\d{2}\.json"/);
    const doc = (await res.json()) as ExportDoc;
    expect(doc.chats).toHaveLength(3);
    expect(Object.keys(doc.blobs ?? {})).toContain(PNG_SHA);

    const target = await harness();
    const report = await importOk(target, 'all.json', JSON.stringify(doc));
    expect(report.chats).toBe(3);
    expect(report.warnings).toEqual([]);
    expect(readFileSync(path.join(target.dataDir, 'blobs', PNG_SHA)).toString('base64')).toBe(PNG);
  });

  it('refuses an unknown chat and an unknown format', async () => {
    const h = await harness();
    expect((await h.api('/api/chats/nope/export')).status).toBe(404);
    const chat = await h.createChat();
    expect((await h.api(`/api/chats/${chat.id}/export?format=pdf`)).status).toBe(400);
  });

  it('refuses export and backup downloads asked for by another origin', async () => {
    const h = await harness();
    for (const p of ['/api/export', '/api/backup']) {
      const res = await h.api(p, { headers: { origin: 'http://evil.example' } });
      expect(res.status).toBe(403);
    }
  });
});

describe('backup', () => {
  it('downloads a valid SQLite database with the same chats, and removes its temporary file', async () => {
    const h = await harness();
    await chatWithBranches(h);
    await importOk(h, 'conversations.json', fixture('chatgpt-conversations.json'));
    const res = await h.api('/api/backup');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="ollama-chat-backup-\d{4}-\d{2}-\d{2}\.sqlite"/);
    const file = path.join(h.dataDir, 'downloaded.sqlite');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));

    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const titles = (db.prepare('SELECT title FROM chats ORDER BY title').all() as Array<{ title: string }>).map(
        (r) => r.title,
      );
      expect(titles).toEqual((await allChats(h)).map((c) => c.title).sort());
      expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 6 + 6 + 2 });
    } finally {
      db.close();
    }
    await waitFor(() => readdirSync(path.join(h.dataDir, 'tmp')).length === 0);
  });
});
