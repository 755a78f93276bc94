import { defineConfig } from 'tsup';

// Written as a third party would: no shared monorepo config, just ESM + CJS + types.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
