import type { DType, TensorInfo } from '../types';

/*
 * The kernel table: every kernel Glia dispatches, with its inputs, attributes and output, as one
 * TypeScript type. A backend's kernel table is checked against it, so a kernel with a wrong signature
 * does not compile. `T` is what a tensor is at that level: `TensorInfo` for backends, `Tensor` for the
 * default compositions written in ops.
 *
 * Conventions every backend can rely on (the ops guarantee them before dispatch):
 * - Binary kernels get two inputs of the same dtype; the output has the broadcast shape of both.
 * - Unary math kernels that only make sense on reals (exp, log, sin, ...) get float32.
 * - Reduction axes are normalised (non-negative, sorted, unique, non-empty) and the output drops them.
 * - Convolution and pooling padding arrives explicit: [top, bottom, left, right].
 *
 * Semantics the conformance kit holds every backend to:
 * - NaN propagates through maximum/minimum, the max/min reductions, relu and pooling; sign(NaN) is NaN;
 *   pow(NaN, 0) is 1.
 * - Over an empty axis: sum 0, prod 1, max -Infinity, min Infinity, mean NaN, all true, any false;
 *   logSumExp over nothing or over all -Infinity is -Infinity.
 * - moments are computed so that a large common offset does not destroy the variance.
 */

type X<T> = { x: T };
type AB<T> = { a: T; b: T };
type NoAttrs = Record<string, never>;

/** One kernel: its inputs, attributes and output. */
export interface KernelSpec<I, A, O> {
  inputs: I;
  attrs: A;
  output: O;
}

type Unary<T> = KernelSpec<X<T>, NoAttrs, T>;
type Binary<T> = KernelSpec<AB<T>, NoAttrs, T>;
type Reduce<T> = KernelSpec<X<T>, { axes: number[] }, T>;

/** Explicit padding of a 2-D window op: [top, bottom, left, right]. */
export type Pad2d = [number, number, number, number];

/** Attributes of conv2d and its backprop kernels (NHWC input, HWIO filter). */
export interface Conv2dAttrs {
  strides: [number, number];
  pad: Pad2d;
  dilations: [number, number];
}

/** Attributes of the 2-D pooling kernels (NHWC). */
export interface Pool2dAttrs {
  filterSize: [number, number];
  strides: [number, number];
  pad: Pad2d;
}

/** The activations a fused kernel applies after its bias: none, or max(x, 0). */
export type FusedActivation = 'linear' | 'relu';

/** Kernels every backend must implement. */
export interface PrimitiveKernelSpecs<T> {
  // elementwise unary; output dtype = input dtype
  neg: Unary<T>;
  abs: Unary<T>;
  sign: Unary<T>;
  square: Unary<T>;
  relu: Unary<T>;
  floor: Unary<T>;
  ceil: Unary<T>;
  /** Rounds half to even, as NumPy and TF do. */
  round: Unary<T>;
  // float32 only
  exp: Unary<T>;
  expm1: Unary<T>;
  log: Unary<T>;
  log1p: Unary<T>;
  sqrt: Unary<T>;
  rsqrt: Unary<T>;
  reciprocal: Unary<T>;
  sin: Unary<T>;
  cos: Unary<T>;
  tanh: Unary<T>;
  sigmoid: Unary<T>;
  erf: Unary<T>;
  // output bool
  isNaN: Unary<T>;
  isFinite: Unary<T>;
  logicalNot: Unary<T>;

  // elementwise binary with broadcasting; output dtype = input dtype
  add: Binary<T>;
  sub: Binary<T>;
  mul: Binary<T>;
  /** float32 division (ints are cast to float32 by the op). */
  div: Binary<T>;
  /** floor(a / b); int32 division by zero gives 0. */
  floorDiv: Binary<T>;
  /** Remainder with the sign of the divisor (Python's %); int32 mod by zero gives 0. */
  mod: Binary<T>;
  pow: Binary<T>;
  maximum: Binary<T>;
  minimum: Binary<T>;
  // output bool
  equal: Binary<T>;
  notEqual: Binary<T>;
  less: Binary<T>;
  lessEqual: Binary<T>;
  greater: Binary<T>;
  greaterEqual: Binary<T>;
  logicalAnd: Binary<T>;
  logicalOr: Binary<T>;

  /** `condition ? a : b` elementwise, all three broadcast together; condition is bool. */
  where: KernelSpec<{ condition: T; a: T; b: T }, NoAttrs, T>;
  cast: KernelSpec<X<T>, { dtype: DType }, T>;

