import {
  add,
  DTypeError,
  div,
  exp,
  GliaError,
  type KernelName,
  log1p,
  logSumExp,
  matMul,
  max,
  mean,
  memory,
  mul,
  pow,
  prod,
  round,
  ShapeError,
  sigmoid,
  sin,
  square,
  sum,
  type Tensor,
  tanh,
  tensor,
  tidy,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGradient } from './gradient-check';
import { gradientRule } from './gradient-registry';
import { customGrad, grad, grads, stopGradient, valueAndGrad, valueAndGrads } from './index';
import { draw, expectGradients, useNaiveBackend, values } from './test-support';

beforeAll(useNaiveBackend);

const cube = (x: Tensor): Tensor => sum(mul(mul(x, x), x));

describe('grad, grads, valueAndGrad, valueAndGrads', () => {
  it('grad gives df/dx with the shape of x', () => {
    const g = grad(cube)(
      tensor([
        [1, 2],
        [3, -1],
      ]),
    );
    expect(g.shape).toEqual([2, 2]);
    expect(values(g)).toEqual([3, 12, 27, 3]);
  });
  it('grads gives one gradient per input; a tensor passed twice gets its whole gradient twice', () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    const [da, db] = grads((a, b) => sum(mul(a, b)))([a, b]);
    expect(values(da!)).toEqual([3, 4]);
    expect(values(db!)).toEqual([1, 2]);
    const [d1, d2] = grads((p, q) => sum(mul(p, q)))([a, a]);
    expect(values(d1!)).toEqual([2, 4]);
    expect(values(d2!)).toEqual([2, 4]);
  });
  it('valueAndGrad and valueAndGrads also return the value', () => {
    const { value, grad: g } = valueAndGrad(cube)(tensor([2]));
    expect(values(value)).toEqual([8]);
    expect(values(g)).toEqual([12]);
    const { value: v, grads: gs } = valueAndGrads((a, b) => sum(add(a, b)))([
      tensor([1]),
      tensor([2]),
    ]);
    expect(values(v)).toEqual([3]);
    expect(gs.map(values)).toEqual([[1], [1]]);
  });
  it('with dy, f may return any shape: the result is dyᵀ·J', () => {
    const g = grad((x) => mul(x, x))(tensor([1, 2, 3]), tensor([1, 10, 100]));
    expect(values(g)).toEqual([2, 40, 600]);
  });
  it('a gradient flowing into one tensor from several uses adds up', () => {
    expect(values(grad((x) => sum(add(mul(x, 3), mul(x, x))))(tensor([2])))).toEqual([7]);
  });
  it('f may return one of its inputs: the gradient is ones', () => {
    const x = tensor(5);
    expect(values(grad((x) => x)(x))).toEqual([1]);
    expect(x.isDisposed).toBe(false);
  });
});

describe('an input that f does not use', () => {
  it('gets zeros of its shape from grad and grads (TF.js throws instead)', () => {
    const [da, db] = grads((a) => sum(a))([tensor([1, 2]), tensor([[1, 2, 3]])]);
    expect(values(da!)).toEqual([1, 1]);
    expect(db!.shape).toEqual([1, 3]);
    expect(values(db!)).toEqual([0, 0, 0]);
    expect(values(grad(() => tensor(3))(tensor([1, 2])))).toEqual([0, 0]);
  });
  it('gets zeros when only a non-differentiable path connects it', () => {
    expect(values(grad((x) => sum(round(x)))(tensor([1.2, 2.7])))).toEqual([0, 0]);
  });
});

