/**
 * Bad input: every kind of misuse throws the right `GliaError` subclass, with a message that names
 * the op and the shapes or dtypes involved, and leaves no tensor behind.
 */
import * as g from '@glia/core';
import {
  DisposedError,
  type DType,
  DTypeError,
  ShapeError,
  type Tensor,
  ValueError,
} from '@glia/core';
import { expectGliaError, type GliaErrorClass } from '../assert';
import type { Harness } from '../harness';
import { INDEX_DTYPE_CASES, OPTION_CASES, SIZE_LIMIT_CASES } from './hostile-arguments';

interface ErrorCase {
  title: string;
  /** Makes the inputs (outside the measured call) and returns the failing call. */
  setup: () => () => unknown;
  error: GliaErrorClass;
  message: RegExp;
}

const f = (shape: number[]): Tensor => g.zeros(shape);
const i32 = (shape: number[]): Tensor => g.zeros(shape, 'int32');
const b8 = (shape: number[]): Tensor => g.zeros(shape, 'bool');
const disposed = (): Tensor => {
  const t = g.tensor([1, 2, 3]);
  t.dispose();
  return t;
};

const SHAPE_CASES: ErrorCase[] = [
  {
    title: 'add: shapes that do not broadcast',
    setup: () => {
      const a = f([2, 3]);
      const b = f([4]);
      return () => g.add(a, b);
    },
    error: ShapeError,
    message: /add: .*\[2,3\].*\[4\]/,
  },
  {
    title: 'mul: [2,3] with [3,2]',
    setup: () => {
      const a = f([2, 3]);
      const b = f([3, 2]);
      return () => g.mul(a, b);
    },
    error: ShapeError,
    message: /mul: .*\[2,3\].*\[3,2\]/,
  },
  {
    title: 'less: comparisons check broadcasting too',
    setup: () => {
      const a = f([3]);
      const b = f([2]);
      return () => g.less(a, b);
    },
    error: ShapeError,
    message: /less: .*\[3\].*\[2\]/,
  },
  {
    title: 'where: condition does not broadcast with the branches',
    setup: () => {
      const c = b8([3]);
      const a = f([2]);
      const b = f([2]);
      return () => g.where(c, a, b);
    },
    error: ShapeError,
    message: /where: .*\[3\].*\[2\]/,
  },
  {
    title: 'matMul: inner dimensions differ',
    setup: () => {
      const a = f([2, 3]);
      const b = f([4, 5]);
      return () => g.matMul(a, b);
    },
    error: ShapeError,
    message: /matMul: inner dimensions differ: a is \[2,3\].*b is \[4,5\]/,
  },
  {
    title: 'matMul: inner dimensions differ after transposeB',
    setup: () => {
      const a = f([2, 3]);
      const b = f([3, 5]);
      return () => g.matMul(a, b, false, true);
    },
    error: ShapeError,
    message: /matMul: .*\[2,3\].*\[3,5\].*transposed/,
  },
  {
    title: 'matMul: a vector operand',
    setup: () => {
      const a = f([3]);
      const b = f([3, 2]);
      return () => g.matMul(a, b);
    },
    error: ShapeError,
    message: /matMul: .*\[3\].*\[3,2\]/,
  },
  {
    title: 'matMul: batch dimensions that do not broadcast',
    setup: () => {
      const a = f([2, 3, 4]);
      const b = f([3, 4, 5]);
      return () => g.matMul(a, b);
    },
    error: ShapeError,
    message: /matMul: .*\[2\].*\[3\]/,
  },
  {
    title: 'matMul: failing after an internal cast leaks nothing',
    setup: () => {
      const a = i32([2, 3]);
      const b = f([4, 5]);
      return () => g.matMul(a, b);
    },
    error: ShapeError,
    message: /matMul: .*\[2,3\].*\[4,5\]/,
  },
  {
    title: 'dot: inner dimensions differ',
    setup: () => {
      const a = f([3]);
      const b = f([4]);
      return () => g.dot(a, b);
    },
    error: ShapeError,
    message: /dot: .*\[3\].*\[4\]/,
  },
  {
    title: 'outer: a matrix operand',
    setup: () => {
      const a = f([2, 2]);
      const b = f([3]);
      return () => g.outer(a, b);
    },
    error: ShapeError,
    message: /outer: .*\[2,2\].*\[3\]/,
  },
  {
    title: 'concat: other dimensions differ',
    setup: () => {
      const a = f([2, 3]);
      const b = f([2, 4]);
      return () => g.concat([a, b], 0);
    },
    error: ShapeError,
    message: /concat: .*\[2,4\].*\[2,3\]/,
  },
  {
    title: 'concat: ranks differ',
    setup: () => {
      const a = f([2, 3]);
      const b = f([2, 3, 1]);
      return () => g.concat([a, b], 1);
    },
    error: ShapeError,
    message: /concat: .*\[2,3,1\].*\[2,3\]/,
  },
  {
    title: 'stack: shapes differ',
    setup: () => {
      const a = f([2]);
      const b = f([3]);
      return () => g.stack([a, b]);
    },
    error: ShapeError,
    message: /stack: .*\[3\].*\[2\]/,
  },
  {
    title: 'conv2d: channels of x and filter differ',
    setup: () => {
      const x = f([1, 5, 5, 2]);
      const w = f([3, 3, 3, 1]);
      return () => g.conv2d(x, w);
    },
    error: ShapeError,
    message: /conv2d: .*\[1,5,5,2\].*\[3,3,3,1\]/,
  },
  {
    title: 'conv2d: x of rank 2',
    setup: () => {
      const x = f([5, 5]);
      const w = f([3, 3, 1, 1]);
      return () => g.conv2d(x, w);
    },
    error: ShapeError,
    message: /conv2d: .*\[5,5\].*rank 4/,
  },
  {
    title: 'conv2d: a window larger than the input',
    setup: () => {
      const x = f([1, 2, 2, 1]);
      const w = f([3, 3, 1, 1]);
      return () => g.conv2d(x, w);
    },
    error: ShapeError,
    message: /conv2d: .*3x3.*\[1,2,2,1\]/,
  },
  {
    title: 'conv2dBackpropInput: dy of the wrong shape',
    setup: () => {
      const dy = f([1, 4, 4, 1]);
      const w = f([3, 3, 1, 1]);
      return () => g.conv2dBackpropInput(dy, w, [1, 5, 5, 1]);
    },
    error: ShapeError,
    message: /conv2dBackpropInput: .*\[1,4,4,1\].*\[1,3,3,1\]/,
  },
  {
    title: 'conv2dBackpropFilter: dy of the wrong shape',
    setup: () => {
      const x = f([1, 5, 5, 1]);
      const dy = f([1, 4, 4, 1]);
      return () => g.conv2dBackpropFilter(x, dy, [3, 3, 1, 1]);
    },
    error: ShapeError,
    message: /conv2dBackpropFilter: .*\[1,4,4,1\].*\[1,3,3,1\]/,
  },
  {
    title: 'maxPool2d: x of rank 3',
    setup: () => {
      const x = f([4, 4, 1]);
      return () => g.maxPool2d(x, { poolSize: 2 });
    },
    error: ShapeError,
    message: /maxPool2d: .*\[4,4,1\].*rank 4/,
  },
  {
    title: 'avgPool2d: a window larger than the input',
    setup: () => {
      const x = f([1, 2, 2, 1]);
      return () => g.avgPool2d(x, { poolSize: 3 });
    },
    error: ShapeError,
    message: /avgPool2d: .*3x3.*\[1,2,2,1\]/,
  },
  {
    title: 'reluGrad: dy and x of different shapes (no broadcasting)',
    setup: () => {
      const dy = f([2, 3]);
      const x = f([3]);
      return () => g.reluGrad(dy, x);
    },
    error: ShapeError,
    message: /reluGrad: dy has shape \[2,3\] and x has shape \[3\]: expected the same shape/,
  },
  {
    title: 'tanhGrad: dy and y of different shapes',
    setup: () => {
      const dy = f([4]);
      const y = f([2, 2]);
      return () => g.tanhGrad(dy, y);
    },
    error: ShapeError,
    message: /tanhGrad: dy has shape \[4\] and y has shape \[2,2\]/,
  },
  {
    title: 'maxPoolGrad: dy of the wrong shape',
    setup: () => {
      const dy = f([1, 3, 3, 1]);
      const x = f([1, 4, 4, 1]);
      return () => g.maxPoolGrad(dy, x, { poolSize: 2 });
    },
    error: ShapeError,
    message: /maxPoolGrad: .*\[1,3,3,1\].*\[1,2,2,1\]/,
  },
  {
    title: 'avgPoolGrad: dy of the wrong shape',
    setup: () => {
      const dy = f([1, 3, 3, 1]);
      return () => g.avgPoolGrad(dy, [1, 4, 4, 1], { poolSize: 2 });
    },
    error: ShapeError,
    message: /avgPoolGrad: .*\[1,3,3,1\].*\[1,2,2,1\]/,
  },
  {
    title: 'reshape: sizes differ',
    setup: () => {
      const x = f([2, 3]);
      return () => g.reshape(x, [4]);
    },
    error: ShapeError,
    message: /reshape: .*\[2,3\].*\[4\]/,
  },
  {
    title: 'reshape: -1 cannot be inferred',
    setup: () => {
      const x = f([2, 3]);
      return () => g.reshape(x, [4, -1]);
    },
    error: ShapeError,
    message: /reshape: .*\[2,3\].*\[4,-1\]/,
  },
  {
    title: 'squeeze: a dimension that is not 1',
    setup: () => {
      const x = f([2, 3]);
      return () => g.squeeze(x, [1]);
    },
    error: ShapeError,
    message: /squeeze: .*\[2,3\]/,
  },
  {
    title: 'tile: reps of the wrong length',
    setup: () => {
      const x = f([2, 3]);
      return () => g.tile(x, [2]);
    },
    error: ShapeError,
    message: /tile: .*\[2,3\]/,
  },
  {
    title: 'broadcastTo: incompatible target',
    setup: () => {
      const x = f([3]);
      return () => g.broadcastTo(x, [2, 4]);
    },
    error: ShapeError,
    message: /broadcastTo: .*\[3\].*\[2,4\]/,
  },
  {
    title: 'broadcastTo: a target of lower rank',
    setup: () => {
      const x = f([2, 3]);
      return () => g.broadcastTo(x, [3]);
    },
    error: ShapeError,
    message: /broadcastTo: .*\[2,3\].*\[3\]/,
  },
  {
    title: 'batchNorm: statistics that do not broadcast',
    setup: () => {
      const x = f([2, 3]);
      const m = f([4]);
      const v = f([3]);
      return () => g.batchNorm(x, m, v);
    },
    error: ShapeError,
    message: /batchNorm.*\[2,3\].*\[4\]/,
  },
  {
    title: 'tensor: a ragged nested array',
    setup: () => () => g.tensor([[1, 2], [3]]),
    error: ShapeError,
    message: /tensor: ragged/,
  },
  {
    title: 'tensor: values that do not fill the shape',
    setup: () => () => g.tensor([1, 2, 3], [2, 2]),
    error: ShapeError,
    message: /tensor: 3 values .*\[2,2\]/,
  },
  {
    title: 'zeros: a negative dimension',
    setup: () => () => g.zeros([2, -1]),
    error: ShapeError,
    message: /\[2,-1\]/,
  },
];

