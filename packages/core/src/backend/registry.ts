import { BackendError } from '../errors';
import { didYouMean } from '../util/names';
import type { Backend } from './backend';

/** Creates a backend; may be async (GPU contexts) and may throw (no device). */
export type BackendFactory = () => Backend | Promise<Backend>;

/** Options of `registerBackend`. */
export interface RegisterBackendOptions {
  /** Higher wins in `ready()`. Default 1. The CPU backend registers at 1. */
  priority?: number;
  /**
   * A priority that needs an asynchronous look at the machine first (e.g. which WebGPU adapter
   * answers): `ready()` awaits it before ordering the backends, and it replaces `priority` from
   * then on. Should it fail, `priority` stays.
   */
  rank?: () => Promise<number>;
}

/** What `listBackends()` tells of one registered backend. */
export interface BackendStatus {
  name: string;
  priority: number;
  /** Whether an instance exists (created and initialised). */
  initialized: boolean;
  /** Whether it is the active backend. */
  active: boolean;
  /** Why its factory or initialisation failed, when it did. */
  failure?: string;
  /** The backend's own description (e.g. gpu.js mode) once initialised. */
  description?: string;
}

interface Entry {
  factory: BackendFactory;
  priority: number;
  rank?: (() => Promise<number>) | undefined;
  instance?: Backend;
  failure?: string;
  pending?: Promise<Backend>;
}

const entries = new Map<string, Entry>();
let activeName: string | undefined;
const listeners = new Set<(removed: Backend) => void>();

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function unknownName(name: string): BackendError {
  const names = [...entries.keys()];
  return new BackendError(
    `unknown backend '${name}': expected one of ${names.length ? names.join(', ') : 'the registered backends, and none is registered (import @glia/backend-cpu or glia)'}${didYouMean(name, names)}`,
  );
}

function envOverride(): string | undefined {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> } };
  const value = g.process?.env?.GLIA_BACKEND;
  return value ? value.trim() : undefined;
}

/** Registers a backend factory under `name`. Returns false (and keeps the first) if the name is taken. */
export function registerBackend(
  name: string,
  factory: BackendFactory,
  options: RegisterBackendOptions = {},
): boolean {
  if (typeof name !== 'string' || name.length === 0)
    throw new BackendError(`registerBackend: name must be a non-empty string, got ${String(name)}`);
  if (typeof factory !== 'function')
    throw new BackendError(`registerBackend('${name}'): factory must be a function`);
  if (entries.has(name)) return false;
  entries.set(name, { factory, priority: options.priority ?? 1, rank: options.rank });
  return true;
}

/** Resolves the asynchronous ranks (`RegisterBackendOptions.rank`) not yet resolved. */
async function resolveRanks(): Promise<void> {
  await Promise.all(
    [...entries.values()]
      .filter((e) => e.rank !== undefined)
      .map(async (e) => {
        const rank = e.rank!;
        e.rank = undefined;
        try {
          const priority = await rank();
          if (Number.isFinite(priority)) e.priority = priority;
        } catch {
          // the static priority stays
        }
      }),
  );
}

/** Unregisters `name`, disposing its instance; if it was active, no backend is active afterwards. */
export function removeBackend(name: string): void {
  const entry = entries.get(name);
  if (!entry) throw unknownName(name);
  if (entry.instance) {
    for (const l of listeners) l(entry.instance);
    entry.instance.dispose();
  }
  entries.delete(name);
  if (activeName === name) activeName = undefined;
}

/** Status of every registered backend, highest priority first. */
export function listBackends(): BackendStatus[] {
  return [...entries.entries()]
    .sort((a, b) => b[1].priority - a[1].priority)
    .map(([name, e]) => ({
      name,
      priority: e.priority,
      initialized: e.instance !== undefined,
      active: name === activeName,
      ...(e.failure !== undefined ? { failure: e.failure } : {}),
      ...(e.instance?.describe ? { description: e.instance.describe() } : {}),
    }));
}

function checkBackend(name: string, backend: unknown): Backend {
  const b = backend as Partial<Backend> | null;
  if (
    !b ||
    typeof b !== 'object' ||
    typeof b.write !== 'function' ||
    typeof b.readSync !== 'function' ||
    typeof b.kernels !== 'object'
  ) {
    throw new BackendError(
      `backend '${name}': factory returned ${b === null ? 'null' : typeof b}, expected an object implementing Backend (write, read, readSync, disposeData, memory, kernels, dispose)`,
    );
  }
  return b as Backend;
}

