import { Hono } from 'hono';
import {
  CreateChatWithMessageBodySchema,
  IdParamSchema as IdParam,
  ListChatsQuerySchema,
  MessagesQuerySchema,
  SendMessageBodySchema,
  UpdateChatBodySchema,
} from '../../schemas';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

export function chatRoutes(deps: HttpDeps) {
  const { service } = deps;
  return new Hono()
    .get('/', validate('query', ListChatsQuerySchema), async (c) =>
      c.json(await service.listChats(c.req.valid('query'))),
    )
    .post('/', validate('json', CreateChatWithMessageBodySchema), async (c) =>
      c.json(await service.createChat(c.req.valid('json')), 201),
    )
    .get('/:id', validate('param', IdParam), async (c) => c.json(await service.getChat(c.req.valid('param').id)))
    .patch('/:id', validate('param', IdParam), validate('json', UpdateChatBodySchema), async (c) => {
      return c.json(await service.updateChat(c.req.valid('param').id, c.req.valid('json')));
    })
    .delete('/:id', validate('param', IdParam), async (c) => {
      await service.deleteChat(c.req.valid('param').id);
      return c.body(null, 204);
    })
    .get('/:id/messages', validate('param', IdParam), validate('query', MessagesQuerySchema), async (c) => {
      return c.json(await service.chatMessages(c.req.valid('param').id, c.req.valid('query')));
    })
    .post('/:id/messages', validate('param', IdParam), validate('json', SendMessageBodySchema), async (c) => {
      return c.json(await service.sendMessage(c.req.valid('param').id, c.req.valid('json')), 202);
    });
}
