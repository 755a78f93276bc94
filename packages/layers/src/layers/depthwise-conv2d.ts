/**
 * Depthwise and depthwise-separable 2-D convolutions (MobileNet, Xception). The depthwise step
 * convolves each input channel with its own `depthMultiplier` filters; it runs as one 2-D
 * convolution per channel, so every backend has it with its gradient, without a new kernel.
 */
import type { Variable } from '@glia/autograd';
import { concat, conv2d as conv2dOp, split, type Tensor } from '@glia/core';
import type { ActivationIdentifier } from '../activations/activation';
import type { FieldsOf } from '../engine/config-schema';
import type { LayerArgs, LayerParams } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import type { Initializer } from '../initializers/initializer';
import type { Regularizer } from '../regularizers/regularizer';
import { ActivatedLayer } from './activated-layer';
import {
  activationField,
  boolField,
  channelsLastField,
  initializerField,
  intTupleField,
  nullOnlyField,
  omittedAtDefault,
  paddingField,
  positiveIntField,
  positiveIntOr,
  regularizerField,
} from './fields';
import { layerFactory } from './layer-factory';
import {
  checkStridesOrDilation,
  convWindowShape,
  expectRank,
  type InitializerArg,
  knownDim,
  type RegularizerArg,
  who,
} from './layer-utils';

/** The depthwise step: channel c's `m` filters give output channels c·m .. c·m + m - 1, as TF. */
function depthwise(
  input: Tensor,
  kernel: Tensor,
  options: { strides: [number, number]; padding: 'valid' | 'same'; dilations: [number, number] },
): Tensor {
  const channels = input.shape[3]!;
  if (channels === 1) return conv2dOp(input, kernel, options);
  const inputs = split(input, channels, 3);
  const kernels = split(kernel, channels, 2);
  return concat(
    inputs.map((x, c) => conv2dOp(x, kernels[c]!, options)),
    3,
  );
}

/** `depthwiseConv2d()` settings, as TF.js names them. */
export interface DepthwiseConv2DArgs extends LayerArgs {
  /** Window height and width; a number means square. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: 'valid' | 'same';
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: 'channelsLast';
  /** Default 1; strides and dilations above 1 cannot be combined. */
  dilationRate?: number | [number, number];
  /** Filters per input channel; default 1. */
  depthMultiplier?: number;
  /** Default 'linear' (none). */
  activation?: ActivationIdentifier | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform' (Keras' default; TF.js defaults to glorotNormal). */
  depthwiseInitializer?: InitializerArg;
  /** Default 'zeros'. */
  biasInitializer?: InitializerArg;
  depthwiseRegularizer?: RegularizerArg;
  biasRegularizer?: RegularizerArg;
}

/** `separableConv2d()` settings, as TF.js names them. */
export interface SeparableConv2DArgs extends Omit<DepthwiseConv2DArgs, 'kernelSize'> {
  /** Output channels (of the pointwise step). */
  filters: number;
  /** Window height and width of the depthwise step; a number means square. */
  kernelSize: number | [number, number];
  /** Default 'glorotUniform'. */
  pointwiseInitializer?: InitializerArg;
  pointwiseRegularizer?: RegularizerArg;
}

const WINDOW_FIELDS = {
  kernelSize: intTupleField(2),
  strides: intTupleField(2, 1),
  padding: paddingField(),
  dataFormat: channelsLastField(),
  dilationRate: intTupleField(2, 1),
};

const DEPTHWISE_FIELDS = {
  ...WINDOW_FIELDS,
  depthMultiplier: positiveIntOr(1),
  activation: activationField(),
  useBias: boolField(true),
  depthwiseInitializer: initializerField('glorotUniform'),
  biasInitializer: initializerField('zeros'),
  depthwiseRegularizer: regularizerField(),
  biasRegularizer: regularizerField(),
  activityRegularizer: nullOnlyField(),
  depthwiseConstraint: nullOnlyField(),
  biasConstraint: nullOnlyField(),
} satisfies FieldsOf<DepthwiseConv2DArgs>;

const SEPARABLE_FIELDS = {
  filters: positiveIntField(),
  ...DEPTHWISE_FIELDS,
  // TF.js 4.22 neither writes nor reads it (Keras does): written only when it is not 1.
  depthMultiplier: omittedAtDefault(positiveIntOr(1), 1),
  pointwiseInitializer: initializerField('glorotUniform'),
  pointwiseRegularizer: regularizerField(),
  pointwiseConstraint: nullOnlyField(),
} satisfies FieldsOf<SeparableConv2DArgs>;

