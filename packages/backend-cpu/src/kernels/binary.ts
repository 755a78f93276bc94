import {
  allocArray,
  type BinaryKernelName,
  broadcastShapes,
  type DType,
  sizeFromShape,
  type TensorInfo,
} from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { type BinaryRunLoop, broadcastBinary, type ElementwiseBinary } from './strided-iteration';

/** The elementwise binary kernels (NumPy broadcasting), plus the composite squaredDifference. */
type BinaryFamily = BinaryKernelName | 'squaredDifference';

/** How one binary kernel computes on float32 and on int32 (bool inputs use `int`, stored as 0/1). */
interface BinaryMath {
  float: ElementwiseBinary;
  /** Must return an int32-wrapped result; defaults to `float` (the Int32Array store wraps it). */
  int?: ElementwiseBinary;
  /** `float` written as a loop over a run, for the kernels training spends its time in. */
  floatRun?: BinaryRunLoop;
}

/**
 * A broadcasting binary kernel. The output dtype is the inputs' dtype, or bool for comparisons.
 * `name` is used in shape errors.
 */
export function binaryKernel(
  storage: CpuStorage,
  name: string,
  math: BinaryMath,
  outputDType?: DType,
) {
  return ({ a, b }: { a: TensorInfo; b: TensorInfo }): TensorInfo => {
    const shape = broadcastShapes(name, a.shape, b.shape);
    const dtype = outputDType ?? a.dtype;
    const aValues = storage.values(a);
    const bValues = storage.values(b);
    const size = sizeFromShape(shape);
    // float32 outputs come from the storage's buffer pool; broadcastBinary writes every element.
    const out = dtype === 'float32' ? storage.allocFloat32(size) : allocArray(dtype, size);
    const op = a.dtype === 'float32' ? math.float : (math.int ?? math.float);
    if (dtype === 'bool' && outputDType === undefined) {
      // Arithmetic on bool inputs: compute as integers, store truthiness.
      broadcastBinary(aValues, a.shape, bValues, b.shape, out, shape, (x, y) =>
        op(x, y) !== 0 ? 1 : 0,
      );
    } else {
      const run = a.dtype === 'float32' ? math.floatRun : undefined;
      broadcastBinary(aValues, a.shape, bValues, b.shape, out, shape, op, run);
    }
    return storage.output(out, shape, dtype);
  };
}

/** Remainder with the sign of the divisor (Python's %). */
function floatMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

function intMod(a: number, b: number): number {
  if (b === 0) return 0;
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Integer power with int32 wraparound, by repeated squaring; negative exponents truncate 1/a^n toward zero. */
function intPow(base: number, exponent: number): number {
  if (exponent < 0) {
    if (base === 1) return 1;
    if (base === -1) return exponent % 2 === 0 ? 1 : -1;
    return 0; // 1/0 included: there is no int32 infinity
  }
  let result = 1;
  let b = base | 0;
  let e = exponent;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, b);
    b = Math.imul(b, b);
    e >>>= 1;
  }
  return result;
}

function floatMaximum(a: number, b: number): number {
  return a > b || Number.isNaN(a) ? a : b;
}

function floatMinimum(a: number, b: number): number {
  return a < b || Number.isNaN(a) ? a : b;
}

/*
 * Run loops of the hot float32 kernels: the same arithmetic as their `float` functions, inline.
 * Each is its own function so V8 specialises each loop to its one operation. Comparisons store
 * `Number(test)`, which V8 compiles without a branch: on data of mixed sign `test ? 1 : 0` costs
 * a branch misprediction per element, 10x slower.
 */
const addRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep) out[o] = a[ia]! + b[ib]!;
};
const subRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep) out[o] = a[ia]! - b[ib]!;
};
const mulRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep) out[o] = a[ia]! * b[ib]!;
};
const divRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep) out[o] = a[ia]! / b[ib]!;
};
const maximumRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep) {
    const x = a[ia]!;
    const y = b[ib]!;
    out[o] = x > y || Number.isNaN(x) ? x : y;
  }
};
const minimumRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep) {
    const x = a[ia]!;
    const y = b[ib]!;
    out[o] = x < y || Number.isNaN(x) ? x : y;
  }
};
const squaredDifferenceRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep) {
    const d = a[ia]! - b[ib]!;
    out[o] = d * d;
  }
};
const greaterRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep)
    out[o] = Number(a[ia]! > b[ib]!);
};
const greaterEqualRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep)
    out[o] = Number(a[ia]! >= b[ib]!);
};
const lessRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep)
    out[o] = Number(a[ia]! < b[ib]!);
};
const lessEqualRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep)
    out[o] = Number(a[ia]! <= b[ib]!);
};
const equalRun: BinaryRunLoop = (out, o, a, ia, aStep, b, ib, bStep, count) => {
  for (let end = o + count; o < end; o++, ia += aStep, ib += bStep)
    out[o] = Number(a[ia]! === b[ib]!);
};

/** The broadcasting binary kernels. int32 arithmetic wraps; comparisons output bool. */
export function binaryKernels(storage: CpuStorage): KernelFamily<BinaryFamily> {
  const bool: DType = 'bool';
  return {
    add: binaryKernel(storage, 'add', {
      float: (a, b) => a + b,
      int: (a, b) => (a + b) | 0,
      floatRun: addRun,
    }),
    sub: binaryKernel(storage, 'sub', {
      float: (a, b) => a - b,
      int: (a, b) => (a - b) | 0,
      floatRun: subRun,
    }),
    mul: binaryKernel(storage, 'mul', { float: (a, b) => a * b, int: Math.imul, floatRun: mulRun }),
    div: binaryKernel(storage, 'div', {
      float: (a, b) => a / b,
      int: (a, b) => (b === 0 ? 0 : Math.trunc(a / b) | 0),
      floatRun: divRun,
    }),
    floorDiv: binaryKernel(storage, 'floorDiv', {
      float: (a, b) => Math.floor(a / b),
      // Exact: for |a|, |b| < 2^31 the float64 quotient never rounds across an integer.
      int: (a, b) => (b === 0 ? 0 : Math.floor(a / b) | 0),
    }),
    mod: binaryKernel(storage, 'mod', { float: floatMod, int: intMod }),
    pow: binaryKernel(storage, 'pow', { float: Math.pow, int: intPow }),
    maximum: binaryKernel(storage, 'maximum', {
      float: floatMaximum,
      int: Math.max,
      floatRun: maximumRun,
    }),
    minimum: binaryKernel(storage, 'minimum', {
      float: floatMinimum,
      int: Math.min,
      floatRun: minimumRun,
    }),
    equal: binaryKernel(
      storage,
      'equal',
      { float: (a, b) => (a === b ? 1 : 0), floatRun: equalRun },
      bool,
    ),
    notEqual: binaryKernel(storage, 'notEqual', { float: (a, b) => (a !== b ? 1 : 0) }, bool),
    less: binaryKernel(
      storage,
      'less',
      { float: (a, b) => (a < b ? 1 : 0), floatRun: lessRun },
      bool,
    ),
    lessEqual: binaryKernel(
      storage,
      'lessEqual',
      { float: (a, b) => (a <= b ? 1 : 0), floatRun: lessEqualRun },
      bool,
    ),
    greater: binaryKernel(
      storage,
      'greater',
      { float: (a, b) => (a > b ? 1 : 0), floatRun: greaterRun },
      bool,
    ),
    greaterEqual: binaryKernel(
      storage,
      'greaterEqual',
      { float: (a, b) => (a >= b ? 1 : 0), floatRun: greaterEqualRun },
      bool,
    ),
    logicalAnd: binaryKernel(
      storage,
      'logicalAnd',
      { float: (a, b) => (a !== 0 && b !== 0 ? 1 : 0) },
      bool,
    ),
    logicalOr: binaryKernel(
      storage,
      'logicalOr',
      { float: (a, b) => (a !== 0 || b !== 0 ? 1 : 0) },
      bool,
    ),
    squaredDifference: binaryKernel(storage, 'squaredDifference', {
      float: (a, b) => (a - b) * (a - b),
      floatRun: squaredDifferenceRun,
      int: (a, b) => {
        const d = (a - b) | 0;
        return Math.imul(d, d);
      },
    }),
  };
}
