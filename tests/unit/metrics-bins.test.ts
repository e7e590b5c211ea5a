import { describe, expect, it } from 'vitest';
import { binNumber, histogram } from '../../src/gui/model-selector/metrics-math';

describe('histogram labels', () => {
  it('use as many decimals as the bin width needs, never "bins of 0.0"', () => {
    const hist = histogram([10.01, 10.02, 10.03, 10.05, 10.08], 12);
    expect(hist.binWidth).toBeLessThan(0.05);
    expect(binNumber(hist.binWidth, hist.binWidth)).not.toMatch(/^0\.0$/);
    expect(binNumber(0.02, 0.02)).toBe('0.02');
    expect(binNumber(10.04, 0.02)).toBe('10.04');
    expect(binNumber(0.5, 0.5)).toBe('0.5');
    expect(binNumber(20, 5)).toBe('20');
    expect(binNumber(57_000, 1_000)).toBe('57K');
  });
});
