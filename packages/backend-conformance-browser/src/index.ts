/**
 * @glia/backend-conformance-browser: the Chromium side of Glia's tests. Its own test script runs
 * `runConformance` in headless Chromium (vitest browser mode); its entry exports the helpers other
 * browser tests share: where Chromium is, the flags to launch it with, and the CI policy when it is
 * missing (fail when `CI=true`, else skip with a message).
 *
 * ```ts
 * import { chromium } from 'playwright-core';
 * import { CHROMIUM_ARGS, chromiumForSuite } from '@glia/backend-conformance-browser';
 *
 * const executablePath = chromiumForSuite('my suite');
 * if (executablePath !== undefined) {
 *   const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
 *   await browser.close();
 * }
 * ```
 * @packageDocumentation
 */
export type { ChromiumEnv, ChromiumStatus } from './chromium';
export {
  CHROMIUM_ARGS,
  ChromiumMissingError,
  chromiumForSuite,
  chromiumPath,
  DEFAULT_CHROMIUM_PATH,
  findChromium,
} from './chromium';
