import {
  argMax,
  COMPOSITE_KERNELS,
  cast,
  ceil,
  equal,
  floor,
  floorDiv,
  gather,
  isFinite as isFiniteOp,
  mul,
  oneHot,
  PRIMITIVE_KERNELS,
  round,
  sign,
  sum,
  type Tensor,
  tensor,
  where,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad } from '../api';
import { kernelsWithoutGradient } from '../gradient-registry';
import { useNaiveBackend, values } from '../test-support';
import { NON_DIFFERENTIABLE_KERNELS } from './nondifferentiable';

beforeAll(useNaiveBackend);

it('every kernel of the table has a gradient rule or is declared non-differentiable', () => {
  expect(kernelsWithoutGradient()).toEqual([]);
  const all = new Set<string>([...PRIMITIVE_KERNELS, ...COMPOSITE_KERNELS]);
  for (const k of NON_DIFFERENTIABLE_KERNELS) expect(all.has(k)).toBe(true);
});

describe('non-differentiable kernels pass a zero gradient, as TF.js', () => {
  const x = tensor([0.3, -1.7, 2.5]);
  const cases: [string, (x: Tensor) => Tensor][] = [
    ['floor', floor],
    ['ceil', ceil],
    ['round', round],
    ['sign', sign],
    ['floorDiv', (x) => floorDiv(x, 0.7)],
    ['a comparison, cast to float32', (x) => cast(equal(x, 0.3), 'float32')],
    ['isFinite, cast to float32', (x) => cast(isFiniteOp(x), 'float32')],
    ['argMax, cast to float32', (x) => cast(argMax(x), 'float32')],
    ['oneHot of an int cast', (x) => oneHot(cast(x, 'int32'), 3)],
  ];
  for (const [name, op] of cases) {
    it(name, () => expect(values(grad((x) => sum(op(x)))(x))).toEqual([0, 0, 0]));
  }
  it('indices computed from x carry no gradient into gather, but x still gets its own', () => {
    const g = grad((x) => sum(gather(x, argMax(x))))(x);
    expect(values(g)).toEqual([0, 0, 1]);
  });
  it('a condition computed from x carries none into where', () => {
    expect(values(grad((x) => sum(where(equal(x, 0.3), mul(x, 2), 0)))(x))).toEqual([2, 0, 0]);
  });
});
