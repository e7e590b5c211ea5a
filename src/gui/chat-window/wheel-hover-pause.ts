/**
 * While the reader wheels through the message list, rows slide under a pointer that stays still: every row
 * it crosses is hovered and left again, and a row's hover fades its actions in and out. Wheeling a
 * 500-message chat to its top ran 508 such opacity transitions, each ticking frames of style and paint
 * (the bench's wheel row). So the list's content takes no pointer events from the first wheel event until
 * the wheel has been still for WHEEL_IDLE_MS; the scroller itself still takes the wheel. Wheel only: a drag
 * that selects text and scrolls the list, or a touch, keeps its hit testing.
 */
export const WHEEL_IDLE_MS = 150;

/** The attribute set on the content while wheeling (styles.css turns its pointer events off). */
export const WHEELING_ATTRIBUTE = 'data-wheeling';

/** Starts watching `scroller`'s wheel events; returns the function that stops it (and clears the state). */
export function pauseHoverWhileWheeling(scroller: HTMLElement, content: () => HTMLElement | null): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const end = () => {
    timer = undefined;
    content()?.removeAttribute(WHEELING_ATTRIBUTE);
  };
  const onWheel = () => {
    if (timer === undefined) content()?.setAttribute(WHEELING_ATTRIBUTE, '');
    else clearTimeout(timer);
    timer = setTimeout(end, WHEEL_IDLE_MS);
  };
  scroller.addEventListener('wheel', onWheel, { passive: true });
  return () => {
    scroller.removeEventListener('wheel', onWheel);
    if (timer !== undefined) clearTimeout(timer);
    end();
  };
}