describe('gradients of gradients', () => {
  it('d²/dx² x³ = 6x, by mul and by pow; d³/dx³ x⁴ = 24x', () => {
    const x = tensor([1, 2, -3]);
    expect(values(grad((x) => sum(grad(cube)(x)))(x))).toEqual([6, 12, -18]);
    expect(values(grad((x) => sum(grad((x) => sum(pow(x, 3)))(x)))(x))).toEqual([6, 12, -18]);
    const third = grad((x) => sum(grad((x) => sum(grad((x) => sum(pow(x, 4)))(x)))(x)))(x);
    expect(values(third)).toEqual([24, 48, -72]);
  });
  it('d²/dx² tanh x = -2 tanh x (1 - tanh² x)', () => {
    const g = grad((x) => sum(grad((x) => sum(tanh(x)))(x)))(tensor([0.5, -1]));
    values(g).forEach((v, i) => {
      const t = Math.tanh([0.5, -1][i]!);
      expect(v).toBeCloseTo(-2 * t * (1 - t * t), 5);
    });
  });
  it('second derivatives match central differences of the first', () => {
    const options = { tolerance: 3e-3 };
    const secondOrder = (f: (x: Tensor) => Tensor) => (x: Tensor) => grad(f)(x);
    const b = draw([3, 2], { seed: 11 });
    expectGradients(
      secondOrder((a) => sum(square(matMul(a, b)))),
      [draw([2, 3])],
      options,
    );
    expectGradients(
      secondOrder((a) => sum(matMul(matMul(a, a), a))),
      [draw([3, 3], { min: -1, max: 1 })],
      options,
    );
    expectGradients(
      secondOrder((x) => logSumExp(x)),
      [draw([2, 3])],
      options,
    );
    expectGradients(
      secondOrder((x) => mean(mul(sin(x), exp(x)))),
      [draw([2, 3])],
      options,
    );
    expectGradients(
      secondOrder((x) => sum(div(x, add(square(x), 1)))),
      [draw([2, 3])],
      options,
    );
    expectGradients(
      secondOrder((x) => prod(x)),
      [draw([4], { min: 0.5, max: 1.5 })],
      options,
    );
    expectGradients(
      secondOrder((x) => max(mul(x, x))),
      [tensor([0.3, -1.2, 0.7])],
      options,
    );
  });
  it('leave nothing behind', () => {
    const x = tensor([1, 2]);
    const before = memory().numTensors;
    const g = grad((x) => sum(grad((x) => sum(grad(cube)(x)))(x)))(x);
    expect(memory().numTensors).toBe(before + 1);
    g.dispose();
  });
});

describe('customGrad', () => {
  const straightThroughRound = customGrad((x: Tensor) => ({
    value: round(x),
    gradFunc: (dy) => dy,
  }));
  it('uses gradFunc instead of the ops inside f', () => {
    const x = tensor([0.4, 1.6]);
    expect(values(straightThroughRound(x))).toEqual([0, 2]);
    expect(values(grad((x) => sum(mul(straightThroughRound(x), 3)))(x))).toEqual([3, 3]);
  });
  it('passes saved tensors to gradFunc and is differentiable again', () => {
    const softplus = customGrad((x: Tensor) => ({
      value: log1p(exp(x)),
      save: [x],
      gradFunc: (dy, [saved]) => mul(dy, sigmoid(saved!)),
    }));
    expectGradients(softplus, [draw([2, 3])], { tolerance: 2e-3 });
    expectGradients((x) => grad((x) => sum(softplus(x)))(x), [draw([2, 3])], { tolerance: 2e-3 });
  });
  it('handles several inputs, and saved tensors made inside f', () => {
    const product = customGrad((a: Tensor, b: Tensor) => {
      const ab = mul(a, b);
      return { value: ab, save: [a, b], gradFunc: (dy, [a, b]) => [mul(dy, b!), mul(dy, a!)] };
    });
    const before = memory().numTensors;
    const [da, db] = grads((a, b) => sum(product(a, b)))([tensor([2]), tensor([5])]);
    expect([values(da!), values(db!)]).toEqual([[5], [2]]);
    expect(memory().numTensors).toBe(before + 4);
  });
  it('a gradFunc returning the wrong number or shape of gradients is a clear error', () => {
    const wrongCount = customGrad((a: Tensor, b: Tensor) => ({
      value: add(a, b),
      gradFunc: (dy) => [dy],
    }));
    expect(() => grads((a, b) => sum(wrongCount(a, b)))([tensor([1]), tensor([2])])).toThrow(
      /customGrad: gradFunc returned 1 gradients for 2 inputs/,
    );
    const wrongShape = customGrad((a: Tensor) => ({ value: sum(a), gradFunc: (dy) => dy }));
    expect(() => grad(wrongShape)(tensor([1, 2]))).toThrow(
      /the gradient of customGrad for input 'inputs' has shape \[\]: expected \[2\]/,
    );
  });
});

