/**
 * The parameter catalogue is the one source of every range: the server's ChatOptions schema accepts
 * each bound, refuses just past it, and its reason names the parameter and its range.
 */
import { describe, expect, it } from 'vitest';
import { ChatOptionsSchema } from '../../src/backend/schemas';
import {
  checkNumber,
  FORMAT_PARAMETER,
  KEEP_ALIVE_PARAMETER,
  NUMBER_PARAMETERS,
  PARAMETERS,
  parameterError,
  rangeText,
  STOP_PARAMETER,
  THINK_PARAMETER,
} from '../../src/shared/parameters';

const refusal = (options: unknown): string | null => {
  const result = ChatOptionsSchema.safeParse(options);
  return result.success ? null : (result.error.issues[0]?.message ?? 'refused without a reason');
};

describe('parameter catalogue', () => {
  it('covers every option a chat may set, each with a label, default and one-line explanation', () => {
    const keys = PARAMETERS.map((p) => p.key).sort();
    expect(keys).toEqual(Object.keys(ChatOptionsSchema.shape).sort());
    for (const p of PARAMETERS) {
      expect(p.label).not.toBe('');
      expect(p.defaultText).not.toBe('');
      expect(p.help).toMatch(/^[A-Z].+\.$/);
      expect(p.help).not.toContain('\n');
    }
  });

  for (const p of Object.values(NUMBER_PARAMETERS)) {
    it(`${p.key}: accepts ${p.min} and ${p.max}, refuses values outside with its range`, () => {
      expect(refusal({ [p.key]: p.min })).toBeNull();
      expect(refusal({ [p.key]: p.max })).toBeNull();
      const step = p.integer ? 1 : 0.001;
      for (const bad of [p.min - step, p.max + step, 'abc', null]) {
        const reason = refusal({ [p.key]: bad });
        expect(reason, `${p.key}=${String(bad)}`).toBe(parameterError(p));
        expect(reason).toContain(p.key);
        expect(reason).toContain(String(p.min));
        expect(reason).toContain(String(p.max));
      }
      if (p.integer) expect(refusal({ [p.key]: p.min + 0.5 })).toBe(parameterError(p));
      expect(checkNumber(p, p.max).ok).toBe(true);
      expect(checkNumber(p, p.max + step)).toEqual({ ok: false, error: parameterError(p) });
    });
  }

  it('stop: at most maxItems sequences of at most maxChars characters', () => {
    expect(refusal({ stop: Array.from({ length: STOP_PARAMETER.maxItems }, (_, i) => `s${i}`) })).toBeNull();
    const tooMany = Array.from({ length: STOP_PARAMETER.maxItems + 1 }, (_, i) => `s${i}`);
    expect(refusal({ stop: tooMany })).toBe(parameterError(STOP_PARAMETER));
    expect(refusal({ stop: ['x'.repeat(STOP_PARAMETER.maxChars + 1)] })).toBe(parameterError(STOP_PARAMETER));
    expect(refusal({ stop: [''] })).toBe(parameterError(STOP_PARAMETER));
    expect(refusal({ stop: 'END' })).toBe(parameterError(STOP_PARAMETER));
  });

  it('keep_alive: seconds in range or a Go duration', () => {
    for (const ok of [-1, 0, 300, KEEP_ALIVE_PARAMETER.maxSeconds, '10m', '1h30m', '-1m']) {
      expect(refusal({ keep_alive: ok }), String(ok)).toBeNull();
    }
    for (const bad of [-2, KEEP_ALIVE_PARAMETER.maxSeconds + 1, 'forever', '10 minutes', true]) {
      expect(refusal({ keep_alive: bad }), String(bad)).toBe(parameterError(KEEP_ALIVE_PARAMETER));
    }
  });

  it('think: on, off or a level; format: json only', () => {
    for (const ok of THINK_PARAMETER.values) expect(refusal({ think: ok })).toBeNull();
    expect(refusal({ think: 'max' })).toBe(parameterError(THINK_PARAMETER));
    expect(refusal({ format: 'json' })).toBeNull();
    expect(refusal({ format: 'yaml' })).toBe(parameterError(FORMAT_PARAMETER));
  });

  it('words ranges for the hint under each field', () => {
    expect(rangeText(NUMBER_PARAMETERS.temperature)).toBe('a number from 0 to 5');
    expect(rangeText(NUMBER_PARAMETERS.num_ctx)).toBe('a whole number from 256 to 4194304');
    expect(parameterError(NUMBER_PARAMETERS.top_p)).toBe('top_p must be a number from 0 to 1');
  });

  it('refuses unknown keys', () => {
    expect(refusal({ mirostat: 1 })).not.toBeNull();
  });
});
