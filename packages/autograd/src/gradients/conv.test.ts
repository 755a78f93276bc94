import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, conv2dTranspose } from '@glia/core';
import { beforeAll, describe, it } from 'vitest';
import { CONV_GEOMETRIES, draw, expectGradients, useNaiveBackend } from '../test-support';

beforeAll(useNaiveBackend);

const options = { tolerance: 3e-3 };
describe('conv2d family gradients match central differences', () => {
  for (const [label, conv] of CONV_GEOMETRIES) {
    it(`conv2d, ${label}`, () => {
      expectGradients(
        (x, f) => conv2d(x, f, conv),
        [draw([2, 5, 5, 2]), draw([2, 2, 2, 3], { seed: 2 })],
        options,
      );
    });
    it(`conv2dBackpropInput (dy and filter), ${label}`, () => {
      const xShape = [2, 5, 5, 2];
      const yShape = conv2d(draw(xShape), draw([2, 2, 2, 3]), conv).shape;
      expectGradients(
        (dy, f) => conv2dBackpropInput(dy, f, xShape, conv),
        [draw([...yShape], { seed: 3 }), draw([2, 2, 2, 3], { seed: 4 })],
        options,
      );
    });
    it(`conv2dBackpropFilter (x and dy), ${label}`, () => {
      const x = draw([2, 5, 5, 2], { seed: 5 });
      const yShape = conv2d(x, draw([2, 2, 2, 3]), conv).shape;
      expectGradients(
        (x, dy) => conv2dBackpropFilter(x, dy, [2, 2, 2, 3], conv),
        [x, draw([...yShape], { seed: 6 })],
        options,
      );
    });
  }
  it('conv2dTranspose', () => {
    expectGradients(
      (x, f) => conv2dTranspose(x, f, [1, 6, 6, 2], { strides: 2, padding: 'same' }),
      [draw([1, 3, 3, 3]), draw([3, 3, 2, 3], { seed: 2 })],
      options,
    );
  });
});
