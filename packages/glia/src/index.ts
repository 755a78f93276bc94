/**
 * `glia`: the whole framework in one import, with the CPU backend registered (so the program below
 * needs no set-up line). The gpu.js backend joins here when it lands.
 *
 * ```ts
 * import * as glia from 'glia';
 * const model = glia.sequential({ layers: [
 *   glia.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }),
 *   glia.layers.dense({ units: 3, activation: 'softmax' }),
 * ]});
 * model.compile({ optimizer: glia.optimizers.adam(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * ```
 * @packageDocumentation
 */
import '@glia/backend-cpu';

export * from '@glia/autograd';
export { CpuBackend } from '@glia/backend-cpu';
export * from '@glia/core';
export * from '@glia/datasets';
/** Attributions as a namespace: `glia.explain.integratedGradients(model, x)`. */
export * as explain from '@glia/explain';
export * from '@glia/layers';
export type { Optimizer, ParamGrad } from '@glia/optimizers';
/** The optimizers as a namespace: `glia.optimizers.adam(0.001)`. */
export * as optimizers from '@glia/optimizers';
