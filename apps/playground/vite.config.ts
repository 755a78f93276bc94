import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { mnistStatic } from './tools/mnist-static';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Relative asset paths, so dist/ works from any folder of a static server.
  base: './',
  plugins: [mnistStatic(root)],
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
