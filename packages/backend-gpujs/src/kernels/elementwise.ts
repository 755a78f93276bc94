import {
  type ActivationKernelName,
  BINARY_KERNELS,
  type BinaryKernelName,
  BOOL_OUTPUT_KERNELS,
  broadcastShapes,
  type DType,
  SELU_ALPHA,
  SELU_SCALE,
  type Shape,
  type TensorInfo,
  UNARY_KERNELS,
  type UnaryKernelName,
} from '@glia/core';
import { lit, NAN } from '../program';
import type { KernelContext, KernelFamily } from './context';
import { elementwiseSource } from './elementwise-source';
import { binaryBodies, MAX_FLOAT, unaryBodies } from './math-source';

const BOOL_OUTPUT = new Set<string>(BOOL_OUTPUT_KERNELS);

/** Runs `body` (over `v0, v1, ...`) elementwise with broadcasting. */
export function mapInputs(
  ctx: KernelContext,
  inputs: readonly TensorInfo[],
  dtype: DType,
  body: string,
  shape: Shape = inputs
    .map((t) => t.shape)
    .reduce<Shape>((s, t) => broadcastShapes('gpujs', s, t), []),
): TensorInfo {
  const source = elementwiseSource(
    inputs.map((t) => t.shape),
    shape,
    body,
  );
  return ctx.run(source, shape, dtype, inputs);
}

/** Arithmetic on bool operands stores truthiness, as the CPU backend does. */
function truthy(body: string): string {
  return `${body.replace(/return ([^;]+);/g, 'if (($1) !== 0.0) { return 1.0; }\nreturn 0.0;')}`;
}

function unary(ctx: KernelContext, name: UnaryKernelName) {
  const body = unaryBodies[name]('x');
  return ({ x }: { x: TensorInfo }) => {
    const dtype: DType = BOOL_OUTPUT.has(name) ? 'bool' : x.dtype;
    return mapInputs(ctx, [x], dtype, `const x = v0;\n${body}`, x.shape);
  };
}

function binary(ctx: KernelContext, name: BinaryKernelName | 'squaredDifference') {
  return ({ a, b }: { a: TensorInfo; b: TensorInfo }) => {
    const boolOut = BOOL_OUTPUT.has(name);
    const int = a.dtype !== 'float32';
    let body = binaryBodies[name](int);
    if (a.dtype === 'bool' && !boolOut) body = truthy(body);
    return mapInputs(
      ctx,
      [a, b],
      boolOut ? 'bool' : a.dtype,
      `const a = v0;\nconst b = v1;\n${body}`,
    );
  };
}

type ElementwiseName =
  | UnaryKernelName
  | BinaryKernelName
  | 'where'
  | 'cast'
  | 'squaredDifference'
  | ActivationKernelName
  | 'batchNorm'
  | 'reluGrad'
  | 'sigmoidGrad'
  | 'tanhGrad';

