import type { DType, KernelImpl, KernelName, Shape, TensorInfo } from '@glia/core';
import type { GpujsDevice } from '../device';
import type { GpujsStorage } from '../storage';

/** A family of kernels implemented by one file: each named kernel with its exact table signature. */
export type KernelFamily<K extends KernelName> = { [P in K]: KernelImpl<P> };

/** What every kernel file gets: the storage and a way to run generated sources. */
export interface KernelContext {
  readonly storage: GpujsStorage;
  readonly device: GpujsDevice;
  /** Runs `source` over `inputs` (in order: a0, a1, ...) into a new tensor of `shape` and `dtype`. */
  run(source: string, shape: Shape, dtype: DType, inputs: readonly TensorInfo[]): TensorInfo;
}

/** The context over a storage and its device. */
export function createKernelContext(storage: GpujsStorage): KernelContext {
  const device = storage.device;
  return {
    storage,
    device,
    run(source, shape, dtype, inputs) {
      let size = 1;
      for (const d of shape) size *= d;
      const buffer = device.run(
        source,
        size,
        inputs.map((t) => storage.buffer(t)),
      );
      return storage.output(buffer, shape, dtype);
    },
  };
}
