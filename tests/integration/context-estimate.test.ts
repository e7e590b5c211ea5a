/**
 * The context meter's count against what the (fake) model counts (issue 11): the fake's
 * `prompt_eval_count` is a tokenizer-like count of the prompt it received, so an estimate that
 * drifted from the prompt the server really sends would show here. Figures are in `npm run bench` (15).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONVERSATIONS, collectSamples } from '../../bench/sections/context-estimate';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("the context estimate vs the fake's prompt_eval_count", () => {
  it('stays close over varied conversations, and closer once an answer has been measured', async () => {
    const samples = await collectSamples(h.url, CONVERSATIONS);
    const error = (value: number, measured: number) => Math.abs(value - measured) / measured;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

    // Plain prose is what ~4 characters per token describes: the estimate alone is within 5 %.
    for (const s of samples.filter((x) => x.conversation === 'English prose')) {
      expect(error(s.estimate, s.measured)).toBeLessThanOrEqual(0.05);
    }
    // Once an earlier answer was measured, the meter's prediction of the next prompt is close for every kind of text.
    const reconciled = samples.filter((s) => s.reconciled !== null);
    expect(reconciled.length).toBeGreaterThanOrEqual(CONVERSATIONS.length);
    const meter = reconciled.map((s) => error(s.reconciled as number, s.measured));
    const estimate = reconciled.map((s) => error(s.estimate, s.measured));
    expect(median(meter)).toBeLessThanOrEqual(0.05);
    expect(median(meter)).toBeLessThan(median(estimate));
    expect(Math.max(...meter)).toBeLessThan(0.25);
  });
});
