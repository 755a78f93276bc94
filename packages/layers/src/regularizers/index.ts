export * as regularizers from './factories';
export type { SerializedRegularizer } from './get-regularizer';
export { getRegularizer, serializeRegularizer } from './get-regularizer';
export type { L1L2Args } from './l1l2';
export { L1L2 } from './l1l2';
export type { Regularizer, RegularizerIdentifier } from './regularizer';
