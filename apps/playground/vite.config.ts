import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { mnistStatic } from './tools/mnist-static.ts';

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Relative asset paths, so dist/ works from any folder of a static server.
  base: './',
  plugins: [mnistStatic(root)],
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  // The training worker is an ES module (Glia's bundle splits off Node-only chunks it never loads).
  worker: { format: 'es' },
  // Cross-origin isolation gives the page SharedArrayBuffer, which the CPU backend's threaded
  // WebAssembly GEMM needs to use more than one core. A static host of dist/ should send the same.
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
});
