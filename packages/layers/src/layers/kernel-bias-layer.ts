import type { Variable } from '@glia/autograd';
import type { ActivationIdentifier } from '../activations/activation';
import type { LayerArgs } from '../engine/layer';
import type { Initializer } from '../initializers/initializer';
import type { Regularizer } from '../regularizers/regularizer';
import { ActivatedLayer } from './activated-layer';
import type { InitializerArg, RegularizerArg } from './layer-utils';

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
export abstract class KernelBiasLayer<
  A extends KernelBiasArgs = KernelBiasArgs,
> extends ActivatedLayer<A> {
  declare readonly kernelInitializer: Initializer;
  declare readonly kernelRegularizer: Regularizer | undefined;
  /** Set by `build`. */
  kernel?: Variable;

  /** Creates the kernel, of `kernelShape`, and with `useBias` the bias, of [`outputs`]. */
  protected addKernelAndBias(kernelShape: number[], outputs: number): void {
    this.kernel = this.addWeight('kernel', kernelShape, this.kernelInitializer, {
      regularizer: this.kernelRegularizer,
    });
    this.addBias(outputs);
  }
}
