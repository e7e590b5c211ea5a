/**
 * The import errors the format layer really builds reach the user as AppErrors: the right HTTP
 * status, `details.location`, and a hint from the wording table that does not repeat the message.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/backend/errors';
import { collectImport, ImportFormatError } from '../../src/backend/history-manager/portability';
import { buildZip } from '../support/build-zip';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'import', name));

async function failure(fileName: string, bytes: Uint8Array, maxEntries?: number): Promise<ImportFormatError> {
  const options = maxEntries === undefined ? {} : { limits: { maxEntries } };
  const error = await collectImport({ fileName, bytes }, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFormatError);
  return error as ImportFormatError;
}

const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('import errors as AppErrors', () => {
  it('each code the reader builds has a status, a location and its own hint', async () => {
    const newer = { ...JSON.parse(fixture('ollama-chat-export.json').toString()), version: 99 };
    const servers = [{ id: 's1', baseUrl: 'http://x', connectionType: 'ollama', apiKey: 'k' }];
    const zip = buildZip([
      { name: 'conversations.json', data: fixture('chatgpt-conversations.json') },
      { name: 'extra.txt', data: Buffer.from('x') },
    ]);
    const errors = [
      await failure('broken.json', fixture('chatgpt-broken.json')),
      await failure('notes.txt', Buffer.from('just some notes')),
      await failure('new.json', Buffer.from(JSON.stringify(newer))),
      await failure('servers.json', Buffer.from(JSON.stringify(servers))),
      await failure('bad.zip', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64)])),
      await failure('big.zip', zip, 1),
    ];
    expect(errors.map((e) => e.code)).toEqual([
      'import_invalid_json',
      'import_unknown_format',
      'import_unsupported_version',
      'import_refused',
      'import_invalid_zip',
      'import_too_large',
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AppError);
      expect(error.httpStatus).toBe(error.code === 'import_too_large' ? 413 : 400);
      const json = error.toJSON();
      expect(json.details).toEqual({ location: error.location });
      expect(error.location.file).toBeTruthy();
      expect(json.hint.text).toMatch(/^Nothing was imported\./);
      expect(words(json.hint.text).includes(words(json.message))).toBe(false);
    }
  });
});
