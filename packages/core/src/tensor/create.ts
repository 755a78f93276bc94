import { makeTensor } from '../engine/engine';
import { fmtShape, ShapeError, ValueError } from '../errors';
import { withForm } from '../ops/op-form';
import type { DType, NestedArray, Shape, TensorLike, TypedArray } from '../types';
import { allocArray, assertDType, coerceValue, dtypeOfArray } from '../util/dtype';
import { assertValidShape, sizeFromShape } from '../util/shape';
import { assertAllocatable } from '../util/size-limit';
import { Tensor } from './tensor';

function isTypedArray(v: unknown): v is TypedArray {
  return v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array;
}

/** Infers the shape of nested arrays, rejecting ragged ones. */
function inferShape(values: NestedArray, op: string): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0] as NestedArray;
  }
  const check = (v: NestedArray, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (Array.isArray(v))
        throw new ShapeError(
          `${op}: ragged nested array at ${path}: expected a scalar, got an array (inferred shape ${fmtShape(shape)})`,
        );
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new ShapeError(
        `${op}: ragged nested array at ${path}: expected length ${shape[dim]}, got ${Array.isArray(v) ? v.length : 'a scalar'} (inferred shape ${fmtShape(shape)})`,
      );
    }
    v.forEach((c, i) => {
      check(c, dim + 1, `${path}[${i}]`);
    });
  };
  check(values, 0, 'values');
  return shape;
}

function flatten(values: NestedArray, out: (number | boolean)[]): void {
  if (Array.isArray(values)) for (const v of values) flatten(v as NestedArray, out);
  else out.push(values as number | boolean);
}

/**
 * Creates a tensor from nested arrays, a flat array with `shape`, or a typed array.
 * Numbers default to float32, booleans to bool, typed arrays to their own dtype.
 *
 * ```ts
 * const t = glia.tensor([[1, 2], [3, 4]]);
 * console.log(t.shape, t.dtype, await t.array()); // [2, 2] 'float32' [[1, 2], [3, 4]]
 * const i = glia.tensor([1, 2, 3, 4], [2, 2], 'int32');
 * console.log(i.dtype, await i.array()); // 'int32' [[1, 2], [3, 4]]
 * ```
 */
export const tensor = withForm(
  'tensor(values, shape?, dtype?)',
  (values: TensorLike, shape?: Shape, dtype?: DType): Tensor => {
    const op = 'tensor';
    if (dtype !== undefined) assertDType(op, dtype);
    let flat: ArrayLike<number | boolean>;
    let inferred: number[];
    if (isTypedArray(values)) {
      flat = values;
      inferred = [values.length];
      dtype ??= dtypeOfArray(values);
    } else if (typeof values === 'number' || typeof values === 'boolean') {
      flat = [values];
      inferred = [];
    } else if (Array.isArray(values)) {
      inferred = inferShape(values, op);
      const list: (number | boolean)[] = [];
      flatten(values, list);
      flat = list;
    } else {
      throw new ValueError(
        `${op}: values must be a number, boolean, nested array or typed array, got ${values === null ? 'null' : typeof values}`,
      );
    }
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (typeof v !== 'number' && typeof v !== 'boolean') {
        throw new ValueError(
          `${op}: element ${i} is ${v === null ? 'null' : typeof v}: expected numbers or booleans`,
        );
      }
    }
    dtype ??= flat.length > 0 && typeof flat[0] === 'boolean' ? 'bool' : 'float32';
    const finalShape = shape ? [...shape] : inferred;
    assertValidShape(op, finalShape);
    assertAllocatable(op, finalShape, dtype);
    const size = sizeFromShape(finalShape);
    if (size !== flat.length) {
      throw new ShapeError(
        `${op}: ${flat.length} values do not fill shape ${fmtShape(finalShape)} (size ${size})`,
      );
    }
    const data = allocArray(dtype, size);
    if (isTypedArray(values) && dtypeOfArray(values) === dtype) data.set(values);
    else for (let i = 0; i < size; i++) data[i] = coerceValue(flat[i]!, dtype);
    return makeTensor(data, finalShape, dtype);
  },
);

/**
 * A rank-0 tensor.
 *
 * ```ts
 * const s = glia.scalar(3);
 * console.log(s.shape, await s.array()); // [] 3
 * ```
 */
export const scalar = withForm(
  'scalar(value, dtype?)',
  (value: number | boolean, dtype?: DType): Tensor => {
    return tensor(value, [], dtype);
  },
);

/** `fill` under the name of the op that called it, for its errors. */
function filled(op: string, shape: Shape, value: number | boolean, dtype?: DType): Tensor {
  assertValidShape(op, shape);
  const dt = dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  assertDType(op, dt);
  assertAllocatable(op, shape, dt);
  const data = allocArray(dt, sizeFromShape(shape));
  data.fill(coerceValue(value, dt));
  return makeTensor(data, shape, dt);
}

/**
 * A tensor of `shape` with every element `value`.
 *
 * ```ts
 * const t = glia.fill([2, 2], 7);
 * console.log(await t.array()); // [[7, 7], [7, 7]]
 * ```
 */
export const fill = withForm(
  'fill(shape, value, dtype?)',
  (shape: Shape, value: number | boolean, dtype?: DType): Tensor => {
    return filled('fill', shape, value, dtype);
  },
);

/**
 * A tensor of zeros.
 *
 * ```ts
 * const t = glia.zeros([2, 3]);
 * console.log(await t.array()); // [[0, 0, 0], [0, 0, 0]]
 * console.log(glia.zeros([2], 'int32').dtype); // 'int32'
 * ```
 */
