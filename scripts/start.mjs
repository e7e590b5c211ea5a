// `npm start`: build what is out of date, then run the server in this process.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, root } from './build-lib.mjs';

ensureBuilt();
await import(pathToFileURL(path.join(root, 'dist/server/server.js')).href);
