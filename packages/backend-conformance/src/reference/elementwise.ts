/** Float64 reference math for the elementwise ops, with the semantics the kernel table documents. */

const SQRT_PI = Math.sqrt(Math.PI);

/** The Gauss error function to ~1e-14: Taylor series near 0, a continued fraction for erfc beyond. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / SQRT_PI) * sum;
  }
  if (ax > 10) return Math.sign(x);
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
  let f = ax;
  for (let n = 80; n >= 1; n--) f = ax + n / 2 / f;
  const erfc = Math.exp(-ax * ax) / (SQRT_PI * f);
  return Math.sign(x) * (1 - erfc);
}

/** 1 / (1 + e⁻ˣ). */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** log(1 + eˣ) without overflow. */
export function softplus(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** Nearest integer, halves to even. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** -1, 0 or 1; NaN stays NaN. */
export function sign(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** Constants of SELU (Klambauer et al. 2017). */
export const SELU_SCALE = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

export function selu(x: number): number {
  return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x);
}

export function elu(x: number): number {
  return x > 0 ? x : Math.expm1(x);
}

export function gelu(x: number, approximate: boolean): number {
  if (approximate)
    return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/** Float floor division. */
export function floorDivFloat(a: number, b: number): number {
  return Math.floor(a / b);
}

/** int32 floor division: division by zero gives 0, results wrap. */
export function floorDivInt(a: number, b: number): number {
  return b === 0 ? 0 : Math.floor(a / b) | 0;
}

/** Float remainder with the sign of the divisor (Python's %). */
export function modFloat(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** int32 remainder with the sign of the divisor; mod by zero gives 0. */
export function modInt(a: number, b: number): number {
  return b === 0 ? 0 : modFloat(a, b) | 0;
}

/** The unary float ops by name, as float64 functions. */
export const UNARY_FLOAT: Record<string, (x: number) => number> = {
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid,
  erf,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  softplus,
  elu,
  selu,
  relu6: (x) => (Number.isNaN(x) ? x : Math.min(Math.max(x, 0), 6)),
};

/** The numeric unary ops (which keep int32), as float64 functions. */
export const UNARY_NUMERIC: Record<string, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign,
  square: (x) => x * x,
  relu: (x) => (Number.isNaN(x) ? x : Math.max(x, 0)),
};

/** int32 versions of the numeric unary ops (wrapping on overflow). */
export const UNARY_INT: Record<string, (x: number) => number> = {
  neg: (x) => -x | 0,
  abs: (x) => Math.abs(x) | 0,
  sign,
  square: (x) => Math.imul(x, x),
  relu: (x) => Math.max(x, 0),
};

/** Float binary ops, as float64 functions. NaN propagates through maximum/minimum. */
export const BINARY_FLOAT: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  floorDiv: floorDivFloat,
  mod: modFloat,
  pow: Math.pow,
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b)),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.min(a, b)),
  squaredDifference: (a, b) => (a - b) * (a - b),
};

/** int32 binary ops (wrapping), as functions on integers. */
export const BINARY_INT: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => (a + b) | 0,
  sub: (a, b) => (a - b) | 0,
  mul: (a, b) => Math.imul(a, b),
  floorDiv: floorDivInt,
  mod: modInt,
  maximum: Math.max,
  minimum: Math.min,
  squaredDifference: (a, b) => Math.imul(a - b, a - b),
};

/** Comparisons, returning 0/1. */
export const COMPARE: Record<string, (a: number, b: number) => number> = {
  equal: (a, b) => Number(a === b),
  notEqual: (a, b) => Number(a !== b),
  less: (a, b) => Number(a < b),
  lessEqual: (a, b) => Number(a <= b),
  greater: (a, b) => Number(a > b),
  greaterEqual: (a, b) => Number(a >= b),
};
