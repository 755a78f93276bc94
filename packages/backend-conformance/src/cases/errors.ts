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
import { expectGliaError } from '../assert';
import type { Harness } from '../harness';
import { type ErrorCase, errorCases, type Input, zerosInput } from './deferred-call';
import { INDEX_DTYPE_CASES, OPTION_CASES, SIZE_LIMIT_CASES } from './hostile-arguments';

const f = (shape: number[]): Input => zerosInput(shape);
const i32 = (shape: number[]): Input => zerosInput(shape, 'int32');
const b8 = (shape: number[]): Input => zerosInput(shape, 'bool');
const disposed: Input = () => {
  const t = g.tensor([1, 2, 3]);
  t.dispose();
  return t;
};

const badShape = errorCases(ShapeError);
const badValue = errorCases(ValueError);
const badDType = errorCases(DTypeError);
const disposedInput = errorCases(DisposedError);

/** `op` given an axis beyond the rank of its [2, 3] inputs. */
const axisOutOfRange = (
  op: string,
  axis: number,
  inputs: Input[],
  call: (...tensors: Tensor[]) => unknown,
): ErrorCase =>
  badValue(`${op}: axis out of range`, inputs, call, new RegExp(`${op}: axis ${axis} .*rank 2`));

const SHAPE_CASES: ErrorCase[] = [
  badShape(
    'add: shapes that do not broadcast',
    [f([2, 3]), f([4])],
    g.add,
    /add: .*\[2,3\].*\[4\]/,
  ),
  badShape('mul: [2,3] with [3,2]', [f([2, 3]), f([3, 2])], g.mul, /mul: .*\[2,3\].*\[3,2\]/),
  badShape(
    'less: comparisons check broadcasting too',
    [f([3]), f([2])],
    g.less,
    /less: .*\[3\].*\[2\]/,
  ),
  badShape(
    'where: condition does not broadcast with the branches',
    [b8([3]), f([2]), f([2])],
    g.where,
    /where: .*\[3\].*\[2\]/,
  ),
  badShape(
    'matMul: inner dimensions differ',
    [f([2, 3]), f([4, 5])],
    (a, b) => g.matMul(a, b),
    /matMul: inner dimensions differ: a is \[2,3\].*b is \[4,5\]/,
  ),
  badShape(
    'matMul: inner dimensions differ after transposeB',
    [f([2, 3]), f([3, 5])],
    (a, b) => g.matMul(a, b, false, true),
    /matMul: .*\[2,3\].*\[3,5\].*transposed/,
  ),
  badShape(
    'matMul: a vector operand',
    [f([3]), f([3, 2])],
    (a, b) => g.matMul(a, b),
    /matMul: .*\[3\].*\[3,2\]/,
  ),
  badShape(
    'matMul: batch dimensions that do not broadcast',
    [f([2, 3, 4]), f([3, 4, 5])],
    (a, b) => g.matMul(a, b),
    /matMul: .*\[2\].*\[3\]/,
  ),
  badShape(
    'matMul: failing after an internal cast leaks nothing',
    [i32([2, 3]), f([4, 5])],
    (a, b) => g.matMul(a, b),
    /matMul: .*\[2,3\].*\[4,5\]/,
  ),
  badShape('dot: inner dimensions differ', [f([3]), f([4])], g.dot, /dot: .*\[3\].*\[4\]/),
  badShape('outer: a matrix operand', [f([2, 2]), f([3])], g.outer, /outer: .*\[2,2\].*\[3\]/),
  badShape(
    'concat: other dimensions differ',
    [f([2, 3]), f([2, 4])],
    (a, b) => g.concat([a, b], 0),
    /concat: .*\[2,4\].*\[2,3\]/,
  ),
  badShape(
    'concat: ranks differ',
    [f([2, 3]), f([2, 3, 1])],
    (a, b) => g.concat([a, b], 1),
    /concat: .*\[2,3,1\].*\[2,3\]/,
  ),
  badShape(
    'stack: shapes differ',
    [f([2]), f([3])],
    (a, b) => g.stack([a, b]),
    /stack: .*\[3\].*\[2\]/,
  ),
  badShape(
    'conv2d: channels of x and filter differ',
    [f([1, 5, 5, 2]), f([3, 3, 3, 1])],
    (x, w) => g.conv2d(x, w),
    /conv2d: .*\[1,5,5,2\].*\[3,3,3,1\]/,
  ),
  badShape(
    'conv2d: x of rank 2',
    [f([5, 5]), f([3, 3, 1, 1])],
    (x, w) => g.conv2d(x, w),
    /conv2d: .*\[5,5\].*rank 4/,
  ),
  badShape(
    'conv2d: a window larger than the input',
    [f([1, 2, 2, 1]), f([3, 3, 1, 1])],
    (x, w) => g.conv2d(x, w),
    /conv2d: .*3x3.*\[1,2,2,1\]/,
  ),
  badShape(
    'conv2dBackpropInput: dy of the wrong shape',
    [f([1, 4, 4, 1]), f([3, 3, 1, 1])],
    (dy, w) => g.conv2dBackpropInput(dy, w, [1, 5, 5, 1]),
    /conv2dBackpropInput: .*\[1,4,4,1\].*\[1,3,3,1\]/,
  ),
  badShape(
    'conv2dBackpropFilter: dy of the wrong shape',
    [f([1, 5, 5, 1]), f([1, 4, 4, 1])],
    (x, dy) => g.conv2dBackpropFilter(x, dy, [3, 3, 1, 1]),
    /conv2dBackpropFilter: .*\[1,4,4,1\].*\[1,3,3,1\]/,
  ),
  badShape(
    'maxPool2d: x of rank 3',
    [f([4, 4, 1])],
    (x) => g.maxPool2d(x, { poolSize: 2 }),
    /maxPool2d: .*\[4,4,1\].*rank 4/,
  ),
  badShape(
    'avgPool2d: a window larger than the input',
    [f([1, 2, 2, 1])],
    (x) => g.avgPool2d(x, { poolSize: 3 }),
    /avgPool2d: .*3x3.*\[1,2,2,1\]/,
  ),
  badShape(
    'reluGrad: dy and x of different shapes (no broadcasting)',
    [f([2, 3]), f([3])],
    g.reluGrad,
    /reluGrad: dy has shape \[2,3\] and x has shape \[3\]: expected the same shape/,
  ),
  badShape(
    'tanhGrad: dy and y of different shapes',
    [f([4]), f([2, 2])],
    g.tanhGrad,
    /tanhGrad: dy has shape \[4\] and y has shape \[2,2\]/,
  ),
  badShape(
    'maxPoolGrad: dy of the wrong shape',
    [f([1, 3, 3, 1]), f([1, 4, 4, 1])],
    (dy, x) => g.maxPoolGrad(dy, x, { poolSize: 2 }),
    /maxPoolGrad: .*\[1,3,3,1\].*\[1,2,2,1\]/,
  ),
  badShape(
    'avgPoolGrad: dy of the wrong shape',
    [f([1, 3, 3, 1])],
    (dy) => g.avgPoolGrad(dy, [1, 4, 4, 1], { poolSize: 2 }),
    /avgPoolGrad: .*\[1,3,3,1\].*\[1,2,2,1\]/,
  ),
  badShape(
    'reshape: sizes differ',
    [f([2, 3])],
    (x) => g.reshape(x, [4]),
    /reshape: .*\[2,3\].*\[4\]/,
  ),
  badShape(
    'reshape: -1 cannot be inferred',
    [f([2, 3])],
    (x) => g.reshape(x, [4, -1]),
    /reshape: .*\[2,3\].*\[4,-1\]/,
  ),
  badShape(
    'squeeze: a dimension that is not 1',
    [f([2, 3])],
    (x) => g.squeeze(x, [1]),
    /squeeze: .*\[2,3\]/,
  ),
  badShape('tile: reps of the wrong length', [f([2, 3])], (x) => g.tile(x, [2]), /tile: .*\[2,3\]/),
  badShape(
    'broadcastTo: incompatible target',
    [f([3])],
    (x) => g.broadcastTo(x, [2, 4]),
    /broadcastTo: .*\[3\].*\[2,4\]/,
  ),
  badShape(
    'broadcastTo: a target of lower rank',
    [f([2, 3])],
    (x) => g.broadcastTo(x, [3]),
    /broadcastTo: .*\[2,3\].*\[3\]/,
  ),
  badShape(
    'batchNorm: statistics that do not broadcast',
    [f([2, 3]), f([4]), f([3])],
    (x, m, v) => g.batchNorm(x, m, v),
    /batchNorm.*\[2,3\].*\[4\]/,
  ),
  badShape('tensor: a ragged nested array', [], () => g.tensor([[1, 2], [3]]), /tensor: ragged/),
  badShape(
    'tensor: values that do not fill the shape',
    [],
    () => g.tensor([1, 2, 3], [2, 2]),
    /tensor: 3 values .*\[2,2\]/,
  ),
  badShape('zeros: a negative dimension', [], () => g.zeros([2, -1]), /\[2,-1\]/),
];

