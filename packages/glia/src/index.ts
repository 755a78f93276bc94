/**
 * `glia`: the whole framework in one import, with the CPU and gpu.js backends registered (so the
 * program below needs no set-up line). `ready()` picks gpu.js where it runs on a GPU through WebGL2,
 * WebGL or headless-gl, and the CPU backend elsewhere (gpu.js's WebAssembly mode stays selectable
 * by name: `setBackend('gpujs')`).
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
import '@glia/backend-gpujs';

export * from '@glia/autograd';
export { CpuBackend } from '@glia/backend-cpu';
export { createGpujsBackend, GpujsBackend, type GpujsBackendOptions } from '@glia/backend-gpujs';
export * from '@glia/core';
export * from '@glia/datasets';
/** Attributions as a namespace: `glia.explain.integratedGradients(model, x)`. */
export * as explain from '@glia/explain';
export * from '@glia/layers';
export type { Optimizer, ParamGrad } from '@glia/optimizers';
/** The optimizers as a namespace: `glia.optimizers.adam(0.001)`. */
export * as optimizers from '@glia/optimizers';
