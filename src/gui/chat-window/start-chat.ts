import type { QueryClient } from '@tanstack/react-query';
import type { ImageOptions } from '../../shared/image-api';
import { ApiError, addChatToList, api } from '../api';
import type { ThreadRegistry } from './thread/thread-registry';
import type { LocalAttachment } from './thread/thread-types';

export interface FirstSend {
  model: string;
  content: string;
  attachments: LocalAttachment[];
  /** With an image model: its options. Such a first message takes the two-step path (create, then send). */
  image?: ImageOptions;
}

/**
 * Creates a chat with its first message in one request (the chat, the stored question and the started
 * answer come back together, and the thread subscribes to the answer at once). When the server refuses
 * the message it creates nothing; the two-step path then shows that refusal where it always did, on
 * the message in the new chat (with Retry and Edit). Resolves with the new chat's id.
 */
export async function startChat(input: FirstSend, registry: ThreadRegistry, queryClient: QueryClient): Promise<string> {
  const attachments =
    input.attachments.length > 0
      ? input.attachments.map((a) => ({ name: a.name, mime: a.mime, data: a.dataUrl }))
      : undefined;
  if (!input.image)
    try {
      const { sent, ...chat } = await api.createChat({
        model: input.model,
        firstMessage: { content: input.content, attachments },
      });
      registry.get(chat.id).seed(chat, sent ? [sent.userMessage, sent.assistantMessage] : []);
      addChatToList(queryClient, chat);
      return chat.id;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
    }
  const created = await api.createChat({ model: input.model });
  registry.get(created.id).seed(created);
  addChatToList(queryClient, created);
  registry
    .get(created.id)
    .send({ content: input.content, attachments: input.attachments, parentId: null, model: null, image: input.image });
  return created.id;
}
