/**
 * The one token estimate used before Ollama has counted anything: the server trims the context with it and the
 * GUI shows it in the context meter and on file cards. Rough but stable: ~768 tokens per image (Ollama's own
 * figure for one image), a few tokens of chat-template overhead per turn, and for text a rate per kind of
 * character, because byte-pair tokenizers (Llama 3, Qwen, Gemma) spend very different amounts on each:
 * - words and the spaces between them: about 4.4 characters a token (a common word and the space before it
 *   are one token, a long or rare one splits); with the punctuation of prose that is ~4 characters a token;
 * - digits: numbers split into groups of up to 3 digits, and the separators between them are tokens too;
 * - punctuation and symbols (code, markdown, tables, emoji): only the frequent pairs merge (`()`, `=>`,
 *   `**`, `|-`), so about 1.4 characters a token;
 * - line breaks: most are a token of their own (a blank line often merges into one);
 * - characters of scripts written without spaces (Chinese, Japanese, Korean): about one token each.
 * Plain prose comes out near `length / 4`; code and tables, which a flat rate undercounts by a quarter to a
 * third, come out near what the model counts.
 *
 * The server stores `estimateTextTokens` of every message beside it (`messages.content_tokens`, migration 012):
 * a change to it needs a migration that computes that column again (the unit test of this file says so too).
 */

/** The flat rate, for a size when the text itself is not at hand (a file not read). */
export const CHARS_PER_TOKEN = 4;
export const TOKENS_PER_IMAGE = 768;
export const TOKENS_PER_TURN = 4;

const WORD_CHARS_PER_TOKEN = 4.4;
const DIGITS_PER_TOKEN = 2.5;
const SYMBOLS_PER_TOKEN = 1.4;
const TOKENS_PER_LINE_BREAK = 0.6;

/** Hiragana, Katakana, CJK ideographs, Hangul syllables (and the punctuation and forms around them). */
function isWide(code: number): boolean {
  return (code >= 0x3000 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff);
}

export function estimateTextTokens(text: string): number {
  let words = 0;
  let digits = 0;
  let symbols = 0;
  let breaks = 0;
  let wide = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) breaks++;
    else if (c < 128) {
      if (c >= 48 && c <= 57) digits++;
      // Letters, spaces, tabs and carriage returns.
      else if (((c | 32) >= 97 && (c | 32) <= 122) || c === 32 || c === 9 || c === 13) words++;
      else symbols++;
    }
    // Latin with accents, Greek, Cyrillic, Hebrew, Arabic, Indic…: words.
    else if (c < 0x2000) words++;
    else if (isWide(c)) wide++;
    // General punctuation, arrows, maths, box drawing, emoji (each half of a surrogate pair).
    else symbols++;
  }
  return (
    Math.ceil(
      words / WORD_CHARS_PER_TOKEN +
        digits / DIGITS_PER_TOKEN +
        symbols / SYMBOLS_PER_TOKEN +
        breaks * TOKENS_PER_LINE_BREAK,
    ) + wide
  );
}

/** One chat turn: its text, its images and the template's overhead. */
export function estimateTurnTokens(content: string, imageCount = 0): number {
  return estimateTextTokens(content) + imageCount * TOKENS_PER_IMAGE + TOKENS_PER_TURN;
}
