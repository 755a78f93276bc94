// A deliberately partial backend for core's own tests of the engine and registry: storage on the host
// and a few elementwise kernels. Real backends implement the whole table (see backend-cpu).
import { afterAll, beforeAll } from 'vitest';
import { type Backend, newDataId } from '../backend/backend';
import { registerBackend, removeBackend, setBackend } from '../backend/registry';
import type { BackendKernels, KernelName } from '../kernels/kernel-table';
import type { DataId, DType, Shape, TensorInfo, TypedArray } from '../types';
import { allocArray } from '../util/dtype';
import { sizeFromShape } from '../util/shape';

type Elementwise = (a: number, b: number) => number;

export class HostBackend implements Backend {
  readonly store = new Map<DataId, TypedArray>();
  readonly kernels: BackendKernels;
  disposed = false;

  constructor(
    readonly name: string,
    kernelNames: readonly KernelName[] = ['add', 'mul', 'neg', 'cast'],
  ) {
    const all: Record<string, unknown> = {
      add: ({ a, b }: { a: TensorInfo; b: TensorInfo }) => this.binary(a, b, (x, y) => x + y),
      mul: ({ a, b }: { a: TensorInfo; b: TensorInfo }) => this.binary(a, b, (x, y) => x * y),
      neg: ({ x }: { x: TensorInfo }) => this.unary(x, (v) => -v),
      cast: ({ x }: { x: TensorInfo }, { dtype }: { dtype: DType }) => {
        const out = allocArray(dtype, sizeFromShape(x.shape));
        out.set(this.readSync(x.dataId));
        return { dataId: this.write(out, x.shape, dtype), shape: x.shape, dtype };
      },
    };
    this.kernels = Object.fromEntries(
      kernelNames.map((k) => [k, all[k]]),
    ) as unknown as BackendKernels;
  }

  private unary(x: TensorInfo, f: (v: number) => number): TensorInfo {
    const src = this.readSync(x.dataId);
    const out = allocArray(x.dtype, src.length);
    for (let i = 0; i < src.length; i++) out[i] = f(src[i]!);
    return { dataId: this.write(out, x.shape, x.dtype), shape: x.shape, dtype: x.dtype };
  }

  // Same-shape or scalar operands only: enough for the engine tests.
  private binary(a: TensorInfo, b: TensorInfo, f: Elementwise): TensorInfo {
    const va = this.readSync(a.dataId);
    const vb = this.readSync(b.dataId);
    const shape = va.length >= vb.length ? a.shape : b.shape;
    const out = allocArray(a.dtype, Math.max(va.length, vb.length));
    for (let i = 0; i < out.length; i++)
      out[i] = f(va.length === 1 ? va[0]! : va[i]!, vb.length === 1 ? vb[0]! : vb[i]!);
    return { dataId: this.write(out, shape, a.dtype), shape, dtype: a.dtype };
  }

  write(values: TypedArray, _shape: Shape, _dtype: DType): DataId {
    const id = newDataId();
    this.store.set(id, values.slice());
    return id;
  }
  async read(dataId: DataId): Promise<TypedArray> {
    return this.readSync(dataId);
  }
  readSync(dataId: DataId): TypedArray {
    const v = this.store.get(dataId);
    if (!v) throw new Error(`${this.name}: no data for id ${dataId.__dataId}`);
    return v;
  }
  disposeData(dataId: DataId): void {
    this.store.delete(dataId);
  }
  memory() {
    let numBytes = 0;
    for (const v of this.store.values()) numBytes += v.byteLength;
    return { numBytes, numDataBuffers: this.store.size };
  }
  dispose(): void {
    this.disposed = true;
    this.store.clear();
  }
}

/**
 * Registers a full-table HostBackend under `name` and makes it active before the enclosing suite's
 * tests (call inside `describe`); removes it afterwards.
 */
export function useHostBackend(name: string): void {
  beforeAll(async () => {
    registerBackend(name, () => new HostBackend(name));
    await setBackend(name);
  });
  afterAll(() => removeBackend(name));
}
