import type { DataRecord } from '../engine/data-record';
import { DisposedError } from '../errors';
import type { DataId, DType, DTypeArrayMap, Shape, TensorInfo } from '../types';
import { formatTensor } from './format';
import { toNested } from './nested';

/** The engine functions a tensor calls; set once by the engine so that this file imports no engine. */
export interface TensorEngineHooks {
  readSync(record: DataRecord): DTypeArrayMap[DType];
  read(record: DataRecord): Promise<DTypeArrayMap[DType]>;
  dispose(t: Tensor): void;
  clone(t: Tensor): Tensor;
}

// `Symbol.dispose` (for `using`) is in lib.esnext.disposable and @types/node, but not in the default
// libs of a strict ES2022 project: declared here so that our published types compile there too. The
// declaration is the same as theirs, so it merges with them.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

let hooks: TensorEngineHooks | undefined;
/** @internal */
export function setTensorEngineHooks(h: TensorEngineHooks): void {
  hooks = h;
}

let nextTensorId = 0;

/**
 * An immutable n-dimensional array on a backend. Create one with `tensor()`, `zeros()` and the other
 * creation functions; free it with `dispose()`, `tidy()` or `using`.
 *
 * ```ts
 * const t = tensor([[1, 2], [3, 4]]);
 * console.log(t.shape, await t.array()); // [2, 2] [[1, 2], [3, 4]]
 * t.dispose();
 * ```
 */
export class Tensor<D extends DType = DType> implements TensorInfo {
  /** Unique id, for debugging. */
  readonly id: number;
  readonly shape: Shape;
  readonly dtype: D;
  /** Number of elements. */
  readonly size: number;
  /** @internal the shared storage record (engine-owned; replaced only by `assignData`). */
  record: DataRecord;
  /** @internal set by keep(). */
  kept = false;
  /**
   * @internal the id of the tensor this one is a retained handle of (`retain`), else its own id:
   * handles stand for their origin in autograd's bookkeeping.
   */
  origin: number;
  private disposedFlag = false;

  /** @internal use the creation functions. */
  constructor(shape: Shape, dtype: D, record: DataRecord, size: number) {
    this.id = nextTensorId++;
    this.origin = this.id;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.record = record;
    this.size = size;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** The backend storage key (kernels use it). */
  get dataId(): DataId {
    return this.record.dataId;
  }

  /** Whether `dispose()` was called (directly or by a scope). */
  get isDisposed(): boolean {
    return this.disposedFlag;
  }

  /** @internal */
  markDisposed(): void {
    this.disposedFlag = true;
  }

  /** @internal throws when used after dispose. */
  assertAlive(op: string): void {
    if (this.disposedFlag) {
      throw new DisposedError(
        `${op}: tensor ${this.id} (shape [${this.shape.join(',')}], ${this.dtype}) was disposed and cannot be used`,
      );
    }
  }

  /** The values, flattened row-major, as a fresh typed array (waits for a GPU readback). */
  async data(): Promise<DTypeArrayMap[D]> {
    this.assertAlive('data');
    const values = await hooks!.read(this.record);
    return values.slice() as DTypeArrayMap[D];
  }

  /** The values as a fresh typed array, synchronously (blocks on GPU backends). */
  dataSync(): DTypeArrayMap[D] {
    this.assertAlive('dataSync');
    return hooks!.readSync(this.record).slice() as DTypeArrayMap[D];
  }

  /** The values as nested arrays (booleans for bool tensors). */
  async array(): Promise<unknown> {
    return toNested(await this.data(), this.shape, this.dtype);
  }

  /** Synchronous `array()`. */
  arraySync(): unknown {
    return toNested(this.dataSync(), this.shape, this.dtype);
  }

  /** A new tensor with the same values (shares storage until either is disposed). */
  clone(): Tensor<D> {
    this.assertAlive('clone');
    return hooks!.clone(this) as Tensor<D>;
  }

  /** Frees this handle; the storage is freed when no tensor refers to it. Safe to call twice. */
  dispose(): void {
    if (this.disposedFlag) return;
    hooks!.dispose(this);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** A readable rendering of shape, dtype and values (long dimensions elided). */
  toString(verbose = false): string {
    if (this.disposedFlag)
      return `Tensor(disposed, shape=[${this.shape.join(',')}], dtype=${this.dtype})`;
    return formatTensor(hooks!.readSync(this.record), this.shape, this.dtype, verbose);
  }

  /** Prints `toString()` to the console. */
  print(verbose = false): void {
    console.log(this.toString(verbose));
  }
}
