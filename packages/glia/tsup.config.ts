import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.library';

// glia loads its optional backends through `require` in the CommonJS build and `import()` in the ES
// module build (see src/optional-backends.ts): each format learns which it is at build time.
export default defineConfig({
  ...(libraryConfig as object),
  esbuildOptions(options, context) {
    options.define = { ...options.define, __GLIA_COMMONJS__: String(context.format === 'cjs') };
  },
});
