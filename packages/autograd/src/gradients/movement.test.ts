import {
  broadcastTo,
  concat,
  gather,
  pad,
  reshape,
  reverse,
  slice,
  split,
  stack,
  sum,
  tensor,
  tile,
  transpose,
  unsortedSegmentSum,
  unstack,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad, grads } from '../api';
import { draw, expectGradients, useCpu, values } from '../test-support';

beforeAll(useCpu);

const options = { tolerance: 2e-3 };

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
});

describe('movement gradients at known points', () => {
  it('gather adds up the gradient of repeated indices; int indices get none', () => {
    const x = tensor([10, 20, 30]);
    const [dx] = grads((x) => sum(gather(x, tensor([2, 0, 2], undefined, 'int32'))))([x]);
    expect(values(dx!)).toEqual([1, 0, 2]);
  });
  it('slice sends zeros to the elements it dropped', () => {
    expect(values(grad((x) => sum(slice(x, [1], [2])))(tensor([1, 2, 3, 4])))).toEqual([
      0, 1, 1, 0,
    ]);
  });
});
