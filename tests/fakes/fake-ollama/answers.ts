/** What each model "generates" for a chat request: the tokens, their pacing and how the stream ends. */
import type { Behaviour } from './catalogue';
import { hugeMarkdownTokens } from './huge-markdown';
import { wordTokens } from './tokens';

export interface ChatMessageIn {
  role: string;
  content: string;
  images?: string[];
}

interface Token {
  content: string;
  thinking: string;
}

type Ending = 'done' | 'error' | 'drop' | 'stall' | 'malformed' | 'hang';

export interface ChatPlan {
  tokens: Token[];
  /** Before the first chunk (and before the response headers, as Ollama loads the model first). */
  delayBeforeFirstMs: number;
  tokenDelayMs: number;
  /** per-token: one write per chunk; batched: many chunks per write (full speed); split-bytes: see split-utf8. */
  write: 'per-token' | 'batched' | 'split-bytes';
  ending: Ending;
}

export interface PlanOptions {
  tokenDelayMs: number;
  hugeTokens: number;
}

export const MIDSTREAM_ERROR =
  'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details';

export const SPLIT_UTF8_TEXT = 'Emoji 😀 and CJK 日本語の文章 mixed with ☀️ sun, naïve café, and 🎉🎉 party — done ✅';

const content = (text: string): Token[] => wordTokens(text).map((t) => ({ content: t, thinking: '' }));
const thinking = (text: string): Token[] => wordTokens(text).map((t) => ({ content: '', thinking: t }));

function lastUserContent(messages: ChatMessageIn[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === 'user') return m.content;
  }
  return '';
}

function echoText(model: string, messages: ChatMessageIn[]): string {
  const n = messages.length;
  return `Echo: ${lastUserContent(messages)}\n\nThis is a **fake** reply from \`${model}\` with ${n} message${n === 1 ? '' : 's'} in context.`;
}

function plan(tokens: Token[], overrides: Partial<ChatPlan> = {}): ChatPlan {
  return { tokens, delayBeforeFirstMs: 0, tokenDelayMs: 0, write: 'per-token', ending: 'done', ...overrides };
}

export function planAnswer(
  behaviour: Behaviour,
  model: string,
  messages: ChatMessageIn[],
  thinkOn: boolean,
  opts: PlanOptions,
): ChatPlan {
  switch (behaviour) {
    case 'thinking': {
      const reasoning = thinkOn
        ? thinking(`Okay, the user wrote "${lastUserContent(messages)}". I should echo it back politely.`)
        : [];
      return plan([...reasoning, ...content(echoText(model, messages))]);
    }
    case 'vision': {
      const count = messages.reduce((sum, m) => sum + (m.images?.length ?? 0), 0);
      return plan(content(`I see ${count} image${count === 1 ? '' : 's'}. ${echoText(model, messages)}`));
    }
    case 'slow': {
      const words = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'Slowly' : ` word${i + 1}`));
      return plan(
        words.map((w) => ({ content: w, thinking: '' })),
        { tokenDelayMs: opts.tokenDelayMs },
      );
    }
    case 'split-utf8':
      return plan(content(SPLIT_UTF8_TEXT), { write: 'split-bytes' });
    case 'error-midstream':
      return plan(content('Here is a'), { tokenDelayMs: 5, ending: 'error' });
    case 'drop-midstream':
      return plan(content('Here is a'), { tokenDelayMs: 5, ending: 'drop' });
    case 'hang':
      return plan([], { ending: 'hang' });
    case 'stall':
      return plan(content('Thinking about'), { tokenDelayMs: 5, ending: 'stall' });
    case 'badjson':
      return plan(content('Valid start'), { tokenDelayMs: 5, ending: 'malformed' });
    case 'huge':
      return plan(
        hugeMarkdownTokens(opts.hugeTokens).map((t) => ({ content: t, thinking: '' })),
        { write: 'batched' },
      );
    case 'loading':
      return plan(content(echoText(model, messages)), { delayBeforeFirstMs: 800 });
    default:
      return plan(content(echoText(model, messages)));
  }
}
