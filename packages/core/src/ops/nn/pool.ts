import { runKernel } from '../../engine/engine';
import { DTypeError, fmtShape, ShapeError } from '../../errors';
import type { Pool2dAttrs } from '../../kernels/kernel-table';
import { type PaddingSpec, resolvePad2d, window2dGeometry } from '../../kernels/window-geometry';
import type { Tensor } from '../../tensor/tensor';
import { assertAllocatable } from '../../util/size-limit';
import { castTo } from '../cast';
import { checkOptions } from '../check-args';
import { defineOp, input, type TensorInput } from '../op';
import { pair } from './conv2d';

/** Options of the 2-D pooling ops. */
export interface Pool2dOptions {
  /** Window size; a number means square. */
  poolSize: number | [number, number];
  /** Step; defaults to `poolSize` (as Keras). */
  strides?: number | [number, number];
  /** 'valid' (default) or 'same' or explicit [[top,bottom],[left,right]]. */
  padding?: PaddingSpec;
}

/** @internal validates a pooling input and resolves the attributes. */
export function poolAttrs(
  op: string,
  xShape: readonly number[],
  options: Pool2dOptions,
): Pool2dAttrs {
  checkOptions(
    op,
    `${op}(..., { poolSize, strides?, padding? })`,
    options,
    ['poolSize', 'strides', 'padding'],
    ['poolSize'],
  );
  const filterSize = pair(op, 'poolSize', options.poolSize, 1);
  const strides = pair(op, 'strides', options.strides ?? filterSize, 1);
  const pad = resolvePad2d(
    op,
    options.padding ?? 'valid',
    xShape[1]!,
    xShape[2]!,
    filterSize,
    strides,
    [1, 1],
  );
  window2dGeometry(op, xShape, filterSize, strides, [1, 1], pad);
  return { filterSize, strides, pad };
}

function poolInput(op: string, x: TensorInput): Tensor {
  const t = input(op, 'x', x);
  if (t.dtype === 'bool') throw new DTypeError(`${op}: 'x' has dtype bool: expected float32`);
  if (t.rank !== 4)
    throw new ShapeError(`${op}: x has shape ${fmtShape(t.shape)}: expected rank 4 (NHWC)`);
  return castTo(t, 'float32');
}

/** A pooling op over each window of NHWC `x`, running `kernel`. */
function pool2d(
  op: 'maxPool2d' | 'avgPool2d',
  kernel: 'maxPool' | 'avgPool',
): (x: TensorInput, options: Pool2dOptions) => Tensor {
  return defineOp(
    `${op}(x, { poolSize, strides?, padding? })`,
    (x: TensorInput, options: Pool2dOptions): Tensor => {
      const t = poolInput(op, x);
      return runKernel(kernel, { x: t }, poolAttrs(op, t.shape, options));
    },
  );
}

/**
 * Max over each window of NHWC `x`.
 *
 * ```ts
 * const x = glia.tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 4, 1]);
 * const y = glia.maxPool2d(x, { poolSize: 2 });
 * console.log(y.shape, await y.data()); // [1, 1, 2, 1] [6, 8]
 * ```
 */
export const maxPool2d = pool2d('maxPool2d', 'maxPool');

/**
 * Mean over each window of NHWC `x`; with 'same' padding, padding cells are not counted.
 *
 * ```ts
 * const x = glia.tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 4, 1]);
 * const y = glia.avgPool2d(x, { poolSize: 2 });
 * console.log(y.shape, await y.data()); // [1, 1, 2, 1] [3.5, 5.5]
 * ```
 */
export const avgPool2d = pool2d('avgPool2d', 'avgPool');

function checkDy(op: string, dy: Tensor, xShape: readonly number[], attrs: Pool2dAttrs): void {
  const geo = window2dGeometry(op, xShape, attrs.filterSize, attrs.strides, [1, 1], attrs.pad);
  const expected = [xShape[0]!, geo.outHeight, geo.outWidth, xShape[3]!];
  if (dy.rank !== 4 || dy.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(
      `${op}: dy has shape ${fmtShape(dy.shape)}: expected ${fmtShape(expected)} for input ${fmtShape(xShape)}`,
    );
  }
}

/**
 * Gradient of `maxPool2d`: routes each dy to the first maximum of its window in `x`.
 *
 * ```ts
 * const x = glia.tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 4, 1]);
 * const dx = glia.maxPoolGrad(glia.tensor([10, 20], [1, 1, 2, 1]), x, { poolSize: 2 });
 * console.log(await dx.data()); // [0, 0, 0, 0, 0, 10, 0, 20]
 * ```
 */
export const maxPoolGrad = defineOp(
  'maxPoolGrad(dy, x, { poolSize, strides?, padding? })',
  (dy: TensorInput, x: TensorInput, options: Pool2dOptions): Tensor => {
    const t = poolInput('maxPoolGrad', x);
    const g = castTo(input('maxPoolGrad', 'dy', dy), 'float32');
    const attrs = poolAttrs('maxPoolGrad', t.shape, options);
    checkDy('maxPoolGrad', g, t.shape, attrs);
    return runKernel('maxPoolGrad', { dy: g, x: t }, attrs);
  },
);

/**
 * Gradient of `avgPool2d` for an input of `inputShape`.
 *
 * ```ts
 * const dy = glia.tensor([10, 20], [1, 1, 2, 1]);
 * const dx = glia.avgPoolGrad(dy, [1, 2, 4, 1], { poolSize: 2 });
 * console.log(await dx.data()); // [2.5, 2.5, 5, 5, 2.5, 2.5, 5, 5]
 * ```
 */
export const avgPoolGrad = defineOp(
  'avgPoolGrad(dy, inputShape, { poolSize, strides?, padding? })',
  (dy: TensorInput, inputShape: readonly number[], options: Pool2dOptions): Tensor => {
    const g = castTo(input('avgPoolGrad', 'dy', dy), 'float32');
    if (inputShape.length !== 4)
      throw new ShapeError(
        `avgPoolGrad: inputShape ${fmtShape(inputShape)}: expected rank 4 (NHWC)`,
      );
    assertAllocatable('avgPoolGrad', inputShape, 'float32');
    const attrs = poolAttrs('avgPoolGrad', inputShape, options);
    checkDy('avgPoolGrad', g, inputShape, attrs);
    return runKernel('avgPoolGrad', { dy: g }, { ...attrs, inputShape: [...inputShape] });
  },
);
