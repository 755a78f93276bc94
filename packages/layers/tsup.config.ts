import { browserConfig, libraryConfig } from '../../tsup.library';

// The browser build replaces Node's built-in modules (used only by Node-only functions) with one that
// throws, so browser bundles see none: package.json serves it under the `browser` condition.
// `@glia/layers/testing` (test fixtures, no Node module) is a second entry of the library build.
export default [{ ...libraryConfig, entry: ['src/index.ts', 'src/testing.ts'] }, browserConfig];
