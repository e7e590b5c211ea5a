/**
 * The report: ONE table, a row per figure: figure, measured, target, pass/miss. Printed only;
 * nothing is asserted. Sections return rows made with `row()`; a row without a target is a detail
 * (a breakdown, a reference, a growth-curve point) and gets no verdict.
 */
export interface Row {
  /** The figure: what was measured, how often, under which conditions. */
  measure: string;
  /** The measured value (usually a median), with its unit. */
  result: string;
  /** The target it is held against (DESIGN §8 or the issue), or '' for a detail row. */
  budget: string;
  /** true = pass, false = miss, null = informational (no target of its own). */
  ok: boolean | null;
}

export const row = (measure: string, result: string, budget = '', ok: boolean | null = null): Row => ({
  measure,
  result,
  budget,
  ok,
});

export function printTable(title: string, rows: Row[]): void {
  const head: Row = { measure: 'figure', result: 'measured', budget: 'target', ok: null };
  const verdict = (r: Row) => (r === head ? 'pass/miss' : r.ok === null ? '' : r.ok ? 'pass' : 'MISS');
  const all = [head, ...rows];
  const w = {
    measure: Math.max(...all.map((r) => r.measure.length)),
    result: Math.max(...all.map((r) => r.result.length)),
    budget: Math.max(...all.map((r) => r.budget.length)),
    verdict: Math.max(...all.map((r) => verdict(r).length)),
  };
  const line = (r: Row) =>
    `| ${r.measure.padEnd(w.measure)} | ${r.result.padStart(w.result)} | ${r.budget.padEnd(w.budget)} | ${verdict(r).padEnd(w.verdict)} |`;
  const dashes = (n: number) => '-'.repeat(n);
  const rule = `|${dashes(w.measure + 2)}|${dashes(w.result + 1)}:|${dashes(w.budget + 2)}|${dashes(w.verdict + 2)}|`;
  process.stdout.write(`\n${title}\n\n${line(head)}\n${rule}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
}
