/**
 * The backends the Chromium conformance run knows, by the names `GLIA_BROWSER_BACKENDS` takes.
 * Shared by the vitest config (Node, which picks the run's backends) and the test page (Chromium,
 * which creates them).
 */
export const BROWSER_BACKENDS = ['cpu', 'gpujs', 'gpujs-webgpu'] as const;

/** A backend the Chromium conformance run can test. */
export type BrowserBackendName = (typeof BROWSER_BACKENDS)[number];

/** The backends run when `GLIA_BROWSER_BACKENDS` is unset: all of them. */
export const DEFAULT_BROWSER_BACKENDS: readonly BrowserBackendName[] = BROWSER_BACKENDS;

/**
 * Parses `GLIA_BROWSER_BACKENDS` (comma-separated names, e.g. `cpu,gpujs`); unset or empty means
 * every backend. An unknown name is an error that lists the known ones.
 */
export function parseBrowserBackends(value: string | undefined): BrowserBackendName[] {
  if (value === undefined || value.trim() === '') return [...DEFAULT_BROWSER_BACKENDS];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(BROWSER_BACKENDS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `GLIA_BROWSER_BACKENDS: unknown backend ${unknown.map((n) => JSON.stringify(n)).join(', ')}: expected a comma-separated list of ${BROWSER_BACKENDS.join(', ')}`,
    );
  }
  return [...new Set(names)] as BrowserBackendName[];
}
