/**
 * The dtype promotion table (docs/dtypes.md), checked op by op over every elementwise kernel of the
 * kernel table and the other arithmetic ops: one rule, bool < int32 < float32, with bool arithmetic
 * done in int32. A kernel added to core without a row here fails the "every kernel has a rule" test.
 */
import * as g from '@glia/core';
import { BINARY_KERNELS, type DType, DTypeError, type Tensor, UNARY_KERNELS } from '@glia/core';
import { expect } from 'vitest';
import { expectTensor } from '../assert';
import type { Harness } from '../harness';

const DTYPES: readonly DType[] = ['bool', 'int32', 'float32'];
const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2 };
const larger = (a: DType, b: DType): DType => (RANK[a] >= RANK[b] ? a : b);

/** What each rule gives for the operand dtypes, or 'error' for a DTypeError. */
type Rule = (a: DType, b: DType) => DType | 'error';
const RULES: Record<string, Rule> = {
  /** The larger dtype; bool arithmetic in int32. */
  arithmetic: (a, b) => (larger(a, b) === 'bool' ? 'int32' : larger(a, b)),
  /** Always float32 (true division, transcendental functions). */
  float: () => 'float32',
  /** Compared after promotion; the result is bool. */
  compare: () => 'bool',
  /** bool only. */
  logical: (a, b) => (a === 'bool' && b === 'bool' ? 'bool' : 'error'),
};

const UNARY_RULE: Record<string, keyof typeof RULES> = {
  neg: 'arithmetic',
  abs: 'arithmetic',
  sign: 'arithmetic',
  square: 'arithmetic',
  relu: 'arithmetic',
  floor: 'arithmetic',
  ceil: 'arithmetic',
  round: 'arithmetic',
  exp: 'float',
  expm1: 'float',
  log: 'float',
  log1p: 'float',
  sqrt: 'float',
  rsqrt: 'float',
  reciprocal: 'float',
  sin: 'float',
  cos: 'float',
  tanh: 'float',
  sigmoid: 'float',
  erf: 'float',
  isNaN: 'compare',
  isFinite: 'compare',
  logicalNot: 'logical',
};

const BINARY_RULE: Record<string, keyof typeof RULES> = {
  add: 'arithmetic',
  sub: 'arithmetic',
  mul: 'arithmetic',
  div: 'float',
  floorDiv: 'arithmetic',
  mod: 'arithmetic',
  pow: 'arithmetic',
  maximum: 'arithmetic',
  minimum: 'arithmetic',
  equal: 'compare',
  notEqual: 'compare',
  less: 'compare',
  lessEqual: 'compare',
  greater: 'compare',
  greaterEqual: 'compare',
  logicalAnd: 'logical',
  logicalOr: 'logical',
};

/** Ops beyond the elementwise kernels that follow the same table. */
const OTHER_UNARY: Record<string, [(x: Tensor) => Tensor, keyof typeof RULES]> = {
  relu6: [g.relu6, 'arithmetic'],
  clipByValue: [(x) => g.clipByValue(x, 0, 1), 'arithmetic'],
  elu: [g.elu, 'float'],
  selu: [g.selu, 'float'],
  softplus: [g.softplus, 'float'],
  leakyRelu: [(x) => g.leakyRelu(x), 'float'],
};
/** Reductions follow the unary rules: sums and extremes are arithmetic, means float, tests bool. */
const REDUCTIONS: Record<string, [(x: Tensor) => Tensor, Rule]> = {
  sum: [(x) => g.sum(x), RULES.arithmetic!],
  prod: [(x) => g.prod(x), RULES.arithmetic!],
  max: [(x) => g.max(x), RULES.arithmetic!],
  min: [(x) => g.min(x), RULES.arithmetic!],
  mean: [(x) => g.mean(x), RULES.float!],
  logSumExp: [(x) => g.logSumExp(x), RULES.float!],
  argMax: [(x) => g.argMax(x), () => 'int32'],
  argMin: [(x) => g.argMin(x), () => 'int32'],
  any: [(x) => g.any(x), RULES.logical!],
  all: [(x) => g.all(x), RULES.logical!],
};
const OTHER_BINARY: Record<string, [(a: Tensor, b: Tensor) => Tensor, keyof typeof RULES]> = {
  squaredDifference: [g.squaredDifference, 'arithmetic'],
  matMul: [g.matMul, 'arithmetic'],
};

