import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { matMulModel } from './onnx-matmul-model';
import { ortSession } from './ort-matmul';

describe('matMulModel', () => {
  it('is a model ONNX Runtime loads and runs as c = a · b', async () => {
    const session = await ortSession(matMulModel(2, 3, 2));
    expect(session.inputNames).toEqual(['a', 'b']);
    expect(session.outputNames).toEqual(['c']);
    const a = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
    const b = new ort.Tensor('float32', Float32Array.from([7, 8, 9, 10, 11, 12]), [3, 2]);
    const { c } = await session.run({ a, b });
    // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] by hand.
    expect(c?.dims).toEqual([2, 2]);
    expect(Array.from(c?.data as Float32Array)).toEqual([58, 64, 139, 154]);
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => matMulModel(0, 3, 2)).toThrow('matMulModel: m must be a positive integer, got 0');
    expect(() => matMulModel(2, 1.5, 2)).toThrow(
      'matMulModel: k must be a positive integer, got 1.5',
    );
  });
});
