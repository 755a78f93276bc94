import type { Backend } from './backend';

/**
 * `backend` as seen from outside with no synchronous reads: its `readSync` throws what `error()`
 * returns, as on a backend that computes asynchronously (gpu.js's WebGPU mode), while `read` and
 * every kernel work as before (the backend's own methods still reach its real `readSync`). Tests
 * use it to audit that a code path reads tensors only with `await t.data()`. The error comes from
 * the caller (usually a `SyncReadError`), so that this module needs no runtime import of core.
 *
 * ```ts
 * import { registerBackend, SyncReadError } from '@glia/core';
 * import { createNaiveBackend, withoutSyncReads } from '@glia/core/testing';
 *
 * registerBackend('async-only', () =>
 *   withoutSyncReads(createNaiveBackend('async-only'), () => new SyncReadError('audit')),
 * );
 * ```
 */
export function withoutSyncReads<B extends Backend>(backend: B, error: () => Error): B {
  const readSync = (): never => {
    throw error();
  };
  return new Proxy(backend, {
    get(target, key) {
      if (key === 'readSync') return readSync;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
