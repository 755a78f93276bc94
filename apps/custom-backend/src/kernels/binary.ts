import type { BinaryKernelName, DType, TensorInfo } from '@glia/core';
import { broadcastShape, broadcastStrides, coordsOf, flatIndex, sizeOf } from '../indexing';
import { arrayFor, type PlainStorage } from '../storage';
import type { KernelFamily } from './kernel-family';

type Fn = (a: number, b: number) => number;

/** Python's %: the remainder takes the sign of the divisor. */
function floatMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Integer power with 32-bit wrap-around, by repeated squaring (Math.pow loses bits past 2^53). */
function intPow(base: number, exponent: number): number {
  if (exponent < 0) return base === 1 ? 1 : base === -1 ? (exponent % 2 === 0 ? 1 : -1) : 0;
  let result = 1;
  while (exponent > 0) {
    if (exponent % 2 === 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    exponent = Math.floor(exponent / 2);
  }
  return result;
}

/** Arithmetic on float32 (computed in float64, rounded once when stored). */
const FLOAT: Record<ArithmeticKernel, Fn> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  floorDiv: (a, b) => Math.floor(a / b),
  mod: floatMod,
  pow: Math.pow,
  // Math.max and Math.min already return NaN when either side is NaN.
  maximum: Math.max,
  minimum: Math.min,
};

/** Arithmetic on int32: wraps like 32-bit integers; division and mod by zero give 0. */
const INT32: Record<ArithmeticKernel, Fn> = {
  ...FLOAT,
  mul: Math.imul,
  floorDiv: (a, b) => (b === 0 ? 0 : Math.floor(a / b)),
  mod: (a, b) => (b === 0 ? 0 : floatMod(a, b)),
  pow: intPow,
};

/** Kernels that compare or combine truth values: the output is bool (0/1) whatever the inputs. */
const TO_BOOL: Record<Exclude<BinaryKernelName, ArithmeticKernel>, Fn> = {
  equal: (a, b) => Number(a === b),
  notEqual: (a, b) => Number(a !== b),
  less: (a, b) => Number(a < b),
  lessEqual: (a, b) => Number(a <= b),
  greater: (a, b) => Number(a > b),
  greaterEqual: (a, b) => Number(a >= b),
  logicalAnd: (a, b) => Number(a !== 0 && b !== 0),
  logicalOr: (a, b) => Number(a !== 0 || b !== 0),
};

type ArithmeticKernel =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'floorDiv'
  | 'mod'
  | 'pow'
  | 'maximum'
  | 'minimum';

/**
 * Applies `f` to every pair of elements of `a` and `b` broadcast together: each output coordinate
 * reads `a` and `b` through strides that are 0 along their broadcast dimensions.
 */
export function zipElements(
  storage: PlainStorage,
  a: TensorInfo,
  b: TensorInfo,
  dtype: DType,
  f: Fn,
): TensorInfo {
  const shape = broadcastShape(a.shape, b.shape);
  const aValues = storage.read(a.dataId);
  const bValues = storage.read(b.dataId);
  const aStrides = broadcastStrides(a.shape, shape);
  const bStrides = broadcastStrides(b.shape, shape);
  const output = arrayFor(dtype, sizeOf(shape));
  for (let i = 0; i < output.length; i++) {
    const coords = coordsOf(i, shape);
    output[i] = f(aValues[flatIndex(coords, aStrides)]!, bValues[flatIndex(coords, bStrides)]!);
  }
  return storage.adopt(output, shape, dtype);
}

/** Every elementwise binary kernel of the table. */
export function binaryKernels(storage: PlainStorage): KernelFamily<BinaryKernelName> {
  const kernels: Partial<KernelFamily<BinaryKernelName>> = {};
  for (const name of Object.keys(FLOAT) as ArithmeticKernel[]) {
    kernels[name] = ({ a, b }) =>
      zipElements(storage, a, b, a.dtype, a.dtype === 'int32' ? INT32[name] : FLOAT[name]);
  }
  for (const [name, f] of Object.entries(TO_BOOL) as [BinaryKernelName, Fn][]) {
    kernels[name] = ({ a, b }) => zipElements(storage, a, b, 'bool', f);
  }
  return kernels as KernelFamily<BinaryKernelName>;
}
