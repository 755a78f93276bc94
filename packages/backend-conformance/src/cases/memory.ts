/**
 * Memory accounting: each op adds exactly its outputs to numTensors and frees its intermediates;
 * dispose and tidy give back every byte, in the engine's count and in the backend's own.
 */

import type { Tensor, TensorContainer } from '@glia/core';
import * as g from '@glia/core';
import { expect } from 'vitest';
import { expectTensor } from '../assert';
import type { Harness } from '../harness';
import { deferCall, type Input } from './deferred-call';

interface Snapshot {
  tensors: number;
  bytes: number;
  backendBytes: number;
  backendBuffers: number;
}

function snapshot(): Snapshot {
  const m = g.memory();
  const b = g.getBackend().memory();
  return {
    tensors: m.numTensors,
    bytes: m.numBytes,
    backendBytes: b.numBytes,
    backendBuffers: b.numDataBuffers,
  };
}

function countTensors(c: TensorContainer): number {
  if (c instanceof g.Tensor) return 1;
  if (Array.isArray(c)) return c.reduce((n: number, x: TensorContainer) => n + countTensors(x), 0);
  if (c !== null && typeof c === 'object')
    return Object.values(c).reduce((n: number, x) => n + countTensors(x as TensorContainer), 0);
  return 0;
}

const f =
  (shape: number[]): Input =>
  () =>
    g.randomUniform(shape, -1, 1, 'float32', shape.length + 1);
const i32 =
  (shape: number[], hi = 3): Input =>
  () =>
    g.randomUniform(shape, 0, hi, 'int32', shape.length + 2);
const b8 =
  (shape: number[]): Input =>
  () =>
    g.greater(f(shape)(), 0);

type OpCase = [title: string, setup: () => () => TensorContainer];
const op = (
  title: string,
  inputs: Input[],
  call: (...tensors: Tensor[]) => TensorContainer,
): OpCase => [title, () => deferCall(inputs, call)];

