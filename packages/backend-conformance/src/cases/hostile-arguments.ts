/**
 * Hostile arguments, on every backend: absurd sizes are a `SizeLimitError` before anything is
 * allocated, index arguments must be int32, and options in another library's form (TF.js's
 * positional `conv2d(x, f, 2, 'same')`), misspelt or missing are errors instead of being ignored.
 * Each case also checks that the failed call leaves no tensor behind.
 */
import * as g from '@glia/core';
import { DTypeError, SizeLimitError, ValueError } from '@glia/core';
import { type ErrorCase, errorCases, type Input, zerosInput } from './deferred-call';

/** One failing call: `setup` makes the inputs outside the measured call and returns the call. */
export type HostileCase = ErrorCase;

const f = (shape: number[]): Input => zerosInput(shape);
const i32 = (shape: number[]): Input => zerosInput(shape, 'int32');
const limit = String(g.MAX_TENSOR_ELEMENTS);

const oversized = errorCases(SizeLimitError);
const sizeCase = (
  title: string,
  op: string,
  inputs: Input[],
  call: Parameters<typeof oversized>[2],
): HostileCase =>
  oversized(
    title,
    inputs,
    call,
    new RegExp(`${op}: .*\\[[0-9,]+\\] has [0-9.e+]+ elements.*expected at most ${limit}`),
  );
const badIndex = errorCases(DTypeError);
const badOption = errorCases(ValueError);

/** Ops whose output size comes from an argument rather than from the inputs. */
export const SIZE_LIMIT_CASES: HostileCase[] = [
  sizeCase('zeros [1e6, 1e6]', 'zeros', [], () => g.zeros([1e6, 1e6])),
  sizeCase('ones [1e6, 1e6]', 'ones', [], () => g.ones([1e6, 1e6])),
  sizeCase('fill [2^31]', 'fill', [], () => g.fill([2 ** 31], 0)),
  sizeCase('eye(1e6)', 'eye', [], () => g.eye(1e6)),
  sizeCase('range(0, 1e12)', 'range', [], () => g.range(0, 1e12)),
  sizeCase('linspace with 1e10 points', 'linspace', [], () => g.linspace(0, 1, 1e10)),
  sizeCase('randomNormal [1e6, 1e6]', 'randomNormal', [], () => g.randomNormal([1e6, 1e6])),
  sizeCase('randomUniform [1e6, 1e6]', 'randomUniform', [], () => g.randomUniform([1e6, 1e6])),
  sizeCase('truncatedNormal [1e6, 1e6]', 'truncatedNormal', [], () =>
    g.truncatedNormal([1e6, 1e6]),
  ),
  sizeCase('tile [2,2] by reps [1e6, 1e6]', 'tile', [f([2, 2])], (x) => g.tile(x, [1e6, 1e6])),
  sizeCase('pad [2] by 1e10', 'pad', [f([2])], (x) => g.pad(x, [[1e10, 0]])),
  sizeCase('broadcastTo [1] to [1e6, 1e6]', 'broadcastTo', [f([1])], (x) =>
    g.broadcastTo(x, [1e6, 1e6]),
  ),
  sizeCase('oneHot of 1e6 indices to depth 1e6', 'oneHot', [i32([1e6])], (i) => g.oneHot(i, 1e6)),
  sizeCase('gather 1e5 rows of width 1e5', 'gather', [f([1, 1e5]), i32([1e5])], (x, i) =>
    g.gather(x, i),
  ),
  sizeCase(
    'unsortedSegmentSum into 1e12 segments',
    'unsortedSegmentSum',
    [f([2, 3]), i32([2])],
    (x, i) => g.unsortedSegmentSum(x, i, 1e12),
  ),
  sizeCase('outer of two 1e5 vectors', 'matMul', [f([1e5]), f([1e5])], (a, b) => g.outer(a, b)),
  sizeCase(
    'conv2dTranspose to a [1, 1e6, 1e6, 1] output',
    'conv2dBackpropInput',
    [f([1, 1, 1, 1]), f([1, 1, 1, 1])],
    (x, w) => g.conv2dTranspose(x, w, [1, 1e6, 1e6, 1], { strides: 1e6 }),
  ),
];

/** Index arguments are int32: float and bool indices are not truncated silently. */
export const INDEX_DTYPE_CASES: HostileCase[] = [
  badIndex(
    'gather: float32 indices [0.5, 1.7]',
    [f([3]), () => g.tensor([0.5, 1.7])],
    (x, i) => g.gather(x, i),
    /gather: 'indices' has dtype float32 .*expected int32/,
  ),
  badIndex(
    'gather: a plain array of non-integers',
    [f([3])],
    (x) => g.gather(x, [0.5, 1]),
    /gather: 'indices' holds 0\.5: expected int32/,
  ),
  badIndex(
    'gather: bool indices',
    [f([3]), () => g.tensor([true, false])],
    (x, i) => g.gather(x, i),
    /gather: 'indices' has dtype bool/,
  ),
  badIndex(
    'oneHot: float32 indices [0.5, 1.7]',
    [() => g.tensor([0.5, 1.7])],
    (i) => g.oneHot(i, 3),
    /oneHot: 'indices' has dtype float32 .*expected int32/,
  ),
  badIndex(
    'unsortedSegmentSum: float32 segment ids',
    [f([2]), () => g.tensor([0, 1])],
    (x, i) => g.unsortedSegmentSum(x, i, 2),
    /unsortedSegmentSum: 'segmentIds' has dtype float32/,
  ),
];

