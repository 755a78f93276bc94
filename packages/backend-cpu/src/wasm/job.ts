import type { KernelExports } from './kernels-module';
import type { Job, WorkerExport } from './thread-pool';

/**
 * A job that calls the worker export `fn`: its arguments are checked against that export's
 * signature in KernelExports (byte offsets, counts and scalars, in the export's order).
 */
export function job<F extends WorkerExport>(fn: F, ...args: Parameters<KernelExports[F]>): Job {
  return { fn, args };
}

/** The worker exports whose signature is exactly `S` (for declaring which exports an override may name). */
export type ExportsOf<S> = {
  [F in WorkerExport]: KernelExports[F] extends S
    ? S extends KernelExports[F]
      ? F
      : never
    : never;
}[WorkerExport];