const VALUE_CASES: ErrorCase[] = [
  axisOutOfRange('sum', 3, [f([2, 3])], (x) => g.sum(x, 3)),
  badValue('mean: a repeated axis', [f([2, 3])], (x) => g.mean(x, [0, -2]), /mean: axes \[0,-2\]/),
  axisOutOfRange('softmax', 2, [f([2, 3])], (x) => g.softmax(x, 2)),
  axisOutOfRange('argMax', -3, [f([2, 3])], (x) => g.argMax(x, -3)),
  axisOutOfRange('concat', 2, [f([2, 3]), f([2, 3])], (a, b) => g.concat([a, b], 2)),
  badValue('concat: no tensors', [], () => g.concat([]), /concat: .*non-empty/),
  axisOutOfRange('gather', 2, [f([2, 3]), i32([1])], (x, i) => g.gather(x, i, 2)),
  axisOutOfRange('reverse', 5, [f([2, 3])], (x) => g.reverse(x, 5)),
  badValue(
    'expandDims: axis out of range',
    [f([2, 3])],
    (x) => g.expandDims(x, 4),
    /expandDims: axis 4 .*\[2,3\]/,
  ),
  badValue(
    'transpose: perm is not a permutation',
    [f([2, 3, 4])],
    (x) => g.transpose(x, [0, 0, 1]),
    /transpose: perm \[0,0,1\].*\[2,3,4\]/,
  ),
  badValue(
    'transpose: perm of the wrong length',
    [f([2, 3, 4])],
    (x) => g.transpose(x, [1, 0]),
    /transpose: perm \[1,0\].*\[2,3,4\]/,
  ),
  badValue(
    'reshape: two -1 dimensions',
    [f([2, 3])],
    (x) => g.reshape(x, [-1, -1]),
    /reshape: .*\[-1,-1\].*more than one -1/,
  ),
  badValue(
    'slice: beyond the end of a dimension',
    [f([2, 3])],
    (x) => g.slice(x, [1, 2], [1, 2]),
    /slice: .*\[2,3\]/,
  ),
  badValue(
    'split: not divisible into equal parts',
    [f([5])],
    (x) => g.split(x, 2),
    /split: .*\[5\].*2 equal parts/,
  ),
  badValue(
    'split: sizes that do not add up',
    [f([5, 2])],
    (x) => g.split(x, [2, 2]),
    /split: sizes \[2,2\].*\[5,2\]/,
  ),
  badValue(
    'pad: paddings of the wrong length',
    [f([2, 3])],
    (x) => g.pad(x, [[1, 1]]),
    /pad: .*\[2,3\]/,
  ),
  badValue(
    'unsortedSegmentSum: segmentIds of the wrong length',
    [f([4, 2]), i32([3])],
    (x, ids) => g.unsortedSegmentSum(x, ids, 2),
    /unsortedSegmentSum: .*\[3\].*\[4,2\]/,
  ),
  badValue('oneHot: a negative depth', [i32([2])], (i) => g.oneHot(i, -1), /oneHot: depth/),
  badValue(
    'conv2d: strides and dilations both > 1',
    [f([1, 8, 8, 1]), f([3, 3, 1, 1])],
    (x, w) => g.conv2d(x, w, { strides: 2, dilations: 2 }),
    /conv2d: strides \[2,2\] and dilations \[2,2\]/,
  ),
  badValue(
    'conv2d: an invalid padding',
    [f([1, 4, 4, 1]), f([3, 3, 1, 1])],
    (x, w) =>
      g.conv2d(x, w, {
        padding: [
          [1, -1],
          [0, 0],
        ],
      }),
    /conv2d: padding/,
  ),
  badValue('dropout: rate 1', [f([3])], (x) => g.dropout(x, 1), /dropout: rate/),
  badValue(
    'clipByValue: min > max',
    [f([3])],
    (x) => g.clipByValue(x, 2, 1),
    /clipByValue: min 2 .*max 1/,
  ),
  badValue(
    'leakyRelu: a non-finite alpha',
    [f([3])],
    (x) => g.leakyRelu(x, Number.NaN),
    /leakyRelu: alpha/,
  ),
  badValue(
    'randomUniform: maxval <= minval',
    [],
    () => g.randomUniform([2], 1, 1),
    /randomUniform: maxval 1 .*minval 1/,
  ),
  badValue(
    'randomNormal: a negative stdDev',
    [],
    () => g.randomNormal([2], 0, -1),
    /randomNormal: stdDev/,
  ),
];

