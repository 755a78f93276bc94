/**
 * Where Glia's browser tests find Chromium, how they launch it, and what they do when it is missing:
 * fail in CI (which installs Debian's `chromium` with apt, see .ci/apt-packages.txt), skip with a
 * message elsewhere. Nothing here downloads a browser: Playwright only drives the system one.
 */
import { accessSync, constants } from 'node:fs';

/** Debian's Chromium, which CI installs with `apt-get install chromium`. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for headless Chromium as root in a container, with no network chatter (the browser tests
 * must reach nothing), WebGL2 on SwiftShader (ANGLE's Vulkan CPU renderer) when there is no GPU,
 * and WebGPU (on SwiftShader too without a GPU; pages from http://localhost only). Playwright adds `--headless`, `--no-sandbox` and a fresh, temporary `--user-data-dir`.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
];

/** The environment variables these helpers read. */
export interface ChromiumEnv {
  /** `'true'` in CI: a missing Chromium fails instead of skipping. */
  CI?: string | undefined;
  /** Another Chromium binary to use instead of /usr/bin/chromium. */
  GLIA_CHROMIUM?: string | undefined;
}

/** Whether Chromium is there, and where, or why not. */
export type ChromiumStatus =
  | { available: true; path: string }
  | { available: false; path: string; reason: string };

/** The Chromium the browser tests use: `$GLIA_CHROMIUM`, else /usr/bin/chromium. */
export function chromiumPath(env: ChromiumEnv = process.env): string {
  return env.GLIA_CHROMIUM !== undefined && env.GLIA_CHROMIUM !== ''
    ? env.GLIA_CHROMIUM
    : DEFAULT_CHROMIUM_PATH;
}

/** Looks for an executable Chromium; `isExecutable` is for tests. */
export function findChromium(
  env: ChromiumEnv = process.env,
  isExecutable: (path: string) => boolean = canExecute,
): ChromiumStatus {
  const path = chromiumPath(env);
  if (isExecutable(path)) return { available: true, path };
  return {
    available: false,
    path,
    reason: `no executable Chromium at ${path} (install Debian's chromium: apt-get install chromium, or point GLIA_CHROMIUM at one)`,
  };
}

/** Thrown when a browser suite cannot run in CI because Chromium is missing. */
export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError';
}

/**
 * The Chromium path for `suite`, or `undefined` when the suite must skip. Without Chromium it
 * throws {@link ChromiumMissingError} when `CI=true` and otherwise reports the skip through `log`.
 *
 * ```ts
 * const executablePath = chromiumForSuite('playground e2e');
 * describe.skipIf(executablePath === undefined)('playground', () => { ... });
 * ```
 */
export function chromiumForSuite(
  suite: string,
  env: ChromiumEnv = process.env,
  log: (message: string) => void = console.warn,
  isExecutable?: (path: string) => boolean,
): string | undefined {
  const status = findChromium(env, isExecutable);
  if (status.available) return status.path;
  if (env.CI === 'true') {
    throw new ChromiumMissingError(`${suite}: cannot run in CI: ${status.reason}`);
  }
  log(`${suite}: skipped: ${status.reason}`);
  return undefined;
}

function canExecute(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
