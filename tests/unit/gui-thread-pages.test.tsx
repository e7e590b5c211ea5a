/**
 * A long chat in the GUI's thread store: it loads the newest page, knows what lies above (`older`), loads older
 * pages on demand, one at a time, and counts the unloaded turns in the context meter's prediction.
 */
import { describe, expect, it } from 'vitest';
import { predictContext } from '../../src/gui/chat-window/context-meter/predict';
import { contentChanged } from '../../src/gui/chat-window/thread/selectors';
import { reduceThread } from '../../src/gui/chat-window/thread/thread-reducer';
import { createThread, type ThreadApi, type ThreadDeps } from '../../src/gui/chat-window/thread/thread-store';
import type {
  Chat,
  ErrorInfo,
  GenerationMetrics,
  Message,
  MessagesQuery,
  MessagesResponse,
} from '../../src/shared/api';
import { estimateMessageTokens, olderAbove, summarizeOlder } from '../../src/shared/context-plan';
import { MESSAGE_PAGE, OLDER_PREVIEW_CHARS } from '../../src/shared/limits';
import { recordingEffects } from '../support/thread-fixtures';

const chat = { id: 'c1', title: 'Chat', model: 'm', updatedAt: '2026-01-01', options: {} } as unknown as Chat;

function message(i: number): Message {
  return {
    id: `m${String(i).padStart(5, '0')}`,
    chatId: 'c1',
    parentId: i === 0 ? null : `m${String(i - 1).padStart(5, '0')}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    status: 'complete',
    content: `message number ${i}`,
    thinking: '',
    error: null,
    attachments: [],
    siblingIds: [],
  } as unknown as Message;
}

/** A server holding one branch of `n` messages, answering pages as the real one does; each request waits for `release`. */
function server(n: number) {
  const branch = Array.from({ length: n }, (_, i) => message(i));
  const asked: MessagesQuery[] = [];
  const waiting: Array<() => void> = [];
  let failNext = 0;
  const api = {
    getMessages: async (_chatId: string, query: MessagesQuery = {}): Promise<MessagesResponse> => {
      asked.push(query);
      await new Promise<void>((resolve) => waiting.push(resolve));
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('the server is down');
      }
      const end = query.before ? branch.findIndex((m) => m.id === query.before) : branch.length;
      const limit = query.limit ?? end;
      const start = Math.max(0, end - limit);
      const above = branch.slice(0, start);
      return {
        chat,
        messages: branch.slice(start, end),
        // Only the newest page says what lies above; a `before` page does not.
        ...(above.length > 0 && !query.before ? { older: summarizeOlder(above) } : {}),
      };
    },
  } as unknown as ThreadApi;
  return {
    branch,
    asked,
    api,
    /** Lets every request made so far answer, and waits for the thread to apply them. */
    release: async () => {
      for (const resolve of waiting.splice(0)) resolve();
      for (let i = 0; i < 5; i++) await Promise.resolve();
      await new Promise((r) => setTimeout(r, 0));
    },
    failNext: (times: number) => {
      failNext = times;
    },
  };
}

function threadOn(s: ReturnType<typeof server>) {
  const failures: ErrorInfo[] = [];
  let clock = 0;
  const deps: ThreadDeps = {
    api: s.api,
    subscribe: () => () => {},
    effects: recordingEffects(failures),
    schedule: (flush) => flush(),
    now: () => clock,
  };
  return {
    thread: createThread('c1', deps),
    failures,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const ids = (messages: readonly Message[]) => messages.map((m) => m.id);

async function loadFirstPage(thread: ReturnType<typeof threadOn>['thread'], s: ReturnType<typeof server>) {
  const loading = thread.load();
  await s.release();
  await loading;
}

describe('thread store: a chat longer than a page', () => {
  it('loads the newest page, then older pages on demand, one request at a time, up to the root', async () => {
    const s = server(1200);
    const { thread } = threadOn(s);
    await loadFirstPage(thread, s);
    expect(s.asked).toEqual([{ leaf: null, limit: MESSAGE_PAGE.default }]);
    let state = thread.store.getState();
    expect(ids(state.messages)).toEqual(ids(s.branch.slice(700)));
    expect(state.older?.count).toBe(700);

    // Two calls while the first is in flight: one request.
    void thread.loadOlder(10);
    void thread.loadOlder(10);
    expect(s.asked.slice(1)).toEqual([{ before: 'm00700', limit: MESSAGE_PAGE.default }]);
    await s.release();
    state = thread.store.getState();
    expect(ids(state.messages)).toEqual(ids(s.branch.slice(200)));
    // Taken off the first page's summary: what the server would say of those 200.
    expect(state.older).toEqual(summarizeOlder(s.branch.slice(0, 200)));

    // Asking for more than there is asks for what there is.
    void thread.loadOlder(5000);
    expect(s.asked.at(-1)).toEqual({ before: 'm00200', limit: 200 });
    await s.release();
    state = thread.store.getState();
    expect(ids(state.messages)).toEqual(ids(s.branch));
    expect(state.older).toBeNull();

    // Nothing above: no request.
    void thread.loadOlder(10);
    expect(s.asked).toHaveLength(3);

    // A reload asks for the newest page and keeps the pages above it, so the view does not turn into placeholders.
    const reload = thread.load();
    expect(s.asked.at(-1)).toEqual({ leaf: null, limit: MESSAGE_PAGE.default });
    await s.release();
    await reload;
    expect(ids(thread.store.getState().messages)).toEqual(ids(s.branch));
    expect(thread.store.getState().older).toBeNull();
  });

  it('a failed page is reported once; calls wait a moment before trying again', async () => {
    const s = server(800);
    const { thread, failures, advance } = threadOn(s);
    await loadFirstPage(thread, s);

    s.failNext(2);
    void thread.loadOlder(10);
    await s.release();
    expect(failures).toHaveLength(1);
    void thread.loadOlder(10);
    expect(s.asked).toHaveLength(2);
    advance(3000);
    void thread.loadOlder(10);
    expect(s.asked).toHaveLength(3);
    await s.release();
    // The second failure in a row is not reported again.
    expect(failures).toHaveLength(1);
    advance(3000);
    void thread.loadOlder(10);
    await s.release();
    expect(thread.store.getState().older).toBeNull();
    expect(thread.store.getState().messages).toHaveLength(800);
  });

  it('a page that arrives for a branch no longer shown is dropped', async () => {
    const s = server(800);
    const { thread } = threadOn(s);
    await loadFirstPage(thread, s);
    void thread.loadOlder(10);
    thread.selectBranch('m00799');
    await s.release();
    const state = thread.store.getState();
    // The branch asked for again (by its leaf) replaced the shown one; the old page did not go on top of it.
    expect(ids(state.messages)).toEqual(ids(s.branch.slice(300)));
    expect(state.older?.count).toBe(300);
  });
});

describe('thread reducer and selectors with older messages', () => {
  it('older messages put above are not "new text below"; a new message at the end is', async () => {
    const s = server(800);
    const { thread } = threadOn(s);
    await loadFirstPage(thread, s);
    const before = thread.store.getState();
    void thread.loadOlder(10);
    await s.release();
    const after = thread.store.getState();
    expect(after.messages.length).toBeGreaterThan(before.messages.length);
    expect(contentChanged(after, before)).toBe(false);
    const answered = reduceThread(after, {
      type: 'regenerated',
      parentId: 'm00798',
      assistantMessage: { ...message(799), id: 'again' },
    });
    expect(contentChanged(answered, after)).toBe(true);
  });

  it('a new root starts the branch anew: nothing of the old one is above it', () => {
    const s = server(0);
    const older = summarizeOlder([message(0), message(1)]);
    const state = { ...reduceThread(threadOn(s).thread.store.getState(), { type: 'branch-switched', leaf: null }) };
    const loaded = reduceThread(state, {
      type: 'loaded',
      leaf: null,
      response: { chat, messages: [message(2), message(3)], older },
    });
    expect(loaded.older).toEqual(older);
    const kept = reduceThread(loaded, { type: 'regenerated', parentId: 'm00002', assistantMessage: message(3) });
    expect(kept.older).toEqual(older);
    const rooted = reduceThread(loaded, {
      type: 'answer-edited',
      original: { ...message(0), parentId: null },
      message: { ...message(0), id: 'new-root' },
    });
    expect(rooted.older).toBeNull();
    // Regenerating (or editing) the first message shown: its parent is not loaded, but the part above stays.
    const first = reduceThread(loaded, { type: 'regenerated', parentId: 'm00001', assistantMessage: message(2) });
    expect(first.older).toEqual(older);
    expect(ids(rooted.messages)).toEqual(['new-root']);
  });
});

describe('a reload of a branch whose older pages were loaded', () => {
  it('keeps the loaded part above the response instead of turning it back into placeholders', () => {
    const all = Array.from({ length: 10 }, (_, i) => message(i));
    const base = threadOn(server(0)).thread.store.getState();
    const shown = reduceThread(base, {
      type: 'loaded',
      leaf: null,
      response: { chat, messages: all.slice(2), older: summarizeOlder(all.slice(0, 2)) },
    });
    const reloaded = reduceThread(shown, {
      type: 'loaded',
      leaf: null,
      response: { chat, messages: all.slice(5).map((m) => ({ ...m })), older: summarizeOlder(all.slice(0, 5)) },
    });
    expect(ids(reloaded.messages)).toEqual(ids(all.slice(2)));
    expect(reloaded.older?.count).toBe(2);
    expect(contentChanged(reloaded, shown)).toBe(false);
  });
});

describe('the summary of what lies above a page', () => {
  it('counts every message, tells the system ones apart (the list shows no row for them) and estimates the turns', () => {
    const system = { ...message(0), role: 'system' as const, content: 'Be brief.' };
    const failed = { ...message(2), role: 'assistant' as const, status: 'error' as const, content: '' };
    const older = summarizeOlder([system, message(1), failed, message(3)]);
    expect(older.count).toBe(4);
    expect(older.system).toBe(1);
    // The failed answer without text is no turn; the system message is one, and the oldest.
    expect(older.turnTokens).toHaveLength(3);
    expect(older.firstText).toBe('Be brief.');
  });
});

describe('what lies above once a page is loaded (olderAbove)', () => {
  it('is the summary of the rest, and nothing once the page holds the root, whatever the count said', () => {
    const all = Array.from({ length: 12 }, (_, i) => message(i));
    const older = summarizeOlder(all.slice(0, 8));
    expect(olderAbove(older, all.slice(4, 8))).toEqual(summarizeOlder(all.slice(0, 4)));
    expect(olderAbove(older, all.slice(0, 8))).toBeNull();
    // A count larger than the branch (it cannot be today: paths never change) still ends at the root.
    expect(olderAbove({ ...older, count: 50 }, all.slice(0, 4))).toBeNull();
    expect(olderAbove(older, [])).toBeNull();
  });
});

describe('context prediction with older messages', () => {
  /** A prediction's inputs besides the messages: a 4,096-token window, no draft. */
  const input = {
    pending: [],
    systemPrompt: '',
    options: { num_ctx: 4096 },
    model: null,
    draft: { text: '', attachments: [], editing: null },
  };
  /** 40 messages of ~200 words each: far more than the window holds. */
  const longMessages = () =>
    Array.from({ length: 40 }, (_, i) => ({ ...message(i), content: `${'word '.repeat(200)}${i}` }));

  it('counts the unloaded turns by their estimates and names the oldest when it is left out', () => {
    const all = longMessages();
    const whole = predictContext({ ...input, messages: all });
    const paged = predictContext({ ...input, messages: all.slice(30), older: summarizeOlder(all.slice(0, 30)) });
    expect(paged.plan).toEqual(whole.plan);
    expect(paged.plan.dropped).toBeGreaterThan(20);
    // The oldest turn is named by its first line, as far as the server sends it.
    expect(paged.dropped[0]?.content).toBe(all[0]?.content.slice(0, OLDER_PREVIEW_CHARS));
    expect(paged.dropped).toHaveLength(whole.dropped.length);
  });

  it('calibrates with the newest answer that saw its whole conversation, also when it is above the loaded part', () => {
    const counted = (promptEvalCount: number, droppedMessages: number): GenerationMetrics => ({
      ttftMs: 10,
      totalDurationMs: 100,
      loadDurationMs: 0,
      promptEvalCount,
      promptEvalDurationMs: 10,
      evalCount: 10,
      evalDurationMs: 10,
      tokensPerSecond: 1000,
      promptTokensPerSecond: 1000,
      doneReason: 'stop',
      droppedMessages,
    });
    const all = longMessages();
    const before = (i: number) => all.slice(0, i).reduce((sum, m) => sum + estimateMessageTokens(m), 0);
    // The answers up to the 9th saw everything (Ollama counted 30 % more than the estimate); later ones had
    // turns left out, so they say nothing of the whole.
    for (let i = 1; i < all.length; i += 2) {
      all[i] = { ...(all[i] as Message), metrics: i < 9 ? counted(Math.round(before(i) * 1.3), 0) : counted(4000, i) };
    }
    const whole = predictContext({ ...input, messages: all });
    const older = summarizeOlder(all.slice(0, 30));
    expect(older.measured.map((m) => m.turn)).toEqual([1, 3, 5, 7]);
    const paged = predictContext({ ...input, messages: all.slice(30), older });
    expect(paged.plan).toEqual(whole.plan);
    // The calibration is in effect: without those counts the plan is another one.
    const uncounted = predictContext({ ...input, messages: all.slice(30), older: { ...older, measured: [] } });
    expect(uncounted.plan.totalTokens).toBeLessThan(whole.plan.totalTokens);
  });
});
