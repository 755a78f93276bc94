/**
 * glia-backend-plain: a third-party Glia backend that implements only the primitive kernels.
 * Importing the package registers it as 'plain', below the CPU backend (it is slower), so select
 * it by name: `await setBackend('plain')`, or `GLIA_BACKEND=plain` in Node.
 *
 * ```ts
 * import { setBackend, softmax, tensor } from '@glia/core';
 * import 'glia-backend-plain';
 *
 * await setBackend('plain');
 * console.log(softmax(tensor([1, 2, 3])).arraySync()); // core's softmax composition, on 'plain'
 * ```
 * @packageDocumentation
 */
import { registerBackend } from '@glia/core';
import { PlainBackend } from './plain-backend';

export { PlainBackend } from './plain-backend';

/** The priority it registers with: below the CPU backend's 1, so `ready()` prefers the CPU one. */
export const PLAIN_PRIORITY = 0;

registerBackend('plain', () => new PlainBackend(), { priority: PLAIN_PRIORITY });
