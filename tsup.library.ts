import { defineConfig } from 'tsup';

/** The build of every published package: ESM + CJS + .d.ts from src/index.ts into dist/. */
export const libraryConfig = defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
