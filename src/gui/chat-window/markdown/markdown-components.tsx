import { Children, isValidElement, type ReactNode } from 'react';
import { type ExtraProps, useIsCodeFenceIncomplete } from 'streamdown';
import { CodeBlock } from './code-block';
import { MathFormula } from './math-formula';

type Props<K extends keyof React.JSX.IntrinsicElements> = React.JSX.IntrinsicElements[K] & ExtraProps;

export function textOf(children: ReactNode): string {
  let text = '';
  Children.forEach(children, (child) => {
    if (typeof child === 'string' || typeof child === 'number') text += String(child);
    else if (isValidElement<{ children?: ReactNode }>(child)) text += textOf(child.props.children);
  });
  return text;
}

function languageOf(className: string | undefined): string {
  const match = /(?:^|\s)language-([^\s]+)/.exec(className ?? '');
  return match?.[1] ?? '';
}

const SAFE_LINK = /^(https?:|mailto:|#)/i;

/** Links open in a new tab, never leak the referrer or the opener, and show where they go. */
export function SafeLink({ href, children, node: _node, className: _className, ...rest }: Props<'a'>) {
  if (!href || !SAFE_LINK.test(href)) {
    // Anything else (javascript:, data:, relative paths into our own API) is shown, not followed.
    return (
      <span className="text-muted-foreground" title={href ? `Link not opened: ${href}` : undefined}>
        {children}
      </span>
    );
  }
  const external = !href.startsWith('#');
  return (
    <a
      {...rest}
      href={href}
      title={href}
      target={external ? '_blank' : undefined}
      rel={external ? 'noopener noreferrer' : undefined}
    >
      {children}
    </a>
  );
}

/** Inline images: data: URLs only. Remote images are never loaded automatically (tracking pixels). */
export function SafeImage({ src, alt, node: _node }: Props<'img'>) {
  const url = typeof src === 'string' ? src : '';
  if (/^data:image\/(png|jpe?g|gif|webp);/i.test(url)) {
    return <img src={url} alt={alt ?? ''} className="my-2 max-w-full rounded-lg" loading="lazy" />;
  }
  let host = '';
  try {
    host = new URL(url, window.location.href).host;
  } catch {
    host = '';
  }
  const label = alt ? `Image “${alt}”` : 'Image';
  if (!/^https?:/i.test(url)) return <span className="text-muted-foreground">[{label}]</span>;
  return (
    <a
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      title={url}
      className="inline-flex items-center gap-1 rounded-md border border-border px-2 py-0.5 text-sm no-underline"
    >
      {label} — not loaded, open {host ? `from ${host}` : 'it'} ↗
    </a>
  );
}

/** Fenced code (with `data-block`) becomes a code block or display math; anything else is inline code. */
export function CodeOrMath({ className, children, node: _node, ...rest }: Props<'code'> & { 'data-block'?: string }) {
  const incomplete = useIsCodeFenceIncomplete();
  const language = languageOf(className);
  const code = textOf(children);
  if (!('data-block' in rest)) return <InlineCode className={className}>{children}</InlineCode>;
  if (language === 'math') return <MathFormula tex={code.trim()} display />;
  return <CodeBlock code={code} language={language} incomplete={incomplete} />;
}

export function InlineCode({ className, children }: Props<'code'>) {
  if (languageOf(className) === 'math') return <MathFormula tex={textOf(children)} display={false} />;
  return <code className="inline-code">{children}</code>;
}

/** Streamdown renders bold as a styled <span>; keep the semantics (screen readers, copy as rich text). */
export function Strong({ children, node: _node, className: _className, ...rest }: Props<'strong'>) {
  return (
    <strong className="font-semibold" {...rest}>
      {children}
    </strong>
  );
}