const operand = (dtype: DType, shape: number[]): Tensor => g.ones(shape, dtype);

function expectDType(call: () => Tensor, expected: DType | 'error', title: string): void {
  if (expected === 'error') {
    expect(call, title).toThrow(DTypeError);
    return;
  }
  const out = call();
  expect(out.dtype, title).toBe(expected);
  out.dispose();
}

export function defineDTypePromotionCases(h: Harness): void {
  h.family('dtypes', () => {
    h.test('every elementwise kernel of the kernel table has a rule', () => {
      expect(UNARY_KERNELS.filter((k) => !(k in UNARY_RULE))).toEqual([]);
      expect(BINARY_KERNELS.filter((k) => !(k in BINARY_RULE))).toEqual([]);
    });
    h.test('unary ops: result dtype for bool, int32 and float32 inputs', () => {
      const ops = g as unknown as Record<string, (x: Tensor) => Tensor>;
      const table: [string, (x: Tensor) => Tensor, keyof typeof RULES][] = [
        ...Object.entries(UNARY_RULE).map(
          ([k, r]) => [k, ops[k]!, r] as [string, (x: Tensor) => Tensor, keyof typeof RULES],
        ),
        ...Object.entries(OTHER_UNARY).map(
          ([k, [op, r]]) => [k, op, r] as [string, (x: Tensor) => Tensor, keyof typeof RULES],
        ),
      ];
      for (const [name, op, rule] of table) {
        for (const d of DTYPES) {
          const x = operand(d, [2]);
          expectDType(() => op(x), RULES[rule]!(d, d), `${name}(${d})`);
          x.dispose();
        }
      }
    });
    h.test('reductions: result dtype for bool, int32 and float32 inputs', () => {
      for (const [name, [op, rule]] of Object.entries(REDUCTIONS)) {
        for (const d of DTYPES) {
          const x = operand(d, [2, 3]);
          expectDType(() => op(x), rule(d, d), `${name}(${d})`);
          x.dispose();
        }
      }
    });
    h.test('binary ops: result dtype for all nine operand pairs', () => {
      const ops = g as unknown as Record<string, (a: Tensor, b: Tensor) => Tensor>;
      const table: [string, (a: Tensor, b: Tensor) => Tensor, keyof typeof RULES][] = [
        ...Object.entries(BINARY_RULE).map(
          ([k, r]) =>
            [k, ops[k]!, r] as [string, (a: Tensor, b: Tensor) => Tensor, keyof typeof RULES],
        ),
        ...Object.entries(OTHER_BINARY).map(
          ([k, [op, r]]) =>
            [k, op, r] as [string, (a: Tensor, b: Tensor) => Tensor, keyof typeof RULES],
        ),
      ];
      for (const [name, op, rule] of table) {
        for (const da of DTYPES) {
          for (const db of DTYPES) {
            const a = operand(da, [2, 2]);
            const b = operand(db, [2, 2]);
            expectDType(() => op(a, b), RULES[rule]!(da, db), `${name}(${da}, ${db})`);
            a.dispose();
            b.dispose();
          }
        }
      }
    });
    h.test('matMul(int32, bool) promotes like add(int32, bool): values too', () => {
      const a = g.tensor([1, 2, 3, 4], [2, 2], 'int32');
      const b = g.tensor([true, false, false, true], [2, 2]);
      const out = g.matMul(a, b);
      expectTensor(out, { shape: [2, 2], dtype: 'int32', values: [1, 2, 3, 4] });
      g.dispose([a, b, out]);
    });
  });
}