const VALUE_CASES: ErrorCase[] = [
  {
    title: 'sum: axis out of range',
    setup: () => {
      const x = f([2, 3]);
      return () => g.sum(x, 3);
    },
    error: ValueError,
    message: /sum: axis 3 .*rank 2/,
  },
  {
    title: 'mean: a repeated axis',
    setup: () => {
      const x = f([2, 3]);
      return () => g.mean(x, [0, -2]);
    },
    error: ValueError,
    message: /mean: axes \[0,-2\]/,
  },
  {
    title: 'softmax: axis out of range',
    setup: () => {
      const x = f([2, 3]);
      return () => g.softmax(x, 2);
    },
    error: ValueError,
    message: /softmax: axis 2 .*rank 2/,
  },
  {
    title: 'argMax: axis out of range',
    setup: () => {
      const x = f([2, 3]);
      return () => g.argMax(x, -3);
    },
    error: ValueError,
    message: /argMax: axis -3 .*rank 2/,
  },
  {
    title: 'concat: axis out of range',
    setup: () => {
      const a = f([2, 3]);
      const b = f([2, 3]);
      return () => g.concat([a, b], 2);
    },
    error: ValueError,
    message: /concat: axis 2 .*rank 2/,
  },
  {
    title: 'concat: no tensors',
    setup: () => () => g.concat([]),
    error: ValueError,
    message: /concat: .*non-empty/,
  },
  {
    title: 'gather: axis out of range',
    setup: () => {
      const x = f([2, 3]);
      const i = i32([1]);
      return () => g.gather(x, i, 2);
    },
    error: ValueError,
    message: /gather: axis 2 .*rank 2/,
  },
  {
    title: 'reverse: axis out of range',
    setup: () => {
      const x = f([2, 3]);
      return () => g.reverse(x, 5);
    },
    error: ValueError,
    message: /reverse: axis 5 .*rank 2/,
  },
  {
    title: 'expandDims: axis out of range',
    setup: () => {
      const x = f([2, 3]);
      return () => g.expandDims(x, 4);
    },
    error: ValueError,
    message: /expandDims: axis 4 .*\[2,3\]/,
  },
  {
    title: 'transpose: perm is not a permutation',
    setup: () => {
      const x = f([2, 3, 4]);
      return () => g.transpose(x, [0, 0, 1]);
    },
    error: ValueError,
    message: /transpose: perm \[0,0,1\].*\[2,3,4\]/,
  },
  {
    title: 'transpose: perm of the wrong length',
    setup: () => {
      const x = f([2, 3, 4]);
      return () => g.transpose(x, [1, 0]);
    },
    error: ValueError,
    message: /transpose: perm \[1,0\].*\[2,3,4\]/,
  },
  {
    title: 'reshape: two -1 dimensions',
    setup: () => {
      const x = f([2, 3]);
      return () => g.reshape(x, [-1, -1]);
    },
    error: ValueError,
    message: /reshape: .*\[-1,-1\].*more than one -1/,
  },
  {
    title: 'slice: beyond the end of a dimension',
    setup: () => {
      const x = f([2, 3]);
      return () => g.slice(x, [1, 2], [1, 2]);
    },
    error: ValueError,
    message: /slice: .*\[2,3\]/,
  },
  {
    title: 'split: not divisible into equal parts',
    setup: () => {
      const x = f([5]);
      return () => g.split(x, 2);
    },
    error: ValueError,
    message: /split: .*\[5\].*2 equal parts/,
  },
  {
    title: 'split: sizes that do not add up',
    setup: () => {
      const x = f([5, 2]);
      return () => g.split(x, [2, 2]);
    },
    error: ValueError,
    message: /split: sizes \[2,2\].*\[5,2\]/,
  },
  {
    title: 'pad: paddings of the wrong length',
    setup: () => {
      const x = f([2, 3]);
      return () => g.pad(x, [[1, 1]]);
    },
    error: ValueError,
    message: /pad: .*\[2,3\]/,
  },
  {
    title: 'unsortedSegmentSum: segmentIds of the wrong length',
    setup: () => {
      const x = f([4, 2]);
      const ids = i32([3]);
      return () => g.unsortedSegmentSum(x, ids, 2);
    },
    error: ValueError,
    message: /unsortedSegmentSum: .*\[3\].*\[4,2\]/,
  },
  {
    title: 'oneHot: a negative depth',
    setup: () => {
      const i = i32([2]);
      return () => g.oneHot(i, -1);
    },
    error: ValueError,
    message: /oneHot: depth/,
  },
  {
    title: 'conv2d: strides and dilations both > 1',
    setup: () => {
      const x = f([1, 8, 8, 1]);
      const w = f([3, 3, 1, 1]);
      return () => g.conv2d(x, w, { strides: 2, dilations: 2 });
    },
    error: ValueError,
    message: /conv2d: strides \[2,2\] and dilations \[2,2\]/,
  },
  {
    title: 'conv2d: an invalid padding',
    setup: () => {
      const x = f([1, 4, 4, 1]);
      const w = f([3, 3, 1, 1]);
      return () =>
        g.conv2d(x, w, {
          padding: [
            [1, -1],
            [0, 0],
          ],
        });
    },
    error: ValueError,
    message: /conv2d: padding/,
  },
  {
    title: 'dropout: rate 1',
    setup: () => {
      const x = f([3]);
      return () => g.dropout(x, 1);
    },
    error: ValueError,
    message: /dropout: rate/,
  },
  {
    title: 'clipByValue: min > max',
    setup: () => {
      const x = f([3]);
      return () => g.clipByValue(x, 2, 1);
    },
    error: ValueError,
    message: /clipByValue: min 2 .*max 1/,
  },
  {
    title: 'leakyRelu: a non-finite alpha',
    setup: () => {
      const x = f([3]);
      return () => g.leakyRelu(x, Number.NaN);
    },
    error: ValueError,
    message: /leakyRelu: alpha/,
  },
  {
    title: 'randomUniform: maxval <= minval',
    setup: () => () => g.randomUniform([2], 1, 1),
    error: ValueError,
    message: /randomUniform: maxval 1 .*minval 1/,
  },
  {
    title: 'randomNormal: a negative stdDev',
    setup: () => () => g.randomNormal([2], 0, -1),
    error: ValueError,
    message: /randomNormal: stdDev/,
  },
];

