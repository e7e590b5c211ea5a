import { createContext, useContext } from 'react';
import type { Message } from '../../shared/api';
import type { PendingSend } from './thread/thread-types';

/** What a message row can ask the chat to do; stable across renders so rows stay memoized. */
export interface MessageActions {
  chatId: string;
  ollamaHost: string | null;
  regenerate: (message: Message) => void;
  continueAnswer: (message: Message) => void;
  cancel: (messageId: string) => void;
  selectBranch: (messageId: string) => void;
  editMessage: (message: Message) => void;
  retryPending: (pending: PendingSend) => void;
  discardPending: (pending: PendingSend) => void;
  /** Back into the composer (text and images), removed from the list. */
  editPending: (pending: PendingSend) => void;
}

export const MessageActionsContext = createContext<MessageActions | null>(null);

export function useMessageActions(): MessageActions {
  const actions = useContext(MessageActionsContext);
  if (!actions) throw new Error('MessageActionsContext is missing');
  return actions;
}
