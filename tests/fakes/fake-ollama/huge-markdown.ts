/** A long, well-formed markdown answer (headings, lists, fenced code, tables, math) cut into word tokens. */
import { wordTokens } from './tokens';

const CODE_SAMPLES: Array<[string, string]> = [
  ['ts', 'export function fib(n: number): number {\n  return n < 2 ? n : fib(n - 1) + fib(n - 2);\n}'],
  ['python', 'def mean(xs: list[float]) -> float:\n    return sum(xs) / len(xs) if xs else 0.0'],
  ['bash', 'for f in *.log; do\n  gzip -9 "$f" && echo "packed $f"\ndone'],
  ['json', '{\n  "model": "llama3.2",\n  "stream": true,\n  "options": { "num_ctx": 8192 }\n}'],
  ['rust', 'fn main() {\n    let total: u64 = (1..=10).map(|x| x * x).sum();\n    println!("{total}");\n}'],
];

function section(i: number): string {
  const [lang, code] = CODE_SAMPLES[i % CODE_SAMPLES.length] ?? ['text', 'noop'];
  return [
    `## Section ${i + 1}: notes on topic ${i + 1}`,
    '',
    `This paragraph explains **point ${i + 1}** with some _emphasis_, a [link](https://example.com/${i + 1}) and inline \`code_${i + 1}()\`. The energy relation $E = mc^2$ and the sum $\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$ appear inline.`,
    '',
    `- first item of list ${i + 1}`,
    '- second item with `inline code`',
    `  - nested item ${i + 1}.1`,
    '1. ordered step one',
    '2. ordered step two',
    '',
    `\`\`\`${lang}`,
    code,
    '```',
    '',
    '| column | value | note |',
    '|---|---:|---|',
    `| alpha | ${i * 3 + 1} | first |`,
    `| beta | ${i * 3 + 2} | second |`,
    '',
    '$$',
    `\\int_0^{${i + 1}} x^2 \\, dx = \\frac{${(i + 1) ** 3}}{3}`,
    '$$',
    '',
    '> A quoted remark closes the section.',
    '',
    '',
  ].join('\n');
}

const cache = new Map<number, string[]>();

/** Exactly `count` tokens: whole sections while they fit, then filler words, so the markdown stays closed. */
export function hugeMarkdownTokens(count: number): string[] {
  const cached = cache.get(count);
  if (cached) return cached;
  const tokens: string[] = [];
  for (let i = 0; ; i++) {
    const next = wordTokens(section(i));
    if (tokens.length + next.length > count) break;
    tokens.push(...next);
  }
  for (let i = 0; tokens.length < count; i++) tokens.push(i === 0 ? 'The end' : ' and more');
  cache.set(count, tokens);
  return tokens;
}
