/** The Hono app: security middleware, API routes, the built GUI, and one error handler. */
import { Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { isWildcardHost } from '../../utils/config';
import { NotFoundError, PayloadTooLargeError } from '../errors';
import { AuthThrottle } from './auth-throttle';
import { requireJsonBody } from './content-type';
import type { HttpDeps } from './deps';
import { createErrorHandler } from './error-handler';
import { limitBody } from './node-body';
import { attachmentRoutes } from './routes/attachments';
import { chatRoutes } from './routes/chats';
import { conversationRoutes } from './routes/conversation';
import { appEventRoutes } from './routes/events';
import { generationRoutes } from './routes/generations';
import { imageRoutes } from './routes/images';
import { jobRoutes } from './routes/jobs';
import { messageRoutes } from './routes/messages';
import { modelInsightsRoutes } from './routes/model-insights';
import { modelRoutes } from './routes/models';
import { portabilityRoutes } from './routes/portability';
import { presetRoutes } from './routes/presets';
import { blobRoutes, searchRoutes } from './routes/search';
import { systemRoutes } from './routes/system';
import { allowedHostnames, hostCheck, originCheck, securityHeaders, tokenAuth } from './security';
import { serveGui } from './static-assets';

export function createApp(deps: HttpDeps): Hono {
  // TrieRouter: the router Hono's default (SmartRouter) ends up with for these routes anyway (the
  // RegExpRouter it tries first cannot take `/:name{.+}`); naming it skips that failed build, ~1 ms of
  // the first request after start (issue 12).
  const app = new Hono({ router: new TrieRouter() });
  const allowed = allowedHostnames(deps.config.host);
  app.onError(createErrorHandler(deps.logger));
  app.use('*', securityHeaders);
  // With a wildcard bind (which needs AUTH_TOKEN) any of the machine's names may be used: the
  // token, not the Host header, is the defence there.
  const wildcard = isWildcardHost(deps.config.host);
  if (!wildcard) app.use('*', hostCheck(allowed));
  app.use('*', originCheck(wildcard ? null : allowed));
  if (deps.config.authToken) app.use('*', tokenAuth(deps.config.authToken, new AuthThrottle()));
  // Before the body limit: an import streams its body to disk under IMPORT_MAX_BYTES instead.
  app.route('/api', portabilityRoutes(deps));
  app.use(
    '/api/*',
    limitBody(deps.config.maxBodyBytes, () => {
      throw new PayloadTooLargeError(
        `The request is larger than the server accepts (${Math.round(deps.config.maxBodyBytes / 1048576)} MB, MAX_BODY_BYTES).`,
        `${Math.round(deps.config.maxBodyBytes / 1048576)} MB`,
      );
    }),
  );
  app.use('/api/*', requireJsonBody);

  app.route('/api', systemRoutes(deps));
  app.route('/api/chats', chatRoutes(deps));
  app.route('/api', conversationRoutes(deps));
  app.route('/api/messages', messageRoutes(deps));
  app.route('/api/generations', generationRoutes(deps));
  app.route('/api/images', imageRoutes(deps));
  app.route('/api/presets', presetRoutes(deps));
  // Before /api/models: its `GET /:name{.+}` would match `/api/models/x/metrics` too.
  app.route('/api', modelInsightsRoutes(deps));
  app.route('/api/models', modelRoutes(deps));
  app.route('/api/jobs', jobRoutes(deps));
  app.route('/api', appEventRoutes(deps));
  app.route('/api', searchRoutes(deps));
  app.route('/api/blobs', blobRoutes(deps));
  app.route('/api/attachments', attachmentRoutes(deps));
  app.all('/api/*', (c) => {
    throw new NotFoundError('API route', `${c.req.method} ${c.req.path}`);
  });

  if (deps.guiDir) serveGui(app, deps.guiDir);
  app.notFound((c) => {
    throw new NotFoundError('Page', c.req.path);
  });
  return app;
}
