import { runKernel } from '../engine/engine';
import { DTypeError } from '../errors';
import type { KernelName } from '../kernels/kernel-table';
import type { Tensor } from '../tensor/tensor';
import { normalizeAxes, normalizeAxis, reducedShape } from '../util/shape';
import { castTo } from './cast';
import { defineOp, input, type TensorInput } from './op';
import { reshape } from './reshape';

/** Axes to reduce: one, several, or all when omitted. */
export type Axes = number | readonly number[];

type ReduceKernel = Extract<
  KernelName,
  'sum' | 'prod' | 'max' | 'min' | 'all' | 'any' | 'mean' | 'logSumExp'
>;

/** 'sum' promotes bool to int32; 'keep' keeps the dtype; 'float' computes in float32; 'bool' needs bool. */
type ReducePolicy = 'sum' | 'keep' | 'float' | 'bool';

function reduction(
  kernel: ReduceKernel,
  policy: ReducePolicy,
): (x: TensorInput, axis?: Axes, keepDims?: boolean) => Tensor {
  return defineOp(
    `${kernel}(x, axis?, keepDims?)`,
    (x: TensorInput, axis?: Axes, keepDims: boolean = false): Tensor => {
      let t = input(kernel, 'x', x);
      const axes = normalizeAxes(kernel, axis, t.rank);
      if (policy === 'bool' && t.dtype !== 'bool')
        throw new DTypeError(`${kernel}: 'x' has dtype ${t.dtype}: expected bool`);
      if (policy === 'sum' && t.dtype === 'bool') t = castTo(t, 'int32');
      if (policy === 'keep' && t.dtype === 'bool') t = castTo(t, 'int32');
      if (policy === 'float') t = castTo(t, 'float32');
      if (axes.length === 0) return t.clone();
      const out = runKernel(kernel, { x: t }, { axes });
      return keepDims ? reshape(out, reducedShape(t.shape, axes, true)) : out;
    },
  );
}

/**
 * Sum over `axis` (all axes when omitted), keeping reduced axes as 1s when `keepDims`.
 *
 * ```ts
 * const x = glia.tensor([[1, 2], [3, 4]]);
 * console.log(await glia.sum(x).array()); // 10
 * console.log(await glia.sum(x, 1).array()); // [3, 7]
 * console.log(await glia.sum(x, 0, true).array()); // [[4, 6]]
 * ```
 */
export const sum = reduction('sum', 'sum');
/**
 * Product over `axis`.
 *
 * ```ts
 * const y = glia.prod(glia.tensor([[1, 2], [3, 4]]), 1);
 * console.log(await y.array()); // [2, 12]
 * ```
 */
export const prod = reduction('prod', 'sum');
/**
 * Maximum over `axis` (-Infinity over an empty axis).
 *
 * ```ts
 * const y = glia.max(glia.tensor([[1, 5], [7, 2]]), 1);
 * console.log(await y.array()); // [5, 7]
 * ```
 */
export const max = reduction('max', 'keep');
/**
 * Minimum over `axis` (Infinity over an empty axis).
 *
 * ```ts
 * const y = glia.min(glia.tensor([[1, 5], [7, 2]]), 1);
 * console.log(await y.array()); // [1, 2]
 * ```
 */
export const min = reduction('min', 'keep');
/**
 * Logical and over `axis` (bool input).
 *
 * ```ts
 * const y = glia.all(glia.tensor([[true, true], [true, false]]), 1);
 * console.log(await y.array()); // [true, false]
 * ```
 */
export const all = reduction('all', 'bool');
/**
 * Logical or over `axis` (bool input).
 *
 * ```ts
 * const y = glia.any(glia.tensor([[false, false], [true, false]]), 1);
 * console.log(await y.array()); // [false, true]
 * ```
 */
export const any = reduction('any', 'bool');
/**
 * Arithmetic mean over `axis`, in float32.
 *
 * ```ts
 * const y = glia.mean(glia.tensor([[1, 2], [3, 5]]), 1);
 * console.log(await y.array()); // [1.5, 4]
 * ```
 */
export const mean = reduction('mean', 'float');
/**
 * log(sum(exp(x))) over `axis`, computed stably (no overflow for large x).
 *
 * ```ts
 * const y = glia.logSumExp(glia.tensor([1, 2, 3]));
 * console.log(await y.array()); // 3.4076
 * ```
 */
export const logSumExp = reduction('logSumExp', 'float');

function argReduction(kernel: 'argMax' | 'argMin'): (x: TensorInput, axis?: number) => Tensor {
  return defineOp(`${kernel}(x, axis?)`, (x: TensorInput, axis: number = 0): Tensor => {
    let t = input(kernel, 'x', x);
    const a = normalizeAxis(kernel, axis, t.rank);
    if (t.rank === 0) throw new DTypeError(`${kernel}: input is a scalar: expected rank >= 1`);
    if (t.dtype === 'bool') t = castTo(t, 'int32');
    return runKernel(kernel, { x: t }, { axis: a });
  });
}

/**
 * Index (int32) of the first maximum along `axis` (default 0).
 *
 * ```ts
 * const x = glia.tensor([[1, 9, 3], [7, 2, 7]]);
 * console.log(await glia.argMax(x).array()); // [1, 0, 1]
 * console.log(await glia.argMax(x, 1).array()); // [1, 0]
 * ```
 */
export const argMax = argReduction('argMax');
/**
 * Index (int32) of the first minimum along `axis` (default 0).
 *
 * ```ts
 * const x = glia.tensor([[1, 9, 3], [7, 2, 3]]);
 * console.log(await glia.argMin(x).array()); // [0, 1, 0]
 * console.log(await glia.argMin(x, 1).array()); // [0, 1]
 * ```
 */
export const argMin = argReduction('argMin');

/**
 * Mean and (population) variance over `axis`, in float32.
 *
 * ```ts
 * const { mean, variance } = glia.moments(glia.tensor([1, 2, 3, 4]));
 * console.log(await mean.array(), await variance.array()); // 2.5 1.25
 * ```
 */
export const moments = defineOp(
  'moments(x, axis?, keepDims?)',
  (x: TensorInput, axis?: Axes, keepDims: boolean = false): { mean: Tensor; variance: Tensor } => {
    const t = castTo(input('moments', 'x', x), 'float32');
    const axes = normalizeAxes('moments', axis, t.rank);
    if (axes.length === 0)
      return { mean: t.clone(), variance: runKernel('sub', { a: t, b: t }, {}) };
    const [m, v] = runKernel('moments', { x: t }, { axes });
    if (!keepDims) return { mean: m, variance: v };
    const shape = reducedShape(t.shape, axes, true);
    return { mean: reshape(m, shape), variance: reshape(v, shape) };
  },
);
