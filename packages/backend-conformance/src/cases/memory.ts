/**
 * Memory accounting: each op adds exactly its outputs to numTensors and frees its intermediates;
 * dispose and tidy give back every byte, in the engine's count and in the backend's own.
 */

import type { Tensor, TensorContainer } from '@glia/core';
import * as g from '@glia/core';
import { expect } from 'vitest';
import { expectTensor } from '../assert';
import type { Harness } from '../harness';

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

const f = (shape: number[]): Tensor => g.randomUniform(shape, -1, 1, 'float32', shape.length + 1);
const i32 = (shape: number[], hi = 3): Tensor =>
  g.randomUniform(shape, 0, hi, 'int32', shape.length + 2);
const b8 = (shape: number[]): Tensor => g.greater(f(shape), 0);

/** Ops with the number of tensors they return; inputs are made by the setup. */
const OPS: [string, () => () => TensorContainer][] = [
  [
    'neg',
    () => {
      const x = f([3, 4]);
      return () => g.neg(x);
    },
  ],
  [
    'exp of int32 (an internal cast)',
    () => {
      const x = i32([3, 4]);
      return () => g.exp(x);
    },
  ],
  [
    'add with broadcasting',
    () => {
      const a = f([3, 1]);
      const b = f([4]);
      return () => g.add(a, b);
    },
  ],
  [
    'add of int32 and float32 (a promotion cast)',
    () => {
      const a = i32([3]);
      const b = f([3]);
      return () => g.add(a, b);
    },
  ],
  [
    'div of int32 (two casts)',
    () => {
      const a = i32([3]);
      const b = i32([3]);
      return () => g.div(a, b);
    },
  ],
  [
    'add with a plain number',
    () => {
      const a = f([3]);
      return () => g.add(a, 2);
    },
  ],
  [
    'squaredDifference',
    () => {
      const a = f([2, 3]);
      const b = f([3]);
      return () => g.squaredDifference(a, b);
    },
  ],
  [
    'less',
    () => {
      const a = f([2, 3]);
      const b = f([3]);
      return () => g.less(a, b);
    },
  ],
  [
    'logicalAnd',
    () => {
      const a = b8([4]);
      const b = b8([4]);
      return () => g.logicalAnd(a, b);
    },
  ],
  [
    'isNaN of int32',
    () => {
      const a = i32([4]);
      return () => g.isNaN(a);
    },
  ],
  [
    'where',
    () => {
      const c = b8([2, 3]);
      const a = f([3]);
      return () => g.where(c, a, 0);
    },
  ],
  [
    'cast',
    () => {
      const x = f([5]);
      return () => g.cast(x, 'int32');
    },
  ],
  [
    'cast to the same dtype',
    () => {
      const x = f([5]);
      return () => g.cast(x, 'float32');
    },
  ],
  [
    'sum with keepDims',
    () => {
      const x = f([2, 3, 4]);
      return () => g.sum(x, [0, 2], true);
    },
  ],
  [
    'sum of bool',
    () => {
      const x = b8([2, 3]);
      return () => g.sum(x);
    },
  ],
  [
    'mean of int32',
    () => {
      const x = i32([2, 3]);
      return () => g.mean(x, 1);
    },
  ],
  [
    'max',
    () => {
      const x = f([2, 3]);
      return () => g.max(x, 0);
    },
  ],
  [
    'logSumExp',
    () => {
      const x = f([2, 3]);
      return () => g.logSumExp(x, 1);
    },
  ],
  [
    'argMax',
    () => {
      const x = f([2, 3]);
      return () => g.argMax(x, 1);
    },
  ],
  [
    'softmax',
    () => {
      const x = f([2, 3]);
      return () => g.softmax(x);
    },
  ],
  [
    'logSoftmax',
    () => {
      const x = f([2, 3]);
      return () => g.logSoftmax(x, 0);
    },
  ],
  [
    'moments (two outputs)',
    () => {
      const x = f([2, 3]);
      return () => g.moments(x, 0, true);
    },
  ],
  [
    'relu6, gelu, leakyRelu, clipByValue',
    () => {
      const x = f([4]);
      return () => [g.relu6(x), g.gelu(x), g.leakyRelu(x), g.clipByValue(x, 0, 1)];
    },
  ],
  [
    'reshape',
    () => {
      const x = f([2, 3]);
      return () => g.reshape(x, [-1]);
    },
  ],
  [
    'expandDims',
    () => {
      const x = f([2, 3]);
      return () => g.expandDims(x, 1);
    },
  ],
  [
    'squeeze',
    () => {
      const x = f([2, 1, 3]);
      return () => g.squeeze(x);
    },
  ],
  [
    'transpose',
    () => {
      const x = f([2, 3, 4]);
      return () => g.transpose(x, [2, 0, 1]);
    },
  ],
  [
    'slice',
    () => {
      const x = f([4, 4]);
      return () => g.slice(x, [1, 1], [2, 2]);
    },
  ],
  [
    'split (three outputs)',
    () => {
      const x = f([6, 2]);
      return () => g.split(x, 3);
    },
  ],
  [
    'unstack (four outputs)',
    () => {
      const x = f([2, 4]);
      return () => g.unstack(x, 1);
    },
  ],
  [
    'concat',
    () => {
      const a = f([2, 3]);
      const b = f([2, 1]);
      return () => g.concat([a, b], 1);
    },
  ],
  [
    'stack',
    () => {
      const a = f([3]);
      const b = f([3]);
      return () => g.stack([a, b], 1);
    },
  ],
  [
    'gather',
    () => {
      const x = f([4, 3]);
      const i = i32([5], 4);
      return () => g.gather(x, i);
    },
  ],
  [
    'unsortedSegmentSum',
    () => {
      const x = f([4, 3]);
      const i = i32([4], 2);
      return () => g.unsortedSegmentSum(x, i, 2);
    },
  ],
  [
    'pad',
    () => {
      const x = f([2, 3]);
      return () =>
        g.pad(x, [
          [1, 1],
          [0, 2],
        ]);
    },
  ],
  [
    'tile',
    () => {
      const x = f([2, 3]);
      return () => g.tile(x, [2, 2]);
    },
  ],
  [
    'reverse',
    () => {
      const x = f([2, 3]);
      return () => g.reverse(x, 1);
    },
  ],
  [
    'broadcastTo',
    () => {
      const x = f([3]);
      return () => g.broadcastTo(x, [2, 3]);
    },
  ],
  [
    'oneHot',
    () => {
      const i = i32([4]);
      return () => g.oneHot(i, 3);
    },
  ],
  [
    'matMul with broadcast batch and transposes',
    () => {
      const a = f([2, 1, 4, 3]);
      const b = f([5, 2, 4]);
      return () => g.matMul(a, b, true, true);
    },
  ],
  [
    'dot and outer',
    () => {
      const a = f([3]);
      const b = f([3]);
      return () => [g.dot(a, b), g.outer(a, b)];
    },
  ],
  [
    'conv2d, same, stride 2',
    () => {
      const x = f([1, 5, 5, 2]);
      const w = f([3, 3, 2, 3]);
      return () => g.conv2d(x, w, { padding: 'same', strides: 2 });
    },
  ],
  [
    'conv2d of an unbatched input',
    () => {
      const x = f([5, 5, 2]);
      const w = f([3, 3, 2, 3]);
      return () => g.conv2d(x, w);
    },
  ],
  [
    'conv2dBackpropInput',
    () => {
      const dy = f([1, 3, 3, 3]);
      const w = f([3, 3, 2, 3]);
      return () => g.conv2dBackpropInput(dy, w, [1, 5, 5, 2]);
    },
  ],
  [
    'conv2dBackpropFilter',
    () => {
      const x = f([1, 5, 5, 2]);
      const dy = f([1, 3, 3, 3]);
      return () => g.conv2dBackpropFilter(x, dy, [3, 3, 2, 3]);
    },
  ],
  [
    'conv2dTranspose',
    () => {
      const x = f([1, 3, 3, 3]);
      const w = f([3, 3, 2, 3]);
      return () => g.conv2dTranspose(x, w, [1, 6, 6, 2], { strides: 2, padding: 'same' });
    },
  ],
  [
    'maxPool2d and avgPool2d',
    () => {
      const x = f([1, 4, 4, 2]);
      return () => [
        g.maxPool2d(x, { poolSize: 2 }),
        g.avgPool2d(x, { poolSize: 3, strides: 1, padding: 'same' }),
      ];
    },
  ],
  [
    'maxPoolGrad',
    () => {
      const dy = f([1, 2, 2, 2]);
      const x = f([1, 4, 4, 2]);
      return () => g.maxPoolGrad(dy, x, { poolSize: 2 });
    },
  ],
  [
    'avgPoolGrad',
    () => {
      const dy = f([1, 2, 2, 2]);
      return () => g.avgPoolGrad(dy, [1, 4, 4, 2], { poolSize: 2 });
    },
  ],
  [
    'batchNorm without offset and scale',
    () => {
      const x = f([2, 3]);
      const m = f([3]);
      const v = g.ones([3]);
      return () => g.batchNorm(x, m, v);
    },
  ],
  [
    'dropout',
    () => {
      const x = f([100]);
      return () => g.dropout(x, 0.5, 1);
    },
  ],
  [
    'clone',
    () => {
      const x = f([3]);
      return () => x.clone();
    },
  ],
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
