/**
 * `@glia/backend-cpu`: the reference backend of Glia. Importing it registers the backend as 'cpu'.
 *
 * ```ts
 * import '@glia/backend-cpu';
 * import { ready, tensor } from '@glia/core';
 * await ready();
 * tensor([1, 2, 3]).square().print();
 * ```
 */
import { registerBackend } from '@glia/core';
import { CpuBackend } from './cpu-backend';

export { CpuBackend, type CpuKernels, createCpuBackend } from './cpu-backend';

registerBackend('cpu', () => new CpuBackend(), { priority: 1 });
