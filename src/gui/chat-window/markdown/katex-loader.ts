type Katex = typeof import('katex').default;

let katex: Katex | null = null;
let loading: Promise<Katex> | null = null;

/** KaTeX and its CSS/fonts are only fetched when an answer actually contains math. */
export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([module]) => {
    katex = module.default;
    return katex;
  });
  return loading;
}

export function loadedKatex(): Katex | null {
  return katex;
}
