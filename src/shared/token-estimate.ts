/**
 * The one token estimate used before Ollama has counted anything: the server trims the context with it and the
 * GUI shows it in the context meter and on file cards. Rough but stable: ~4 characters per token, ~768 tokens per
 * image (Ollama's own figure for one image), and a few tokens of chat-template overhead per turn.
 */
export const CHARS_PER_TOKEN = 4;
export const TOKENS_PER_IMAGE = 768;
export const TOKENS_PER_TURN = 4;

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** One chat turn: its text, its images and the template's overhead. */
export function estimateTurnTokens(content: string, imageCount = 0): number {
  return estimateTextTokens(content) + imageCount * TOKENS_PER_IMAGE + TOKENS_PER_TURN;
}
