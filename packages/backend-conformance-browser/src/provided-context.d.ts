import type { BrowserBackendName } from './backends';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The backends the Chromium conformance run tests (from GLIA_BROWSER_BACKENDS). */
    browserBackends: BrowserBackendName[];
  }
}