const DTYPE_CASES: ErrorCase[] = [
  badDType(
    'sigmoidGrad: an int32 y',
    [f([3]), i32([3])],
    g.sigmoidGrad,
    /sigmoidGrad: 'y' has dtype int32: expected float32/,
  ),
  badDType(
    'reluGrad: a bool dy',
    [b8([3]), f([3])],
    g.reluGrad,
    /reluGrad: 'dy' has dtype bool: expected float32/,
  ),
  badDType(
    'logicalAnd: float32 operands',
    [f([2]), b8([2])],
    g.logicalAnd,
    /logicalAnd: .*float32/,
  ),
  badDType('logicalOr: int32 operands', [i32([2]), i32([2])], g.logicalOr, /logicalOr: .*int32/),
  badDType('logicalNot: an int32 input', [i32([2])], g.logicalNot, /logicalNot: .*int32.*bool/),
  badDType(
    'where: a float32 condition',
    [f([2]), f([2]), f([2])],
    g.where,
    /where: .*condition.*float32.*bool/,
  ),
  badDType('all: a float32 input', [f([2])], (x) => g.all(x), /all: .*float32.*bool/),
  badDType('any: an int32 input', [i32([2])], (x) => g.any(x), /any: .*int32.*bool/),
  badDType(
    'concat: dtypes differ',
    [f([2]), i32([2])],
    (a, b) => g.concat([a, b]),
    /concat: .*int32.*float32/,
  ),
  badDType(
    'gather: bool indices',
    [f([3]), b8([2])],
    (x, i) => g.gather(x, i),
    /gather: .*indices.*bool/,
  ),
  badDType('oneHot: bool indices', [b8([2])], (i) => g.oneHot(i, 3), /oneHot: .*indices.*bool/),
  badDType(
    'conv2d: a bool filter',
    [f([1, 3, 3, 1]), b8([2, 2, 1, 1])],
    (x, w) => g.conv2d(x, w),
    /conv2d: .*filter.*bool/,
  ),
  badDType(
    'maxPool2d: a bool input',
    [b8([1, 2, 2, 1])],
    (x) => g.maxPool2d(x, { poolSize: 2 }),
    /maxPool2d: .*bool/,
  ),
  badDType(
    'cast: an unknown dtype',
    [f([2])],
    (x) => g.cast(x, 'float64' as unknown as DType),
    /cast: unknown dtype 'float64'/,
  ),
];

const DISPOSED_CASES: ErrorCase[] = [
  disposedInput(
    'add: a disposed operand',
    [disposed],
    (x) => g.add(x, 1),
    /add: tensor \d+ \(shape \[3\], float32\) was disposed/,
  ),
  disposedInput(
    'matMul: a disposed operand',
    [f([1, 3]), disposed],
    (a, b) => g.matMul(a, b),
    /matMul: .*\[3\].*disposed/,
  ),
  disposedInput(
    'concat: a disposed tensor in the list',
    [f([3]), disposed],
    (a, x) => g.concat([a, x]),
    /concat: .*disposed/,
  ),
  disposedInput(
    'reshape: a disposed input',
    [disposed],
    (x) => g.reshape(x, [3, 1]),
    /reshape: .*disposed/,
  ),
  disposedInput('sum: a disposed input', [disposed], (x) => g.sum(x), /sum: .*disposed/),
  disposedInput(
    'dataSync: reading a disposed tensor',
    [disposed],
    (x) => x.dataSync(),
    /dataSync: .*disposed/,
  ),
  disposedInput(
    'clone: cloning a disposed tensor',
    [disposed],
    (x) => x.clone(),
    /clone: .*disposed/,
  ),
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
