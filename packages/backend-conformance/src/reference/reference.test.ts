// The references checked against values worked out by hand or taken from tables, so that the
// conformance suite's expectations rest on something other than themselves.
import { describe, expect, it } from 'vitest';
import * as conv from './conv';
import { erf, floorDivInt, modFloat, modInt, roundHalfEven, softplus } from './elementwise';
import { matMul } from './linalg';
import * as mv from './movement';
import { broadcastTo, nd, zip } from './nd';
import { argReduce, REDUCERS, reduce, softmax } from './reduce';

describe('reference elementwise math', () => {
  it('erf matches tabulated values', () => {
    const table: [number, number][] = [
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
      [-2.6, -0.9997639655834707],
    ];
    for (const [x, y] of table) expect(erf(x)).toBeCloseTo(y, 13);
  });
  it('rounds halves to even', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 0, -2, 3]);
  });
  it('floorDiv and mod follow Python for negatives; int32 by zero gives 0', () => {
    expect([floorDivInt(-7, 2), floorDivInt(7, -2), floorDivInt(5, 0)]).toEqual([-4, -4, 0]);
    expect([modInt(-7, 2), modInt(7, -2), modInt(5, 0)]).toEqual([1, -1, 0]);
    expect(modFloat(-7.5, 2)).toBe(0.5);
  });
  it('softplus does not overflow', () => {
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
  });
});

describe('reference arrays', () => {
  it('broadcasts [2,1] with [3]', () => {
    expect(zip(nd([2, 1], [1, 2]), nd([3], [10, 20, 30]), (a, b) => a + b)).toEqual(
      nd([2, 3], [11, 21, 31, 12, 22, 32]),
    );
    expect(broadcastTo(nd([], [7]), [2])).toEqual(nd([2], [7, 7]));
  });
  it('reduces over several axes, with keepDims', () => {
    const x = nd([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(reduce(x, [0, 2], REDUCERS.sum!)).toEqual(nd([2], [14, 22]));
    expect(reduce(x, 1, REDUCERS.max!, true)).toEqual(nd([2, 1, 2], [3, 4, 7, 8]));
    expect(argReduce(nd([2, 3], [1, 5, 5, 9, 0, 9]), 1, 'max')).toEqual(nd([2], [1, 0]));
  });
  it('softmax of huge logits is finite', () => {
    const s = softmax(nd([2], [1e4, 1e4]), 0);
    expect(s.data).toEqual([0.5, 0.5]);
  });
  it('matMul of a 2x2 by a 2x1, and transposed', () => {
    expect(matMul(nd([2, 2], [1, 2, 3, 4]), nd([2, 1], [5, 6]))).toEqual(nd([2, 1], [17, 39]));
    expect(matMul(nd([2, 2], [1, 3, 2, 4]), nd([1, 2], [5, 6]), true, true)).toEqual(
      nd([2, 1], [17, 39]),
    );
  });
  it('movement ops on small hand examples', () => {
    const x = nd([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(mv.transpose(x, [1, 0])).toEqual(nd([3, 2], [1, 4, 2, 5, 3, 6]));
    expect(mv.gather(x, nd([2], [2, 0]), 1)).toEqual(nd([2, 2], [3, 1, 6, 4]));
    expect(mv.pad(nd([2], [1, 2]), [[1, 2]], 0)).toEqual(nd([5], [0, 1, 2, 0, 0]));
    expect(mv.tile(nd([2], [1, 2]), [2])).toEqual(nd([4], [1, 2, 1, 2]));
    expect(mv.reverse(x, [1])).toEqual(nd([2, 3], [3, 2, 1, 6, 5, 4]));
    expect(mv.concat([nd([1, 2], [1, 2]), nd([1, 1], [3])], 1)).toEqual(nd([1, 3], [1, 2, 3]));
    expect(mv.unsortedSegmentSum(x, [1, 1], 2, 0)).toEqual(nd([2, 3], [0, 0, 0, 5, 7, 9]));
  });
});

describe('reference convolution and pooling', () => {
  const x = nd([1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const ones = nd([2, 2, 1, 1], [1, 1, 1, 1]);
  const valid: conv.Window = { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1] };
  it('conv2d of 1..9 with a 2x2 filter of ones', () => {
    expect(conv.conv2d(x, ones, valid)).toEqual(nd([1, 2, 2, 1], [12, 16, 24, 28]));
  });
  it('conv2dBackpropInput scatters each dy over its window', () => {
    const dx = conv.conv2dBackpropInput(x, ones, [1, 4, 4, 1], valid);
    expect(dx.data).toEqual([1, 3, 5, 3, 5, 12, 16, 9, 11, 24, 28, 15, 7, 15, 17, 9]);
  });
  it('conv2dBackpropFilter of a dy of ones sums each window position', () => {
    expect(
      conv.conv2dBackpropFilter(x, nd([1, 2, 2, 1], [1, 1, 1, 1]), [2, 2, 1, 1], valid).data,
    ).toEqual([12, 16, 24, 28]);
  });
  it('pools skip padding cells', () => {
    const p: conv.PoolWindow = { filterSize: [2, 2], strides: [2, 2], pad: [0, 1, 0, 1] };
    expect(conv.maxPool(x, p).data).toEqual([5, 6, 8, 9]);
    expect(conv.avgPool(x, p).data).toEqual([3, 4.5, 7.5, 9]);
    expect(conv.maxPoolGrad(nd([1, 2, 2, 1], [1, 2, 3, 4]), x, p).data).toEqual([
      0, 0, 0, 0, 1, 2, 0, 3, 4,
    ]);
  });
  it("'same' padding puts the odd cell after", () => {
    expect(conv.samePad(6, 3, 2)).toEqual([0, 1]);
    expect(conv.samePad(5, 3, 1)).toEqual([1, 1]);
    expect(conv.samePad(7, 3, 1, 2)).toEqual([2, 2]);
  });
});