  // reductions; sum and prod of int32 stay int32; max/min keep the dtype; all/any take bool
  sum: Reduce<T>;
  prod: Reduce<T>;
  max: Reduce<T>;
  min: Reduce<T>;
  all: Reduce<T>;
  any: Reduce<T>;
  /** Index (int32) of the first maximum along `axis`. */
  argMax: KernelSpec<X<T>, { axis: number }, T>;
  argMin: KernelSpec<X<T>, { axis: number }, T>;

  // movement
  transpose: KernelSpec<X<T>, { perm: number[] }, T>;
  slice: KernelSpec<X<T>, { begin: number[]; size: number[] }, T>;
  concat: KernelSpec<{ tensors: T[] }, { axis: number }, T>;
  pad: KernelSpec<X<T>, { paddings: [number, number][]; constantValue: number }, T>;
  /** Output shape: x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]; indices are int32. */
  gather: KernelSpec<{ x: T; indices: T }, { axis: number }, T>;
  /**
   * Sums slices of `x` along `axis` into `numSegments` buckets by the int32 1-D `segmentIds`
   * (length x.shape[axis]); ids outside [0, numSegments) are dropped. The gradient of gather.
   */
  unsortedSegmentSum: KernelSpec<{ x: T; segmentIds: T }, { numSegments: number; axis: number }, T>;
  tile: KernelSpec<X<T>, { reps: number[] }, T>;
  reverse: KernelSpec<X<T>, { axes: number[] }, T>;

  /** [batch, m, k] x [batch, k, n] (after the transposes) -> [batch, m, n]; equal batch sizes. */
  batchMatMul: KernelSpec<AB<T>, { transposeA: boolean; transposeB: boolean }, T>;
}

/** Kernels with a default composition in core; a backend may implement them to be faster. */
export interface CompositeKernelSpecs<T> {
  /** Shares the input's data under a new shape of the same size. */
  reshape: KernelSpec<X<T>, { shape: number[] }, T>;
  /** Shares the input's data (used by clone). */
  identity: Unary<T>;
  relu6: Unary<T>;
  leakyRelu: KernelSpec<X<T>, { alpha: number }, T>;
  elu: Unary<T>;
  selu: Unary<T>;
  gelu: KernelSpec<X<T>, { approximate: boolean }, T>;
  softplus: Unary<T>;
  clipByValue: KernelSpec<X<T>, { min: number; max: number }, T>;
  squaredDifference: Binary<T>;
  mean: Reduce<T>;
  logSumExp: Reduce<T>;
  /** [mean, variance] over `axes` (population variance). */
  moments: KernelSpec<X<T>, { axes: number[] }, [T, T]>;
  softmax: KernelSpec<X<T>, { axis: number }, T>;
  logSoftmax: KernelSpec<X<T>, { axis: number }, T>;
  broadcastTo: KernelSpec<X<T>, { shape: number[] }, T>;
  /**
   * The consecutive pieces of `x` along `axis`, one output per entry of `sizes` (non-negative,
   * summing to x.shape[axis]); split and unstack call it, so its gradient is one concat.
   */
  split: KernelSpec<X<T>, { axis: number; sizes: number[] }, T[]>;
  /** float32 [...indices.shape, depth]; indices int32, out-of-range rows are all offValue. */
  oneHot: KernelSpec<{ indices: T }, { depth: number; onValue: number; offValue: number }, T>;
  /** x [n,h,w,ci], filter [fh,fw,ci,co] -> [n,oh,ow,co]. */
  conv2d: KernelSpec<{ x: T; filter: T }, Conv2dAttrs, T>;
  /** Gradient of conv2d with respect to x. */
  conv2dBackpropInput: KernelSpec<{ dy: T; filter: T }, Conv2dAttrs & { inputShape: number[] }, T>;
  /** Gradient of conv2d with respect to filter. */
  conv2dBackpropFilter: KernelSpec<{ x: T; dy: T }, Conv2dAttrs & { filterShape: number[] }, T>;
  /**
   * activation(conv2d(x, filter) + bias), bias [outChannels]: the result of those three kernels
   * (the sum rounded to float32 before the activation), in one kernel a backend may fuse.
   */
  fusedConv2d: KernelSpec<
    { x: T; filter: T; bias: T },
    Conv2dAttrs & { activation: FusedActivation },
    T
  >;
  /**
   * activation(op(a) · op(b) + bias) for float32 matrices (op transposes when asked) and bias [n]:
   * the result of batchMatMul, add and the activation, in one kernel a backend may fuse.
   */
  fusedMatMul: KernelSpec<
    { a: T; b: T; bias: T },
    { transposeA: boolean; transposeB: boolean; activation: FusedActivation },
    T
  >;
  maxPool: KernelSpec<X<T>, Pool2dAttrs, T>;
  avgPool: KernelSpec<X<T>, Pool2dAttrs, T>;
  /** Routes dy to the first maximum of each window. */
  maxPoolGrad: KernelSpec<{ dy: T; x: T }, Pool2dAttrs, T>;
  /** Spreads dy evenly over the non-padding cells of each window. */
  avgPoolGrad: KernelSpec<{ dy: T }, Pool2dAttrs & { inputShape: number[] }, T>;
  /** (x - mean) / sqrt(variance + epsilon) * scale + offset, all broadcast against x. */
  batchNorm: KernelSpec<
    { x: T; mean: T; variance: T; offset: T; scale: T },
    { epsilon: number },
    T
  >;
  /**
   * One Adam step on a float32 parameter, in Keras 3's form: m' = m + (grad - m)·(1 - beta1),
   * v' = v + (grad² - v)·(1 - beta2), param' = param - (m'·alpha) / (√v' + epsilon), with every
   * operation rounded to float32 in that order (scalars too). alpha is the step's learning rate
   * with the bias corrections folded in. Outputs [param', m', v'], each of param's shape.
   */
  adamUpdate: KernelSpec<
    { param: T; grad: T; m: T; v: T },
    { alpha: number; beta1: number; beta2: number; epsilon: number },
    [T, T, T]
  >;
  // The elementwise gradients of relu, sigmoid and tanh: float32, dy and x/y of one shape.
  /** dy where x > 0, else dy * 0 (so 0, -0 or NaN for an infinite or NaN dy); x = 0 and NaN give 0. */
  reluGrad: KernelSpec<{ dy: T; x: T }, NoAttrs, T>;
  /** dy * (y * (1 - y)), with y = sigmoid(x); rounded in that order. */
  sigmoidGrad: KernelSpec<{ dy: T; y: T }, NoAttrs, T>;
  /** dy * (1 - y * y), with y = tanh(x); rounded in that order. */
  tanhGrad: KernelSpec<{ dy: T; y: T }, NoAttrs, T>;
}

