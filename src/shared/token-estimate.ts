/**
 * The one token estimate used before Ollama has counted anything: the server trims the context with it and the
 * GUI shows it in the context meter and on file cards. Rough but stable: ~4 characters per token, ~768 tokens per
 * image (Ollama's own figure for one image), and a few tokens of chat-template overhead per turn.
 *
 * Characters of scripts written without spaces (Chinese, Japanese, Korean) count one token each:
 * byte-pair tokenizers spend about one token per such character, four times what `length / 4` says.
 */
export const CHARS_PER_TOKEN = 4;
export const TOKENS_PER_IMAGE = 768;
export const TOKENS_PER_TURN = 4;

const WIDE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
/** Below U+1100 there is no character of those scripts: most text skips the scan. */
const MAYBE_WIDE = /[\u1100-\uffff]/;

export function estimateTextTokens(text: string): number {
  const wide = MAYBE_WIDE.test(text) ? (text.match(WIDE_SCRIPT)?.length ?? 0) : 0;
  return Math.ceil((text.length - wide) / CHARS_PER_TOKEN) + wide;
}

/** One chat turn: its text, its images and the template's overhead. */
export function estimateTurnTokens(content: string, imageCount = 0): number {
  return estimateTextTokens(content) + imageCount * TOKENS_PER_IMAGE + TOKENS_PER_TURN;
}
