/** Splits text into word tokens (leading whitespace attached) whose concatenation is the text again. */
export function wordTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/**
 * What the fake reports as `prompt_eval_count`: a tokenizer-like count of the prompt it received,
 * modelled on the byte-pair tokenizers of current models (Llama 3, Qwen, Gemma) as they behave on
 * average, so the app's estimate (src/shared/token-estimate.ts) can be measured against something
 * that reacts to the text the way a real one does:
 * - a run of letters is one piece per 6 letters started (common words are one token, long ones split);
 * - digits go in groups of up to 3 (as Llama 3 splits numbers);
 * - a run of other visible characters (punctuation, symbols, emoji) is one piece per 2 characters
 *   started, as tokenizers merge the frequent pairs (`()`, `=>`, `**`, `--`);
 * - each CJK character is one piece;
 * - a run of whitespace containing a line break is one piece; spaces before a word ride along with it;
 * - each message costs 4 template tokens (role header and end of turn), the prompt 3 more (start and
 *   the assistant header it ends with);
 * - each image costs 576 tokens (a LLaVA-style 24 × 24 patch grid), not the app's 768.
 */
const FAKE_TOKENS_PER_IMAGE = 576;

function countTextTokens(text: string): number {
  let tokens = 0;
  for (const piece of text.match(/\p{L}+|\p{N}+|\s*\n\s*|\s+|[^\s\p{L}\p{N}]+/gu) ?? []) {
    if (/^\p{L}/u.test(piece)) {
      // Scripts without spaces between words (CJK) tokenize per character, roughly.
      tokens += /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul}/u.test(piece)
        ? [...piece].length
        : Math.ceil([...piece].length / 6);
    } else if (/^\p{N}/u.test(piece)) tokens += Math.ceil(piece.length / 3);
    else if (piece.includes('\n')) tokens += 1;
    else if (/^\s+$/.test(piece)) tokens += piece.length > 1 ? 1 : 0;
    else tokens += Math.ceil([...piece].length / 2);
  }
  return tokens;
}

export function countPromptTokens(messages: ReadonlyArray<{ content: string; images?: readonly unknown[] }>): number {
  let tokens = 3;
  for (const m of messages) {
    tokens += 4 + countTextTokens(m.content) + (m.images?.length ?? 0) * FAKE_TOKENS_PER_IMAGE;
  }
  return tokens;
}