/** Ops whose outputs are counted; the setup makes the inputs outside the measured call. */
const OPS: OpCase[] = [
  op('neg', [f([3, 4])], (x) => g.neg(x)),
  op('exp of int32 (an internal cast)', [i32([3, 4])], (x) => g.exp(x)),
  op('add with broadcasting', [f([3, 1]), f([4])], (a, b) => g.add(a, b)),
  op('add of int32 and float32 (a promotion cast)', [i32([3]), f([3])], (a, b) => g.add(a, b)),
  op('div of int32 (two casts)', [i32([3]), i32([3])], (a, b) => g.div(a, b)),
  op('add with a plain number', [f([3])], (a) => g.add(a, 2)),
  op('squaredDifference', [f([2, 3]), f([3])], (a, b) => g.squaredDifference(a, b)),
  op('less', [f([2, 3]), f([3])], (a, b) => g.less(a, b)),
  op('logicalAnd', [b8([4]), b8([4])], (a, b) => g.logicalAnd(a, b)),
  op('isNaN of int32', [i32([4])], (a) => g.isNaN(a)),
  op('where', [b8([2, 3]), f([3])], (c, a) => g.where(c, a, 0)),
  op('cast', [f([5])], (x) => g.cast(x, 'int32')),
  op('cast to the same dtype', [f([5])], (x) => g.cast(x, 'float32')),
  op('sum with keepDims', [f([2, 3, 4])], (x) => g.sum(x, [0, 2], true)),
  op('sum of bool', [b8([2, 3])], (x) => g.sum(x)),
  op('mean of int32', [i32([2, 3])], (x) => g.mean(x, 1)),
  op('max', [f([2, 3])], (x) => g.max(x, 0)),
  op('logSumExp', [f([2, 3])], (x) => g.logSumExp(x, 1)),
  op('argMax', [f([2, 3])], (x) => g.argMax(x, 1)),
  op('softmax', [f([2, 3])], (x) => g.softmax(x)),
  op('logSoftmax', [f([2, 3])], (x) => g.logSoftmax(x, 0)),
  op('moments (two outputs)', [f([2, 3])], (x) => g.moments(x, 0, true)),
  op('relu6, gelu, leakyRelu, clipByValue', [f([4])], (x) => [
    g.relu6(x),
    g.gelu(x),
    g.leakyRelu(x),
    g.clipByValue(x, 0, 1),
  ]),
  op('reshape', [f([2, 3])], (x) => g.reshape(x, [-1])),
  op('expandDims', [f([2, 3])], (x) => g.expandDims(x, 1)),
  op('squeeze', [f([2, 1, 3])], (x) => g.squeeze(x)),
  op('transpose', [f([2, 3, 4])], (x) => g.transpose(x, [2, 0, 1])),
  op('slice', [f([4, 4])], (x) => g.slice(x, [1, 1], [2, 2])),
  op('split (three outputs)', [f([6, 2])], (x) => g.split(x, 3)),
  op('unstack (four outputs)', [f([2, 4])], (x) => g.unstack(x, 1)),
  op('concat', [f([2, 3]), f([2, 1])], (a, b) => g.concat([a, b], 1)),
  op('stack', [f([3]), f([3])], (a, b) => g.stack([a, b], 1)),
  op('gather', [f([4, 3]), i32([5], 4)], (x, i) => g.gather(x, i)),
  op('unsortedSegmentSum', [f([4, 3]), i32([4], 2)], (x, i) => g.unsortedSegmentSum(x, i, 2)),
  op('pad', [f([2, 3])], (x) =>
    g.pad(x, [
      [1, 1],
      [0, 2],
    ]),
  ),
  op('tile', [f([2, 3])], (x) => g.tile(x, [2, 2])),
  op('reverse', [f([2, 3])], (x) => g.reverse(x, 1)),
  op('broadcastTo', [f([3])], (x) => g.broadcastTo(x, [2, 3])),
  op('oneHot', [i32([4])], (i) => g.oneHot(i, 3)),
  op('matMul with broadcast batch and transposes', [f([2, 1, 4, 3]), f([5, 2, 4])], (a, b) =>
    g.matMul(a, b, true, true),
  ),
  op('dot and outer', [f([3]), f([3])], (a, b) => [g.dot(a, b), g.outer(a, b)]),
  op('conv2d, same, stride 2', [f([1, 5, 5, 2]), f([3, 3, 2, 3])], (x, w) =>
    g.conv2d(x, w, { padding: 'same', strides: 2 }),
  ),
  op('conv2d of an unbatched input', [f([5, 5, 2]), f([3, 3, 2, 3])], (x, w) => g.conv2d(x, w)),
  op('conv2dBackpropInput', [f([1, 3, 3, 3]), f([3, 3, 2, 3])], (dy, w) =>
    g.conv2dBackpropInput(dy, w, [1, 5, 5, 2]),
  ),
  op('conv2dBackpropFilter', [f([1, 5, 5, 2]), f([1, 3, 3, 3])], (x, dy) =>
    g.conv2dBackpropFilter(x, dy, [3, 3, 2, 3]),
  ),
  op('conv2dTranspose', [f([1, 3, 3, 3]), f([3, 3, 2, 3])], (x, w) =>
    g.conv2dTranspose(x, w, [1, 6, 6, 2], { strides: 2, padding: 'same' }),
  ),
  op('maxPool2d and avgPool2d', [f([1, 4, 4, 2])], (x) => [
    g.maxPool2d(x, { poolSize: 2 }),
    g.avgPool2d(x, { poolSize: 3, strides: 1, padding: 'same' }),
  ]),
  op('maxPoolGrad', [f([1, 2, 2, 2]), f([1, 4, 4, 2])], (dy, x) =>
    g.maxPoolGrad(dy, x, { poolSize: 2 }),
  ),
  op('avgPoolGrad', [f([1, 2, 2, 2])], (dy) => g.avgPoolGrad(dy, [1, 4, 4, 2], { poolSize: 2 })),
  op('batchNorm without offset and scale', [f([2, 3]), f([3]), () => g.ones([3])], (x, m, v) =>
    g.batchNorm(x, m, v),
  ),
  op('dropout', [f([100])], (x) => g.dropout(x, 0.5, 1)),
  op('clone', [f([3])], (x) => x.clone()),
];

