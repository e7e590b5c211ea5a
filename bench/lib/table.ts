/** The report: one row per figure, next to its DESIGN §8 budget. Printed only; nothing is asserted. */
export interface Row {
  measure: string;
  result: string;
  budget: string;
  /** true = within budget, false = over, null = informational (no budget of its own). */
  ok: boolean | null;
}

export const row = (measure: string, result: string, budget = '', ok: boolean | null = null): Row => ({
  measure,
  result,
  budget,
  ok,
});

export function printTable(title: string, rows: Row[]): void {
  const head: Row = { measure: 'measure', result: 'result', budget: 'budget (DESIGN §8)', ok: null };
  const verdict = (r: Row) => (r === head ? 'verdict' : r.ok === null ? '' : r.ok ? 'within' : 'OVER');
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
