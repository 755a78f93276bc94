/**
 * `glia`: the whole framework in one import, with the CPU backend registered (so the program below
 * needs no set-up line), and the gpu.js backend too when `@glia/backend-gpujs` is installed beside it
 * (an optional peer: gpu.js brings large native and WebGPU packages). `ready()` picks gpu.js where it
 * runs on a GPU and the CPU backend elsewhere.
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
import { loadOptionalBackends } from './optional-backends';

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
// glia's own ready() and setBackend() take precedence over core's (re-exported above): they wait for
// the optional backends to register first.
export { loadOptionalBackends, ready, setBackend } from './optional-backends';

// Start registering the optional backends now, so that listBackends() soon shows them too.
void loadOptionalBackends();
