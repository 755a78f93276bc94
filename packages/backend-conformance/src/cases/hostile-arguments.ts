/**
 * Hostile arguments, on every backend: absurd sizes are a `SizeLimitError` before anything is
 * allocated, index arguments must be int32, and options in another library's form (TF.js's
 * positional `conv2d(x, f, 2, 'same')`), misspelt or missing are errors instead of being ignored.
 * Each case also checks that the failed call leaves no tensor behind.
 */
import * as g from '@glia/core';
import { DTypeError, SizeLimitError, type Tensor, ValueError } from '@glia/core';
import type { GliaErrorClass } from '../assert';

/** One failing call: `setup` makes the inputs outside the measured call and returns the call. */
export interface HostileCase {
  title: string;
  setup: () => () => unknown;
  error: GliaErrorClass;
  message: RegExp;
}

const f = (shape: number[]): Tensor => g.zeros(shape);
const limit = String(g.MAX_TENSOR_ELEMENTS);

const sizeCase = (title: string, op: string, setup: () => () => unknown): HostileCase => ({
  title,
  setup,
  error: SizeLimitError,
  message: new RegExp(`${op}: .*\\[[0-9,]+\\] has [0-9.e+]+ elements.*expected at most ${limit}`),
});

/** Ops whose output size comes from an argument rather than from the inputs. */
export const SIZE_LIMIT_CASES: HostileCase[] = [
  sizeCase('zeros [1e6, 1e6]', 'zeros', () => () => g.zeros([1e6, 1e6])),
  sizeCase('ones [1e6, 1e6]', 'ones', () => () => g.ones([1e6, 1e6])),
  sizeCase('fill [2^31]', 'fill', () => () => g.fill([2 ** 31], 0)),
  sizeCase('eye(1e6)', 'eye', () => () => g.eye(1e6)),
  sizeCase('range(0, 1e12)', 'range', () => () => g.range(0, 1e12)),
  sizeCase('linspace with 1e10 points', 'linspace', () => () => g.linspace(0, 1, 1e10)),
  sizeCase('randomNormal [1e6, 1e6]', 'randomNormal', () => () => g.randomNormal([1e6, 1e6])),
  sizeCase('randomUniform [1e6, 1e6]', 'randomUniform', () => () => g.randomUniform([1e6, 1e6])),
  sizeCase(
    'truncatedNormal [1e6, 1e6]',
    'truncatedNormal',
    () => () => g.truncatedNormal([1e6, 1e6]),
  ),
  sizeCase('tile [2,2] by reps [1e6, 1e6]', 'tile', () => {
    const x = f([2, 2]);
    return () => g.tile(x, [1e6, 1e6]);
  }),
  sizeCase('pad [2] by 1e10', 'pad', () => {
    const x = f([2]);
    return () => g.pad(x, [[1e10, 0]]);
  }),
  sizeCase('broadcastTo [1] to [1e6, 1e6]', 'broadcastTo', () => {
    const x = f([1]);
    return () => g.broadcastTo(x, [1e6, 1e6]);
  }),
  sizeCase('oneHot of 1e6 indices to depth 1e6', 'oneHot', () => {
    const i = g.zeros([1e6], 'int32');
    return () => g.oneHot(i, 1e6);
  }),
  sizeCase('gather 1e5 rows of width 1e5', 'gather', () => {
    const x = f([1, 1e5]);
    const i = g.zeros([1e5], 'int32');
    return () => g.gather(x, i);
  }),
  sizeCase('unsortedSegmentSum into 1e12 segments', 'unsortedSegmentSum', () => {
    const x = f([2, 3]);
    const i = g.zeros([2], 'int32');
    return () => g.unsortedSegmentSum(x, i, 1e12);
  }),
  sizeCase('outer of two 1e5 vectors', 'matMul', () => {
    const a = f([1e5]);
    const b = f([1e5]);
    return () => g.outer(a, b);
  }),
  sizeCase('conv2dTranspose to a [1, 1e6, 1e6, 1] output', 'conv2dBackpropInput', () => {
    const x = f([1, 1, 1, 1]);
    const w = f([1, 1, 1, 1]);
    return () => g.conv2dTranspose(x, w, [1, 1e6, 1e6, 1], { strides: 1e6 });
  }),
];

/** Index arguments are int32: float and bool indices are not truncated silently. */
export const INDEX_DTYPE_CASES: HostileCase[] = [
  {
    title: 'gather: float32 indices [0.5, 1.7]',
    setup: () => {
      const x = f([3]);
      const i = g.tensor([0.5, 1.7]);
      return () => g.gather(x, i);
    },
    error: DTypeError,
    message: /gather: 'indices' has dtype float32 .*expected int32/,
  },
  {
    title: 'gather: a plain array of non-integers',
    setup: () => {
      const x = f([3]);
      return () => g.gather(x, [0.5, 1]);
    },
    error: DTypeError,
    message: /gather: 'indices' holds 0\.5: expected int32/,
  },
  {
    title: 'gather: bool indices',
    setup: () => {
      const x = f([3]);
      const i = g.tensor([true, false]);
      return () => g.gather(x, i);
    },
    error: DTypeError,
    message: /gather: 'indices' has dtype bool/,
  },
  {
    title: 'oneHot: float32 indices [0.5, 1.7]',
    setup: () => {
      const i = g.tensor([0.5, 1.7]);
      return () => g.oneHot(i, 3);
    },
    error: DTypeError,
    message: /oneHot: 'indices' has dtype float32 .*expected int32/,
  },
  {
    title: 'unsortedSegmentSum: float32 segment ids',
    setup: () => {
      const x = f([2]);
      const i = g.tensor([0, 1]);
      return () => g.unsortedSegmentSum(x, i, 2);
    },
    error: DTypeError,
    message: /unsortedSegmentSum: 'segmentIds' has dtype float32/,
  },
];

