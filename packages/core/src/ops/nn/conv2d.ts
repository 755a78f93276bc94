import { runKernel } from '../../engine/engine';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../../errors';
import type { Conv2dAttrs } from '../../kernels/kernel-table';
import { type PaddingSpec, resolvePad2d, window2dGeometry } from '../../kernels/window-geometry';
import type { Tensor } from '../../tensor/tensor';
import { assertAllocatable } from '../../util/size-limit';
import { castTo } from '../cast';
import { checkOptions } from '../check-args';
import { defineOp, input, type TensorInput } from '../op';

/** Options of `conv2d` and `conv2dTranspose`. */
export interface Conv2dOptions {
  /** Step of the window; a number means both dimensions. Default 1. */
  strides?: number | [number, number];
  /** 'valid' (default), 'same', or explicit [[top,bottom],[left,right]]. */
  padding?: PaddingSpec;
  /** Spacing of filter taps (atrous convolution). Default 1. Strides and dilations > 1 can't mix. */
  dilations?: number | [number, number];
}

/** @internal expands a number to a pair and checks positive integers. */
export function pair(
  op: string,
  name: string,
  v: number | [number, number] | undefined,
  fallback: number,
): [number, number] {
  const p: [number, number] =
    v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((x) => Number.isInteger(x) && x >= 1))
    throw new ValueError(`${op}: ${name} ${JSON.stringify(v)} must be positive integers`);
  return p;
}

const CONV_OPTION_KEYS = ['strides', 'padding', 'dilations'] as const;

/** @internal validates conv operands and resolves the attributes. */
export function convAttrs(
  op: string,
  xShape: readonly number[],
  filterShape: readonly number[],
  options: Conv2dOptions,
  extraKeys: readonly string[] = [],
): Conv2dAttrs {
  const keys = [...CONV_OPTION_KEYS, ...extraKeys];
  checkOptions(op, `${op}(..., { ${keys.map((k) => `${k}?`).join(', ')} })`, options, keys);
  const strides = pair(op, 'strides', options.strides, 1);
  const dilations = pair(op, 'dilations', options.dilations, 1);
  if ((strides[0] > 1 || strides[1] > 1) && (dilations[0] > 1 || dilations[1] > 1)) {
    throw new ValueError(
      `${op}: strides [${strides.join(',')}] and dilations [${dilations.join(',')}] are both > 1: expected one of them to be 1 (as TF)`,
    );
  }
  const pad = resolvePad2d(
    op,
    options.padding ?? 'valid',
    xShape[1]!,
    xShape[2]!,
    [filterShape[0]!, filterShape[1]!],
    strides,
    dilations,
  );
  return { strides, pad, dilations };
}

function floatOperand(
  op: string,
  name: string,
  x: TensorInput,
  rank: number,
  layout: string,
): Tensor {
  const t = input(op, name, x);
  if (t.dtype === 'bool') throw new DTypeError(`${op}: '${name}' has dtype bool: expected float32`);
  if (t.rank !== rank)
    throw new ShapeError(
      `${op}: '${name}' has shape ${fmtShape(t.shape)}: expected rank ${rank} (${layout})`,
    );
  return castTo(t, 'float32');
}

/**
 * 2-D convolution of NHWC `x` [batch, height, width, inChannels] with HWIO `filter`
 * [filterHeight, filterWidth, inChannels, outChannels]. A rank-3 `x` is treated as a batch of one.
 *
 * ```ts
 * const x = glia.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
 * const y = glia.conv2d(x, glia.ones([2, 2, 1, 1]));
 * console.log(y.shape, await y.data()); // [1, 2, 2, 1] [12, 16, 24, 28]
 * console.log(glia.conv2d(x, glia.ones([3, 3, 1, 8]), { padding: 'same' }).shape); // [1, 3, 3, 8]
 * ```
 */
export const conv2d = defineOp(
  'conv2d(x, filter, { strides?, padding?, dilations? })',
  (x: TensorInput, filter: TensorInput, options: Conv2dOptions = {}): Tensor => {
    const { xs, w, attrs, unbatched } = conv2dOperands('conv2d', x, filter, options);
    const out = runKernel('conv2d', { x: xs, filter: w }, attrs);
    return unbatched ? runKernel('reshape', { x: out }, { shape: out.shape.slice(1) }) : out;
  },
);

/**
 * @internal validates the operands of a forward convolution named `op` (a rank-3 x is a batch of
 * one) and resolves its attributes.
 */
export function conv2dOperands(
  op: string,
  x: TensorInput,
  filter: TensorInput,
  options: Conv2dOptions,
  extraKeys: readonly string[] = [],
): { xs: Tensor; w: Tensor; attrs: Conv2dAttrs; unbatched: boolean } {
  const raw = input(op, 'x', x);
  const unbatched = raw.rank === 3;
  const xs = floatOperand(
    op,
    'x',
    unbatched ? runKernel('reshape', { x: raw }, { shape: [1, ...raw.shape] }) : raw,
    4,
    'NHWC',
  );
  const w = floatOperand(op, 'filter', filter, 4, 'HWIO');
  if (xs.shape[3] !== w.shape[2]) {
    throw new ShapeError(
      `${op}: x has ${xs.shape[3]} channels (shape ${fmtShape(xs.shape)}) but filter expects ${w.shape[2]} (shape ${fmtShape(w.shape)})`,
    );
  }
  const attrs = convAttrs(op, xs.shape, w.shape, options, extraKeys);
  const geometry = window2dGeometry(
    op,
    xs.shape,
    [w.shape[0]!, w.shape[1]!],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
  );
  assertAllocatable(op, [xs.shape[0]!, geometry.outHeight, geometry.outWidth, w.shape[3]!]);
  return { xs, w, attrs, unbatched };
}

