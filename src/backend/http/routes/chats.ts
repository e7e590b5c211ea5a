import { Hono } from 'hono';
import type { Chat } from '../../../shared/api';
import type { ChatRecord } from '../../history-manager';
import {
  CreateChatBodySchema,
  IdParamSchema as IdParam,
  LeafQuerySchema as LeafQuery,
  ListChatsQuerySchema,
  SendMessageBodySchema,
  UpdateChatBodySchema,
} from '../../schemas';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

export function chatRoutes(deps: HttpDeps) {
  const withLiveState = (chat: ChatRecord): Chat => ({ ...chat, generating: deps.chats.isChatGenerating(chat.id) });

  return new Hono()
    .get('/', validate('query', ListChatsQuerySchema), async (c) => {
      const page = await deps.history.listChats(c.req.valid('query'));
      return c.json({ chats: page.chats.map(withLiveState), nextCursor: page.nextCursor });
    })
    .post('/', validate('json', CreateChatBodySchema), async (c) => {
      const chat = await deps.history.createChat(c.req.valid('json'));
      return c.json(withLiveState(chat), 201);
    })
    .get('/:id', validate('param', IdParam), async (c) => {
      return c.json(withLiveState(await deps.history.getChat(c.req.valid('param').id)));
    })
    .patch('/:id', validate('param', IdParam), validate('json', UpdateChatBodySchema), async (c) => {
      const chat = await deps.history.updateChat(c.req.valid('param').id, c.req.valid('json'));
      return c.json(withLiveState(chat));
    })
    .delete('/:id', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await deps.history.getChat(id);
      for (const g of deps.chats.listGenerations().filter((g) => g.chatId === id)) {
        await deps.chats.cancel(g.id).catch(() => undefined);
      }
      await deps.history.deleteChat(id);
      return c.body(null, 204);
    })
    .get('/:id/messages', validate('param', IdParam), validate('query', LeafQuery), async (c) => {
      const { id } = c.req.valid('param');
      const chat = await deps.history.getChat(id);
      const messages = await deps.history.getBranch(id, c.req.valid('query').leaf);
      return c.json({ chat: withLiveState(chat), messages });
    })
    .post('/:id/messages', validate('param', IdParam), validate('json', SendMessageBodySchema), async (c) => {
      const result = await deps.chats.sendMessage(c.req.valid('param').id, c.req.valid('json'));
      return c.json(result, 202);
    });
}
