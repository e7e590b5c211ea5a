/**
 * Loads the browser's locale data (ICU) by using each Intl formatter the GUI uses once. The data is
 * shared by the whole renderer process, so after this the page's own first `toLocaleString` or
 * `Intl.*Format` costs under a millisecond instead of 55–140 ms on the main thread. See `warm-intl.ts`.
 */
new Intl.NumberFormat().format(1234.5);
new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(0);
new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(-3, 'day');
new Intl.Collator(undefined, { numeric: true }).compare('a2', 'a10');
postMessage('warm');
