// `npm start`: build what is out of date, then run the server in this process. CommonJS, like the
// server's entry (dist/server/server.js): an ES module here would start Node's ESM loader first.
'use strict';
const path = require('node:path');
const { ensureBuilt, root } = require('./build-lib.cjs');

ensureBuilt();
require(path.join(root, 'dist', 'server', 'server.js'));
