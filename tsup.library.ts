import { builtinModules } from 'node:module';
import { defineConfig, type Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/** The build of every published package: ESM + CJS + .d.ts from src/index.ts into dist/. */
export const libraryConfig = defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  // Everything but the browser build, which `browserConfig` writes beside it at the same time.
  clean: ['**/*', '!browser/**'],
  target: 'es2022',
});

/**
 * Node's built-in modules as one that throws when it is loaded, with a message naming the module.
 * The packages load them with `await import('node:…')` inside the functions that need them (file
 * handlers, gzip, checksums), so in a browser the function's promise rejects with that message.
 */
const nodeBuiltinsUnavailable: EsbuildPlugin = {
  name: 'node-builtins-unavailable',
  setup(build) {
    // Both spellings: `node:fs` and `fs`.
    const names = builtinModules.map((name) => name.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&'));
    const filter = new RegExp(`^(node:)?(${names.join('|')})$`);
    build.onResolve({ filter }, (args) => ({
      path: args.path.startsWith('node:') ? args.path : `node:${args.path}`,
      namespace: 'node-builtin-unavailable',
    }));
    build.onLoad({ filter: /.*/, namespace: 'node-builtin-unavailable' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`'${args.path}' is a Node.js module, and this is the browser build of Glia: this function needs Node.js`)});`,
      loader: 'js',
    }));
  },
};

/**
 * The browser build (dist/browser/index.js, ES module) of a package whose Node-only functions import
 * Node's built-in modules: the same code with those modules replaced by one that throws. Its
 * package.json serves it under the `browser` export condition, so bundlers see no Node module.
 */
export const browserConfig = defineConfig({
  entry: { index: 'src/index.ts' },
  outDir: 'dist/browser',
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'browser',
  removeNodeProtocol: false,
  esbuildPlugins: [nodeBuiltinsUnavailable],
} satisfies Options);
