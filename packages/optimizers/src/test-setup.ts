/**
 * Runs before every test file (vitest's `setupFiles`): the tests run on the CPU backend, started
 * here once per file instead of in a `beforeAll` in each.
 */
import '@glia/backend-cpu';
import { ready } from '@glia/core';

await ready();
