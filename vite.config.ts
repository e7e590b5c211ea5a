import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const OUT_DIR = fileURLToPath(new URL('./dist/gui', import.meta.url));
/** Text formats worth compressing; fonts (woff/woff2) and images are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|ttf|wasm)$/;

/**
 * Writes `file.br` and `file.gz` next to every compressible output file, once, at build time, so
 * the server (src/backend/http/static-assets.ts) picks one by Accept-Encoding and never compresses
 * per request. A twin that would not save at least 5 % is skipped (the original is served).
 */
function precompress(): Plugin {
  return {
    name: 'ollama-chat:precompress',
    apply: 'build',
    async closeBundle() {
      const files: string[] = [];
      const visit = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const file = path.join(dir, name);
          if (statSync(file).isDirectory()) visit(file);
          else if (COMPRESSIBLE.test(name)) files.push(file);
        }
      };
      visit(OUT_DIR);
      // zlib's async calls run on libuv's thread pool: all cores work on it at once.
      await Promise.all(files.map(compressFile));
    },
  };
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Compressed twins by content hash: a rebuild recompresses only what changed (brotli 11 is slow). */
const CACHE_DIR = fileURLToPath(new URL('./node_modules/.cache/precompress', import.meta.url));

async function cached(data: Buffer, kind: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const key = path.join(CACHE_DIR, `${createHash('sha256').update(data).digest('hex')}.${kind}`);
  if (existsSync(key)) return readFileSync(key);
  const out = await make();
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(key, out);
  return out;
}

async function compressFile(file: string): Promise<void> {
  const data = readFileSync(file);
  if (data.length < 512) return;
  const br = await cached(data, 'br11', () =>
    brotli(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  );
  const gz = await cached(data, 'gz9', () => gzipAsync(data, { level: 9 }));
  if (br.length < data.length * 0.95) writeFileSync(`${file}.br`, br);
  if (gz.length < data.length * 0.95) writeFileSync(`${file}.gz`, gz);
}

// The GUI is a static SPA served by the Node server from dist/gui; in dev, Vite proxies the API to it.
export default defineConfig({
  root: 'src/gui',
  base: '/',
  plugins: [react(), tailwindcss(), precompress()],
  resolve: {
    alias: {
      // Streamdown imports rehype-raw eagerly; we never render raw HTML, so ship a no-op instead of parse5.
      'rehype-raw': fileURLToPath(new URL('./src/gui/chat-window/markdown/rehype-raw-stub.ts', import.meta.url)),
    },
  },
  // ES module workers: the highlighting worker loads Shiki's languages as separate chunks.
  worker: { format: 'es' },
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // The precompress step is slow by design (brotli 11, cached by content); no timing nag about it.
    rolldownOptions: {
      checks: { pluginTimings: false },
      output: {
        // Everything the first screen needs in one chunk beside the entry, not a dozen shared slivers of
        // 0.2–3 KiB: over HTTP/1.1 the browser opens at most 6 connections, and the stylesheet (which
        // holds the first paint) queued behind the scripts that filled them.
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8321', changeOrigin: false },
    },
  },
});
