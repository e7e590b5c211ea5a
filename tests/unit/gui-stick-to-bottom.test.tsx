// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useStickToBottom } from '../../src/gui/chat-window/use-stick-to-bottom';

/** jsdom has no layout: the test plays the browser, with a viewport of 500 px over `height` px of content. */
class Box {
  height = 2000;
  top = 0;
  readonly client = 500;
  attach(el: HTMLElement) {
    Object.defineProperty(el, 'scrollHeight', { get: () => this.height, configurable: true });
    Object.defineProperty(el, 'clientHeight', { get: () => this.client, configurable: true });
    Object.defineProperty(el, 'scrollTop', {
      get: () => this.top,
      set: (v: number) => {
        this.top = Math.max(0, Math.min(v, this.height - this.client));
      },
      configurable: true,
    });
  }
}

let resize: (() => void) | null = null;
beforeEach(() => {
  // Content growth is reported by ResizeObserver; jsdom has none, so the test triggers it.
  globalThis.ResizeObserver = class {
    constructor(callback: ResizeObserverCallback) {
      resize = () => callback([], this as unknown as ResizeObserver);
    }
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(cleanup);

let contentResized: ((height?: number) => void) | null = null;
let isFollowScroll: ((top: number) => boolean) | null = null;

function List({ box }: { box: Box }) {
  const sticky = useStickToBottom();
  contentResized = sticky.contentResized;
  isFollowScroll = sticky.isFollowScroll;
  return (
    <div
      data-testid="scroller"
      ref={(el) => {
        if (el) box.attach(el);
        sticky.scrollRef(el);
      }}
      onScroll={sticky.onScroll}
    >
      <div ref={sticky.contentRef} />
      <span data-testid="state">{sticky.atBottom ? 'pinned' : 'free'}</span>
      <button type="button" onClick={sticky.scrollToBottom}>
        end
      </button>
    </div>
  );
}

function setup() {
  const box = new Box();
  render(<List box={box} />);
  const scroller = screen.getByTestId('scroller');
  act(() => screen.getByText('end').click());
  /** What the browser does when anything sets scrollTop: move, then fire `scroll`. */
  const scrollTo = (top: number) => {
    scroller.scrollTop = top;
    fireEvent.scroll(scroller);
  };
  const grow = (px: number) => {
    box.height += px;
    act(() => resize?.());
  };
  return { box, scroller, scrollTo, grow, state: () => screen.getByTestId('state').textContent };
}

describe('stick to bottom', () => {
  it('follows new content while at the bottom', () => {
    const { box, grow, state } = setup();
    expect(box.top).toBe(1500);
    grow(300);
    expect(box.top).toBe(1800);
    expect(state()).toBe('pinned');
  });

  it('lets the reader leave by setting scrollTop (no wheel, touch or key event), and stays there', () => {
    const { box, scrollTo, grow, state } = setup();
    act(() => scrollTo(200));
    expect(box.top).toBe(200);
    expect(state()).toBe('free');
    // New content below no longer moves the view.
    grow(400);
    expect(box.top).toBe(200);
    act(() => scrollTo(150));
    expect(box.top).toBe(150);
  });

  it('leaving by a page-sized step (PageUp) works the same', () => {
    const { box, scrollTo, state } = setup();
    act(() => scrollTo(box.top - 450));
    expect(box.top).toBe(1050);
    expect(state()).toBe('free');
  });

  it('content growing below while pinned (a scroll event without moving up) keeps it pinned', () => {
    const { box, scroller, state } = setup();
    box.height += 200; // grew, and the scroll event comes before the observer
    act(() => {
      fireEvent.scroll(scroller);
    });
    expect(box.top).toBe(1700);
    expect(state()).toBe('pinned');
  });

  it("tells its own scrolls to the end (following new content) from the reader's", () => {
    const { box, scrollTo, grow } = setup();
    grow(300);
    // The scroll event the follow causes reports the position it wrote: the app's own move.
    expect(isFollowScroll?.(box.top)).toBe(true);
    // The reader moving up is not.
    act(() => scrollTo(box.top - 200));
    expect(isFollowScroll?.(box.top)).toBe(false);
    // Nor is a position while the view is free, even the one last followed to.
    expect(isFollowScroll?.(1800)).toBe(false);
  });

  it('coming back to the end pins again', () => {
    const { box, scrollTo, grow, state } = setup();
    act(() => scrollTo(100));
    act(() => scrollTo(box.height - box.client - 10));
    expect(state()).toBe('pinned');
    grow(100);
    expect(box.top).toBe(box.height - box.client);
  });
});

describe('stick to bottom, growth reported before the scroll event', () => {
  it('a view moved up before the content grew is left where it is', () => {
    const { box, scroller, grow, state } = setup();
    scroller.scrollTop = 300; // the scroll event has not been dispatched yet…
    grow(500); // …when the content grows
    expect(box.top).toBe(300);
    act(() => {
      fireEvent.scroll(scroller);
    });
    expect(box.top).toBe(300);
    expect(state()).toBe('free');
  });
});

describe('stick to bottom across re-renders', () => {
  it('a re-render between the move and its scroll event does not hide the move', () => {
    const box = new Box();
    const { rerender } = render(<List box={box} />);
    const scroller = screen.getByTestId('scroller');
    act(() => screen.getByText('end').click());
    scroller.scrollTop = 100;
    rerender(<List box={box} />);
    act(() => {
      fireEvent.scroll(scroller);
    });
    expect(box.top).toBe(100);
  });
});

describe('stick to bottom while rows are re-measured', () => {
  it('a jump far up stays put even when the content shrank in the same frame', () => {
    const { box, scroller, grow, state } = setup();
    // The reader jumps to the top; the rows that come into view measure 300 px smaller than estimated.
    scroller.scrollTop = 200;
    box.height -= 300;
    act(() => {
      fireEvent.scroll(scroller);
    });
    expect(box.top).toBe(200);
    expect(state()).toBe('free');
    grow(100);
    expect(box.top).toBe(200);
  });

  it('content that shrinks at the end (the browser clamps scrollTop) keeps the view pinned', () => {
    const { box, scroller, grow, state } = setup();
    box.height -= 120;
    scroller.scrollTop = box.top; // clamped to the new end by the browser
    act(() => {
      fireEvent.scroll(scroller);
    });
    expect(state()).toBe('pinned');
    grow(200);
    expect(box.top).toBe(box.height - box.client);
  });
});

describe('stick to bottom, the list reports each height it sets', () => {
  it('a shrink and a growth in two commits between scroll events keep the view pinned', () => {
    const { box, scroller, state } = setup();
    // Commit 1: a row is measured 300 px smaller; the browser clamps scrollTop to the new end.
    box.height -= 300;
    scroller.scrollTop = box.top;
    act(() => contentResized?.());
    // Commit 2: streamed text adds 400 px, before any scroll event or observer callback.
    box.height += 400;
    act(() => contentResized?.());
    act(() => {
      fireEvent.scroll(scroller);
    });
    expect(state()).toBe('pinned');
    expect(box.top).toBe(box.height - box.client);
  });

  it('a move by the reader before the commit is still a move', () => {
    const { box, scroller, state } = setup();
    scroller.scrollTop = 200;
    box.height += 100;
    act(() => contentResized?.());
    expect(state()).toBe('free');
    expect(box.top).toBe(200);
  });
});

describe('stick to bottom, the list reports the heights themselves (no layout read)', () => {
  it('follows growth, keeps a shrink-then-grow pinned, and never undoes a move made before the report', () => {
    const { box, scroller, state } = setup();
    box.height += 300;
    act(() => contentResized?.(box.height));
    expect(box.top).toBe(box.height - box.client);
    box.height -= 300;
    scroller.scrollTop = box.top; // clamped by the browser
    act(() => contentResized?.(box.height));
    box.height += 400;
    act(() => contentResized?.(box.height));
    expect(box.top).toBe(box.height - box.client);
    expect(state()).toBe('pinned');
    scroller.scrollTop = 200; // the reader's move, its scroll event still on its way
    box.height += 100;
    act(() => contentResized?.(box.height));
    expect(box.top).toBe(200);
    expect(state()).toBe('free');
    // Not pinned: growth never moves the view.
    box.height += 100;
    act(() => contentResized?.(box.height));
    expect(box.top).toBe(200);
  });
});
