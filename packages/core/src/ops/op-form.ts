// An op's call form, declared once as its usage string (`sum(x, axis?, keepDims?)`): the most
// arguments it takes, which are required, and what kind of value each one is, read from the
// parameter's name (or an explicit `name: kind`). Every op checks its arguments against its form
// before it runs, so a call in another library's form is a named error, never silently dropped.
import { ValueError } from '../errors';
import { Tensor } from '../tensor/tensor';

/** The kinds of argument an op can tell apart before it runs. */
export type ArgKind =
  | 'tensor'
  | 'Tensor'
  | 'tensors'
  | 'number'
  | 'boolean'
  | 'axis'
  | 'numbers'
  | 'dtype'
  | 'options'
  | 'value'
  | 'object'
  | 'any';

/** What each kind accepts, as shown in errors. */
const KIND_FORMS: Record<ArgKind, string> = {
  tensor: 'a Tensor, number, boolean, nested array or typed array',
  Tensor: 'a Tensor',
  tensors: 'an array of tensors',
  number: 'a number',
  boolean: 'a boolean',
  axis: 'a number or an array of numbers',
  numbers: 'an array',
  dtype: "a dtype string ('float32', 'int32' or 'bool')",
  options: 'an options object',
  value: 'a number or boolean',
  object: 'an object',
  any: 'any value',
};

/**
 * The kind of a parameter by its name. A usage string may name a kind explicitly (`mean: number`)
 * where a name means different kinds in different ops.
 */
const KIND_OF_NAME: Readonly<Record<string, ArgKind>> = {
  x: 'tensor',
  a: 'tensor',
  b: 'tensor',
  y: 'tensor',
  dy: 'tensor',
  logits: 'tensor',
  indices: 'tensor',
  segmentIds: 'tensor',
  condition: 'tensor',
  param: 'tensor',
  grad: 'tensor',
  m: 'tensor',
  v: 'tensor',
  filter: 'tensor',
  bias: 'tensor',
  mean: 'tensor',
  variance: 'tensor',
  images: 'tensor',
  values: 'tensor',
  yTrue: 'tensor',
  yPred: 'tensor',
  tensors: 'tensors',
  alpha: 'number',
  min: 'number',
  max: 'number',
  depth: 'number',
  onValue: 'number',
  offValue: 'number',
  numSegments: 'number',
  constantValue: 'number',
  fillValue: 'number',
  rate: 'number',
  seed: 'number',
  start: 'number',
  stop: 'number',
  step: 'number',
  num: 'number',
  numRows: 'number',
  numColumns: 'number',
  minval: 'number',
  maxval: 'number',
  stdDev: 'number',
  k: 'number',
  threshold: 'number',
  clipNorm: 'number',
  approximate: 'boolean',
  transposeA: 'boolean',
  transposeB: 'boolean',
  keepDims: 'boolean',
  axis: 'axis',
  begin: 'axis',
  size: 'axis',
  numOrSizes: 'axis',
  shape: 'numbers',
  reps: 'numbers',
  perm: 'numbers',
  axes: 'numbers',
  paddings: 'numbers',
  inputShape: 'numbers',
  filterShape: 'numbers',
  outputShape: 'numbers',
  transforms: 'numbers',
  dtype: 'dtype',
  value: 'value',
  plan: 'object',
  options: 'options',
};

/** One parameter of an op's form. */
export interface ParamForm {
  name: string;
  optional: boolean;
  kind: ArgKind;
}

/** An op's call form, parsed from its usage string. */
export interface OpForm {
  /** The op's name: the usage string up to `(`. */
  name: string;
  /** The call form shown in errors, e.g. `conv2d(x, filter, { strides?, padding?, dilations? })`. */
  usage: string;
  /** The parameters, in order; an options object `{ ... }` is named `options`. */
  params: readonly ParamForm[];
  /** The most arguments the op takes: the number of parameters. */
  maxArgs: number;
}

