import {
  add,
  type FusedActivation,
  fusedMatMul,
  matMul,
  reshape,
  type Tensor,
  tidy,
} from '@glia/core';
import type { ActivationIdentifier } from '../activations/activation';
import { fusedActivationOf } from '../activations/fused-activation';
import { type FieldsOf, readFields } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { KERNEL_BIAS_FIELDS, positiveIntField } from './fields';
import { KernelBiasLayer } from './kernel-bias-layer';
import {
  expectRank,
  type InitializerArg,
  knownDim,
  type RegularizerArg,
  readSavedConfig,
  who,
} from './layer-utils';

/** `dense()` settings, as TF.js names them. */
export interface DenseArgs extends LayerArgs {
  /** Output features. */
  units: number;
  /** Default 'linear' (none). */
  activation?: ActivationIdentifier | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform' (Keras' default; TF.js defaults to glorotNormal). */
  kernelInitializer?: InitializerArg;
  /** Default 'zeros'. */
  biasInitializer?: InitializerArg;
  kernelRegularizer?: RegularizerArg;
  biasRegularizer?: RegularizerArg;
}

const DENSE_FIELDS = {
  units: positiveIntField(),
  ...KERNEL_BIAS_FIELDS,
} satisfies FieldsOf<DenseArgs>;

/**
 * A fully connected layer: `activation(x · kernel + bias)`, with kernel [inputFeatures, units]. An
 * input of rank > 2 is transformed along its last axis, as in Keras.
 *
 * ```ts
 * dense({ units: 10, activation: 'softmax' });
 * ```
 */
export class Dense extends KernelBiasLayer {
  static override readonly className = 'Dense';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = DENSE_FIELDS;

  /** A mask passes through (it works on each timestep alone). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly units: number;

  constructor(args: DenseArgs) {
    super(args, DENSE_FIELDS);
    this.units = readFields(who(this), DENSE_FIELDS, args).units;
  }

  override build(inputShape: SymbolicShape): void {
    const owner = who(this);
    if (inputShape.length < 2) expectRank(owner, inputShape, 2, '(batch, features) or more');
    const inputFeatures = knownDim(owner, inputShape, inputShape.length - 1, 'last dimension');
    this.addKernelAndBias([inputFeatures, this.units], this.units);
    super.build(inputShape);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    if (inputShape.length < 2) expectRank(who(this), inputShape, 2, '(batch, features) or more');
    return [...inputShape.slice(0, -1), this.units];
  }

  protected call(input: Tensor): Tensor {
    return tidy(() => {
      // With a bias and a relu or linear activation, one fused kernel does the whole layer.
      const fused = this.bias ? fusedActivationOf(this.activation) : null;
      return fused === null ? this.activation.apply(this.linear(input)) : this.linear(input, fused);
    });
  }

  override applyLogits(input: Tensor): Tensor {
    this.prepare(input);
    return tidy(() => this.linear(input));
  }

  /** x · kernel + bias, along the last axis; with `fused`, that activation too, in one kernel. */
  private linear(input: Tensor, fused?: FusedActivation): Tensor {
    const kernel = this.kernel!;
    const flat = input.rank === 2 ? input : reshape(input, [-1, kernel.shape[0]!]);
    let out: Tensor;
    if (fused !== undefined) {
      out = fusedMatMul(flat, kernel, this.bias!, { activation: fused });
    } else {
      out = matMul(flat, kernel);
      if (this.bias) out = add(out, this.bias);
    }
    return input.rank === 2 ? out : reshape(out, [...input.shape.slice(0, -1), this.units]);
  }

  static fromConfig(config: Record<string, unknown>): Dense {
    return new Dense(readSavedConfig(Dense, config));
  }
}
