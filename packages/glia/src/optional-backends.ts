import {
  type Backend,
  BackendError,
  listBackends,
  ready as readyCore,
  setBackend as setBackendCore,
} from '@glia/core';

/** The backend packages `glia` registers when they are installed beside it (optional peers). */
const OPTIONAL_BACKENDS: readonly { name: string; packageName: string; install: string }[] = [
  { name: 'gpujs', packageName: '@glia/backend-gpujs', install: 'npm install @glia/backend-gpujs' },
];

function isModuleMissing(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const missingCode = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  return missingCode && typeof message === 'string' && message.includes(packageName);
}

// Set by the build (tsup.config.ts): true in the CommonJS bundle; undefined when run from source.
declare const __GLIA_COMMONJS__: boolean | undefined;
// The CommonJS module object, which exists only in the CommonJS bundle.
declare const module: unknown;

/**
 * Loads a package that may be missing. The CommonJS bundle requires the package's CommonJS copy, so
 * that it registers with the same copy of `@glia/core` as `glia` itself; the ES module build imports
 * it. The specifier is computed, so bundlers leave it alone and a browser bundle without the package
 * still builds (in a browser, import the backend package yourself to register it).
 */
async function importOptional(specifier: string): Promise<unknown> {
  if (typeof __GLIA_COMMONJS__ !== 'undefined' && __GLIA_COMMONJS__) {
    return (module as { require(id: string): unknown }).require(specifier);
  }
  return import(/* @vite-ignore */ specifier);
}

async function loadOptionalBackend(entry: (typeof OPTIONAL_BACKENDS)[number]): Promise<void> {
  try {
    await importOptional(entry.packageName);
  } catch (error) {
    unavailable.set(
      entry.name,
      isModuleMissing(error, entry.packageName)
        ? `${entry.packageName} is not installed (${entry.install})`
        : `${entry.packageName} failed to load: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Why an optional backend did not register, by backend name. */
const unavailable = new Map<string, string>();

let loading: Promise<void> | undefined;

/**
 * Registers the optional backends that are installed (today `@glia/backend-gpujs`). `ready()` and
 * `setBackend()` of `glia` await it; call it yourself only before `listBackends()` if you need the
 * optional backends listed before the first `ready()`.
 */
export function loadOptionalBackends(): Promise<void> {
  loading ??= Promise.all(OPTIONAL_BACKENDS.map(loadOptionalBackend)).then(() => undefined);
  return loading;
}

/**
 * Initialises the best backend, as `@glia/core`'s `ready()`, once the optional backends that are
 * installed have registered themselves.
 *
 * ```ts
 * import * as glia from 'glia';
 * const backend = await glia.ready();
 * console.log(backend.name); // 'cpu', or 'gpujs' where gpu.js runs on a GPU
 * ```
 */
export async function ready(): Promise<Backend> {
  await loadOptionalBackends();
  return readyCore();
}

/**
 * Makes `name` the active backend, as `@glia/core`'s `setBackend()`, once the optional backends that
 * are installed have registered themselves.
 *
 * ```ts
 * import * as glia from 'glia';
 * await glia.setBackend('cpu');
 * ```
 */
export async function setBackend(name: string): Promise<Backend> {
  await loadOptionalBackends();
  const reason = unavailable.get(name);
  const registered = listBackends().some((status) => status.name === name);
  if (reason !== undefined && !registered) {
    throw new BackendError(`setBackend: backend '${name}' is not available: ${reason}`);
  }
  return setBackendCore(name);
}
