/**
 * Syntax highlighting, loaded lazily (its own chunk, plus one chunk per language on first use).
 * Uses Shiki's JavaScript regex engine, so the CSP needs no 'wasm-unsafe-eval'.
 */
import { createHighlighterCore, type HighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import { bundledLanguages } from 'shiki/langs';

export interface HighlightToken {
  content: string;
  light?: string;
  dark?: string;
}

export type HighlightedLines = HighlightToken[][];

let highlighter: Promise<HighlighterCore> | null = null;
const loadedLanguages = new Set<string>();
const failedLanguages = new Set<string>();

function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= createHighlighterCore({
    themes: [import('shiki/themes/github-light.mjs'), import('shiki/themes/github-dark.mjs')],
    langs: [],
    engine: createJavaScriptRegexEngine({ forgiving: true }),
  });
  return highlighter;
}

const ALIASES: Record<string, string> = {
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  console: 'bash',
  'c++': 'cpp',
  'c#': 'csharp',
  cs: 'csharp',
  py: 'python',
  js: 'javascript',
  ts: 'typescript',
  rb: 'ruby',
  rs: 'rust',
  yml: 'yaml',
  md: 'markdown',
  golang: 'go',
  kt: 'kotlin',
  ps1: 'powershell',
  dockerfile: 'docker',
};

export function canonicalLanguage(language: string): string | null {
  const lower = language.trim().toLowerCase();
  const id = ALIASES[lower] ?? lower;
  return id in bundledLanguages ? id : null;
}

/** Tokens for both themes, or null when the language is unknown (the caller keeps plain text). */
export async function highlight(code: string, language: string): Promise<HighlightedLines | null> {
  const lang = canonicalLanguage(language);
  if (!lang || failedLanguages.has(lang)) return null;
  const core = await getHighlighter();
  if (!loadedLanguages.has(lang)) {
    try {
      const loader = bundledLanguages[lang as keyof typeof bundledLanguages];
      await core.loadLanguage(loader);
      loadedLanguages.add(lang);
    } catch {
      failedLanguages.add(lang);
      return null;
    }
  }
  try {
    const { tokens } = core.codeToTokens(code, {
      lang,
      themes: { light: 'github-light', dark: 'github-dark' },
      defaultColor: false,
    });
    return tokens.map((line) =>
      line.map((token) => ({
        content: token.content,
        light: token.htmlStyle?.['--shiki-light'],
        dark: token.htmlStyle?.['--shiki-dark'],
      })),
    );
  } catch {
    return null;
  }
}
