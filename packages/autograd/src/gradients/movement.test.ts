import {
  add,
  broadcastTo,
  concat,
  gather,
  memory,
  mul,
  pad,
  profile,
  reshape,
  reverse,
  scalar,
  slice,
  split,
  square,
  stack,
  sum,
  type Tensor,
  tensor,
  tile,
  transpose,
  unsortedSegmentSum,
  unstack,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad, grads } from '../api';
import { draw, expectGradients, useNaiveBackend, values } from '../test-support';

beforeAll(useNaiveBackend);

const options = { tolerance: 2e-3 };

// Each piece weighted differently and squared, so a piece's gradient landing in the wrong place shows.
const weighted = (pieces: Tensor[], skip = -1): Tensor =>
  pieces.reduce<Tensor>(
    (total, p, i) => (i === skip ? total : add(total, sum(mul(square(p), i + 1)))),
    scalar(0),
  );

describe('movement gradients match central differences', () => {
  it('reshape', () => expectGradients((x) => reshape(x, [3, -1]), [draw([2, 3, 2])], options));
  it('transpose', () =>
    expectGradients((x) => transpose(x, [2, 0, 1]), [draw([2, 3, 2])], options));
  it('broadcastTo', () =>
    expectGradients((x) => broadcastTo(x, [2, 3, 4]), [draw([3, 1])], options));
  it('reverse', () => expectGradients((x) => reverse(x, [0, 2]), [draw([2, 3, 2])], options));
  it('slice', () =>
    expectGradients((x) => slice(x, [0, 1, 0], [2, 2, -1]), [draw([2, 3, 2])], options));
  it('pad', () =>
    expectGradients(
      (x) =>
        pad(
          x,
          [
            [1, 0],
            [2, 1],
          ],
          5,
        ),
      [draw([2, 3])],
      options,
    ));
  it('concat', () =>
    expectGradients(
      (a, b, c) => concat([a, b, c], 1),
      [draw([2, 1]), draw([2, 3], { seed: 2 }), draw([2, 2], { seed: 3 })],
      options,
    ));
  it('tile', () => expectGradients((x) => tile(x, [2, 1, 3]), [draw([2, 3, 1])], options));
  it('gather along axis 1, repeated indices', () => {
    const indices = tensor(
      [
        [2, 0],
        [2, 2],
      ],
      undefined,
      'int32',
    );
    expectGradients((x, i) => gather(x, i, 1), [draw([2, 3, 2]), indices], options);
  });
  it('unsortedSegmentSum, with an id out of range', () => {
    const ids = tensor([1, 0, 1, 5], undefined, 'int32');
    expectGradients((x, i) => unsortedSegmentSum(x, i, 3, 1), [draw([2, 4]), ids], options);
  });
  it('split, stack and unstack (ops over slice, concat, reshape)', () => {
    expectGradients(
      (x) =>
        stack(
          split(x, [1, 2], 1)
            .reverse()
            .map((p) => sum(p, 1)),
          1,
        ),
      [draw([2, 3])],
      options,
    );
    expectGradients((x) => concat(unstack(x, 1), 0), [draw([2, 3])], options);
  });
  for (const [axis, sizes] of [
    [0, [2, 1]],
    [1, [1, 0, 3]],
    [2, [1, 1]],
    [-1, [2]],
  ] as const) {
    it(`split along axis ${axis} into sizes [${sizes.join(',')}]`, () =>
      expectGradients((x) => weighted(split(x, sizes, axis)), [draw([3, 4, 2])], options));
  }
  it('split where one piece is unused (its gradient is zeros)', () =>
    expectGradients((x) => weighted(split(x, [1, 2, 1], 1), 1), [draw([2, 4])], options));
});

describe('movement gradients at known points', () => {
  it('gather adds up the gradient of repeated indices; int indices get none', () => {
    const x = tensor([10, 20, 30]);
    const [dx] = grads((x) => sum(gather(x, tensor([2, 0, 2], undefined, 'int32'))))([x]);
    expect(values(dx!)).toEqual([1, 0, 2]);
  });
  it('split sends zeros to the pieces that were not used', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const dx = grad((x) => sum(mul(split(x, [1, 1, 1], 1)[1]!, tensor([10, 20], [2, 1]))))(x);
    expect(dx.shape).toEqual([2, 3]);
    expect(values(dx)).toEqual([0, 10, 0, 0, 20, 0]);
  });
  it('the backward pass of unstack over T steps is one concat, not T zero-padded tensors', async () => {
    const steps = 12;
    const x = draw([4, steps, 3]);
    const f = (x: Tensor): Tensor => weighted(unstack(x, 1));
    const before = memory().numTensors;
    const { result: dx, kernels } = await profile(() => grad(f)(x));
    const count = (name: string): number => kernels.find((k) => k.kernelName === name)?.count ?? 0;
    expect(count('split')).toBe(1);
    expect(count('concat')).toBe(1);
    expect(count('pad')).toBe(0);
    // d/dx of Σ_t (t+1) Σ x_t² is 2 (t+1) x_t
    const xs = values(x);
    const expected = xs.map((v, i) => 2 * ((Math.floor(i / 3) % steps) + 1) * v);
    values(dx).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 4);
    });
    expect(memory().numTensors).toBe(before + 1);
  });
  it('slice sends zeros to the elements it dropped', () => {
    expect(values(grad((x) => sum(slice(x, [1], [2])))(tensor([1, 2, 3, 4])))).toEqual([
      0, 1, 1, 0,
    ]);
  });
});
