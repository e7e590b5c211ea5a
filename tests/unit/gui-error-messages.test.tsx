// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { clientErrors, errorText, toErrorInfo } from '../../src/gui/api';
import { ApiError, apiErrorFromResponse } from '../../src/gui/api/api-error';
import { isDoneEvent, isErrorInfo, isSnapshotEvent, readErrorInfo } from '../../src/gui/api/guards';
import { MessageError } from '../../src/gui/chat-window/message-error';

afterEach(cleanup);

const timeout = {
  code: 'ollama_timeout',
  message: 'The model sent no first token within 120 s.',
  hint: { text: 'Raise FIRST_TOKEN_TIMEOUT_MS if the model is slow to load.', action: 'retry' as const },
};

describe('server errors are shown as the server words them', () => {
  it('message and hint, unchanged', () => {
    expect(errorText(timeout)).toBe(
      'The model sent no first token within 120 s. Raise FIRST_TOKEN_TIMEOUT_MS if the model is slow to load.',
    );
  });

  it('the hint command is shown as code once, never twice', () => {
    const info = {
      code: 'ollama_unreachable',
      message: "Can't reach Ollama.",
      hint: { text: 'Start it with', command: 'ollama serve' },
    };
    expect(errorText(info)).toBe("Can't reach Ollama. Start it with `ollama serve`");
    const inline = { ...info, hint: { text: 'Start it with `ollama serve`.', command: 'ollama serve' } };
    expect(errorText(inline)).toBe("Can't reach Ollama. Start it with `ollama serve`.");
  });

  it('without a hint (an older server): the message alone, nothing invented', () => {
    expect(errorText(new ApiError({ code: 'queue_full', message: 'Too many answers are waiting.' }, 429))).toBe(
      'Too many answers are waiting.',
    );
  });

  it('reads the hint from an HTTP error body, and words only unreadable bodies itself', async () => {
    const body = {
      error: {
        code: 'model_not_found',
        message: 'No “x”.',
        hint: { text: 'Pull it.', command: 'ollama pull x', action: 'pull_model' },
      },
    };
    const error = await apiErrorFromResponse(new Response(JSON.stringify(body), { status: 404 }));
    expect(error.hint?.action).toBe('pull_model');
    expect(toErrorInfo(error)).toMatchObject(body.error);
    const html = await apiErrorFromResponse(new Response('<html>', { status: 502 }));
    expect(html.code).toBe('bad_response');
  });

  it('the GUI words its own failures: unreachable server, vision check', () => {
    expect(errorText(clientErrors.serverUnreachable())).toMatch(/Ollama Chat server/);
    expect(errorText(clientErrors.imageNeedsVision('llama3.2'))).toMatch(/“llama3.2” can't see images/);
    expect(errorText(new Error('boom'))).toMatch(/^boom/);
  });
});

describe('a failed answer', () => {
  it('shows message, hint and the hint action as a button, with no repeated phrase', () => {
    render(
      <MessageError
        error={{ ...timeout, hint: { text: 'Open the settings.', action: 'open_settings' } }}
        onRetry={() => {}}
        onContinue={() => {}}
      />,
    );
    const box = screen.getByTestId('message-error');
    expect(box.textContent).toContain('The model sent no first token within 120 s.');
    expect(screen.getByTestId('error-action').textContent).toBe('Open settings');
    expect(box.textContent).not.toMatch(/try again.*try again/i);
  });

  it('a missing model offers Pull and Switch model in place instead of a terminal command', () => {
    render(
      <MessageError
        error={{
          code: 'model_not_found',
          message: "Model 'x' is not installed.",
          hint: { text: 'Pull the model, or switch to another one.', command: 'ollama pull x', action: 'pull_model' },
        }}
        onRetry={() => {}}
        onContinue={() => {}}
      />,
    );
    expect(screen.getByTestId('message-error').textContent).toContain('Pull the model, or switch to another one.');
    expect(screen.queryByTestId('error-command')).toBeNull();
    expect(screen.getByTestId('pull-model').textContent).toBe('Pull x');
    expect(screen.getByTestId('switch-model').textContent).toBe('Switch model');
  });

  it('a retry hint makes the button say Retry', () => {
    render(<MessageError error={timeout} onRetry={() => {}} onContinue={() => {}} />);
    expect(screen.getByTestId('retry-button').textContent).toBe('Retry');
  });
});

describe('SSE payload guards', () => {
  it('accept the contract shapes and refuse others', () => {
    expect(isSnapshotEvent({ messageId: 'a', content: '', thinking: '', status: 'queued' })).toBe(true);
    expect(isSnapshotEvent({ messageId: 'a', content: '', thinking: '', status: 'nope' })).toBe(false);
    expect(readErrorInfo({ code: 'x', message: 'y', hint: { text: 'z', action: 'fly' } })).toEqual({
      code: 'x',
      message: 'y',
    });
    expect(readErrorInfo({ code: 'x', message: 'y', hint: { text: 'z', action: 'retry' } })?.hint?.action).toBe(
      'retry',
    );
    expect(isErrorInfo({ code: 'x', message: 'y' })).toBe(true);
    expect(isDoneEvent({ message: { id: 'a' }, metrics: null })).toBe(false);
  });
});
