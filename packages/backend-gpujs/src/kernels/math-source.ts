/*
 * Scalar math as kernel code, written to be exact enough on every gpu.js mode: GLSL has no
 * expm1/log1p/erf and leaves NaN behaviour of max/min and pow undefined, so each is spelt out.
 * Each function takes the name of a local holding the argument and returns statements that end
 * in `return`.
 */
import { NAN } from '../program';

/** Largest finite float32: `Math.abs(x) <= MAX_FLOAT` is false for NaN and the infinities. */
export const MAX_FLOAT = '3.4028234663852886e38';

/**
 * sin (shift 0) or cos (shift 1, cos x = sin(x + pi/2)): x = k pi/2 + r with |r| <= pi/4 (pi/2 split
 * in three parts, Cody-Waite, so r stays accurate), then the Taylor polynomial of sin or cos on r,
 * chosen by the quadrant k mod 4; truncation error below 2e-9.
 */
function sinCos(x: string, shift: 0 | 1): string {
  return [
    `if (!(Math.abs(${x}) <= ${MAX_FLOAT})) { return ${NAN}; }`,
    `const k = Math.floor(${x} * 0.6366197723675814 + 0.5);`,
    `const r = ((${x} - k * 1.5703125) - k * 0.0004837512969970703) - k * 7.549789954891882e-8;`,
    'const r2 = r * r;',
    'const sr = r * (1.0 + r2 * (-0.16666666666666666 + r2 * (0.008333333333333333 + r2 * (-0.0001984126984126984 + r2 * 0.0000027557319223985893))));',
    'const cr = 1.0 + r2 * (-0.5 + r2 * (0.041666666666666664 + r2 * (-0.001388888888888889 + r2 * (0.0000248015873015873 + r2 * (-2.755731922398589e-7)))));',
    `const q = k + ${shift}.0 - 4.0 * Math.floor((k + ${shift}.0) * 0.25);`,
    'if (q === 0.0) { return sr; }',
    'if (q === 1.0) { return cr; }',
    'if (q === 2.0) { return -sr; }',
    'return -cr;',
  ].join('\n');
}

export const unaryBodies = {
  neg: (x: string) => `return -${x};`,
  abs: (x: string) => `return Math.abs(${x});`,
  sign: (x: string) =>
    `if (${x} > 0.0) { return 1.0; }\nif (${x} < 0.0) { return -1.0; }\nif (${x} === 0.0) { return 0.0; }\nreturn ${x};`,
  square: (x: string) => `return ${x} * ${x};`,
  // NaN spelt out: Mesa's llvmpipe turned the compare-and-return into a max, which gives 0 for NaN.
  relu: (x: string) =>
    `if (${x} !== ${x}) { return ${NAN}; }\nif (${x} < 0.0) { return 0.0; }\nreturn ${x};`,
  floor: (x: string) => `return Math.floor(${x});`,
  ceil: (x: string) => `return Math.ceil(${x});`,
  round: (x: string) =>
    `if (!(Math.abs(${x}) < 8388608.0)) { return ${x}; }\nconst r = Math.floor(${x} + 0.5);\nif (r - ${x} === 0.5 && r - 2.0 * Math.floor(r * 0.5) !== 0.0) { return r - 1.0; }\nreturn r;`,
  exp: (x: string) => `if (${x} !== ${x}) { return ${x}; }\nreturn Math.exp(${x});`,
  expm1: (x: string) =>
    `if (Math.abs(${x}) >= 0.5) { return Math.exp(${x}) - 1.0; }\nconst u = Math.exp(${x});\nif (u === 1.0) { return ${x}; }\nreturn (u - 1.0) * ${x} / Math.log(u);`,
  log: (x: string) =>
    `if (${x} !== ${x}) { return ${x}; }\nif (${x} < 0.0) { return ${NAN}; }\nif (${x} === 0.0) { return -Infinity; }\nreturn Math.log(${x});`,
  log1p: (x: string) =>
    `if (${x} !== ${x}) { return ${x}; }\nif (${x} < -1.0) { return ${NAN}; }\nif (${x} === -1.0) { return -Infinity; }\nif (Math.abs(${x}) >= 0.5) { return Math.log(1.0 + ${x}); }\nconst u = 1.0 + ${x};\nif (u === 1.0) { return ${x}; }\nreturn Math.log(u) * ${x} / (u - 1.0);`,
  sqrt: (x: string) => `if (${x} < 0.0) { return ${NAN}; }\nreturn Math.sqrt(${x});`,
  rsqrt: (x: string) =>
    `if (${x} < 0.0) { return ${NAN}; }\nif (${x} === 0.0) { return Infinity; }\nreturn 1.0 / Math.sqrt(${x});`,
  reciprocal: (x: string) => `if (${x} === 0.0) { return Infinity; }\nreturn 1.0 / ${x};`,
  // GPU sin/cos builtins can be ~2e-4 off (SwiftShader): reduce and use polynomials instead
  sin: (x: string) => sinCos(x, 0),
  cos: (x: string) => sinCos(x, 1),
  // tanh(x) = expm1(2|x|) / (expm1(2|x|) + 2), sign restored
  tanh: (x: string) =>
    `const ax = Math.abs(${x});\nif (!(ax < 10.0)) { if (${x} !== ${x}) { return ${x}; }\nif (${x} > 0.0) { return 1.0; }\nreturn -1.0; }\nconst t = 2.0 * ax;\nlet e = Math.exp(t) - 1.0;\nif (t < 0.5) { const u = Math.exp(t);\nif (u === 1.0) { e = t; } else { e = (u - 1.0) * t / Math.log(u); } }\nconst y = e / (e + 2.0);\nif (${x} < 0.0) { return -y; }\nreturn y;`,
  sigmoid: (x: string) =>
    `if (${x} >= 0.0) { return 1.0 / (1.0 + Math.exp(-${x})); }\nconst e = Math.exp(${x});\nreturn e / (1.0 + e);`,
  // Taylor series near 0 (relative accuracy), Abramowitz & Stegun 7.1.26 elsewhere (abs error 1.5e-7)
  erf: (x: string) =>
    `const ax = Math.abs(${x});\nif (ax !== ax) { return ${x}; }\nif (ax < 0.5) { const x2 = ${x} * ${x};\nreturn 1.1283791670955126 * ${x} * (1.0 + x2 * (-0.3333333333333333 + x2 * (0.1 + x2 * (-0.023809523809523808 + x2 * (0.004629629629629629 + x2 * (-0.0007575757575757576)))))); }\nif (ax > 6.0) { if (${x} > 0.0) { return 1.0; }\nreturn -1.0; }\nconst t = 1.0 / (1.0 + 0.3275911 * ax);\nconst p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));\nconst y = 1.0 - p * Math.exp(-ax * ax);\nif (${x} < 0.0) { return -y; }\nreturn y;`,
  isNaN: (x: string) => `if (${x} !== ${x}) { return 1.0; }\nreturn 0.0;`,
  isFinite: (x: string) => `if (Math.abs(${x}) <= ${MAX_FLOAT}) { return 1.0; }\nreturn 0.0;`,
  logicalNot: (x: string) => `if (${x} === 0.0) { return 1.0; }\nreturn 0.0;`,
} as const;