const DTYPE_CASES: ErrorCase[] = [
  {
    title: 'sigmoidGrad: an int32 y',
    setup: () => {
      const dy = f([3]);
      const y = i32([3]);
      return () => g.sigmoidGrad(dy, y);
    },
    error: DTypeError,
    message: /sigmoidGrad: 'y' has dtype int32: expected float32/,
  },
  {
    title: 'reluGrad: a bool dy',
    setup: () => {
      const dy = b8([3]);
      const x = f([3]);
      return () => g.reluGrad(dy, x);
    },
    error: DTypeError,
    message: /reluGrad: 'dy' has dtype bool: expected float32/,
  },
  {
    title: 'logicalAnd: float32 operands',
    setup: () => {
      const a = f([2]);
      const b = b8([2]);
      return () => g.logicalAnd(a, b);
    },
    error: DTypeError,
    message: /logicalAnd: .*float32/,
  },
  {
    title: 'logicalOr: int32 operands',
    setup: () => {
      const a = i32([2]);
      const b = i32([2]);
      return () => g.logicalOr(a, b);
    },
    error: DTypeError,
    message: /logicalOr: .*int32/,
  },
  {
    title: 'logicalNot: an int32 input',
    setup: () => {
      const x = i32([2]);
      return () => g.logicalNot(x);
    },
    error: DTypeError,
    message: /logicalNot: .*int32.*bool/,
  },
  {
    title: 'where: a float32 condition',
    setup: () => {
      const c = f([2]);
      const a = f([2]);
      const b = f([2]);
      return () => g.where(c, a, b);
    },
    error: DTypeError,
    message: /where: .*condition.*float32.*bool/,
  },
  {
    title: 'all: a float32 input',
    setup: () => {
      const x = f([2]);
      return () => g.all(x);
    },
    error: DTypeError,
    message: /all: .*float32.*bool/,
  },
  {
    title: 'any: an int32 input',
    setup: () => {
      const x = i32([2]);
      return () => g.any(x);
    },
    error: DTypeError,
    message: /any: .*int32.*bool/,
  },
  {
    title: 'concat: dtypes differ',
    setup: () => {
      const a = f([2]);
      const b = i32([2]);
      return () => g.concat([a, b]);
    },
    error: DTypeError,
    message: /concat: .*int32.*float32/,
  },
  {
    title: 'gather: bool indices',
    setup: () => {
      const x = f([3]);
      const i = b8([2]);
      return () => g.gather(x, i);
    },
    error: DTypeError,
    message: /gather: .*indices.*bool/,
  },
  {
    title: 'oneHot: bool indices',
    setup: () => {
      const i = b8([2]);
      return () => g.oneHot(i, 3);
    },
    error: DTypeError,
    message: /oneHot: .*indices.*bool/,
  },
  {
    title: 'conv2d: a bool filter',
    setup: () => {
      const x = f([1, 3, 3, 1]);
      const w = b8([2, 2, 1, 1]);
      return () => g.conv2d(x, w);
    },
    error: DTypeError,
    message: /conv2d: .*filter.*bool/,
  },
  {
    title: 'maxPool2d: a bool input',
    setup: () => {
      const x = b8([1, 2, 2, 1]);
      return () => g.maxPool2d(x, { poolSize: 2 });
    },
    error: DTypeError,
    message: /maxPool2d: .*bool/,
  },
  {
    title: 'cast: an unknown dtype',
    setup: () => {
      const x = f([2]);
      return () => g.cast(x, 'float64' as unknown as DType);
    },
    error: DTypeError,
    message: /cast: unknown dtype 'float64'/,
  },
];

