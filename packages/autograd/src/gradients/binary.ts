// Elementwise binary kernels and `where`. Inputs broadcast, so each gradient is summed back to its
// input's shape (reduceTo).
import {
  cast,
  div,
  floor,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  mul,
  neg,
  pow,
  square,
  sub,
  type Tensor,
  where,
} from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';
import { reduceTo } from './broadcast';

/** 1 where `condition` holds, else 0 (float32). */
const indicator = (condition: Tensor): Tensor => cast(condition, 'float32');

export const binaryGradients: AnyGradientRule[] = [
  {
    kernelName: 'add',
    gradient: (dy, { inputs: { a, b } }) => ({
      a: () => reduceTo(dy, a.shape),
      b: () => reduceTo(dy, b.shape),
    }),
  },
  {
    kernelName: 'sub',
    gradient: (dy, { inputs: { a, b } }) => ({
      a: () => reduceTo(dy, a.shape),
      b: () => reduceTo(neg(dy), b.shape),
    }),
  },
  {
    kernelName: 'mul',
    gradient: (dy, { inputs: { a, b } }) => ({
      a: () => reduceTo(mul(dy, b), a.shape),
      b: () => reduceTo(mul(dy, a), b.shape),
    }),
  },
  {
    kernelName: 'div',
    gradient: (dy, { inputs: { a, b } }) => ({
      a: () => reduceTo(div(dy, b), a.shape),
      b: () => reduceTo(neg(div(mul(dy, a), square(b))), b.shape),
    }),
  },
  // d(aᵇ)/db = aᵇ log a, taken as 0 where a <= 0 (log is undefined there), as TF does.
  {
    kernelName: 'pow',
    gradient: (dy, { inputs: { a, b }, output: y }) => ({
      a: () => reduceTo(mul(dy, mul(b, pow(a, sub(b, 1)))), a.shape),
      b: () => reduceTo(mul(dy, mul(y, where(greater(a, 0), log(a), 0))), b.shape),
    }),
  },
  // a mod b = a - floor(a / b) * b.
  {
    kernelName: 'mod',
    gradient: (dy, { inputs: { a, b } }) => ({
      a: () => reduceTo(dy, a.shape),
      b: () => reduceTo(mul(dy, neg(floor(div(a, b)))), b.shape),
    }),
  },
  // Ties send the whole gradient to a, as TF.
  {
    kernelName: 'maximum',
    gradient: (dy, { inputs: { a, b } }) => ({
      a: () => reduceTo(mul(dy, indicator(greaterEqual(a, b))), a.shape),
      b: () => reduceTo(mul(dy, indicator(less(a, b))), b.shape),
    }),
  },
  {
    kernelName: 'minimum',
    gradient: (dy, { inputs: { a, b } }) => ({
      a: () => reduceTo(mul(dy, indicator(lessEqual(a, b))), a.shape),
      b: () => reduceTo(mul(dy, indicator(greater(a, b))), b.shape),
    }),
  },
  {
    kernelName: 'squaredDifference',
    gradient: (dy, { inputs: { a, b } }) => {
      const twiceDiff = (): Tensor => mul(mul(dy, sub(a, b)), 2);
      return {
        a: () => reduceTo(twiceDiff(), a.shape),
        b: () => reduceTo(neg(twiceDiff()), b.shape),
      };
    },
  },
  // The condition is bool and gets no gradient; each branch gets dy where it was picked.
  {
    kernelName: 'where',
    gradient: (dy, { inputs: { condition, a, b } }) => ({
      condition: null,
      a: () => reduceTo(where(condition, dy, 0), a.shape),
      b: () => reduceTo(where(condition, 0, dy), b.shape),
    }),
  },
];
