/**
 * Replaces `rehype-raw` in the GUI build (see vite.config.ts). Streamdown imports it eagerly, but this app
 * never renders raw HTML from the model, so its HTML parser (parse5, ~100 KB) would be dead weight.
 */
export default function rehypeRaw() {
  return undefined;
}
