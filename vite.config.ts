import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The GUI is a static SPA served by the Node server from dist/gui; in dev, Vite proxies the API to it.
export default defineConfig({
  root: 'src/gui',
  base: '/',
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: {
      // Streamdown imports rehype-raw eagerly; we never render raw HTML, so ship a no-op instead of parse5.
      'rehype-raw': fileURLToPath(new URL('./src/gui/chat-window/markdown/rehype-raw-stub.ts', import.meta.url)),
    },
  },
  build: {
    outDir: '../../dist/gui',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8321', changeOrigin: false },
    },
  },
});
