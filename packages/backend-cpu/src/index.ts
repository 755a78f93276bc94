/**
 * `@glia/backend-cpu`: the reference backend of Glia. Importing it registers the backend as 'cpu'.
 *
 * ```ts
 * import '@glia/backend-cpu';
 * import { ready, square, tensor } from '@glia/core';
 * await ready();
 * square(tensor([1, 2, 3])).print(); // [1, 4, 9]
 * ```
 */
import { registerBackend } from '@glia/core';
import { CpuBackend } from './cpu-backend';

export {
  CpuBackend,
  type CpuBackendOptions,
  type CpuKernels,
  createCpuBackend,
} from './cpu-backend';

registerBackend('cpu', () => new CpuBackend(), { priority: 1 });
