/** Wire types of forking a chat, editing an answer and deleting part of the message tree (issue 11). */
import type { Chat, Message } from './api';

/** `POST /api/chats/:id/fork` → 201 `ForkResponse`: a new chat with the branch root → `messageId` copied. */
export interface ForkBody {
  messageId: string;
}

export interface ForkResponse {
  chat: Chat;
}

/** `POST /api/chats/:id/messages/:messageId/edit` → 201 `EditAnswerResponse`: the edited copy, a sibling of the answer. */
export interface EditAnswerBody {
  content: string;
}

export interface EditAnswerResponse {
  message: Message;
}

/** `GET /api/chats/:id/messages/:messageId/subtree`: what deleting the message would remove. */
export interface SubtreeInfo {
  /** The message and every message below it. */
  count: number;
  /** An answer in it is queued or streaming: deleting is refused (409) until it is stopped. */
  generating: boolean;
}

/** `DELETE /api/chats/:id/messages/:messageId` → 200 `DeleteMessageResponse`. */
export interface DeleteMessageResponse {
  deleted: number;
  /** The chat's current leaf afterwards. */
  currentLeafId: string | null;
}
