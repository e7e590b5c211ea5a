import { describe, expect, it } from 'vitest';
import {
  CHARS_PER_FRAME,
  createProgressivePace,
  FRAME_WORK_MS,
  MAX_CHARS_PER_FRAME,
} from '../../src/gui/chat-window/markdown/progressive-text';

describe('progressive text pace', () => {
  it('starts at one frame of text, doubles after cheap frames up to the cap, halves after slow ones', () => {
    const pace = createProgressivePace();
    expect(pace.step).toBe(CHARS_PER_FRAME);
    pace.learn(FRAME_WORK_MS - 1);
    expect(pace.step).toBe(2 * CHARS_PER_FRAME);
    for (let i = 0; i < 10; i++) pace.learn(1);
    expect(pace.step).toBe(MAX_CHARS_PER_FRAME);
    pace.learn(2 * FRAME_WORK_MS + 1);
    expect(pace.step).toBe(MAX_CHARS_PER_FRAME / 2);
    // A frame between the two thresholds keeps the step.
    pace.learn(1.5 * FRAME_WORK_MS);
    expect(pace.step).toBe(MAX_CHARS_PER_FRAME / 2);
    for (let i = 0; i < 10; i++) pace.learn(100);
    expect(pace.step).toBe(CHARS_PER_FRAME);
  });

  it('each answer learns on its own: a slow one does not slow another down', () => {
    const fast = createProgressivePace();
    const slow = createProgressivePace();
    fast.learn(1);
    fast.learn(1);
    slow.learn(100);
    expect(fast.step).toBe(4 * CHARS_PER_FRAME);
    expect(slow.step).toBe(CHARS_PER_FRAME);
    expect(createProgressivePace().step).toBe(CHARS_PER_FRAME);
  });
});
