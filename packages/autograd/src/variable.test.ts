import {
  add,
  DTypeError,
  memory,
  mul,
  ShapeError,
  square,
  sum,
  tensor,
  tidy,
  ValueError,
} from '@glia/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listVariables, variable, variableGrads } from './index';
import { useNaiveBackend, values } from './test-support';

beforeAll(useNaiveBackend);
afterEach(() => {
  for (const v of listVariables()) v.dispose();
});

describe('variable', () => {
  it('is a tensor that tidy does not free, with a name and a trainable flag', () => {
    tidy(() => {
      variable(tensor([1, 2]), { name: 'w' });
      variable([3], { name: 'frozen', trainable: false });
    });
    const [w, frozen] = listVariables();
    expect(w!.name).toBe('w');
    expect(w!.trainable).toBe(true);
    expect(frozen!.trainable).toBe(false);
    expect(values(add(w!, 1))).toEqual([2, 3]);
  });
  it('gets a unique name by default; a taken name is an error', () => {
    const a = variable([1]);
    const b = variable([2]);
    expect(a.name).not.toBe(b.name);
    expect(() => variable([3], { name: a.name })).toThrow(ValueError);
    expect(() => variable([3], { name: a.name })).toThrow(
      `variable: a variable named '${a.name}' already exists`,
    );
  });
  it('casts to the dtype asked for', () => {
    const v = variable([1.7, -2.2], { dtype: 'int32' });
    expect(v.dtype).toBe('int32');
    expect(values(v)).toEqual([1, -2]);
  });
  it('assign replaces the value in place; shape and dtype must match', () => {
    const w = variable(tensor([1, 2]), { name: 'w' });
    const id = w.id;
    w.assign(tensor([5, 6]));
    expect(values(w)).toEqual([5, 6]);
    expect(w.id).toBe(id);
    w.assign([7, 8]);
    expect(values(w)).toEqual([7, 8]);
    expect(() => w.assign(tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => w.assign(tensor([1, 2, 3]))).toThrow(
      "Variable 'w'.assign: value has shape [3]: expected [2]",
    );
    expect(() => w.assign(tensor([1, 2], undefined, 'int32'))).toThrow(DTypeError);
  });
  it('owns its values: disposing the initial value or an assigned one does not affect it', () => {
    const init = tensor([1, 2]);
    const w = variable(init);
    init.dispose();
    const next = tensor([3, 4]);
    w.assign(next);
    next.dispose();
    expect(values(w)).toEqual([3, 4]);
  });
  it('dispose frees its storage and its name', () => {
    const before = memory().numTensors;
    const w = variable(tensor([1, 2]), { name: 'w' });
    expect(memory().numTensors).toBe(before + 2);
    w.dispose();
    expect(memory().numTensors).toBe(before + 1);
    expect(listVariables()).toEqual([]);
    variable([1], { name: 'w' });
  });
});

describe('variableGrads', () => {
  it('differentiates every live trainable variable by default, by name', () => {
    const w = variable(tensor([1, 2]), { name: 'w' });
    const b = variable(tensor(3), { name: 'b' });
    variable(tensor(10), { name: 'frozen', trainable: false });
    const { value, grads } = variableGrads(() => sum(add(square(w), b)));
    expect(values(value)).toEqual([11]);
    expect(Object.keys(grads).sort()).toEqual(['b', 'w']);
    expect(values(grads.w!)).toEqual([2, 4]);
    expect(values(grads.b!)).toEqual([2]);
  });
  it('takes an explicit list; non-trainable and unused variables get no entry (as TF.js)', () => {
    const w = variable(tensor([1, 2]), { name: 'w' });
    const unused = variable(tensor(1), { name: 'unused' });
    const frozen = variable(tensor(2), { name: 'frozen', trainable: false });
    const { grads } = variableGrads(() => sum(mul(w, frozen)), [w, unused, frozen]);
    expect(Object.keys(grads)).toEqual(['w']);
    expect(values(grads.w!)).toEqual([2, 2]);
  });
  it('needs a trainable variable', () => {
    const frozen = variable(tensor(2), { trainable: false });
    expect(() => variableGrads(() => sum(frozen), [frozen])).toThrow(
      'variableGrads: none of the 1 variables is trainable: expected at least one trainable variable',
    );
  });
  it('the gradient follows assign: a step of SGD', () => {
    const w = variable(tensor([1, -1]), { name: 'w' });
    const before = memory().numTensors;
    for (let step = 0; step < 3; step++) {
      const { value, grads } = variableGrads(() => sum(square(w)));
      tidy(() => w.assign(add(w, mul(grads.w!, -0.25))));
      value.dispose();
      grads.w!.dispose();
    }
    expect(values(w)).toEqual([0.125, -0.125]);
    expect(memory().numTensors).toBe(before);
  });
});
