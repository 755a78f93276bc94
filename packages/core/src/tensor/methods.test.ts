import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBackend, removeBackend, setBackend } from '../backend/registry';
import { createNaiveBackend } from '../composites/test-support/naive-backend';
import { memory } from '../engine/engine';
import { ShapeError } from '../errors';
import { tensor } from './create';
import { tensor1d, tensor2d, tensor3d, tensor4d } from './create-ranked';
import { installTensorMethods, TENSOR_METHOD_OPS } from './methods';
import { Tensor } from './tensor';
import '../composites/index';

beforeAll(async () => {
  installTensorMethods();
  registerBackend('naive-methods', () => createNaiveBackend('naive-methods'));
  await setBackend('naive-methods');
});
afterAll(() => removeBackend('naive-methods'));

describe('chained tensor methods', () => {
  it('exist for the ops TF.js users chain, and only from the one list', () => {
    const listed = Object.keys(TENSOR_METHOD_OPS);
    expect(listed).toEqual(
      expect.arrayContaining(['reshape', 'argMax', 'matMul', 'softmax', 'cast', 'gather']),
    );
    for (const name of listed) expect(typeof Reflect.get(Tensor.prototype, name)).toBe('function');
    expect(typeof tensor([1]).clone).toBe('function');
  });

  it('compute what their ops compute, by hand', () => {
    const x = tensor([
      [1, -2, 3],
      [-4, 5, -6],
    ]);
    expect(x.reshape([3, 2]).arraySync()).toEqual([
      [1, -2],
      [3, -4],
      [5, -6],
    ]);
    expect(x.transpose().shape).toEqual([3, 2]);
    expect(x.abs().sum(1).arraySync()).toEqual([6, 15]);
    expect(x.add(1).mul(2).sub(x).div(2).arraySync()).toEqual([
      [1.5, 0, 2.5],
      [-1, 3.5, -2],
    ]);
    expect(x.argMax(1).arraySync()).toEqual([2, 1]);
    expect(x.argMin(1).arraySync()).toEqual([1, 2]);
    expect(x.max().arraySync()).toBe(5);
    expect(x.min(0).arraySync()).toEqual([-4, -2, -6]);
    expect(x.mean(1).arraySync()).toEqual([2 / 3, -5 / 3].map((v) => Math.fround(v)));
    expect(x.matMul(x.transpose()).arraySync()).toEqual([
      [14, -32],
      [-32, 77],
    ]);
    expect(x.expandDims(0).shape).toEqual([1, 2, 3]);
    expect(x.expandDims(0).squeeze().shape).toEqual([2, 3]);
    expect(x.cast('int32').dtype).toBe('int32');
    expect(x.flatten().shape).toEqual([6]);
    expect(x.slice([1, 1], [1, 2]).arraySync()).toEqual([[5, -6]]);
    expect(x.gather(tensor([2, 0], [2], 'int32'), 1).arraySync()).toEqual([
      [3, 1],
      [-6, -4],
    ]);
    expect(x.relu().arraySync()).toEqual([
      [1, 0, 3],
      [0, 5, 0],
    ]);
    expect(x.square().sqrt().arraySync()).toEqual(x.abs().arraySync());
    const y = tensor([0, Math.log(3)]);
    expect(y.exp().log().dataSync()[1]).toBeCloseTo(Math.log(3), 6);
    expect(y.softmax().dataSync()[0]).toBeCloseTo(0.25, 6);
    expect(tensor([0]).sigmoid().arraySync()).toEqual([0.5]);
    expect(tensor([0]).tanh().arraySync()).toEqual([0]);
  });

  it('raise their ops own errors', () => {
    expect(() => tensor([1, 2, 3]).reshape([2, 2])).toThrow(/reshape/);
    expect(() => tensor([[1, 2]]).matMul(tensor([[1, 2]]))).toThrow(/matMul/);
  });

  it('free their temporaries as the ops do', () => {
    const x = tensor([1, 2, 3, 4]);
    const before = memory().numTensors;
    const y = x.reshape([2, 2]).sum(0);
    // The chain keeps the intermediate reshape (as TF.js does without tidy): two new tensors.
    expect(memory().numTensors).toBe(before + 2);
    y.dispose();
  });
});

describe('tensor1d .. tensor4d', () => {
  it('make tensors of their rank, from nested arrays or a flat list with the shape', () => {
    expect(tensor1d([1, 2, 3]).shape).toEqual([3]);
    expect(tensor1d(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(
      tensor2d([
        [1, 2],
        [3, 4],
      ]).arraySync(),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(tensor2d([1, 2, 3, 4], [1, 4]).shape).toEqual([1, 4]);
    expect(tensor3d([[[1], [2]]]).shape).toEqual([1, 2, 1]);
    expect(tensor4d(new Float32Array(6), [1, 2, 3, 1]).shape).toEqual([1, 2, 3, 1]);
    expect(tensor2d([1, 0], [1, 2], 'bool').dtype).toBe('bool');
  });

  it('reject a wrong rank before allocating, naming the function', () => {
    const before = memory().numTensors;
    expect(() => tensor1d([[1, 2]] as never)).toThrow(
      new ShapeError('tensor1d: values nest 2 levels deep: expected 1'),
    );
    expect(() => tensor2d([1, 2, 3])).toThrow(
      'tensor2d: values nest 1 level deep: expected 2, or a flat list with a shape',
    );
    expect(() => tensor3d([1, 2], [2, 1] as never)).toThrow(
      'tensor3d: shape [2,1] has rank 2: expected rank 3',
    );
    expect(() => tensor4d([[[[1]]]], [1, 1, 1, 2])).toThrow(
      /1 values do not fill shape \[1,1,1,2\]/,
    );
    expect(memory().numTensors).toBe(before);
  });
});