export const zeros = withForm(
  'zeros(shape, dtype?)',
  (shape: Shape, dtype: DType = 'float32'): Tensor => {
    return filled('zeros', shape, 0, dtype);
  },
);

/**
 * A tensor of ones.
 *
 * ```ts
 * const t = glia.ones([2, 3]);
 * console.log(await t.array()); // [[1, 1, 1], [1, 1, 1]]
 * ```
 */
export const ones = withForm(
  'ones(shape, dtype?)',
  (shape: Shape, dtype: DType = 'float32'): Tensor => {
    return filled('ones', shape, 1, dtype);
  },
);

/**
 * Zeros with the shape and dtype of `x`.
 *
 * ```ts
 * const z = glia.zerosLike(glia.tensor([[1, 2]], undefined, 'int32'));
 * console.log(z.dtype, await z.array()); // 'int32' [[0, 0]]
 * ```
 */
export const zerosLike = withForm('zerosLike(x: Tensor)', (x: Tensor): Tensor => {
  x.assertAlive('zerosLike');
  return zeros(x.shape, x.dtype);
});

/**
 * Ones with the shape and dtype of `x`.
 *
 * ```ts
 * const o = glia.onesLike(glia.tensor([[5, 6]]));
 * console.log(o.dtype, await o.array()); // 'float32' [[1, 1]]
 * ```
 */
export const onesLike = withForm('onesLike(x: Tensor)', (x: Tensor): Tensor => {
  x.assertAlive('onesLike');
  return ones(x.shape, x.dtype);
});

/**
 * `[start, start+step, ...)` up to but excluding `stop`, like Python's range.
 *
 * ```ts
 * console.log(await glia.range(5).array()); // [0, 1, 2, 3, 4]
 * console.log(await glia.range(1, 2, 0.25).array()); // [1, 1.25, 1.5, 1.75]
 * ```
 */
export const range = withForm(
  'range(start, stop?, step?, dtype?)',
  (start: number, stop?: number, step: number = 1, dtype: DType = 'float32'): Tensor => {
    if (stop === undefined) {
      stop = start;
      start = 0;
    }
    if (![start, stop, step].every(Number.isFinite))
      throw new ValueError(`range: start ${start}, stop ${stop} and step ${step} must be finite`);
    if (step === 0) throw new ValueError('range: step must not be 0');
    assertDType('range', dtype);
    const n = Math.max(0, Math.ceil((stop - start) / step));
    assertAllocatable('range', [n], dtype);
    const data = allocArray(dtype, n);
    for (let i = 0; i < n; i++) data[i] = coerceValue(start + i * step, dtype);
    return makeTensor(data, [n], dtype);
  },
);

/**
 * `num` evenly spaced float32 values from `start` to `stop`, both included.
 *
 * ```ts
 * const t = glia.linspace(0, 1, 5);
 * console.log(await t.array()); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export const linspace = withForm(
  'linspace(start, stop, num)',
  (start: number, stop: number, num: number): Tensor => {
    if (!Number.isInteger(num) || num < 0)
      throw new ValueError(`linspace: num must be a non-negative integer, got ${num}`);
    assertAllocatable('linspace', [num], 'float32');
    const data = new Float32Array(num);
    const step = num > 1 ? (stop - start) / (num - 1) : 0;
    for (let i = 0; i < num; i++) data[i] = start + i * step;
    if (num > 1) data[num - 1] = stop;
    return makeTensor(data, [num], 'float32');
  },
);

/**
 * An identity matrix [numRows, numColumns] (square by default); bool gives true on the diagonal.
 *
 * ```ts
 * console.log(await glia.eye(2).array()); // [[1, 0], [0, 1]]
 * console.log(await glia.eye(2, 3).array()); // [[1, 0, 0], [0, 1, 0]]
 * ```
 */
export const eye = withForm(
  'eye(numRows, numColumns?, dtype?)',
  (numRows: number, numColumns: number = numRows, dtype: DType = 'float32'): Tensor => {
    assertValidShape('eye', [numRows, numColumns]);
    assertDType('eye', dtype);
    assertAllocatable('eye', [numRows, numColumns], dtype);
    const data = allocArray(dtype, numRows * numColumns);
    for (let i = 0; i < Math.min(numRows, numColumns); i++) data[i * numColumns + i] = 1;
    return makeTensor(data, [numRows, numColumns], dtype);
  },
);

/**
 * Accepts a tensor or anything `tensor()` accepts; plain values take `dtypeHint` when given.
 *
 * ```ts
 * const t = glia.toTensor('myOp', 'x', [1, 2], 'int32');
 * console.log(t.dtype, await t.array()); // 'int32' [1, 2]
 * console.log(glia.toTensor('myOp', 'x', t) === t); // true
 * ```
 */
export function toTensor(
  op: string,
  argName: string,
  x: Tensor | TensorLike,
  dtypeHint?: DType,
): Tensor {
  if (x instanceof Tensor) {
    x.assertAlive(op);
    return x;
  }
  if (x === null || x === undefined)
    throw new ValueError(
      `${op}: argument '${argName}' is ${String(x)}: expected a Tensor or TensorLike`,
    );
  try {
    const isBoolish =
      typeof x === 'boolean' ||
      (Array.isArray(x) && typeof (x as unknown[]).flat(Infinity)[0] === 'boolean');
    return tensor(x, undefined, isBoolish ? undefined : dtypeHint);
  } catch (e) {
    if (e instanceof Error) e.message = `${op}: argument '${argName}': ${e.message}`;
    throw e;
  }
}