export function defineMemoryCases(h: Harness): void {
  h.family('memory', () => {
    h.group('each op adds exactly its outputs and frees its intermediates', () => {
      for (const [title, setup] of OPS) {
        h.test(title, () => {
          const run = setup();
          const before = snapshot();
          const out = run();
          expect(g.memory().numTensors - before.tensors, 'tensors added').toBe(countTensors(out));
          g.dispose(out);
          expect(snapshot(), 'memory after disposing the outputs').toEqual(before);
        });
      }
    });

    h.group('dispose', () => {
      for (const [dtype, bytes] of [
        ['float32', 4],
        ['int32', 4],
        ['bool', 1],
      ] as const) {
        h.test(
          `a ${dtype} tensor of 6 elements counts ${6 * bytes} bytes, and dispose gives them back`,
          () => {
            const before = snapshot();
            const t = g.zeros([2, 3], dtype);
            expect(g.memory().numTensors).toBe(before.tensors + 1);
            expect(g.memory().numBytes).toBe(before.bytes + 6 * bytes);
            expect(g.getBackend().memory().numBytes).toBe(before.backendBytes + 6 * bytes);
            t.dispose();
            expect(snapshot()).toEqual(before);
          },
        );
      }
      h.test('reshape and clone share storage; it is freed with the last handle', () => {
        const before = snapshot();
        const x = g.tensor([1, 2, 3, 4]);
        const buffers = g.memory().numDataBuffers;
        const y = g.reshape(x, [2, 2]);
        const z = x.clone();
        expect(g.memory().numDataBuffers, 'reshape and clone add no buffer').toBe(buffers);
        x.dispose();
        y.dispose();
        expectTensor(z, { shape: [4], values: [1, 2, 3, 4] });
        z.dispose();
        expect(snapshot()).toEqual(before);
      });
      h.test('dispose of arrays and objects of tensors', () => {
        const before = snapshot();
        const parts = { a: g.ones([2]), list: [g.zeros([3]), g.ones([1], 'int32')] };
        g.dispose(parts);
        expect(snapshot()).toEqual(before);
      });
      h.test('Symbol.dispose frees a tensor', () => {
        const before = snapshot();
        const t = g.ones([4]);
        t[Symbol.dispose]();
        expect(t.isDisposed).toBe(true);
        expect(snapshot()).toEqual(before);
      });
      h.test('size-0 tensors are counted and freed', () => {
        const before = snapshot();
        const t = g.zeros([0, 5]);
        expect(g.memory().numTensors).toBe(before.tensors + 1);
        t.dispose();
        expect(snapshot()).toEqual(before);
      });
    });

    h.group('tidy', () => {
      h.test('frees intermediates and keeps the result', () => {
        const x = g.ones([3]);
        const before = snapshot();
        const y = g.tidy(() => g.relu(g.add(g.mul(x, 2), -1)));
        expect(g.memory().numTensors).toBe(before.tensors + 1);
        expectTensor(y, { shape: [3], values: [1, 1, 1] });
        y.dispose();
        expect(snapshot()).toEqual(before);
      });
      h.test('keeps tensors returned in arrays and objects', () => {
        const before = snapshot();
        const out = g.tidy(() => {
          const a = g.ones([2]);
          const b = g.add(a, 1);
          return { b, rest: [g.neg(b)] };
        });
        expect(g.memory().numTensors).toBe(before.tensors + 2);
        g.dispose(out);
        expect(snapshot()).toEqual(before);
      });
      h.test('keep() exempts a tensor; nested tidy scopes free their own', () => {
        const before = snapshot();
        let kept: Tensor | undefined;
        g.tidy(() => {
          kept = g.keep(g.ones([2]));
          g.tidy(() => g.zeros([5]));
          g.zeros([3]);
        });
        expect(g.memory().numTensors).toBe(before.tensors + 1);
        kept!.dispose();
        expect(snapshot()).toEqual(before);
      });
      h.test('frees everything when the function throws', () => {
        const before = snapshot();
        expect(() =>
          g.tidy(() => {
            g.ones([4]);
            g.matMul(g.ones([2, 3]), g.ones([4, 2]));
          }),
        ).toThrow(g.ShapeError);
        expect(snapshot()).toEqual(before);
      });
      h.test('a loop of 200 ops in tidy leaves nothing behind', () => {
        const x = g.randomNormal([8, 8], 0, 1, 'float32', 3);
        const before = snapshot();
        g.tidy(() => {
          let y = x;
          for (let i = 0; i < 50; i++) y = g.tanh(g.add(g.matMul(y, x), g.sum(y, 0, true)));
          return undefined;
        });
        expect(snapshot()).toEqual(before);
      });
      h.test('memory() reports the backend under its name', () => {
        const t = g.ones([4]);
        const backends = g.memory().backends;
        expect(
          backends[g.getBackend().name],
          'memory().backends entry of the active backend',
        ).toBeDefined();
        t.dispose();
      });
    });
  });
}