const NHWC = '(batch, height, width, channels)';

/** What the two share: the window, the depthwise kernel, the bias and the activation. */
abstract class DepthwiseBase<A extends DepthwiseConv2DArgs> extends ActivatedLayer<A> {
  declare readonly kernelSize: [number, number];
  declare readonly strides: [number, number];
  declare readonly padding: 'valid' | 'same';
  readonly dataFormat = 'channelsLast' as const;
  declare readonly dilationRate: [number, number];
  declare readonly depthMultiplier: number;
  declare readonly depthwiseInitializer: Initializer;
  declare readonly depthwiseRegularizer: Regularizer | undefined;
  /** [kernelHeight, kernelWidth, inChannels, depthMultiplier]; set by `build`. */
  depthwiseKernel?: Variable;

  constructor(...params: LayerParams<A>) {
    super(...params);
    checkStridesOrDilation(who(this), this.strides, this.dilationRate);
  }

  /** Output channels. */
  protected abstract outputChannels(inChannels: number | null): number | null;

  /** Creates the depthwise kernel; subclasses add theirs, then the bias is made. */
  protected buildKernels(inChannels: number): void {
    this.depthwiseKernel = this.addWeight(
      'depthwise_kernel',
      [...this.kernelSize, inChannels, this.depthMultiplier],
      this.depthwiseInitializer,
      { regularizer: this.depthwiseRegularizer },
    );
  }

  override build(inputShape: SymbolicShape): void {
    this.computeOutputShape(inputShape);
    const inChannels = knownDim(who(this), inputShape, 3, 'channel dimension');
    this.buildKernels(inChannels);
    this.addBias(this.outputChannels(inChannels)!);
    super.build(inputShape);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, 4, NHWC);
    const [outH, outW] = convWindowShape(who(this), inputShape.slice(1, 3), this);
    return [inputShape[0] ?? null, outH, outW, this.outputChannels(inputShape[3] ?? null)];
  }

  protected depthwiseStep(input: Tensor): Tensor {
    return depthwise(input, this.depthwiseKernel!, {
      strides: this.strides,
      padding: this.padding,
      dilations: this.dilationRate,
    });
  }
}

/**
 * Depthwise 2-D convolution: each input channel convolved with its own `depthMultiplier` filters;
 * kernel [kernelHeight, kernelWidth, inChannels, depthMultiplier], output inChannels·depthMultiplier
 * channels.
 *
 * ```ts
 * depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' });
 * ```
 */
export class DepthwiseConv2D extends DepthwiseBase<DepthwiseConv2DArgs> {
  static override readonly className = 'DepthwiseConv2D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = DEPTHWISE_FIELDS;

  protected outputChannels(inChannels: number | null): number | null {
    return inChannels === null ? null : inChannels * this.depthMultiplier;
  }

  protected linear(input: Tensor): Tensor {
    return this.depthwiseStep(input);
  }
}

/** Depthwise 2-D convolution (`DepthwiseConv2D`). */
export const depthwiseConv2d = layerFactory('depthwiseConv2d', DepthwiseConv2D);

/**
 * Depthwise-separable 2-D convolution: a depthwise step, then a 1×1 convolution mixing channels
 * into `filters` outputs. Far fewer weights than a Conv2D of the same window.
 *
 * ```ts
 * separableConv2d({ filters: 32, kernelSize: 3, activation: 'relu', padding: 'same' });
 * ```
 */
export class SeparableConv2D extends DepthwiseBase<SeparableConv2DArgs> {
  static override readonly className = 'SeparableConv2D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = SEPARABLE_FIELDS;
  declare readonly filters: number;
  declare readonly pointwiseInitializer: Initializer;
  declare readonly pointwiseRegularizer: Regularizer | undefined;
  /** [1, 1, inChannels·depthMultiplier, filters]; set by `build`. */
  pointwiseKernel?: Variable;

  protected outputChannels(): number {
    return this.filters;
  }

  protected override buildKernels(inChannels: number): void {
    super.buildKernels(inChannels);
    this.pointwiseKernel = this.addWeight(
      'pointwise_kernel',
      [1, 1, inChannels * this.depthMultiplier, this.filters],
      this.pointwiseInitializer,
      { regularizer: this.pointwiseRegularizer },
    );
  }

  protected linear(input: Tensor): Tensor {
    return conv2dOp(this.depthwiseStep(input), this.pointwiseKernel!, { padding: 'valid' });
  }
}

/** Depthwise-separable 2-D convolution (`SeparableConv2D`). */
export const separableConv2d = layerFactory('separableConv2d', SeparableConv2D);
