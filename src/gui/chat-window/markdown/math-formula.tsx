import { useEffect, useState } from 'react';
import { loadedKatex, loadKatex } from './katex-loader';

const cache = new Map<string, string>();
const MAX_CACHE = 500;

function render(tex: string, display: boolean): string | null {
  const katex = loadedKatex();
  if (!katex) return null;
  const key = `${display ? 'D' : 'I'}${tex}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  // trust:false keeps \href, \url and \htmlClass from emitting links or raw attributes.
  const html = katex.renderToString(tex, {
    displayMode: display,
    throwOnError: false,
    trust: false,
    strict: 'ignore',
    // HTML only (half the DOM nodes of htmlAndMathml); screen readers get the TeX source instead.
    output: 'html',
    maxExpand: 1000,
  });
  // KaTeX builds its markup by concatenation: a rope of ~450 pieces per formula, kept as such by this cache
  // and React's props (26,000 rope nodes after a 20k-token answer). Reading a character makes V8 flatten it
  // in place into one string, and the pieces can go.
  void html.charCodeAt(0);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, html);
  return html;
}

/** A LaTeX formula: raw TeX until KaTeX has loaded, then KaTeX's (trusted, script-free) markup. */
export function MathFormula({ tex, display }: { tex: string; display: boolean }) {
  const [html, setHtml] = useState<string | null>(() => render(tex, display));
  useEffect(() => {
    let alive = true;
    const now = render(tex, display);
    if (now !== null) {
      setHtml(now);
      return;
    }
    void loadKatex().then(() => {
      if (alive) setHtml(render(tex, display));
    });
    return () => {
      alive = false;
    };
  }, [tex, display]);

  if (html === null) {
    return display ? (
      <pre className="my-3 overflow-x-auto font-mono text-sm text-muted-foreground">{tex}</pre>
    ) : (
      <code className="inline-code">{tex}</code>
    );
  }
  return display ? (
    <div className="my-3" data-math="display" role="img" aria-label={tex}>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output with trust:false, not model HTML */}
      <div aria-hidden="true" dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  ) : (
    <span data-math="inline" role="img" aria-label={tex}>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output with trust:false, not model HTML */}
      <span aria-hidden="true" dangerouslySetInnerHTML={{ __html: html }} />
    </span>
  );
}
