/** Splits text into word tokens (leading whitespace attached) whose concatenation is the text again. */
export function wordTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}