/** Splits `a, { b, c }, d` at its top-level commas. */
function topLevelParts(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === '{' || ch === '[' || ch === '(') depth++;
    if (ch === '}' || ch === ']' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

function parseParam(usage: string, part: string): ParamForm {
  if (part.startsWith('{')) {
    const optional = part.endsWith('?');
    return { name: 'options', optional, kind: 'options' };
  }
  const match = /^(\w+)(\?)?(?:\s*:\s*(\w+))?$/.exec(part);
  if (!match) throw new Error(`defineOp: cannot read parameter '${part}' of usage '${usage}'`);
  const [, name, optional, explicit] = match as unknown as [string, string, string?, string?];
  if (explicit !== undefined && !(explicit in KIND_FORMS))
    throw new Error(`defineOp: unknown kind '${explicit}' in usage '${usage}'`);
  const kind = (explicit as ArgKind | undefined) ?? KIND_OF_NAME[name] ?? 'any';
  return { name, optional: optional === '?', kind };
}

/**
 * Parses a usage string such as `sum(x, axis?, keepDims?)` or `conv2d(x, filter, { strides? })`
 * (an options object is optional when written `{ ... }?` or when all its keys are optional).
 */
export function parseForm(usage: string): OpForm {
  const match = /^(\w+)\((.*)\)$/s.exec(usage.trim());
  if (!match) throw new Error(`defineOp: usage '${usage}' is not of the form 'name(a, b?, ...)'`);
  const [, name, list] = match as unknown as [string, string, string];
  const params = topLevelParts(list).map((p) => parseParam(usage, p));
  params.forEach((p, i) => {
    if (p.kind === 'options' && !p.optional) {
      const inner = list.slice(list.indexOf('{') + 1, list.lastIndexOf('}'));
      const keys = topLevelParts(inner);
      if (keys.length > 0 && keys.every((k) => k.endsWith('?')))
        params[i] = { ...p, optional: true };
    }
  });
  return { name, usage, params, maxArgs: params.length };
}

/** A value as an error names it. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (value instanceof Tensor) return `a Tensor [${value.shape.join(',')}]`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const isTypedArray = (v: unknown): boolean => ArrayBuffer.isView(v) && !(v instanceof DataView);

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor);
}

/** Whether a value is of a kind (range and shape checks stay with the op). */
function fits(kind: ArgKind, v: unknown): boolean {
  switch (kind) {
    case 'tensor':
      return (
        v instanceof Tensor ||
        typeof v === 'number' ||
        typeof v === 'boolean' ||
        Array.isArray(v) ||
        isTypedArray(v)
      );
    case 'Tensor':
      return v instanceof Tensor;
    case 'tensors':
    case 'numbers':
      return Array.isArray(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'axis':
      return typeof v === 'number' || Array.isArray(v);
    case 'dtype':
      return typeof v === 'string';
    case 'options':
      return isPlainObject(v);
    case 'value':
      return typeof v === 'number' || typeof v === 'boolean';
    case 'object':
      return typeof v === 'object' && v !== null;
    case 'any':
      return true;
  }
}

/**
 * Checks a call against an op's form: at most `maxArgs` arguments, every required one given, and
 * each of the kind its parameter takes. Throws a `ValueError` naming the op and its usage.
 */
export function checkArgs(form: OpForm, args: readonly unknown[]): void {
  const { name, usage, params, maxArgs } = form;
  if (args.length > maxArgs) {
    throw new ValueError(
      `${name}: got ${args.length} arguments, expected at most ${maxArgs}: ${usage}`,
    );
  }
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const v = args[i];
    if (v === undefined) {
      if (!p.optional)
        throw new ValueError(`${name}: argument '${p.name}' is missing: expected ${usage}`);
      continue;
    }
    if (!fits(p.kind, v)) {
      throw new ValueError(
        `${name}: argument '${p.name}' is ${describeValue(v)}: expected ${KIND_FORMS[p.kind]}: ${usage}`,
      );
    }
  }
}

const forms = new WeakMap<object, OpForm>();

/** Wraps `body` so that every call is checked against the form parsed from `usage`. */
export function withForm<A extends unknown[], R>(
  usage: string,
  body: (...args: A) => R,
  run: (name: string, call: () => R) => R = (_, call) => call(),
): (...args: A) => R {
  const form = parseForm(usage);
  const wrapped = (...args: A): R => {
    checkArgs(form, args);
    return run(form.name, () => body(...args));
  };
  Object.defineProperty(wrapped, 'name', { value: form.name });
  forms.set(wrapped, form);
  return wrapped;
}

/**
 * The call form of a Glia op (`undefined` for a function that is not one): its usage string and
 * the most arguments it takes. Every op of @glia/core has one and checks its calls against it.
 *
 * ```ts
 * console.log(glia.opForm(glia.sum)?.usage); // 'sum(x, axis?, keepDims?)'
 * console.log(glia.opForm(glia.sum)?.maxArgs); // 3
 * ```
 */
export function opForm(op: unknown): OpForm | undefined {
  return typeof op === 'function' ? forms.get(op) : undefined;
}
