// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  pauseHoverWhileWheeling,
  WHEEL_IDLE_MS,
  WHEELING_ATTRIBUTE,
} from '../../src/gui/chat-window/wheel-hover-pause';

describe('pauseHoverWhileWheeling', () => {
  let scroller: HTMLElement;
  let content: HTMLElement;
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    scroller = document.createElement('section');
    content = document.createElement('div');
    scroller.append(content);
    document.body.append(scroller);
    stop = pauseHoverWhileWheeling(scroller, () => content);
  });
  afterEach(() => {
    stop();
    scroller.remove();
    vi.useRealTimers();
  });

  const wheel = () => scroller.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true }));

  it('takes pointer events from the content from the first wheel event until the wheel is still', () => {
    expect(content.hasAttribute(WHEELING_ATTRIBUTE)).toBe(false);
    wheel();
    expect(content.hasAttribute(WHEELING_ATTRIBUTE)).toBe(true);
    // Each wheel event restarts the wait.
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(WHEEL_IDLE_MS - 10);
      wheel();
      expect(content.hasAttribute(WHEELING_ATTRIBUTE)).toBe(true);
    }
    vi.advanceTimersByTime(WHEEL_IDLE_MS);
    expect(content.hasAttribute(WHEELING_ATTRIBUTE)).toBe(false);
  });

  it('leaves other ways of scrolling alone, and clears its state when stopped', () => {
    scroller.dispatchEvent(new Event('scroll'));
    scroller.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect(content.hasAttribute(WHEELING_ATTRIBUTE)).toBe(false);
    wheel();
    stop();
    expect(content.hasAttribute(WHEELING_ATTRIBUTE)).toBe(false);
    wheel();
    expect(content.hasAttribute(WHEELING_ATTRIBUTE)).toBe(false);
  });
});
