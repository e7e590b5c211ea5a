/** Moves focus to the next/previous result link inside `list`. */
export function moveFocus(list: HTMLElement | null, step: 1 | -1): void {
  if (!list) return;
  const links = Array.from(list.querySelectorAll<HTMLAnchorElement>('a[data-search-result]'));
  if (links.length === 0) return;
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = at === -1 ? (step === 1 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
  links[next]?.focus();
}
