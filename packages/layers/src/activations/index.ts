export type { Activation, ActivationIdentifier } from './activation';
/** The built-in activation functions: `activations.relu.apply(x)`. */
export * as activations from './functions';
export { ACTIVATION_NAMES, getActivation } from './get-activation';
