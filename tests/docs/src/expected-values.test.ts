// The `// expected` comments of the op examples: how they parse and what they accept.
import { describe, expect, it } from 'vitest';
import { mismatch, parseExpected } from './expected-values';

const matches = (actual: unknown, comment: string, args: unknown[] = [actual]) => {
  const expected = parseExpected(comment);
  return expected.length === args.length && expected.every((e, i) => !mismatch(args[i], e));
};

describe('parseExpected', () => {
  it('reads numbers, literals, strings and nested arrays, one value per argument', () => {
    expect(parseExpected("[2, 2] 'int32' [[1, -2.5], []] true null")).toEqual([
      {
        kind: 'array',
        items: [
          { kind: 'number', value: 2, decimals: 0 },
          { kind: 'number', value: 2, decimals: 0 },
        ],
      },
      { kind: 'literal', value: 'int32' },
      {
        kind: 'array',
        items: [
          {
            kind: 'array',
            items: [
              { kind: 'number', value: 1, decimals: 0 },
              { kind: 'number', value: -2.5, decimals: 1 },
            ],
          },
          { kind: 'array', items: [] },
        ],
      },
      { kind: 'literal', value: true },
      { kind: 'literal', value: null },
    ]);
  });

  it('counts the decimals a number is written with, exponents included', () => {
    expect(parseExpected('0.2689 1.5e-3 -Infinity NaN')).toEqual([
      { kind: 'number', value: 0.2689, decimals: 4 },
      { kind: 'number', value: 0.0015, decimals: 4 },
      { kind: 'number', value: -Infinity, decimals: 0 },
      { kind: 'number', value: NaN, decimals: 0 },
    ]);
  });

  it('rejects what is not a value', () => {
    expect(() => parseExpected('a tensor of ones')).toThrow(/a value at column 1/);
    expect(() => parseExpected('[1, 2')).toThrow(/',' or '\]'/);
    expect(() => parseExpected('')).toThrow(/a value/);
  });
});

describe('mismatch', () => {
  it('matches a number to the precision it is written with', () => {
    expect(matches(0.26894142, '0.2689')).toBe(true);
    expect(matches(0.26894142, '0.269')).toBe(true);
    expect(matches(0.26894142, '0.2699')).toBe(false);
    expect(matches(0.26894142, '0.27')).toBe(true);
    expect(matches(0.26894142, '0.28')).toBe(false);
  });

  it('holds whole numbers to float32 rounding only', () => {
    expect(matches(3.0000002, '3')).toBe(true);
    expect(matches(3.01, '3')).toBe(false);
    expect(matches(1e-8, '0')).toBe(true);
    expect(matches(1e-3, '0')).toBe(false);
  });

  it('compares NaN, infinities, literals and strings exactly', () => {
    expect(matches(NaN, 'NaN')).toBe(true);
    expect(matches(0, 'NaN')).toBe(false);
    expect(matches(-Infinity, '-Infinity')).toBe(true);
    expect(matches(-1e30, '-Infinity')).toBe(false);
    expect(matches(true, 'true')).toBe(true);
    expect(matches(1, 'true')).toBe(false);
    expect(matches('int32', "'int32'")).toBe(true);
    expect(matches('float32', "'int32'")).toBe(false);
  });

  it('compares arrays and typed arrays item by item, with their lengths', () => {
    expect(
      matches(
        [
          [1, 2],
          [3, 4],
        ],
        '[[1, 2], [3, 4]]',
      ),
    ).toBe(true);
    expect(matches(new Float32Array([0.5, 2]), '[0.5, 2]')).toBe(true);
    expect(matches([1, 2, 3], '[1, 2]')).toBe(false);
    expect(matches([[1, 2]], '[1, 2]')).toBe(false);
    expect(mismatch([1, [2, 5]], parseExpected('[1, [2, 3]]')[0]!)).toBe(
      'value[1][1]: expected 3, got 5',
    );
  });

  it('takes one value per argument', () => {
    expect(matches(undefined, '[2, 2] true', [[2, 2], true])).toBe(true);
    expect(matches(undefined, '[2, 2] true', [[2, 2]])).toBe(false);
  });
});
