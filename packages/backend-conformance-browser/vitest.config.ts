// Two projects: 'node' (the helpers' unit tests) and 'chromium' (the conformance suite in headless
// Chromium). Without Chromium the 'chromium' project is left out with a message, or, when CI=true,
// the run fails (CI installs Debian's chromium).
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';
import { parseBrowserBackends } from './src/backends.ts';
import { CHROMIUM_ARGS, chromiumForSuite } from './src/chromium.ts';

const executablePath = chromiumForSuite('backend conformance in Chromium');
const browserBackends = parseBrowserBackends(process.env.GLIA_BROWSER_BACKENDS);

const chromiumProject = {
  // Cross-origin isolation gives the test page SharedArrayBuffer, so the CPU backend runs its
  // threaded WebAssembly path (shared memory, Web Workers) as it does in an isolated app.
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  test: {
    ...sharedTestConfig,
    name: 'chromium',
    include: ['src/**/*.browser.test.ts'],
    // The suite has thousands of cases; a slow software-GL backend needs room.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    provide: { browserBackends },
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: { executablePath, args: [...CHROMIUM_ARGS] },
      }),
      instances: [{ browser: 'chromium' as const }],
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...sharedTestConfig,
          name: 'node',
          exclude: ['src/**/*.browser.test.ts'],
        },
      },
      ...(executablePath === undefined ? [] : [chromiumProject]),
    ],
  },
});
