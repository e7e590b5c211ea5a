/** Fork a chat from a message, edit an answer, delete a message and its subtree (issue 11). */
import { Hono } from 'hono';
import {
  ChatMessageParamSchema as ChatMessageParam,
  EditAnswerBodySchema,
  ForkBodySchema,
  IdParamSchema as IdParam,
} from '../../schemas';
import type { HttpDeps } from '../deps';
import { validate } from '../validation';

export function conversationRoutes(deps: HttpDeps) {
  const { service } = deps;
  return new Hono()
    .post('/chats/:id/fork', validate('param', IdParam), validate('json', ForkBodySchema), async (c) =>
      c.json(await service.forkChat(c.req.valid('param').id, c.req.valid('json').messageId), 201),
    )
    .post(
      '/chats/:id/messages/:messageId/edit',
      validate('param', ChatMessageParam),
      validate('json', EditAnswerBodySchema),
      async (c) => {
        const { id, messageId } = c.req.valid('param');
        return c.json(await service.editAnswer(id, messageId, c.req.valid('json').content), 201);
      },
    )
    .get('/chats/:id/messages/:messageId/subtree', validate('param', ChatMessageParam), async (c) => {
      const { id, messageId } = c.req.valid('param');
      return c.json(await service.messageSubtree(id, messageId));
    })
    .delete('/chats/:id/messages/:messageId', validate('param', ChatMessageParam), async (c) => {
      const { id, messageId } = c.req.valid('param');
      return c.json(await service.deleteMessage(id, messageId));
    });
}