/**
 * The attributes of a conv2d gradient op, after checking the shape it is given as a plain list
 * (`given`: the input's or the filter's, of rank 4 and allocatable) and that dy has the shape of
 * the forward conv's output for `xShape` and `filterShape`.
 */
function backpropAttrs(
  op: string,
  xShape: readonly number[],
  filterShape: readonly number[],
  dyShape: readonly number[],
  options: Conv2dOptions,
  given: { name: 'inputShape' | 'filterShape'; layout: 'NHWC' | 'HWIO' },
): Conv2dAttrs {
  const shape = given.name === 'inputShape' ? xShape : filterShape;
  if (shape.length !== 4)
    throw new ShapeError(
      `${op}: ${given.name} ${fmtShape(shape)}: expected rank 4 (${given.layout})`,
    );
  assertAllocatable(op, shape, 'float32');
  const attrs = convAttrs(op, xShape, filterShape, options);
  const geo = window2dGeometry(
    op,
    xShape,
    [filterShape[0]!, filterShape[1]!],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
  );
  const expected = [xShape[0]!, geo.outHeight, geo.outWidth, filterShape[3]!];
  if (dyShape.some((d, i) => d !== expected[i]) || xShape[3] !== filterShape[2]) {
    throw new ShapeError(
      `${op}: dy has shape ${fmtShape(dyShape)}: expected ${fmtShape(expected)} for input ${fmtShape(xShape)} and filter ${fmtShape(filterShape)}`,
    );
  }
  return attrs;
}

/**
 * Gradient of conv2d with respect to its input: maps dy [batch, outH, outW, outChannels] back to
 * `inputShape`. Exposed for autograd and for backends' conformance tests.
 *
 * ```ts
 * const dy = glia.ones([1, 2, 2, 1]);
 * const dx = glia.conv2dBackpropInput(dy, glia.ones([2, 2, 1, 1]), [1, 3, 3, 1]);
 * console.log(await dx.data()); // [1, 2, 1, 2, 4, 2, 1, 2, 1]
 * ```
 */
export const conv2dBackpropInput = defineOp(
  'conv2dBackpropInput(dy, filter, inputShape, { strides?, padding?, dilations? })',
  (
    dy: TensorInput,
    filter: TensorInput,
    inputShape: readonly number[],
    options: Conv2dOptions = {},
  ): Tensor => {
    const g = floatOperand('conv2dBackpropInput', 'dy', dy, 4, 'NHWC');
    const w = floatOperand('conv2dBackpropInput', 'filter', filter, 4, 'HWIO');
    const attrs = backpropAttrs('conv2dBackpropInput', inputShape, w.shape, g.shape, options, {
      name: 'inputShape',
      layout: 'NHWC',
    });
    return runKernel(
      'conv2dBackpropInput',
      { dy: g, filter: w },
      { ...attrs, inputShape: [...inputShape] },
    );
  },
);

/**
 * Gradient of conv2d with respect to its filter, of shape `filterShape`.
 *
 * ```ts
 * const x = glia.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
 * const dw = glia.conv2dBackpropFilter(x, glia.ones([1, 2, 2, 1]), [2, 2, 1, 1]);
 * console.log(await dw.data()); // [12, 16, 24, 28]
 * ```
 */
export const conv2dBackpropFilter = defineOp(
  'conv2dBackpropFilter(x, dy, filterShape, { strides?, padding?, dilations? })',
  (
    x: TensorInput,
    dy: TensorInput,
    filterShape: readonly number[],
    options: Conv2dOptions = {},
  ): Tensor => {
    const xs = floatOperand('conv2dBackpropFilter', 'x', x, 4, 'NHWC');
    const g = floatOperand('conv2dBackpropFilter', 'dy', dy, 4, 'NHWC');
    const attrs = backpropAttrs('conv2dBackpropFilter', xs.shape, filterShape, g.shape, options, {
      name: 'filterShape',
      layout: 'HWIO',
    });
    return runKernel(
      'conv2dBackpropFilter',
      { x: xs, dy: g },
      { ...attrs, filterShape: [...filterShape] },
    );
  },
);

/**
 * Transposed convolution ("deconvolution"): the gradient of conv2d with respect to its input, used to
 * upsample. `filter` is [filterHeight, filterWidth, outChannels, inChannels] as in TF.
 *
 * ```ts
 * const x = glia.tensor([1, 2, 3, 4], [1, 2, 2, 1]);
 * const y = glia.conv2dTranspose(x, glia.ones([2, 2, 1, 1]), [1, 4, 4, 1], { strides: 2 });
 * console.log(await y.data()); // [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]
 * ```
 */
export const conv2dTranspose = defineOp(
  'conv2dTranspose(x, filter, outputShape, { strides?, padding?, dilations? })',
  (
    x: TensorInput,
    filter: TensorInput,
    outputShape: readonly number[],
    options: Conv2dOptions = {},
  ): Tensor => conv2dBackpropInput(x, filter, outputShape, options),
);