/** Every kernel, primitive and composite. */
export interface KernelSpecs<T> extends PrimitiveKernelSpecs<T>, CompositeKernelSpecs<T> {}

export type PrimitiveKernelName = keyof PrimitiveKernelSpecs<TensorInfo>;
export type CompositeKernelName = keyof CompositeKernelSpecs<TensorInfo>;
export type KernelName = keyof KernelSpecs<TensorInfo>;

export type KernelInputs<K extends KernelName, T = TensorInfo> = KernelSpecs<T>[K]['inputs'];
export type KernelAttrs<K extends KernelName> = KernelSpecs<TensorInfo>[K]['attrs'];
export type KernelOutput<K extends KernelName, T = TensorInfo> = KernelSpecs<T>[K]['output'];

/** Primitive kernels whose spec is exactly `Spec` (used to name kernel families). */
type PrimitivesShaped<Spec> = {
  [K in PrimitiveKernelName]: PrimitiveKernelSpecs<TensorInfo>[K] extends Spec
    ? Spec extends PrimitiveKernelSpecs<TensorInfo>[K]
      ? K
      : never
    : never;
}[PrimitiveKernelName];

/** The elementwise unary primitive kernels: input `x`, no attributes. */
export type UnaryKernelName = PrimitivesShaped<Unary<TensorInfo>>;

/** The elementwise binary primitive kernels: inputs `a`, `b` broadcast together, no attributes. */
export type BinaryKernelName = PrimitivesShaped<Binary<TensorInfo>>;

/** The kernels whose output is a list of tensors (their gradient rules get a list of `dy`). */
export type MultiOutputKernelName = {
  [K in KernelName]: KernelSpecs<TensorInfo>[K]['output'] extends readonly unknown[] ? K : never;
}[KernelName];

/** A backend's implementation of kernel `K`. */
export type KernelImpl<K extends KernelName> = (
  inputs: KernelInputs<K>,
  attrs: KernelAttrs<K>,
) => KernelOutput<K>;

/**
 * A backend's kernel table: every primitive kernel, any composite ones it implements natively.
 * Writing a kernel with the wrong signature here is a compile error.
 */
export type BackendKernels = { [K in PrimitiveKernelName]: KernelImpl<K> } & {
  [K in CompositeKernelName]?: KernelImpl<K>;
};