/** The elementwise kernels: unary and binary math, where, cast, the activations, batchNorm. */
export function elementwiseKernels(ctx: KernelContext): KernelFamily<ElementwiseName> {
  const unaries = Object.fromEntries(
    UNARY_KERNELS.map((n) => [n, unary(ctx, n)]),
  ) as unknown as KernelFamily<UnaryKernelName>;
  const binaries = Object.fromEntries(
    BINARY_KERNELS.map((n) => [n, binary(ctx, n)]),
  ) as unknown as KernelFamily<BinaryKernelName>;
  const expm1 = unaryBodies.expm1('x');
  return {
    ...unaries,
    ...binaries,
    squaredDifference: binary(ctx, 'squaredDifference'),
    where: ({ condition, a, b }) =>
      mapInputs(ctx, [condition, a, b], a.dtype, 'if (v0 !== 0.0) { return v1; }\nreturn v2;'),
    cast: ({ x }, { dtype }) => {
      if (dtype === 'float32' || dtype === x.dtype)
        return mapInputs(ctx, [x], dtype, 'return v0;', x.shape);
      if (dtype === 'bool') {
        // NaN is true, as in the CPU backend (and NumPy, TF)
        return mapInputs(
          ctx,
          [x],
          dtype,
          'if (v0 !== 0.0 || v0 !== v0) { return 1.0; }\nreturn 0.0;',
          x.shape,
        );
      }
      // float -> int32 truncates toward zero; NaN becomes 0, infinities saturate
      return mapInputs(
        ctx,
        [x],
        dtype,
        'if (v0 !== v0) { return 0.0; }\nif (v0 >= 2147483647.0) { return 2147483647.0; }\nif (v0 <= -2147483648.0) { return -2147483648.0; }\nreturn Math.trunc(v0);',
        x.shape,
      );
    },
    relu6: ({ x }) =>
      mapInputs(
        ctx,
        [x],
        x.dtype,
        'if (v0 !== v0) { return v0; }\nif (v0 < 0.0) { return 0.0; }\nif (v0 > 6.0) { return 6.0; }\nreturn v0;',
        x.shape,
      ),
    leakyRelu: ({ x }, { alpha }) =>
      mapInputs(
        ctx,
        [x],
        x.dtype,
        `if (v0 < 0.0) { return v0 * ${lit(alpha)}; }\nreturn v0;`,
        x.shape,
      ),
    elu: ({ x }) =>
      mapInputs(
        ctx,
        [x],
        x.dtype,
        `const x = v0;\nif (x > 0.0 || x !== x) { return x; }\n${expm1}`,
        x.shape,
      ),
    selu: ({ x }) =>
      mapInputs(
        ctx,
        [x],
        x.dtype,
        `if (v0 > 0.0 || v0 !== v0) { return ${lit(SELU_SCALE)} * v0; }\nreturn ${lit(SELU_SCALE * SELU_ALPHA)} * (Math.exp(v0) - 1.0);`,
        x.shape,
      ),
    gelu: ({ x }, { approximate }) => {
      const body = approximate
        ? // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) = x * sigmoid(2 * inner)
          'const z = 1.5957691216057308 * (v0 + 0.044715 * v0 * v0 * v0);\nif (z >= 0.0) { return v0 / (1.0 + Math.exp(-z)); }\nconst e = Math.exp(z);\nreturn v0 * e / (1.0 + e);'
        : // 0.5 x (1 + erf(x / sqrt 2)), erf inlined (kernels have no helper functions)
          `const x = v0 * 0.7071067811865476;\n${unaryBodies.erf('x').replace(/return ([^;]+);/g, 'return 0.5 * v0 * (1.0 + ($1));')}`;
      return mapInputs(ctx, [x], x.dtype, body, x.shape);
    },
    softplus: ({ x }) =>
      mapInputs(
        ctx,
        [x],
        x.dtype,
        // log(1 + e^x) = max(x, 0) + log1p(e^-|x|)
        `if (v0 !== v0) { return v0; }\nconst m = Math.max(v0, 0.0);\nconst x = Math.exp(-Math.abs(v0));\nif (x < 1e-7) { return m + x; }\nreturn m + Math.log(1.0 + x) * x / ((1.0 + x) - 1.0);`,
        x.shape,
      ),
    clipByValue: ({ x }, { min, max }) =>
      mapInputs(
        ctx,
        [x],
        x.dtype,
        `if (v0 !== v0) { return v0; }\nif (v0 < ${lit(min)}) { return ${lit(min)}; }\nif (v0 > ${lit(max)}) { return ${lit(max)}; }\nreturn v0;`,
        x.shape,
      ),
    // The activation gradients, one kernel each, in the compositions' order of operations.
    reluGrad: ({ dy, x }) =>
      mapInputs(
        ctx,
        [dy, x],
        'float32',
        // dy * 0 written out: GLSL compilers fold v0 * 0.0 to 0.0, losing the NaN of an infinite
        // or NaN dy (seen on Chromium's WebGL2).
        `if (v1 > 0.0) { return v0; }\nif (!(Math.abs(v0) <= ${MAX_FLOAT})) { return ${NAN}; }\nreturn 0.0;`,
        dy.shape,
      ),
    sigmoidGrad: ({ dy, y }) =>
      mapInputs(ctx, [dy, y], 'float32', 'return v0 * (v1 * (1.0 - v1));', dy.shape),
    tanhGrad: ({ dy, y }) =>
      mapInputs(ctx, [dy, y], 'float32', 'return v0 * (1.0 - v1 * v1);', dy.shape),
    batchNorm: ({ x, mean, variance, offset, scale }, { epsilon }) =>
      mapInputs(
        ctx,
        [x, mean, variance, offset, scale],
        x.dtype,
        `return (v0 - v1) / Math.sqrt(v2 + ${lit(epsilon)}) * v4 + v3;`,
        x.shape,
      ),
  };
}
