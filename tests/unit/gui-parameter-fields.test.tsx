// @vitest-environment jsdom
/** The parameter fields render from the catalogue, round-trip a chat's options, and mark the field the server refused. */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/gui/api';
import { fromDraft, invalidParameter, ParameterFields, toDraft } from '../../src/gui/presets/parameter-fields';
import type { ChatOptions } from '../../src/shared/api';
import { PARAMETERS, rangeText } from '../../src/shared/parameters';

afterEach(cleanup);

const FULL: ChatOptions = {
  temperature: 0.3,
  top_p: 0.9,
  top_k: 40,
  min_p: 0.05,
  num_ctx: 8192,
  num_predict: -1,
  seed: 0,
  repeat_penalty: 1.1,
  stop: ['END', '###'],
  keep_alive: '10m',
  think: 'high',
  format: 'json',
};

describe('parameter fields', () => {
  it('round-trips every option through the form text', () => {
    expect(fromDraft(toDraft(FULL))).toEqual(FULL);
    expect(fromDraft(toDraft({}))).toEqual({});
    expect(fromDraft(toDraft({ think: false, keep_alive: -1 }))).toEqual({ think: false, keep_alive: -1 });
  });

  it('sends text that is not a number as typed, for the server to refuse with its reason', () => {
    const draft = { ...toDraft({}), temperature: 'warm', seed: ' 12 ' };
    expect(fromDraft(draft)).toEqual({ temperature: 'warm', seed: 12 });
  });

  it('shows each parameter’s range and explanation, and marks the one the server named', () => {
    const error = new ApiError(
      {
        code: 'validation_error',
        message: 'Invalid request body: options.top_k: top_k must be a whole number from 0 to 1000',
        details: [{ path: 'options.top_k', message: 'top_k must be a whole number from 0 to 1000' }],
      },
      400,
    );
    expect(invalidParameter(error)).toBe('top_k');
    expect(invalidParameter(new Error('x'))).toBeNull();
    render(<ParameterFields idPrefix="t" draft={toDraft({})} invalid="top_k" onChange={() => undefined} />);
    for (const p of PARAMETERS) {
      const field = screen.getByLabelText(p.label);
      const hint = document.getElementById(`t-${p.key}-hint`);
      expect(field.getAttribute('aria-describedby')).toBe(`t-${p.key}-hint`);
      expect(hint?.textContent).toBe(`${rangeText(p)}. ${p.help}`);
    }
    expect(screen.getByLabelText('Top K').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Top P').getAttribute('aria-invalid')).toBeNull();
  });
});
