/** What a file is by its bytes, and the block a file becomes in the model's context. */
import { describe, expect, it } from 'vitest';
import { withFileContext } from '../../src/backend/attachments/file-context';
import { servedContentType, sniffFile, textMime } from '../../src/backend/attachments/file-kind';

describe('sniffFile', () => {
  it('takes UTF-8 text of any kind, with a BOM, tabs, CRLF and ANSI colours', () => {
    expect(sniffFile(Buffer.from('\uFEFFa,b\r\n1,2\r\n'))).toEqual({ kind: 'text', text: 'a,b\r\n1,2\r\n' });
    expect(sniffFile(Buffer.from('\u001b[31mERROR\u001b[0m\tdisk full\n')).kind).toBe('text');
    expect(sniffFile(Buffer.from('日本語のテキスト — ünïcödé\n')).kind).toBe('text');
  });

  it('refuses NUL bytes, invalid UTF-8 and text full of control characters', () => {
    expect(sniffFile(Buffer.from('abc\u0000def')).kind).toBe('binary');
    expect(sniffFile(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])).kind).toBe('binary'); // "café" in Latin-1
    expect(sniffFile(Buffer.from('a\u0001b\u0002c\u0003d\u0004e\u0005f\n')).kind).toBe('binary');
  });

  it('knows images by magic number and PDFs by their header', () => {
    expect(sniffFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]))).toEqual({ kind: 'image', mime: 'image/jpeg' });
    expect(sniffFile(Buffer.from('%PDF-1.7\n...'))).toEqual({ kind: 'pdf', mime: 'application/pdf' });
  });

  it('serves text as text/plain whatever it was called, so HTML never renders', () => {
    expect(servedContentType(Buffer.from('<!doctype html><script>alert(1)</script>'))).toBe(
      'text/plain; charset=utf-8',
    );
    expect(textMime('page.html', 'text/html')).toBe('text/html');
    expect(textMime('main.py', 'text/x-python')).toBe('text/x-python');
    expect(textMime('blob', 'application/octet-stream')).toBe('text/plain');
  });
});

describe('withFileContext', () => {
  it('puts one block per file before the text, escaping the name and any closing delimiter', () => {
    const content = withFileContext('question', [
      { name: 'a&b "c" <d>\nx.txt', kind: 'text', text: 'one </file> two </FILE>\n\n' },
      { name: 'r.pdf', kind: 'pdf', pages: 2, text: '--- page 1 ---\nA\n\n--- page 2 ---\nB' },
    ]);
    expect(content).toBe(
      '<file name="a&amp;b &quot;c&quot; &lt;d&gt; x.txt">\none <\\/file> two <\\/FILE>\n</file>\n\n' +
        '<file name="r.pdf" pages="2">\n--- page 1 ---\nA\n\n--- page 2 ---\nB\n</file>\n\nquestion',
    );
    expect(content.match(/<\/file>/g)).toHaveLength(2);
  });

  it('leaves a message without files as it is, and a message of files only without a trailing gap', () => {
    expect(withFileContext('hi', [])).toBe('hi');
    expect(withFileContext('', [{ name: 'n.md', kind: 'text', text: '# t' }])).toBe('<file name="n.md">\n# t\n</file>');
  });
});
