import type { FusedActivation } from '@glia/core';
import type { Activation } from './activation';
import { linear, relu } from './functions';

/**
 * The fused kernels' name for a built-in activation they can apply themselves (relu, linear), or
 * null: a layer then applies the activation as its own op.
 */
export function fusedActivationOf(activation: Activation): FusedActivation | null {
  if (activation === relu) return 'relu';
  if (activation === linear) return 'linear';
  return null;
}
