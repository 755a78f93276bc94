import { BackendError } from '@glia/core';
import type { WebGpuHandle } from './gpujs-api';

/**
 * A tensor's buffer on an asynchronous device (gpu.js's webgpu mode): ops return at once with one
 * of these, while the kernel that fills it is queued behind the kernels that fill its inputs.
 *
 * It is reference counted: the tensor that owns it holds one reference, and every queued kernel
 * or read that takes it as input holds one until it has been submitted, so a tensor disposed right
 * after the op that consumes it (as `tidy` does) keeps its buffer until the device has it. The
 * gpu.js handle is deleted when the last reference goes.
 */
export class PendingBuffer {
  /** The device buffer, once the kernel that fills it has been submitted. */
  readonly ready: Promise<WebGpuHandle>;
  /** Why its kernel (or a kernel it depends on) failed, once it has. */
  error: BackendError | undefined;
  private refs = 1;

  /**
   * @param size its number of float32 elements
   * @param op the kernel that fills it, named in errors
   * @param work the queued kernel call
   * @param onFree called once, when the last reference goes
   */
  constructor(
    readonly size: number,
    readonly op: string,
    work: Promise<WebGpuHandle>,
    private readonly onFree: (buffer: PendingBuffer) => void,
  ) {
    this.ready = work.catch((e: unknown) => {
      throw deviceError(op, e);
    });
    this.ready.catch((e: BackendError) => {
      this.error = e;
    });
  }

  /** Takes one more reference (a queued kernel or read using this buffer). */
  retain(): void {
    this.refs++;
  }

  /** Drops one reference; the last one deletes the device buffer once it exists. */
  release(): void {
    if (this.refs <= 0) return;
    if (--this.refs > 0) return;
    this.onFree(this);
    this.ready.then(
      (handle) => handle.delete(),
      () => undefined,
    );
  }
}

/**
 * The error of a failed kernel, naming it; an error of a kernel upstream passes through unchanged,
 * so the op named is the one whose device work failed.
 */
export function deviceError(op: string, e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new BackendError(`gpujs (webgpu): ${op}: the device work failed: ${message}`);
}
