import { memo, useRef } from 'react';
import type { Message } from '../../shared/api';
import { OlderVersionMarker } from '../model-selector/older-version-marker';
import { AnswerParams } from '../presets/answer-params';
import { CopyButton } from '../ui/copy-button';
import { RegenerateIcon, XIcon } from '../ui/icons';
import { ContinueIcon } from '../ui/icons-later';
import { BranchSwitcher } from './branch-switcher';
import { ImageAnswer } from './images/image-answer';
import { LazyMarkdown } from './markdown/lazy-markdown';
import { useMessageActions } from './message-actions-context';
import { MessageError } from './message-error';
import { MessageMetrics } from './message-metrics';
import { EditedMark, MessageTreeActions } from './message-tree-actions';
import { ThinkingSection } from './thinking-section';
import { selectLive, selectThinkingMs } from './thread/selectors';
import { useThreadSelector } from './thread/thread-context';
import { TypingIndicator } from './typing-indicator';

export interface AssistantMessageProps {
  message: Message;
  /** Another answer of this chat runs before this one. */
  queuedBehind: boolean;
  isLast: boolean;
}

function AssistantMessageImpl({ message, queuedBehind, isLast }: AssistantMessageProps) {
  const actions = useMessageActions();
  const live = useThreadSelector(selectLive(message.id));
  const finishedThinkingMs = useThreadSelector(selectThinkingMs(message.id));
  const content = live?.content ?? message.content;
  const thinking = live?.thinking ?? message.thinking;
  const status = live?.status ?? message.status;
  const error = message.error;
  const active = status === 'queued' || status === 'streaming';
  // Shown while it was generated: its text renders as markdown at once when it ends (see MarkdownProps.live).
  const streamedHere = useRef(false);
  if (active) streamedHere.current = true;
  const showQueued = active && queuedBehind && content === '' && thinking === '';
  const thinkingLive = active && thinking !== '' && content === '';
  const thinkingDuration =
    live?.thinkingStartedAt != null && live.thinkingEndedAt != null
      ? live.thinkingEndedAt - live.thinkingStartedAt
      : (finishedThinkingMs ?? null);

  return (
    <article
      className="group/message relative py-3"
      data-testid="message-assistant"
      data-status={status}
      data-message-id={message.id}
      aria-busy={active}
      aria-label={`Answer from ${message.model ?? 'the model'}`}
    >
      <div className="mb-1 flex items-center gap-2 text-xs font-medium text-muted-foreground">
        <span data-testid="message-model">{message.model ?? 'Assistant'}</span>
        {message.edited && <EditedMark />}
        {!active && <OlderVersionMarker model={message.model} digest={message.modelDigest} />}
      </div>

      {thinking !== '' && (
        <ThinkingSection
          text={thinking}
          live={thinkingLive}
          startedAt={live?.thinkingStartedAt ?? null}
          durationMs={thinkingLive ? null : thinkingDuration}
        />
      )}

      {showQueued && (
        <div
          className="inline-flex items-center gap-2 rounded-full bg-muted px-3 py-1 text-sm text-muted-foreground"
          data-testid="queued-badge"
        >
          Queued — will send after the current answer
          <button
            type="button"
            className="icon-button !h-6 !w-6"
            aria-label="Cancel this queued answer"
            title="Cancel"
            onClick={() => actions.cancel(message.id)}
          >
            <XIcon size={14} />
          </button>
        </div>
      )}

      {active && !showQueued && content === '' && thinking === '' && <TypingIndicator />}

      {content !== '' && <LazyMarkdown text={content} streaming={active} live={streamedHere.current} />}
      <ImageAnswer message={message} status={status} />

      {status === 'error' && (
        <MessageError
          error={error}
          onRetry={() => actions.regenerate(message)}
          onContinue={() => actions.continueAnswer(message)}
        />
      )}

      {status === 'interrupted' && (
        <div
          className="my-2 flex flex-wrap items-center gap-2 rounded-lg border border-warning/40 bg-warning-soft px-3 py-2 text-sm"
          data-testid="message-interrupted"
        >
          <span className="mr-auto">Interrupted — the server stopped while this answer was being written.</span>
          <span className="flex gap-2">
            <button
              type="button"
              className="btn"
              data-testid="continue-button"
              onClick={() => actions.continueAnswer(message)}
            >
              <ContinueIcon size={14} /> Continue
            </button>
            <button
              type="button"
              className="btn"
              data-testid="regenerate-button"
              onClick={() => actions.regenerate(message)}
            >
              <RegenerateIcon size={14} /> Regenerate
            </button>
          </span>
        </div>
      )}

      {status === 'cancelled' && <p className="my-1 text-xs text-muted-foreground">Stopped.</p>}

      {!active && (
        <div
          className={`mt-1 flex min-h-8 flex-wrap items-center gap-1 transition-opacity ${
            isLast ? 'opacity-100' : 'opacity-0 group-hover/message:opacity-100 group-focus-within/message:opacity-100'
          }`}
        >
          <BranchSwitcher siblingIds={message.siblingIds} currentId={message.id} onSelect={actions.selectBranch} />
          {content !== '' && <CopyButton text={content} label="Copy answer" testId="copy-button" />}
          {status !== 'interrupted' && (
            <button
              type="button"
              className="icon-button !h-7 !w-7"
              aria-label="Regenerate answer"
              title="Regenerate"
              data-testid="regenerate-button"
              onClick={() => actions.regenerate(message)}
            >
              <RegenerateIcon size={15} />
            </button>
          )}
          <MessageTreeActions message={message} />
          {message.params && <AnswerParams params={message.params} />}
          {message.metrics && status === 'complete' && (
            <span className="ml-1">
              <MessageMetrics metrics={message.metrics} createdAt={message.createdAt} />
            </span>
          )}
        </div>
      )}
    </article>
  );
}

export const AssistantMessage = memo(AssistantMessageImpl);
