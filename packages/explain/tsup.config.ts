import { browserConfig, libraryConfig } from '../../tsup.library';

// The browser build replaces Node's built-in modules (used only by Node-only functions) with one that
// throws, so browser bundles see none: package.json serves it under the `browser` condition.
export default [libraryConfig, browserConfig];
