import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as glia from '../index';
import { createNaiveBackend } from '../testing';
import { formCasesOf, NOT_OPS, opsOf } from './form-cases';
import { parseForm } from './op-form';

/** The error a call throws, or undefined. */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('op forms: every exported op checks its arguments', () => {
  beforeAll(async () => {
    glia.registerBackend('naive-forms', () => createNaiveBackend('naive-forms'));
    await glia.setBackend('naive-forms');
  });
  afterAll(() => glia.removeBackend('naive-forms'));

  const { ops, missing } = opsOf(glia as unknown as Record<string, unknown>);

  it('every exported function is an op with a form, or a listed helper', () => {
    expect(missing, 'exported ops without a form (declare one with defineOp(usage, body))').toEqual(
      [],
    );
    const exported = Object.keys(glia);
    expect(NOT_OPS.filter((n) => !exported.includes(n))).toEqual([]);
    for (const n of NOT_OPS)
      expect(glia.opForm((glia as Record<string, unknown>)[n])).toBe(undefined);
    // creation functions and random ops are ops too
    for (const n of ['tensor', 'zeros', 'eye', 'range', 'linspace', 'randomNormal', 'tensor4d'])
      expect(ops.map((o) => o.name)).toContain(n);
    expect(ops.length).toBeGreaterThan(110);
  });

  it('every form names its op and gives every parameter a kind it can check', () => {
    for (const { name, form } of ops) {
      expect(form.name, name).toBe(name);
      expect(form.usage.startsWith(`${name}(`), form.usage).toBe(true);
      const unchecked = form.params.filter((p) => p.kind === 'any').map((p) => p.name);
      expect(unchecked, `${form.usage}: parameters of no known kind`).toEqual([]);
    }
  });

  it('one argument too many is a ValueError naming the op and its form', () => {
    const x = glia.tensor([1, 2]);
    const before = glia.memory().numTensors;
    for (const { name, fn, form } of ops) {
      const e = thrown(() => fn(...Array.from({ length: form.maxArgs + 1 }, () => x)));
      expect(e, name).toBeInstanceOf(glia.ValueError);
      expect((e as Error).message).toBe(
        `${name}: got ${form.maxArgs + 1} arguments, expected at most ${form.maxArgs}: ${form.usage}`,
      );
    }
    expect(glia.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('a missing argument or one of the wrong kind is a ValueError naming the op and its form', () => {
    const sample = glia.tensor([1, 2]);
    const before = glia.memory().numTensors;
    let count = 0;
    for (const { fn, form } of ops) {
      for (const c of formCasesOf(form)) {
        const e = thrown(() => fn(...c.args(sample)));
        expect(e, c.title).toBeInstanceOf(glia.ValueError);
        expect((e as Error).message, c.title).toMatch(c.message);
        count++;
      }
    }
    expect(glia.memory().numTensors).toBe(before);
    expect(count).toBeGreaterThan(3 * ops.length);
    sample.dispose();
  });

  it('the call forms of other libraries and common slips are named errors', () => {
    const x = glia.zeros([1, 4, 4, 1]);
    const f = glia.zeros([2, 2, 1, 1]);
    const v = glia.tensor([1, 2, 3]);
    const before = glia.memory().numTensors;
    const cases: [() => unknown, string][] = [
      // TF.js's positional conv2d(x, filter, strides, pad)
      [
        () => (glia.conv2d as (...a: unknown[]) => unknown)(x, f, 2, 'same'),
        'conv2d: got 4 arguments, expected at most 3: conv2d(x, filter, { strides?, padding?, dilations? })',
      ],
      [
        () => glia.conv2d(x, f, 2 as never),
        "conv2d: argument 'options' is number 2: expected an options object: conv2d(x, filter, { strides?, padding?, dilations? })",
      ],
      [
        () => (glia.maxPool2d as (...a: unknown[]) => unknown)(x, 2, 2, 'valid'),
        'maxPool2d: got 4 arguments, expected at most 2: maxPool2d(x, { poolSize, strides?, padding? })',
      ],
      [
        () => (glia.maxPool2d as (x: glia.Tensor) => glia.Tensor)(x),
        "maxPool2d: argument 'options' is missing: expected maxPool2d(x, { poolSize, strides?, padding? })",
      ],
      // Keras's keyword form for an axis
      [
        () => glia.sum(v, { axis: 0 } as never),
        "sum: argument 'axis' is an object: expected a number or an array of numbers: sum(x, axis?, keepDims?)",
      ],
      [
        () => glia.add('1' as never, v),
        "add: argument 'a' is the string '1': expected a Tensor, number, boolean, nested array or typed array: add(a, b)",
      ],
      [
        () => glia.matMul(v, v, 'yes' as never),
        "matMul: argument 'transposeA' is the string 'yes': expected a boolean: matMul(a, b, transposeA?, transposeB?)",
      ],
      [
        () => glia.zeros(5 as never),
        "zeros: argument 'shape' is number 5: expected an array: zeros(shape, dtype?)",
      ],
      [
        () => (glia.zeros as (...a: unknown[]) => unknown)([2], 'float32', 0),
        'zeros: got 3 arguments, expected at most 2: zeros(shape, dtype?)',
      ],
      [
        () => glia.concat(v as never, v as never),
        "concat: argument 'tensors' is a Tensor [3]: expected an array of tensors: concat(tensors, axis?)",
      ],
      [
        () => glia.zerosLike([1, 2] as never),
        "zerosLike: argument 'x' is an array: expected a Tensor: zerosLike(x: Tensor)",
      ],
      // an op used as a callback gets the index and the array too
      [
        () => [v].map(glia.relu as (t: glia.Tensor) => glia.Tensor),
        'relu: got 3 arguments, expected at most 1: relu(x)',
      ],
      // chained methods check the op's form, with the tensor as its first argument
      [
        () => (v.sum as (...a: unknown[]) => glia.Tensor)(0, false, 1),
        'sum: got 4 arguments, expected at most 3: sum(x, axis?, keepDims?)',
      ],
    ];
    for (const [call, message] of cases) {
      const e = thrown(call);
      expect(e, message).toBeInstanceOf(glia.ValueError);
      expect((e as Error).message).toBe(message);
    }
    expect(glia.memory().numTensors).toBe(before);
    glia.dispose([x, f, v]);
  });

  it('calls in the form still work, defaults included', async () => {
    const v = glia.tensor([1, -2, 3]);
    expect(await glia.sum(v).array()).toBe(2);
    expect(await glia.sum(v, 0, true).array()).toEqual([2]);
    expect(await glia.relu(v).array()).toEqual([1, 0, 3]);
    expect(await glia.range(3).array()).toEqual([0, 1, 2]);
    expect(await glia.eye(2, undefined, 'int32').array()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    v.dispose();
  });

  it('parses usage strings', () => {
    const f = parseForm('conv2d(x, filter, { strides?, padding? })');
    expect(f.name).toBe('conv2d');
    expect(f.maxArgs).toBe(3);
    expect(f.params.map((p) => [p.name, p.optional, p.kind])).toEqual([
      ['x', false, 'tensor'],
      ['filter', false, 'tensor'],
      ['options', true, 'options'],
    ]);
    expect(parseForm('pool(x, { poolSize, strides? })').params[1]!.optional).toBe(false);
    expect(parseForm('randomNormal(shape, mean?: number)').params[1]).toEqual({
      name: 'mean',
      optional: true,
      kind: 'number',
    });
    expect(() => parseForm('noParens')).toThrow(/not of the form/);
    expect(() => parseForm('f(x: nonsense)')).toThrow(/unknown kind 'nonsense'/);
  });
});
