import type {
  BinaryKernelName,
  CompositeKernelName,
  MultiOutputKernelName,
  PrimitiveKernelName,
  UnaryKernelName,
} from './kernel-table';

/** The unary predicates: bool out. */
const UNARY_PREDICATES = ['isNaN', 'isFinite', 'logicalNot'] as const;

/** The comparisons and logical connectives: bool out. */
const BINARY_PREDICATES = [
  'equal',
  'notEqual',
  'less',
  'lessEqual',
  'greater',
  'greaterEqual',
  'logicalAnd',
  'logicalOr',
] as const;

/** The elementwise unary primitive kernels (`x` in, one tensor out), at run time. */
export const UNARY_KERNELS = [
  'neg',
  'abs',
  'sign',
  'square',
  'relu',
  'floor',
  'ceil',
  'round',
  'exp',
  'expm1',
  'log',
  'log1p',
  'sqrt',
  'rsqrt',
  'reciprocal',
  'sin',
  'cos',
  'tanh',
  'sigmoid',
  'erf',
  ...UNARY_PREDICATES,
] as const satisfies readonly UnaryKernelName[];

/** The elementwise binary primitive kernels (`a`, `b` in, broadcast), at run time. */
export const BINARY_KERNELS = [
  'add',
  'sub',
  'mul',
  'div',
  'floorDiv',
  'mod',
  'pow',
  'maximum',
  'minimum',
  ...BINARY_PREDICATES,
] as const satisfies readonly BinaryKernelName[];

/** The reductions among the primitive kernels (argMax and argMin over one axis). */
const PRIMITIVE_REDUCTIONS = [
  'sum',
  'prod',
  'max',
  'min',
  'all',
  'any',
  'argMax',
  'argMin',
] as const;

/** The reductions core composes: mean, logSumExp and moments. */
const COMPOSITE_REDUCTIONS = ['mean', 'logSumExp', 'moments'] as const;

/** Every reduction kernel: the primitive ones, then the composite ones. */
export const REDUCTION_KERNELS = [...PRIMITIVE_REDUCTIONS, ...COMPOSITE_REDUCTIONS] as const;

/** The name of a reduction kernel. */
export type ReductionKernelName = (typeof REDUCTION_KERNELS)[number];

/**
 * The kernels whose output is bool whatever the dtype of their inputs: the elementwise predicates
 * and comparisons, and the reductions all and any. (cast to bool depends on its attribute.)
 */
export const BOOL_OUTPUT_KERNELS = [
  ...UNARY_PREDICATES,
  ...BINARY_PREDICATES,
  'all',
  'any',
] as const satisfies readonly PrimitiveKernelName[];

/** Every primitive kernel name, at run time (the type is the source of truth; this list is checked against it). */
export const PRIMITIVE_KERNELS = [
  ...UNARY_KERNELS,
  ...BINARY_KERNELS,
  'where',
  'cast',
  ...PRIMITIVE_REDUCTIONS,
  'transpose',
  'slice',
  'concat',
  'pad',
  'gather',
  'unsortedSegmentSum',
  'tile',
  'reverse',
  'batchMatMul',
] as const satisfies readonly PrimitiveKernelName[];

/**
 * The activation kernels core composes from primitives and a backend may run in one pass each;
 * they keep the input dtype.
 */
export const ACTIVATION_KERNELS = [
  'relu6',
  'leakyRelu',
  'elu',
  'selu',
  'gelu',
  'softplus',
  'clipByValue',
] as const satisfies readonly CompositeKernelName[];

/** The name of an activation kernel. */
export type ActivationKernelName = (typeof ACTIVATION_KERNELS)[number];

/** Every composite kernel name, at run time. */
export const COMPOSITE_KERNELS = [
  'reshape',
  'identity',
  ...ACTIVATION_KERNELS,
  'squaredDifference',
  ...COMPOSITE_REDUCTIONS,
  'softmax',
  'logSoftmax',
  'broadcastTo',
  'split',
  'oneHot',
  'conv2d',
  'conv2dBackpropInput',
  'conv2dBackpropFilter',
  'fusedConv2d',
  'fusedMatMul',
  'maxPool',
  'avgPool',
  'maxPoolGrad',
  'avgPoolGrad',
  'batchNorm',
  'adamUpdate',
  'reluGrad',
  'sigmoidGrad',
  'tanhGrad',
] as const satisfies readonly CompositeKernelName[];

/**
 * The kernels that return a list of tensors, at run time: a one-piece `split` still returns a list,
 * so the length of a kernel's outputs does not tell.
 */
export const MULTI_OUTPUT_KERNELS = [
  'moments',
  'split',
  'adamUpdate',
] as const satisfies readonly MultiOutputKernelName[];

// Compile-time proof that the lists above name every kernel of the table.
type AllListed<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const _allListed: [
  AllListed<PrimitiveKernelName, (typeof PRIMITIVE_KERNELS)[number]>,
  AllListed<CompositeKernelName, (typeof COMPOSITE_KERNELS)[number]>,
  AllListed<UnaryKernelName, (typeof UNARY_KERNELS)[number]>,
  AllListed<BinaryKernelName, (typeof BINARY_KERNELS)[number]>,
  AllListed<MultiOutputKernelName, (typeof MULTI_OUTPUT_KERNELS)[number]>,
] = [true, true, true, true, true];
void _allListed;
