import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // TF.js stays a runtime import: bundling it breaks its Node platform detection.
  external: ['@tensorflow/tfjs'],
});
