/** Schemas of fork, edit an answer and delete a subtree (issue 11). */
import * as z from 'zod';
import type {
  DeleteMessageResponse,
  EditAnswerBody,
  EditAnswerResponse,
  ForkBody,
  ForkResponse,
  SubtreeInfo,
} from '../../shared/conversation-api';
import { MAX_ID_CHARS, MAX_MESSAGE_CHARS } from '../../shared/limits';
import { ChatSchema } from './chats';
import { matches } from './contract-check';
import { MessageSchema } from './messages';

export const ChatMessageParamSchema = z.object({
  id: z.string().min(1).max(MAX_ID_CHARS),
  messageId: z.string().min(1).max(MAX_ID_CHARS),
});

export const ForkBodySchema = matches<ForkBody>()(
  z.object({ messageId: z.string().min(1).max(MAX_ID_CHARS) }).strict(),
);

export const EditAnswerBodySchema = matches<EditAnswerBody>()(
  z.object({ content: z.string().max(MAX_MESSAGE_CHARS) }).strict(),
);

export const ForkResponseSchema = matches<ForkResponse>()(z.object({ chat: ChatSchema }));
export const EditAnswerResponseSchema = matches<EditAnswerResponse>()(z.object({ message: MessageSchema }));
export const SubtreeInfoSchema = matches<SubtreeInfo>()(z.object({ count: z.number(), generating: z.boolean() }));
export const DeleteMessageResponseSchema = matches<DeleteMessageResponse>()(
  z.object({ deleted: z.number(), currentLeafId: z.string().nullable() }),
);
