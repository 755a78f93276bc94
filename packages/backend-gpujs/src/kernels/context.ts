import {
  BackendError,
  type DType,
  fmtShape,
  type KernelImpl,
  type KernelName,
  type Shape,
  sizeFromShape,
  type TensorInfo,
} from '@glia/core';
import type { GpujsDevice } from '../device';
import { type GpujsStorage, MAX_KERNEL_ELEMENTS } from '../storage';

export { MAX_KERNEL_ELEMENTS };

/** A family of kernels implemented by one file: each named kernel with its exact table signature. */
export type KernelFamily<K extends KernelName> = { [P in K]: KernelImpl<P> };

/** What every kernel file gets: the storage and a way to run generated sources. */
export interface KernelContext {
  readonly storage: GpujsStorage;
  readonly device: GpujsDevice;
  /** Runs `source` over `inputs` (in order: a0, a1, ...) into a new tensor of `shape` and `dtype`. */
  run(source: string, shape: Shape, dtype: DType, inputs: readonly TensorInfo[]): TensorInfo;
  /** The kernel being run now, for error messages (set by the backend's kernel table). */
  kernelName: string;
}

/**
 * Throws when a tensor a kernel reads or writes is over `MAX_KERNEL_ELEMENTS`. Such an input is
 * host-resident: only gather and slice take it (on the host), which is how fit batches it.
 */
export function checkElements(kernel: string, what: string, shape: Shape): void {
  const size = sizeFromShape([...shape]);
  if (size > MAX_KERNEL_ELEMENTS) {
    throw new BackendError(
      `gpujs: ${kernel}: ${what} ${fmtShape(shape)} has ${size} elements: expected at most ${MAX_KERNEL_ELEMENTS} (2^23), the range kernel index arithmetic is exact in float32; this backend keeps larger tensors on the host, where only gather and slice run on them: take batches of it with gather or slice (as model.fit does) and run kernels on those, or use the cpu backend`,
    );
  }
}

/** The context over a storage and its device. */
export function createKernelContext(storage: GpujsStorage): KernelContext {
  const device = storage.device;
  const ctx: KernelContext = {
    storage,
    device,
    kernelName: '',
    run(source, shape, dtype, inputs) {
      inputs.forEach((t, k) => {
        checkElements(ctx.kernelName, `input ${k}`, t.shape);
      });
      checkElements(ctx.kernelName, 'the output', shape);
      const buffer = device.run(
        source,
        sizeFromShape([...shape]),
        inputs.map((t) => storage.buffer(t)),
        ctx.kernelName,
      );
      return storage.output(buffer, shape, dtype);
    },
  };
  return ctx;
}
