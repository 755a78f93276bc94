import { type KernelImpl, sizeFromShape, type TensorInfo } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import type { ActivationGradientKernelName } from '../kernels/activation-gradients';
import { type ExportsOf, job } from '../wasm/job';
import { PARALLEL_MIN_ELEMENTS, type WasmRuntime } from '../wasm/runtime';
import { accelerate, type Launch } from './launcher';

/*
 * The elementwise kernels that run as one WebAssembly SIMD loop each, declared: which export, over
 * which inputs. Their results are the reference's bit for bit (exp, sigmoid and tanh: within 2 ulp
 * of the correctly rounded values, with NaN, infinities, overflow, underflow and signed zeros as in
 * JavaScript; see kernels.wat).
 */

/** out[i] = f(x[i]) over n elements. */
type UnaryLoop = (out: number, x: number, n: number) => void;
/** out[i] = f(a[i], b[i]) over n elements. */
type BinaryLoop = (out: number, a: number, b: number, n: number) => void;

/** A unary override: the export, over the named input (float32, or bool where declared). */
export interface UnaryStream {
  export: ExportsOf<UnaryLoop>;
  inputs: readonly [string];
  inputDType?: 'bool';
}

/** A binary override: the export, over two inputs of one shape, in the export's order. */
export interface BinaryStream {
  export: ExportsOf<BinaryLoop>;
  inputs: readonly [string, string];
}

/** The unary kernels kernels.wat has a loop for. */
export const UNARY_OVERRIDES = {
  neg: { export: 'neg', inputs: ['x'] },
  square: { export: 'square', inputs: ['x'] },
  relu: { export: 'relu', inputs: ['x'] },
  exp: { export: 'exp', inputs: ['x'] },
  sqrt: { export: 'sqrt', inputs: ['x'] },
  tanh: { export: 'tanh', inputs: ['x'] },
  sigmoid: { export: 'sigmoid', inputs: ['x'] },
} as const satisfies Record<string, UnaryStream>;

/** The activation gradients, one pass each over dy and x (relu) or y (sigmoid, tanh). */
export const ACTIVATION_GRADIENT_OVERRIDES = {
  reluGrad: { export: 'reluGradVV', inputs: ['dy', 'x'] },
  sigmoidGrad: { export: 'sigmoidGradVV', inputs: ['dy', 'y'] },
  tanhGrad: { export: 'tanhGradVV', inputs: ['dy', 'y'] },
} as const satisfies Record<ActivationGradientKernelName, BinaryStream>;

/** cast from bool to float32 (the relu gradient's mask: in wasm, so it lands in the arena). */
export const BOOL_TO_FLOAT_OVERRIDE = {
  export: 'boolToFloat',
  inputs: ['x'],
  inputDType: 'bool',
} as const satisfies UnaryStream;

const isBinary = (stream: UnaryStream | BinaryStream): stream is BinaryStream =>
  stream.inputs.length === 2;

/** The launch of `stream` on `inputs`: one float32 output of their shape. */
function streamLaunch(
  kernel: string,
  stream: UnaryStream | BinaryStream,
  inputs: Record<string, TensorInfo>,
): Launch {
  const dtype: 'float32' | 'bool' =
    'inputDType' in stream ? (stream.inputDType ?? 'float32') : 'float32';
  const operands = stream.inputs.map((name) => ({ name, info: inputs[name]!, dtype }));
  const shape = operands[0]!.info.shape;
  const n = sizeFromShape(shape);
  const inBytes = dtype === 'bool' ? 1 : 4;
  return {
    kernel,
    inputs: operands,
    outputs: [{ shape }],
    elements: n,
    split: { total: n, minimum: PARALLEL_MIN_ELEMENTS, align: 16 },
    job: ({ inputs: [a, b], outputs: [out] }, s, e) =>
      isBinary(stream)
        ? job(stream.export, out! + 4 * s, a! + 4 * s, b! + 4 * s, e - s)
        : job(stream.export, out! + 4 * s, a! + inBytes * s, e - s),
  };
}

/** `reference` overlaid with `stream`. */
function streamKernel<I extends Record<string, TensorInfo>, A>(
  runtime: WasmRuntime,
  storage: CpuStorage,
  kernel: string,
  stream: UnaryStream | BinaryStream,
  reference: (inputs: I, attrs: A) => TensorInfo,
): (inputs: I, attrs: A) => TensorInfo {
  return accelerate(runtime, storage, reference, (inputs) => streamLaunch(kernel, stream, inputs));
}

/** The unary kernels of `reference` that kernels.wat has a loop for, accelerated. */
export function acceleratedUnaryKernels(
  runtime: WasmRuntime,
  storage: CpuStorage,
  reference: KernelFamily<keyof typeof UNARY_OVERRIDES>,
): KernelFamily<keyof typeof UNARY_OVERRIDES> {
  const kernel = <K extends keyof typeof UNARY_OVERRIDES>(name: K): KernelImpl<K> =>
    streamKernel(runtime, storage, name, UNARY_OVERRIDES[name], reference[name]);
  return {
    neg: kernel('neg'),
    square: kernel('square'),
    relu: kernel('relu'),
    exp: kernel('exp'),
    sqrt: kernel('sqrt'),
    tanh: kernel('tanh'),
    sigmoid: kernel('sigmoid'),
  };
}

/** The activation gradients of `reference`, accelerated. */
export function acceleratedActivationGradientKernels(
  runtime: WasmRuntime,
  storage: CpuStorage,
  reference: KernelFamily<ActivationGradientKernelName>,
): KernelFamily<ActivationGradientKernelName> {
  const kernel = <K extends ActivationGradientKernelName>(name: K): KernelImpl<K> =>
    streamKernel(runtime, storage, name, ACTIVATION_GRADIENT_OVERRIDES[name], reference[name]);
  return {
    reluGrad: kernel('reluGrad'),
    sigmoidGrad: kernel('sigmoidGrad'),
    tanhGrad: kernel('tanhGrad'),
  };
}

/** cast, with bool to float32 accelerated. */
export function acceleratedCastKernels(
  runtime: WasmRuntime,
  storage: CpuStorage,
  reference: KernelFamily<'cast'>,
): KernelFamily<'cast'> {
  const boolToFloat = streamKernel(
    runtime,
    storage,
    'cast',
    BOOL_TO_FLOAT_OVERRIDE,
    reference.cast,
  );
  return {
    cast: (inputs, attrs) =>
      inputs.x.dtype === 'bool' && attrs.dtype === 'float32'
        ? boolToFloat(inputs, attrs)
        : reference.cast(inputs, attrs),
  };
}