async function initialize(name: string): Promise<Backend> {
  const entry = entries.get(name);
  if (!entry) throw unknownName(name);
  if (entry.instance) return entry.instance;
  if (!entry.pending) {
    entry.pending = (async () => {
      try {
        const instance = checkBackend(name, await entry.factory());
        entry.instance = instance;
        entry.failure = undefined;
        return instance;
      } catch (e) {
        entry.failure = describeError(e);
        throw new BackendError(`backend '${name}' failed to initialise: ${entry.failure}`);
      } finally {
        entry.pending = undefined;
      }
    })();
  }
  return entry.pending;
}

/** Synchronously initialises `name` if its factory is synchronous; returns undefined otherwise. */
function initializeSync(name: string): Backend | undefined {
  const entry = entries.get(name);
  if (!entry) throw unknownName(name);
  if (entry.instance) return entry.instance;
  if (entry.failure !== undefined) return undefined;
  try {
    const made = entry.factory();
    if (made instanceof Promise) {
      entry.pending = made.then(
        (b) => {
          entry.instance = checkBackend(name, b);
          entry.pending = undefined;
          return entry.instance;
        },
        (e) => {
          entry.failure = describeError(e);
          entry.pending = undefined;
          throw new BackendError(`backend '${name}' failed to initialise: ${entry.failure}`);
        },
      );
      entry.pending.catch(() => undefined);
      return undefined;
    }
    entry.instance = checkBackend(name, made);
    return entry.instance;
  } catch (e) {
    entry.failure = describeError(e);
    return undefined;
  }
}

/**
 * Makes `name` the active backend, initialising it if needed. Unknown names are an error that lists
 * the registered ones; an initialisation failure is an error with its reason.
 */
export async function setBackend(name: string): Promise<Backend> {
  const backend = await initialize(name);
  activeName = name;
  return backend;
}

/**
 * Initialises and activates the best backend: the one named by `GLIA_BACKEND` if set, else the
 * highest-priority one that starts. Backends that fail are skipped with their reason kept (see
 * `listBackends()`) and warned about once.
 */
export async function ready(): Promise<Backend> {
  if (activeName !== undefined) return entries.get(activeName)!.instance!;
  const forced = envOverride();
  if (forced) return setBackend(forced);
  await resolveRanks();
  const reasons: string[] = [];
  for (const status of listBackends()) {
    try {
      return await setBackend(status.name);
    } catch (e) {
      const reason = `${status.name}: ${entries.get(status.name)?.failure ?? describeError(e)}`;
      reasons.push(reason);
      console.warn(`glia: skipping backend ${reason}`);
    }
  }
  throw new BackendError(
    reasons.length
      ? `ready: no backend could be initialised: ${reasons.join('; ')}`
      : 'ready: no backend is registered: import @glia/backend-cpu or glia',
  );
}

/**
 * The active backend. If none is active yet, activates the highest-priority backend that starts
 * synchronously (honouring `GLIA_BACKEND`); call `await ready()` first to allow async backends.
 */
export function getBackend(): Backend {
  if (activeName !== undefined) return entries.get(activeName)!.instance!;
  const forced = envOverride();
  const candidates = forced ? [forced] : listBackends().map((s) => s.name);
  for (const name of candidates) {
    const backend = initializeSync(name);
    if (backend) {
      activeName = name;
      return backend;
    }
  }
  if (forced) {
    const failure = entries.get(forced)?.failure;
    throw new BackendError(
      `GLIA_BACKEND='${forced}' could not be activated synchronously${failure ? `: ${failure}` : ': call `await ready()` first'}`,
    );
  }
  throw new BackendError(
    entries.size
      ? `no backend is active and none starts synchronously (${listBackends()
          .map((s) => `${s.name}${s.failure ? `: ${s.failure}` : ''}`)
          .join('; ')}): call \`await ready()\` first`
      : 'no backend is registered: import @glia/backend-cpu or glia',
  );
}

/** The name of the active backend, or undefined if none is active yet. */
export function getBackendName(): string | undefined {
  return activeName;
}

/** The initialised instance of `name`, initialising it synchronously if possible (used for CPU fallback). */
export function findBackend(name: string): Backend | undefined {
  if (!entries.has(name)) return undefined;
  return initializeSync(name);
}

/** Called with a backend's instance just before `removeBackend` disposes it (the engine drops its records). */
export function onBackendRemoved(listener: (removed: Backend) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