/** Options objects: other libraries' positional forms, typos and missing keys. */
export const OPTION_CASES: HostileCase[] = [
  {
    title: "conv2d(x, f, 2, 'same'): TF.js's positional form",
    setup: () => {
      const x = f([1, 4, 4, 1]);
      const w = f([2, 2, 1, 1]);
      return () => (g.conv2d as (...a: unknown[]) => unknown)(x, w, 2, 'same');
    },
    error: ValueError,
    message:
      /conv2d: got 4 arguments, expected at most 3: conv2d\(x, filter, \{ strides\?, padding\?, dilations\? \}\)/,
  },
  {
    title: 'conv2d(x, f, 2): a number where the options object goes',
    setup: () => {
      const x = f([1, 4, 4, 1]);
      const w = f([2, 2, 1, 1]);
      return () => (g.conv2d as (...a: unknown[]) => unknown)(x, w, 2);
    },
    error: ValueError,
    message:
      /conv2d: argument 'options' is number 2: expected an options object: conv2d\(x, filter, \{ strides\?, padding\?, dilations\? \}\)/,
  },
  {
    title: "conv2d(x, f, { strides: 2 }, 'same'): a trailing positional argument",
    setup: () => {
      const x = f([1, 4, 4, 1]);
      const w = f([2, 2, 1, 1]);
      return () => (g.conv2d as (...a: unknown[]) => unknown)(x, w, { strides: 2 }, 'same');
    },
    error: ValueError,
    message:
      /conv2d: got 4 arguments, expected at most 3: conv2d\(x, filter, \{ strides\?, padding\?, dilations\? \}\)/,
  },
  {
    title: 'maxPool2d(x, { poolSize: 2 }, 2): a trailing stride',
    setup: () => {
      const x = f([1, 4, 4, 1]);
      return () => (g.maxPool2d as (...a: unknown[]) => unknown)(x, { poolSize: 2 }, 2);
    },
    error: ValueError,
    message: /maxPool2d: got 3 arguments, expected at most 2/,
  },
  {
    title: 'gather(x, indices, 0, 1): a batchDims argument Glia does not take',
    setup: () => {
      const x = f([3]);
      const i = g.tensor([0], undefined, 'int32');
      return () => (g.gather as (...a: unknown[]) => unknown)(x, i, 0, 1);
    },
    error: ValueError,
    message: /gather: got 4 arguments, expected at most 3: gather\(x, indices, axis\?\)/,
  },
  {
    title: 'conv2d(x, f, { stride: 2 }): a misspelt option',
    setup: () => {
      const x = f([1, 4, 4, 1]);
      const w = f([2, 2, 1, 1]);
      return () => g.conv2d(x, w, { stride: 2 } as never);
    },
    error: ValueError,
    message: /conv2d: unknown option 'stride' \(did you mean 'strides'\?\)/,
  },
  {
    title: 'fusedConv2d: an unknown option',
    setup: () => {
      const x = f([1, 4, 4, 1]);
      const w = f([2, 2, 1, 1]);
      const b = f([1]);
      return () => g.fusedConv2d(x, w, b, { activaton: 'relu' } as never);
    },
    error: ValueError,
    message: /fusedConv2d: unknown option 'activaton' \(did you mean 'activation'\?\)/,
  },
  {
    title: "maxPool2d(x, 2, 2, 'valid'): TF.js's positional form",
    setup: () => {
      const x = f([1, 4, 4, 1]);
      return () => (g.maxPool2d as (...a: unknown[]) => unknown)(x, 2, 2, 'valid');
    },
    error: ValueError,
    message:
      /maxPool2d: got 4 arguments, expected at most 2: maxPool2d\(x, \{ poolSize, strides\?, padding\? \}\)/,
  },
  {
    title: 'maxPool2d(x, {}): poolSize missing',
    setup: () => {
      const x = f([1, 4, 4, 1]);
      return () => g.maxPool2d(x, {} as never);
    },
    error: ValueError,
    message: /maxPool2d: missing required option 'poolSize'/,
  },
  {
    title: 'maxPool2d(x): no options at all',
    setup: () => {
      const x = f([1, 4, 4, 1]);
      return () => (g.maxPool2d as (...a: unknown[]) => unknown)(x);
    },
    error: ValueError,
    message:
      /maxPool2d: argument 'options' is missing: expected maxPool2d\(x, \{ poolSize, strides\?, padding\? \}\)/,
  },
  {
    title: 'avgPool2d: pool_size in Keras spelling',
    setup: () => {
      const x = f([1, 4, 4, 1]);
      return () => g.avgPool2d(x, { pool_size: 2 } as never);
    },
    error: ValueError,
    message: /avgPool2d: unknown option 'pool_size' \(did you mean 'poolSize'\?\)/,
  },
  {
    title: 'fusedMatMul: an unknown option',
    setup: () => {
      const a = f([2, 2]);
      const b = f([2, 2]);
      const bias = f([2]);
      return () => g.fusedMatMul(a, b, bias, { transpose_a: true } as never);
    },
    error: ValueError,
    message: /fusedMatMul: unknown option 'transpose_a'/,
  },
  {
    title: 'transformImages: an unknown option',
    setup: () => {
      const x = f([1, 2, 2, 1]);
      return () => g.transformImages(x, [g.IDENTITY_TRANSFORM], { fill_mode: 'wrap' } as never);
    },
    error: ValueError,
    message: /transformImages: unknown option 'fill_mode'/,
  },
];