/** Binary bodies over locals `a` and `b`; `int` selects int32 semantics (both hold integers). */
export const binaryBodies = {
  add: () => 'return a + b;',
  sub: () => 'return a - b;',
  mul: () => 'return a * b;',
  div: (int: boolean) =>
    int ? 'if (b === 0.0) { return 0.0; }\nreturn Math.trunc(a / b);' : 'return a / b;',
  floorDiv: (int: boolean) =>
    int ? 'if (b === 0.0) { return 0.0; }\nreturn Math.floor(a / b);' : 'return Math.floor(a / b);',
  // Python's %: the remainder takes the divisor's sign
  mod: (int: boolean) =>
    `if (b === 0.0) { return ${int ? '0.0' : NAN}; }\nif (!(Math.abs(b) <= ${MAX_FLOAT})) { if (a !== a || !(Math.abs(a) <= ${MAX_FLOAT})) { return ${NAN}; }\nif (a === 0.0 || (a < 0.0) === (b < 0.0)) { return a; }\nreturn b; }\nconst r = a - b * Math.trunc(a / b);\nif (r !== 0.0 && (r < 0.0) !== (b < 0.0)) { return r + b; }\nreturn r;`,
  pow: (int: boolean) =>
    `if (b === 0.0) { return 1.0; }\nif (a !== a || b !== b) { return ${NAN}; }\n${
      int
        ? 'if (b < 0.0) { if (a === 1.0) { return 1.0; }\nif (a === -1.0) { if (b - 2.0 * Math.floor(b * 0.5) === 0.0) { return 1.0; }\nreturn -1.0; }\nreturn 0.0; }\n'
        : ''
    }if (a === 0.0) { if (b > 0.0) { return 0.0; }\nreturn Infinity; }\nconst p = Math.exp(b * Math.log(Math.abs(a)));\nif (a > 0.0) { return ${int ? 'Math.round(p)' : 'p'}; }\nif (Math.floor(b) !== b) { return ${NAN}; }\nif (b - 2.0 * Math.floor(b * 0.5) !== 0.0) { return -${int ? 'Math.round(p)' : 'p'}; }\nreturn ${int ? 'Math.round(p)' : 'p'};`,
  maximum: () => `if (a !== a || b !== b) { return ${NAN}; }\nif (a > b) { return a; }\nreturn b;`,
  minimum: () => `if (a !== a || b !== b) { return ${NAN}; }\nif (a < b) { return a; }\nreturn b;`,
  squaredDifference: () => 'const d = a - b;\nreturn d * d;',
  equal: () => 'if (a === b) { return 1.0; }\nreturn 0.0;',
  notEqual: () => 'if (a !== b) { return 1.0; }\nreturn 0.0;',
  less: () => 'if (a < b) { return 1.0; }\nreturn 0.0;',
  lessEqual: () => 'if (a <= b) { return 1.0; }\nreturn 0.0;',
  greater: () => 'if (a > b) { return 1.0; }\nreturn 0.0;',
  greaterEqual: () => 'if (a >= b) { return 1.0; }\nreturn 0.0;',
  logicalAnd: () => 'if (a !== 0.0 && b !== 0.0) { return 1.0; }\nreturn 0.0;',
  logicalOr: () => 'if (a !== 0.0 || b !== 0.0) { return 1.0; }\nreturn 0.0;',
} as const;
