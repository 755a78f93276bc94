import { type DType, type Shape, sizeFromShape, type TensorInfo } from '@glia/core';
import type { CpuStorage } from '../cpu-storage';
import { withWasm } from '../kernels/wasm-operands';
import type { WasmRuntime } from '../wasm/runtime';
import type { Job } from '../wasm/thread-pool';

/*
 * The one launcher of the acceleration layer. A kernel's override says what to run in WebAssembly
 * (a `Launch`: its operands, its outputs and one job per range); the launcher owns the rest, the
 * same for every kernel: the size threshold, copying operands in where tensors do not live in the
 * wasm memory, the split across threads, turning the output blocks into tensors, and the fallback to
 * the TypeScript reference (no runtime, a small or non-float32 input, or a full wasm memory).
 */

/**
 * Work below which a kernel stays in TypeScript, where a call costs less than the wasm call's
 * bookkeeping.
 */
const SIMD_MIN_ELEMENTS = 64;

/** An operand of a launch: a tensor whose values the wasm export reads. */
export interface LaunchInput {
  /** The kernel's name for it, in errors. */
  name: string;
  info: TensorInfo;
  /** bool tensors are read as bytes; every other operand must be float32. */
  dtype?: 'float32' | 'bool';
}

/** An output block of a launch, that becomes a tensor. */
export interface LaunchOutput {
  shape: Shape;
  /** float32 (4 bytes an element, the default) or bool (1 byte). */
  dtype?: 'float32' | 'bool';
}

/** The byte offsets a launch's job sees: its inputs, its outputs and its scratch, in order. */
export interface LaunchPointers {
  inputs: number[];
  outputs: number[];
  scratch: number[];
}

/** What one accelerated call runs, as an override states it. */
export interface Launch {
  /** The kernel's name (for operand errors). */
  kernel: string;
  inputs: LaunchInput[];
  outputs: LaunchOutput[];
  /** Elements of work, compared with the threshold below which the reference is faster. */
  elements: number;
  /** Scratch blocks in bytes (contents undefined), freed after the call. */
  scratch?: number[];
  /**
   * How the work splits: [0, total) in ranges starting at multiples of `align`, on one thread below
   * `minimum`. Without it the launch is one job, over the single unit [0, 1).
   */
  split?: { total: number; minimum: number; align: number };
  /** The job over units [start, end) of the split. */
  job(pointers: LaunchPointers, start: number, end: number): Job;
}

/** A kernel's override: the launch for these inputs and attributes, or null to run the reference. */
export type Override<I, A> = (inputs: I, attrs: A) => Launch | null;

const bytesOf = (dtype: DType | undefined): number => (dtype === 'bool' ? 1 : 4);

/** Whether every input has the dtype its launch expects. */
function operandsFit(launch: Launch): boolean {
  return launch.inputs.every((input) => input.info.dtype === (input.dtype ?? 'float32'));
}

/** Runs `launch` in wasm and returns its output tensors; null where memory ran out. */
function run(runtime: WasmRuntime, storage: CpuStorage, launch: Launch): TensorInfo[] | null {
  return withWasm(
    runtime,
    storage,
    (ops) => {
      const inputs = launch.inputs.map(({ name, info, dtype }) =>
        dtype === 'bool'
          ? ops.inputBool(info, launch.kernel, name)
          : ops.input(info, launch.kernel, name),
      );
      const outputs = launch.outputs.map((o) =>
        ops.tempBytes(sizeFromShape(o.shape) * bytesOf(o.dtype)),
      );
      const scratch = (launch.scratch ?? []).map((bytes) => ops.tempBytes(bytes));
      const pointers = { inputs, outputs, scratch };
      if (launch.split === undefined) runtime.run([launch.job(pointers, 0, 1)]);
      else {
        const { total, minimum, align } = launch.split;
        runtime.split(total, minimum, align, (start, end) => launch.job(pointers, start, end));
      }
      return launch.outputs.map((o, i) =>
        ops.output(outputs[i]!, sizeFromShape(o.shape), o.shape, o.dtype ?? 'float32'),
      );
    },
    () => null,
  );
}

/** The outputs of `override`'s launch, or null to run the reference instead. */
function tryLaunch<I, A>(
  runtime: WasmRuntime,
  storage: CpuStorage,
  override: Override<I, A>,
  inputs: I,
  attrs: A,
): TensorInfo[] | null {
  const launch = override(inputs, attrs);
  if (launch === null || launch.elements < SIMD_MIN_ELEMENTS || !operandsFit(launch)) return null;
  return run(runtime, storage, launch);
}

/**
 * `reference` with `override` laid over it: the override's launch where it gives one and the work
 * reaches the threshold, else (and whenever the wasm memory is full) the reference itself.
 */
export function accelerate<I, A>(
  runtime: WasmRuntime,
  storage: CpuStorage,
  reference: (inputs: I, attrs: A) => TensorInfo,
  override: Override<I, A>,
): (inputs: I, attrs: A) => TensorInfo {
  return (inputs, attrs) =>
    tryLaunch(runtime, storage, override, inputs, attrs)?.[0] ?? reference(inputs, attrs);
}

/**
 * `accelerate` for a kernel with several outputs: `assemble` orders the launch's output tensors as
 * the kernel returns them.
 */
export function accelerateMultiOutput<I, A, R extends TensorInfo[]>(
  runtime: WasmRuntime,
  storage: CpuStorage,
  reference: (inputs: I, attrs: A) => R,
  override: Override<I, A>,
  assemble: (outputs: TensorInfo[]) => R,
): (inputs: I, attrs: A) => R {
  return (inputs, attrs) => {
    const outputs = tryLaunch(runtime, storage, override, inputs, attrs);
    return outputs === null ? reference(inputs, attrs) : assemble(outputs);
  };
}
