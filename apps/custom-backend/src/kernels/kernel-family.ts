import type { KernelImpl, KernelName } from '@glia/core';

/** A group of kernels implemented in one file, each with its exact signature from the table. */
export type KernelFamily<K extends KernelName> = { [P in K]: KernelImpl<P> };