/** Options objects: other libraries' positional forms, typos and missing keys. */
export const OPTION_CASES: HostileCase[] = [
  badOption(
    "conv2d(x, f, 2, 'same'): TF.js's positional form",
    [f([1, 4, 4, 1]), f([2, 2, 1, 1])],
    (x, w) => (g.conv2d as (...a: unknown[]) => unknown)(x, w, 2, 'same'),
    /conv2d: got 4 arguments, expected at most 3: conv2d\(x, filter, \{ strides\?, padding\?, dilations\? \}\)/,
  ),
  badOption(
    'conv2d(x, f, 2): a number where the options object goes',
    [f([1, 4, 4, 1]), f([2, 2, 1, 1])],
    (x, w) => (g.conv2d as (...a: unknown[]) => unknown)(x, w, 2),
    /conv2d: argument 'options' is number 2: expected an options object: conv2d\(x, filter, \{ strides\?, padding\?, dilations\? \}\)/,
  ),
  badOption(
    "conv2d(x, f, { strides: 2 }, 'same'): a trailing positional argument",
    [f([1, 4, 4, 1]), f([2, 2, 1, 1])],
    (x, w) => (g.conv2d as (...a: unknown[]) => unknown)(x, w, { strides: 2 }, 'same'),
    /conv2d: got 4 arguments, expected at most 3: conv2d\(x, filter, \{ strides\?, padding\?, dilations\? \}\)/,
  ),
  badOption(
    'maxPool2d(x, { poolSize: 2 }, 2): a trailing stride',
    [f([1, 4, 4, 1])],
    (x) => (g.maxPool2d as (...a: unknown[]) => unknown)(x, { poolSize: 2 }, 2),
    /maxPool2d: got 3 arguments, expected at most 2/,
  ),
  badOption(
    'gather(x, indices, 0, 1): a batchDims argument Glia does not take',
    [f([3]), () => g.tensor([0], undefined, 'int32')],
    (x, i) => (g.gather as (...a: unknown[]) => unknown)(x, i, 0, 1),
    /gather: got 4 arguments, expected at most 3: gather\(x, indices, axis\?\)/,
  ),
  badOption(
    'conv2d(x, f, { stride: 2 }): a misspelt option',
    [f([1, 4, 4, 1]), f([2, 2, 1, 1])],
    (x, w) => g.conv2d(x, w, { stride: 2 } as never),
    /conv2d: unknown option 'stride' \(did you mean 'strides'\?\)/,
  ),
  badOption(
    'fusedConv2d: an unknown option',
    [f([1, 4, 4, 1]), f([2, 2, 1, 1]), f([1])],
    (x, w, b) => g.fusedConv2d(x, w, b, { activaton: 'relu' } as never),
    /fusedConv2d: unknown option 'activaton' \(did you mean 'activation'\?\)/,
  ),
  badOption(
    "maxPool2d(x, 2, 2, 'valid'): TF.js's positional form",
    [f([1, 4, 4, 1])],
    (x) => (g.maxPool2d as (...a: unknown[]) => unknown)(x, 2, 2, 'valid'),
    /maxPool2d: got 4 arguments, expected at most 2: maxPool2d\(x, \{ poolSize, strides\?, padding\? \}\)/,
  ),
  badOption(
    'maxPool2d(x, {}): poolSize missing',
    [f([1, 4, 4, 1])],
    (x) => g.maxPool2d(x, {} as never),
    /maxPool2d: missing required option 'poolSize'/,
  ),
  badOption(
    'maxPool2d(x): no options at all',
    [f([1, 4, 4, 1])],
    (x) => (g.maxPool2d as (...a: unknown[]) => unknown)(x),
    /maxPool2d: argument 'options' is missing: expected maxPool2d\(x, \{ poolSize, strides\?, padding\? \}\)/,
  ),
  badOption(
    'avgPool2d: pool_size in Keras spelling',
    [f([1, 4, 4, 1])],
    (x) => g.avgPool2d(x, { pool_size: 2 } as never),
    /avgPool2d: unknown option 'pool_size' \(did you mean 'poolSize'\?\)/,
  ),
  badOption(
    'fusedMatMul: an unknown option',
    [f([2, 2]), f([2, 2]), f([2])],
    (a, b, bias) => g.fusedMatMul(a, b, bias, { transpose_a: true } as never),
    /fusedMatMul: unknown option 'transpose_a'/,
  ),
  badOption(
    'transformImages: an unknown option',
    [f([1, 2, 2, 1])],
    (x) => g.transformImages(x, [g.IDENTITY_TRANSFORM], { fill_mode: 'wrap' } as never),
    /transformImages: unknown option 'fill_mode'/,
  ),
];
