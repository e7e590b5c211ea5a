// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Composer, type ComposerProps } from '../../src/gui/chat-window/composer/composer';
import { estimateTextTokens } from '../../src/shared/token-estimate';

afterEach(cleanup);
beforeEach(() => window.localStorage.clear());

function setup(overrides: Partial<ComposerProps> = {}) {
  const onSubmit = vi.fn<ComposerProps['onSubmit']>(() => true);
  const onStop = vi.fn();
  render(
    <Composer
      draftKey="chat-1"
      modelName="llama3.2:latest"
      modelSeesImages={false}
      generating={false}
      onStop={onStop}
      onSubmit={onSubmit}
      lastUserMessage={null}
      blockedReason={null}
      {...overrides}
    />,
  );
  const input = screen.getByTestId('composer-input') as HTMLTextAreaElement;
  return { input, onSubmit, onStop };
}

describe('composer keyboard', () => {
  it('sends on Enter and clears the box', () => {
    const { input, onSubmit } = setup();
    fireEvent.change(input, { target: { value: 'Hello there' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0]?.[0]).toBe('Hello there');
    expect(input.value).toBe('');
  });

  it('does not send on Shift+Enter (the textarea inserts a new line)', () => {
    const { input, onSubmit } = setup();
    fireEvent.change(input, { target: { value: 'line one' } });
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(onSubmit).not.toHaveBeenCalled();
    expect(input.value).toBe('line one');
  });

  it('never sends while an IME composition is active', () => {
    const { input, onSubmit } = setup();
    fireEvent.change(input, { target: { value: 'にほん' } });
    fireEvent.compositionStart(input);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.compositionEnd(input);
    // Safari sends the confirming Enter after compositionend, flagged with keyCode 229.
    fireEvent.keyDown(input, { key: 'Enter', keyCode: 229 });
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it('does not send an empty or whitespace-only message', () => {
    const { input, onSubmit } = setup();
    fireEvent.change(input, { target: { value: '   \n ' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('keeps the draft per chat across remounts', () => {
    const first = setup();
    fireEvent.change(first.input, { target: { value: 'half a thought' } });
    // Drafts are saved after a short debounce.
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        cleanup();
        const second = setup();
        expect(second.input.value).toBe('half a thought');
        resolve();
      }, 300);
    });
  });

  it('shows Stop while generating and calls it', () => {
    const { onStop } = setup({ generating: true });
    fireEvent.click(screen.getByTestId('stop-button'));
    expect(onStop).toHaveBeenCalledTimes(1);
  });
});

describe('composer images', () => {
  const png = () =>
    new File([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], 'dot.png', { type: 'image/png' });

  it('refuses an image for a model without vision before sending, saying why', async () => {
    const { input, onSubmit } = setup({ modelSeesImages: false, modelName: 'llama3.2:latest' });
    fireEvent.change(screen.getByTestId('attach-input'), { target: { files: [png()] } });
    await waitFor(() => expect(screen.getByTestId('file-card')).toBeTruthy());
    expect(screen.getByTestId('composer-error').textContent).toMatch(/can't see images.*vision/);
    fireEvent.change(input, { target: { value: 'what is this?' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends images with the text for a vision model', async () => {
    const { input, onSubmit } = setup({ modelSeesImages: true });
    fireEvent.change(screen.getByTestId('attach-input'), { target: { files: [png()] } });
    await waitFor(() => expect(screen.getByTestId('file-card')).toBeTruthy());
    fireEvent.change(input, { target: { value: 'what is this?' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSubmit).toHaveBeenCalledTimes(1);
    const attachments = onSubmit.mock.calls[0]?.[1] ?? [];
    expect(attachments).toHaveLength(1);
    expect(attachments[0]?.dataUrl).toMatch(/^data:image\/png;base64,/);
  });

  it('Enter pressed while a file is still being read sends once it has been read, with the file', async () => {
    const { input, onSubmit } = setup({ modelSeesImages: true });
    fireEvent.change(input, { target: { value: 'what is this?' } });
    fireEvent.change(screen.getByTestId('attach-input'), { target: { files: [png()] } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]?.[1]).toHaveLength(1);
    expect(onSubmit.mock.calls[0]?.[1][0]?.name).toBe('dot.png');
  });

  it('takes a text file by its content for any model, with a token estimate on its card', async () => {
    const { input, onSubmit } = setup({ modelSeesImages: false });
    const text = 'print("hello")\n'.repeat(100);
    const tokens = estimateTextTokens(text);
    const code = new File([text], 'script.bin', { type: 'application/octet-stream' });
    fireEvent.change(screen.getByTestId('attach-input'), { target: { files: [code] } });
    await waitFor(() => expect(screen.getByTestId('file-card').getAttribute('data-kind')).toBe('text'));
    expect(screen.getByTestId('file-card-details').textContent).toBe(`1.5 KB · ~${tokens} tokens`);
    expect(screen.queryByTestId('composer-error')).toBeNull();
    fireEvent.change(input, { target: { value: 'explain' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0]?.[1]?.[0]).toMatchObject({ kind: 'text', name: 'script.bin', tokens });
  });

  it('refuses a binary file, naming it, and a remove button takes a card away', async () => {
    setup({ modelSeesImages: true });
    const binary = new File([Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3])], 'tool', { type: '' });
    fireEvent.change(screen.getByTestId('attach-input'), { target: { files: [binary, png()] } });
    await waitFor(() => expect(screen.getByTestId('composer-error').textContent).toMatch(/“tool” can't be attached/));
    await waitFor(() => expect(screen.getAllByTestId('file-card')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('file-card-remove'));
    expect(screen.queryByTestId('file-card')).toBeNull();
  });
});
