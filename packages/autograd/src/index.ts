/**
 * @glia/autograd: gradients for Glia on every backend. Importing it registers a gradient rule for
 * every differentiable kernel of core's kernel table.
 * @packageDocumentation
 */
import { registerGradient } from './gradient-registry';
import { activationGradientGradients } from './gradients/activation-gradients';
import { activationGradients } from './gradients/activations';
import { binaryGradients } from './gradients/binary';
import { convGradients } from './gradients/conv';
import { fusedGradients } from './gradients/fused';
import { linalgGradients } from './gradients/linalg';
import { movementGradients } from './gradients/movement';
import { normalizationGradients } from './gradients/normalization';
import { poolGradients } from './gradients/pool';
import { reductionGradients } from './gradients/reductions';
import { unaryGradients } from './gradients/unary';

// Registered here, in the entry, so that importing the package is what registers them.
for (const rule of [
  ...unaryGradients,
  ...binaryGradients,
  ...reductionGradients,
  ...movementGradients,
  ...linalgGradients,
  ...activationGradients,
  ...activationGradientGradients,
  ...convGradients,
  ...fusedGradients,
  ...poolGradients,
  ...normalizationGradients,
]) {
  registerGradient(rule);
}

export type { CustomGradient } from './api';
export {
  customGrad,
  grad,
  grads,
  stopGradient,
  valueAndGrad,
  valueAndGrads,
  variableGrads,
} from './api';
export type {
  GradientCheckOptions,
  GradientCheckResult,
  GradientTolerance,
} from './gradient-check';
export { checkGradient, checkGradientAsync } from './gradient-check';
export type {
  AnyGradientRule,
  DifferentiableKernelName,
  GradientRule,
  InputGradients,
  NonDifferentiableKernelName,
  SavedKernel,
} from './gradient-registry';
export { kernelsWithoutGradient, registerGradient } from './gradient-registry';
export { reduceTo } from './gradients/broadcast';
export { NON_DIFFERENTIABLE_KERNELS } from './gradients/nondifferentiable';
export type { VariableOptions } from './variable';
export { listVariables, Variable, variable } from './variable';
