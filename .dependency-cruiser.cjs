// Import rules of docs/architecture.md, checked by `npm run lint:deps` and the "import rules" stage of `npm test`.
// Paths are matched relative to the repository root; npm packages resolve to their folder under node_modules/.
// tests/unit/import-rules.test.ts runs this file against tests/fixtures/import-rules/, one violation per rule.

/** Everything src/backend/http/ may import: the service, the error types, the schemas, shared, utils, itself. */
const HTTP_MAY_IMPORT = [
  '^src/backend/http/',
  '^src/backend/service\\.ts$',
  '^src/backend/app-service\\.ts$',
  '^src/backend/errors\\.ts$',
  '^src/backend/schemas/',
  '^src/shared/',
  '^src/utils/',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'gui-not-to-backend',
      severity: 'error',
      comment: 'The GUI talks to the server over HTTP only; what both sides need lives in src/shared.',
      from: { path: '^src/gui/' },
      to: { path: '^src/(backend/|server\\.ts$)' },
    },
    {
      name: 'backend-not-to-gui',
      severity: 'error',
      comment: 'Server code never reaches into the browser app.',
      from: { path: '^src/(backend/|utils/|server\\.ts$)' },
      to: { path: '^src/gui/' },
    },
    {
      name: 'only-ollama-client-imports-ollama',
      severity: 'error',
      comment: "Ollama's wire format is known in one place; everything else uses backend/ollama-client.",
      from: { pathNot: '^src/backend/ollama-client/' },
      to: { path: '^node_modules/ollama/' },
    },
    {
      name: 'only-history-manager-touches-sql',
      severity: 'error',
      comment: 'SQL (kysely, better-sqlite3) stays in backend/history-manager; others call its stores.',
      from: { pathNot: '^src/backend/history-manager/' },
      to: { path: '^node_modules/(kysely|better-sqlite3|@types/better-sqlite3)/' },
    },
    {
      name: 'http-calls-only-the-service',
      severity: 'error',
      comment:
        'Routes translate HTTP to service calls: src/backend/service.ts, errors.ts, schemas/, shared, utils and ' +
        'http/ itself, nothing below the service.',
      from: { path: '^src/backend/http/' },
      to: { path: '^src/', pathNot: HTTP_MAY_IMPORT },
    },
    {
      name: 'http-packages-are-hono-and-zod',
      severity: 'error',
      comment: 'The only packages http/ uses are hono (and @hono/*) and zod; Node built-ins are allowed.',
      from: { path: '^src/backend/http/' },
      to: { path: '^node_modules/', pathNot: '^node_modules/(hono|@hono/[^/]+|zod)/' },
    },
    {
      name: 'shared-imports-only-shared',
      severity: 'error',
      comment:
        'The wire contract runs in the browser and in Node: no packages (not even zod), no Node built-ins, ' +
        'nothing of ours outside src/shared.',
      from: { path: '^src/shared/' },
      to: { pathNot: '^src/shared/' },
    },
    {
      name: 'utils-imports-only-shared',
      severity: 'error',
      comment: 'src/utils sits below the backend: of our code it may use only src/shared (packages are fine).',
      from: { path: '^src/utils/' },
      to: { path: '^src/', pathNot: '^src/(utils|shared)/' },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment: 'A module cycle makes ESM evaluation order decide which import is still undefined.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      scope: 'folder',
      comment: 'Two folders that import each other are one concern split in two, or a missing third folder.',
      from: { path: '^src/' },
      to: { path: '^src/', circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import the tool cannot resolve is an import no rule above can see.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    // Type-only imports count: a type from the backend in the GUI is still a dependency on the backend.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