const DISPOSED_CASES: ErrorCase[] = [
  {
    title: 'add: a disposed operand',
    setup: () => {
      const x = disposed();
      return () => g.add(x, 1);
    },
    error: DisposedError,
    message: /add: tensor \d+ \(shape \[3\], float32\) was disposed/,
  },
  {
    title: 'matMul: a disposed operand',
    setup: () => {
      const y = f([1, 3]);
      const x = disposed();
      return () => g.matMul(y, x);
    },
    error: DisposedError,
    message: /matMul: .*\[3\].*disposed/,
  },
  {
    title: 'concat: a disposed tensor in the list',
    setup: () => {
      const a = f([3]);
      const x = disposed();
      return () => g.concat([a, x]);
    },
    error: DisposedError,
    message: /concat: .*disposed/,
  },
  {
    title: 'reshape: a disposed input',
    setup: () => {
      const x = disposed();
      return () => g.reshape(x, [3, 1]);
    },
    error: DisposedError,
    message: /reshape: .*disposed/,
  },
  {
    title: 'sum: a disposed input',
    setup: () => {
      const x = disposed();
      return () => g.sum(x);
    },
    error: DisposedError,
    message: /sum: .*disposed/,
  },
  {
    title: 'dataSync: reading a disposed tensor',
    setup: () => {
      const x = disposed();
      return () => x.dataSync();
    },
    error: DisposedError,
    message: /dataSync: .*disposed/,
  },
  {
    title: 'clone: cloning a disposed tensor',
    setup: () => {
      const x = disposed();
      return () => x.clone();
    },
    error: DisposedError,
    message: /clone: .*disposed/,
  },
  {
    title: 'a tensor disposed by tidy cannot be used afterwards',
    setup: () => {
      let inner: Tensor | undefined;
      g.tidy(() => {
        inner = g.ones([2]);
      });
      const x = inner!;
      return () => g.neg(x);
    },
    error: DisposedError,
    message: /neg: .*\[2\].*disposed/,
  },
];

export function defineErrorCases(h: Harness): void {
  h.family('errors', () => {
    for (const [group, cases] of [
      ['ShapeError', SHAPE_CASES],
      ['ValueError', VALUE_CASES],
      ['DTypeError', DTYPE_CASES],
      ['DisposedError', DISPOSED_CASES],
      ['SizeLimitError: huge shapes, before allocating', SIZE_LIMIT_CASES],
      ['DTypeError: int32 indices', INDEX_DTYPE_CASES],
      ['ValueError: options objects', OPTION_CASES],
    ] as const) {
      h.group(group, () => {
        for (const c of cases) {
          h.test(c.title, () => {
            expectGliaError(c.setup(), c.error, c.message);
          });
        }
      });
    }
  });
}
