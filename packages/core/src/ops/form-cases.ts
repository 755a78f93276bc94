// Hostile calls of every op, derived from its form: one argument too many, each required argument
// missing, and each parameter whose kind the op can tell given a value of another kind. The core
// test and the reliability suite run them over every exported function of @glia/core, so an op
// exported without a form fails both.
// Type-only imports: `@glia/core/testing` must not bundle the Tensor class apart from the index.
import type { ArgKind, OpForm } from './op-form';

/**
 * Exported functions of @glia/core that are not ops: the engine, the registry, shape and dtype
 * helpers, host-side image transforms, and the helpers ops are built from. Everything else that
 * is exported and callable is an op and must have a form.
 */
export const NOT_OPS: readonly string[] = [
  'addKernelHook',
  'addProfileHook',
  'allocArray',
  'arithmeticDType',
  'assertAllocatable',
  'assignData',
  'augmentationFactorRange',
  'binaryOperands',
  'broadcastShapes',
  'bytesPerElement',
  'checkOptions',
  'closestName',
  'composeTransforms',
  'conv2dGeometry',
  'dataSyncIfAvailable',
  'defineOp',
  'didYouMean',
  'dispose',
  'drawFlipTransform',
  'drawRotationTransform',
  'drawTranslationTransform',
  'drawUniform',
  'drawZoomTransform',
  'dtypeOfArray',
  'extractPatches',
  'fillIndex',
  'flipTransform',
  'fmtShape',
  'getBackend',
  'getBackendName',
  'getFallbackCounts',
  'hasComposition',
  'identitySharingStorage',
  'int32Indices',
  'keep',
  'listBackends',
  'lookupName',
  'makeTensor',
  'memory',
  'newDataId',
  'normalizeAxes',
  'normalizeAxis',
  'opForm',
  'patchIndexTable',
  'planImageSampling',
  'pool2dGeometry',
  'profile',
  'randomNormalValues',
  'ready',
  'reducedShape',
  'registerBackend',
  'registerComposition',
  'removeBackend',
  'resetFallbackCounts',
  'reshapeSharingStorage',
  'resolvePad2d',
  'retain',
  'rotationTransform',
  'runKernel',
  'seedFromGlobalGenerator',
  'setBackend',
  'setSeed',
  'shapesEqual',
  'shareData',
  'sizeFromShape',
  'splitSlices',
  'stridesOf',
  'tidy',
  'toTensor',
  'translationTransform',
  'upcastDType',
  'window2dGeometry',
  'windowOutputSize',
  'zoomTransform',
];

/** One hostile call of an op. */
export interface FormCase {
  op: string;
  title: string;
  /** The arguments; `sample` is a live tensor for the parameters that take one. */
  args: (sample: object) => unknown[];
  /** What the `ValueError`'s message must match. */
  message: RegExp;
}

/** A value of each kind, for the parameters before the one under test. */
function valid(kind: ArgKind, sample: object): unknown {
  switch (kind) {
    case 'tensor':
    case 'Tensor':
      return sample;
    case 'tensors':
      return [sample];
    case 'number':
    case 'value':
      return 1;
    case 'boolean':
      return false;
    case 'axis':
      return 0;
    case 'numbers':
      return [1];
    case 'dtype':
      return 'float32';
    case 'options':
    case 'object':
    case 'any':
      return {};
  }
}

/** A value of another kind, as other libraries' call forms or typos give it. */
const WRONG: Record<ArgKind, unknown> = {
  tensor: 'x',
  Tensor: [1, 2],
  tensors: 'tensors',
  number: '2',
  value: 'one',
  boolean: 'true',
  axis: { axis: 1 },
  numbers: 'shape',
  dtype: 32,
  options: 2,
  object: 'plan',
  any: undefined,
};

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The hostile calls of one op, from its form. */
export function formCasesOf(form: OpForm): FormCase[] {
  const { name, usage, params, maxArgs } = form;
  const before = (i: number, sample: object): unknown[] =>
    params.slice(0, i).map((p) => valid(p.kind, sample));
  const cases: FormCase[] = [
    {
      op: name,
      title: `${name}: ${maxArgs + 1} arguments`,
      args: (sample) => [...before(maxArgs, sample), 0],
      message: new RegExp(
        `^${escapeRegExp(`${name}: got ${maxArgs + 1} arguments, expected at most ${maxArgs}: ${usage}`)}$`,
      ),
    },
  ];
  params.forEach((p, i) => {
    if (!p.optional) {
      cases.push({
        op: name,
        title: `${name}: '${p.name}' missing`,
        args: (sample) => before(i, sample),
        message: new RegExp(
          `^${escapeRegExp(`${name}: argument '${p.name}' is missing: expected ${usage}`)}$`,
        ),
      });
    }
    if (p.kind !== 'any') {
      cases.push({
        op: name,
        title: `${name}: '${p.name}' given ${JSON.stringify(WRONG[p.kind])}`,
        args: (sample) => [...before(i, sample), WRONG[p.kind]],
        message: new RegExp(
          `^${escapeRegExp(`${name}: argument '${p.name}' is `)}.*${escapeRegExp(`: ${usage}`)}$`,
        ),
      });
    }
  });
  return cases;
}

/**
 * The ops among @glia/core's exports (every callable export not in `NOT_OPS`), each with its form
 * (read with the module's own `opForm`);
 * `missing` lists the ops that have none.
 */
export function opsOf(exports: Record<string, unknown>): {
  ops: { name: string; fn: (...args: unknown[]) => unknown; form: OpForm }[];
  missing: string[];
} {
  const ops: { name: string; fn: (...args: unknown[]) => unknown; form: OpForm }[] = [];
  const missing: string[] = [];
  const opForm = exports.opForm as (fn: unknown) => OpForm | undefined;
  for (const [name, value] of Object.entries(exports).sort(([a], [b]) => a.localeCompare(b))) {
    if (typeof value !== 'function' || NOT_OPS.includes(name)) continue;
    if (/^class\b/.test(Function.prototype.toString.call(value))) continue;
    const form = opForm(value);
    if (form === undefined) missing.push(name);
    else ops.push({ name, fn: value as (...args: unknown[]) => unknown, form });
  }
  return { ops, missing };
}
