/**
 * `glia`: the whole framework in one import, with the CPU backend registered (so ops work with no
 * set-up line). Later packages (layers, optimizers, datasets, the gpu.js backend) join here.
 *
 * ```ts
 * import * as glia from 'glia';
 * await glia.ready();
 * glia.matMul(glia.tensor([[1, 2]]), glia.tensor([[3], [4]])).print(); // [[11]]
 * ```
 * @packageDocumentation
 */
import '@glia/backend-cpu';

export * from '@glia/core';
export * from '@glia/autograd';
export { CpuBackend } from '@glia/backend-cpu';
