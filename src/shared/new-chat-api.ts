/**
 * `POST /api/chats` with a first message: one request creates the chat, stores the message and starts
 * its answer, so a new chat's first text waits on one round trip instead of three (create → send →
 * subscribe). Without `firstMessage` the request and its answer are the plain `CreateChatBody` → `Chat`.
 */
import type { AttachmentUpload, Chat, ChatOptions, CreateChatBody, SendMessageResponse } from './api';

export interface FirstMessage {
  content: string;
  attachments?: AttachmentUpload[];
  options?: ChatOptions;
}

export interface CreateChatWithMessageBody extends CreateChatBody {
  firstMessage?: FirstMessage;
}

/**
 * The created chat; with a first message also what `POST /api/chats/:id/messages` would have answered.
 * Nothing is created when the message is refused (the error is the send's own).
 */
export interface CreateChatResponse extends Chat {
  sent?: SendMessageResponse;
}
