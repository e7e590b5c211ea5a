/** The Hono app: security middleware, API routes, the built GUI, and one error handler. */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { NotFoundError, PayloadTooLargeError } from '../errors';
import type { HttpDeps } from './deps';
import { createErrorHandler } from './error-handler';
import { chatRoutes } from './routes/chats';
import { generationRoutes } from './routes/generations';
import { messageRoutes } from './routes/messages';
import { modelRoutes } from './routes/models';
import { systemRoutes } from './routes/system';
import { allowedHostnames, hostCheck, originCheck, securityHeaders, tokenAuth } from './security';

export function createApp(deps: HttpDeps): Hono {
  const app = new Hono();
  const allowed = allowedHostnames(deps.config.host);
  app.onError(createErrorHandler(deps.logger));
  app.use('*', securityHeaders);
  app.use('*', hostCheck(allowed));
  app.use('*', originCheck(allowed));
  if (deps.config.authToken) app.use('*', tokenAuth(deps.config.authToken));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.config.maxBodyBytes,
      onError: () => {
        throw new PayloadTooLargeError(
          `The request is larger than the server accepts (${Math.round(deps.config.maxBodyBytes / 1048576)} MB).`,
        );
      },
    }),
  );

  app.route('/api', systemRoutes(deps));
  app.route('/api/chats', chatRoutes(deps));
  app.route('/api/messages', messageRoutes(deps));
  app.route('/api/generations', generationRoutes(deps));
  app.route('/api/models', modelRoutes(deps));
  app.all('/api/*', (c) => {
    throw new NotFoundError('API route', `${c.req.method} ${c.req.path}`);
  });

  if (deps.guiDir) {
    const root = deps.guiDir;
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('*', serveStatic({ root }));
    // Client-side routes (/c/:id) get the app shell.
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }
  app.notFound((c) => {
    throw new NotFoundError('Page', c.req.path);
  });
  return app;
}
