import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  collectImport,
  type ExportJsonOptions,
  type PortableChat,
  toExportJson,
  toMarkdown,
} from '../../src/backend/history-manager/portability';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import');
const PIXEL_SHA = '63ef318d96b5d0d0ceba6e04a4e622b1158335cdc67c49e27839132c6f655058';
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

async function exportText(chats: PortableChat[], options: Partial<ExportJsonOptions> = {}): Promise<string> {
  let text = '';
  for await (const part of toExportJson(chats, {
    exportedAt: '2031-01-01T00:00:00.000Z',
    appVersion: '0.1.0',
    ...options,
  })) {
    text += part;
  }
  return text;
}

const reimport = async (text: string) => collectImport({ fileName: 'export.json', bytes: Buffer.from(text) });

describe('export JSON -> import', () => {
  it('our fixture: import -> export gives the same document except exportedAt', async () => {
    const { chats } = await collectImport({ fileName: 'f.json', bytes: fixture('ollama-chat-export.json') });
    const original = JSON.parse(fixture('ollama-chat-export.json').toString());
    const written = JSON.parse(await exportText(chats));
    expect(written.exportedAt).toBe('2031-01-01T00:00:00.000Z');
    expect({ ...written, exportedAt: original.exportedAt }).toEqual(original);
  });

  it.each(['chatgpt-conversations.json', 'openwebui-chat-export.json', 'hollama-export.json', 'transcript.md'])(
    '%s: every imported tree survives export -> import unchanged',
    async (name) => {
      const first = await collectImport({ fileName: name, bytes: fixture(name) }, { now: '2030-01-01T00:00:00.000Z' });
      const text = await exportText(first.chats);
      const again = await reimport(text);
      expect(again.chats).toHaveLength(first.chats.length);
      first.chats.forEach((chat, i) => {
        const back = again.chats[i] as PortableChat;
        // The foreign source becomes the origin; the id of the exported chat is the source id.
        expect(back.origin).toEqual({ ...chat.source, importedAt: null });
        expect(back.source).toEqual({ app: 'ollama-chat', id: chat.source.id });
        // Placeholders (no bytes, no hash) are not attachments in our format; their text stays in content.
        const withoutPlaceholders = chat.messages.map((m) => {
          if (!m.attachments) return m;
          const real = m.attachments.filter((a) => a.sha256 !== null).map((a) => ({ ...a, sourceRef: undefined }));
          return { ...m, attachments: real.map(({ sourceRef: _drop, ...rest }) => rest) };
        });
        expect({ ...back, source: chat.source, origin: undefined }).toEqual({
          ...chat,
          origin: undefined,
          messages: withoutPlaceholders,
        });
      });
    },
  );

  it('blobs mode writes each image once after the chats; the importer yields them verified', async () => {
    const { chats } = await collectImport({ fileName: 'h.json', bytes: fixture('hollama-export.json') });
    const sameImageTwice = [
      chats[0] as PortableChat,
      { ...(chats[0] as PortableChat), source: { app: 'hollama' as const, id: 'copy' } },
    ];
    const text = await exportText(sameImageTwice, { attachments: 'blobs' });
    const doc = JSON.parse(text);
    expect(Object.keys(doc.blobs)).toEqual([PIXEL_SHA]);
    expect(text.indexOf('"blobs"')).toBeGreaterThan(text.lastIndexOf('"messages"'));
    const back = await reimport(text);
    expect([...back.blobs.keys()]).toEqual([PIXEL_SHA]);
    expect(back.report.blobs).toBe(1);
    const attachment = back.chats[0]?.messages[3]?.attachments?.[0];
    expect(attachment).toMatchObject({ sha256: PIXEL_SHA, data: null, size: 68 });
  });

  it('loads bytes through loadBlob when the chat carries only hashes, and "none" writes metadata only', async () => {
    const { chats } = await collectImport({ fileName: 'h.json', bytes: fixture('hollama-export.json') });
    const pixel = chats[0]?.messages[3]?.attachments?.[0]?.data as Uint8Array;
    const hashOnly = structuredClone(chats[0] as PortableChat);
    for (const m of hashOnly.messages) for (const a of m.attachments ?? []) a.data = null;
    const requested: string[] = [];
    const loadBlob = async (sha: string) => {
      requested.push(sha);
      return pixel;
    };
    const inline = await reimport(await exportText([hashOnly], { loadBlob }));
    expect(requested).toEqual([PIXEL_SHA]);
    expect(inline.chats[0]?.messages[3]?.attachments?.[0]?.data).toEqual(pixel);
    const none = JSON.parse(await exportText(chats, { attachments: 'none' }));
    expect(none.chats[0].messages[3].attachments[0].data).toBeUndefined();
    expect(none.blobs).toBeUndefined();
  });
});

describe('toMarkdown', () => {
  it('the parsed transcript exports back to the same file', async () => {
    const { chats } = await collectImport({ fileName: 'transcript.md', bytes: fixture('transcript.md') });
    const text = toMarkdown(chats[0] as PortableChat, { exportedAt: '2026-11-25T10:00:00.000Z' });
    expect(text).toBe(fixture('transcript.md').toString('utf8'));
  });

  it('writes the active branch only, omits an empty failed answer, and escapes turn headings', async () => {
    const { chats } = await collectImport({ fileName: 'f.json', bytes: fixture('ollama-chat-export.json') });
    const chat = structuredClone(chats[0] as PortableChat);
    const followUp = chat.messages.find((m) => m.sourceId.endsWith('QE'));
    if (followUp) followUp.content = 'And a semaphore?\n## Assistant\n```\n## User\n```';
    const text = toMarkdown(chat, { exportedAt: '2031-01-01T00:00:00.000Z' });
    expect(text).toContain('## System\n<!-- ollama-chat {"role":"system"} -->\n\nYou are a concise assistant.');
    expect(text).not.toContain('lets one thread at a time'); // the abandoned first answer QC
    expect(text).toContain('<summary>Thinking</summary>\n\nThe user wants one short paragraph.\n\n</details>');
    expect(text).not.toContain('QF'); // errored without content
    expect(text).toContain('\\## Assistant\n```\n## User\n```');
    const back = await collectImport({ fileName: 'x.md', bytes: Buffer.from(text) });
    expect(back.chats[0]?.messages.map((m) => m.sourceId.slice(-2))).toEqual(['QB', 'QD', 'QE']);
    expect(back.chats[0]?.messages[2]?.content).toBe(followUp?.content);
  });
});