describe('stopGradient', () => {
  it('makes a constant: d(x · stop(x))/dx = x', () => {
    expect(values(grad((x) => sum(mul(x, stopGradient(x))))(tensor([3, 4])))).toEqual([3, 4]);
  });
  it('blocks every enclosing tape, and keeps the values', () => {
    const x = tensor([2]);
    expect(values(stopGradient(x))).toEqual([2]);
    const g = grad((x) => sum(grad((y) => sum(mul(stopGradient(mul(x, x)), y)))(x)))(x);
    expect(values(g)).toEqual([0]);
  });
});

describe('errors', () => {
  it('f returning a non-scalar without dy', () => {
    expect(() => grad((x) => mul(x, 2))(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => grad((x) => mul(x, 2))(tensor([1, 2]))).toThrow(
      'grad: f returned a tensor of shape [2]: expected a scalar (shape []); reduce it (sum, mean) or pass dy, the gradient of the result',
    );
  });
  it('an int32 or bool input', () => {
    expect(() => grad((x) => sum(x))(tensor([1, 2], undefined, 'int32'))).toThrow(DTypeError);
    expect(() => grads((a, b) => sum(add(a, b)))([tensor([1]), tensor([true])])).toThrow(
      /grads: input 1 has dtype bool: only float32 tensors can be differentiated/,
    );
  });
  it('f returning something other than a float32 tensor', () => {
    expect(() => grad(() => 3 as unknown as Tensor)(tensor(1))).toThrow(
      /grad: f returned number: expected a Tensor/,
    );
    expect(() => grad(() => sum(tensor([1], undefined, 'int32')))(tensor(1))).toThrow(
      /dtype int32: expected float32/,
    );
  });
  it('dy of the wrong shape', () => {
    expect(() => grad((x) => mul(x, 2))(tensor([1, 2]), tensor([1]))).toThrow(
      'grad: dy has shape [1]: expected [2], the shape of f',
    );
  });
  it('a kernel without a rule, and a non-differentiable one', () => {
    expect(() => gradientRule('fancyKernel' as KernelName)).toThrow(
      /autograd: no gradient rule is registered for kernel 'fancyKernel'/,
    );
    expect(() => gradientRule('argMax')).toThrow(/kernel 'argMax' is not differentiable/);
    expect(() => gradientRule('argMax')).toThrow(GliaError);
  });
});

describe('memory', () => {
  it('a gradient call adds exactly its results', () => {
    const x = tensor([1, 2, 3]);
    const before = memory().numTensors;
    const g = grad((x) => sum(exp(mul(x, x))))(x);
    expect(memory().numTensors).toBe(before + 1);
    g.dispose();
    const { value, grads: gs } = valueAndGrads((a, b) => sum(matMul(a, b)))([
      draw([2, 3]),
      draw([3, 2]),
    ]);
    expect(memory().numTensors).toBe(before + 5);
    value.dispose();
    for (const t of gs) t.dispose();
    expect(memory().numTensors).toBe(before + 2);
  });
  it('nothing leaks when f throws, nor when a gradient fails, and later calls still work', () => {
    const x = tensor([1, 2]);
    const before = memory().numTensors;
    expect(() =>
      grad((x) => {
        exp(x);
        throw new Error('boom');
      })(x),
    ).toThrow('boom');
    expect(() => grad((x) => mul(x, 2))(x)).toThrow(ShapeError);
    const failing = customGrad((a: Tensor) => ({
      value: exp(a),
      save: [a],
      gradFunc: () => {
        throw new Error('bad gradient');
      },
    }));
    expect(() => grad((x) => sum(failing(x)))(x)).toThrow('bad gradient');
    expect(memory().numTensors).toBe(before);
    expect(values(grad(cube)(x))).toEqual([3, 12]);
  });
  it('tensors f frees with tidy are still there for the backward pass', () => {
    const g = grad((x) => tidy(() => sum(exp(tidy(() => mul(x, 2))))))(tensor([0]));
    expect(values(g)).toEqual([2]);
  });
  it('checkGradient leaks nothing', () => {
    const x = draw([3]);
    const before = memory().numTensors;
    checkGradient((x) => mul(x, x), [x]);
    expect(memory().numTensors).toBe(before);
  });
});
