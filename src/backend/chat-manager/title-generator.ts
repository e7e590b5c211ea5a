/**
 * Generated titles (issue 11): after a chat's first complete answer, asks a model for a short title
 * in the chat's language, in the background. The work waits behind the chat's own answers and takes
 * a generation place (GenerationQueue's background tasks); a title the user typed is never replaced
 * (the write itself checks); failures are logged and leave the title as it was.
 */
import { MAX_TITLE_CHARS } from '../../shared/limits';
import type { Logger } from '../../utils/logger';
import type { ChatRecord, History } from '../history-manager';
import type { ChatTurn, OllamaGateway } from '../ollama-client';
import type { GenerationQueue } from './generation-queue';

export const TITLE_MAX_WORDS = 6;
const TITLE_MAX_CHARS = Math.min(60, MAX_TITLE_CHARS);
/** Enough of the conversation to name it; more only slows the title down. */
const EXCERPT_CHARS = 1_500;
/** Read no further than this: a title that has not ended by now is cut from what came. */
const REPLY_MAX_CHARS = 300;

const INSTRUCTION =
  'You name conversations. Reply with a title of at most six words for the conversation below, in the ' +
  'same language as the conversation. Reply with the title only: no quotes, no punctuation at the end, no explanation.';

export interface TitleGeneratorOptions {
  firstTokenTimeoutMs: number;
  streamIdleTimeoutMs: number;
}

/** Some models write their reasoning into the reply inside <think> tags (an open one runs to the end). */
function withoutReasoning(reply: string): string {
  return reply.replace(/<think>[\s\S]*?(<\/think>|$)/gi, '');
}

/**
 * The model's reply as a title: its first line without reasoning, a "Title:" label, quotes, markup
 * or punctuation; at most TITLE_MAX_WORDS words and TITLE_MAX_CHARS characters. '' if nothing is left.
 */
export function cleanTitle(reply: string): string {
  const text = withoutReasoning(reply);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const words = line
    .replace(/^\s*(title|titre|titel|título|titolo)\s*[:：-]\s*/iu, '')
    .replace(/[^\p{L}\p{N}\p{M}\s'’-]/gu, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^['’-]+|['’-]+$/gu, ''))
    .filter((w) => w !== '')
    .slice(0, TITLE_MAX_WORDS);
  let title = words.join(' ');
  if (title.length > TITLE_MAX_CHARS)
    title = title.slice(0, TITLE_MAX_CHARS).replace(/\s+\S*$/u, '') || title.slice(0, TITLE_MAX_CHARS);
  return title;
}

export class TitleGenerator {
  /** Chats with a title queued or being written, so two answers in a row ask once. */
  private readonly pending = new Set<string>();
  private readonly abort = new AbortController();

  constructor(
    private readonly history: History,
    private readonly ollama: OllamaGateway,
    private readonly queue: GenerationQueue,
    private readonly opts: TitleGeneratorOptions,
    private readonly logger: Logger,
    private readonly onTitled: (chat: ChatRecord) => void,
  ) {}

  /** Called after an answer completed; never throws. */
  async afterAnswer(chatId: string, chatModel: string): Promise<void> {
    try {
      if (this.abort.signal.aborted || this.pending.has(chatId)) return;
      const settings = await this.history.settings.get();
      if (settings.generateTitles === false) return;
      if ((await this.history.chats.titleSource(chatId)) !== 'auto') return;
      this.pending.add(chatId);
      const model = settings.titleModel ?? chatModel;
      this.queue.addBackground({
        chatId,
        run: () => this.generate(chatId, model).finally(() => this.pending.delete(chatId)),
      });
    } catch (err) {
      this.logger.info({ err, chat: chatId }, 'could not queue a generated title');
    }
  }

  /** Stops titles being written and drops those waiting (shutdown). */
  shutdown(): void {
    this.abort.abort();
    this.queue.drainBackground();
  }

  private async generate(chatId: string, model: string): Promise<void> {
    try {
      if (this.abort.signal.aborted) return;
      // The user may have renamed it while this waited.
      if ((await this.history.chats.titleSource(chatId)) !== 'auto') return;
      const turns = await this.prompt(chatId);
      if (!turns) return;
      let reply = '';
      for await (const part of this.ollama.chatStream({
        model,
        messages: turns,
        options: { temperature: 0.2, num_predict: 32 },
        think: false,
        signal: this.abort.signal,
        firstTokenTimeoutMs: this.opts.firstTokenTimeoutMs,
        idleTimeoutMs: this.opts.streamIdleTimeoutMs,
      })) {
        if (part.kind === 'delta') reply += part.content;
        // A title is one line: stop the model there (leaving the loop aborts the request), also one
        // that ignores num_predict.
        if (/\S[^\n]*\n/.test(withoutReasoning(reply)) || reply.length > REPLY_MAX_CHARS) break;
      }
      const title = cleanTitle(reply);
      if (!title) {
        this.logger.info({ chat: chatId, model }, 'the generated title was empty; the chat keeps its title');
        return;
      }
      const updated = await this.history.chats.setGeneratedTitle(chatId, title);
      if (updated) this.onTitled(updated);
    } catch (err) {
      if (this.abort.signal.aborted) return;
      this.logger.info({ err, chat: chatId, model }, 'title generation failed; the chat keeps its title');
    }
  }

  /** The instruction, and the first exchange of the active branch as one user turn. */
  private async prompt(chatId: string): Promise<ChatTurn[] | null> {
    const branch = await this.history.messages.branch(chatId);
    const question = branch.find((m) => m.role === 'user' && m.content.trim() !== '');
    if (!question) return null;
    const answer = branch.find((m) => m.role === 'assistant' && m.status === 'complete');
    const excerpt = [question.content, answer?.content ?? ''].join('\n\n').slice(0, EXCERPT_CHARS);
    return [
      { role: 'system', content: INSTRUCTION },
      { role: 'user', content: excerpt },
    ];
  }
}
