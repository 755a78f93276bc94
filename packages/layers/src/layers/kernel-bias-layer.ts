import type { Variable } from '@glia/autograd';
import type { Activation, ActivationIdentifier } from '../activations/activation';
import { readFields } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import type { Initializer } from '../initializers/initializer';
import type { Regularizer } from '../regularizers/regularizer';
import { ActivatedLayer } from './activated-layer';
import type { KERNEL_BIAS_FIELDS } from './fields';
import { type InitializerArg, type RegularizerArg, who } from './layer-utils';

/** The settings of dense's and the convolutions' kernel, bias and activation. */
export interface KernelBiasArgs extends LayerArgs {
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

/**
 * What dense, conv1d and conv2d share: a kernel, a bias when `useBias`, an activation, and the
 * settings of the three (KERNEL_BIAS_FIELDS).
 */
export abstract class KernelBiasLayer extends ActivatedLayer {
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | undefined;
  readonly biasRegularizer: Regularizer | undefined;
  /** Set by `build`. */
  kernel?: Variable;

  /** `fields`: the subclass's, which hold at least KERNEL_BIAS_FIELDS. */
  constructor(args: LayerArgs, fields: typeof KERNEL_BIAS_FIELDS) {
    super(args);
    const c = readFields(who(this), fields, args);
    this.activation = c.activation;
    this.useBias = c.useBias;
    this.kernelInitializer = c.kernelInitializer;
    this.biasInitializer = c.biasInitializer;
    this.kernelRegularizer = c.kernelRegularizer;
    this.biasRegularizer = c.biasRegularizer;
  }

  /** Creates the kernel, of `kernelShape`, and with `useBias` the bias, of [`outputs`]. */
  protected addKernelAndBias(kernelShape: number[], outputs: number): void {
    this.kernel = this.addWeight('kernel', kernelShape, this.kernelInitializer, {
      regularizer: this.kernelRegularizer,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [outputs], this.biasInitializer, {
        regularizer: this.biasRegularizer,
      });
    }
  }
}
