/**
 * `@glia/core/testing`: what packages above core need to test themselves without a real backend.
 *
 * The naive backend implements every primitive kernel as its plainest loop (in float64, stored as
 * typed arrays) and no composite kernel, so composites run through core's own compositions. It is
 * slow and obvious on purpose: autograd's tests run on it, so that they depend on no backend package
 * (a backend's tests run the conformance kit, and the kit runs autograd).
 *
 * ```ts
 * import { registerBackend, setBackend, square, tensor } from '@glia/core';
 * import { createNaiveBackend } from '@glia/core/testing';
 *
 * registerBackend('naive', () => createNaiveBackend('naive'));
 * setBackend('naive');
 * square(tensor([1, 2, 3])).dataSync(); // Float32Array [1, 4, 9]
 * ```
 *
 * @packageDocumentation
 */

export { withoutSyncReads } from './backend/without-sync-reads';
export { createNaiveBackend } from './composites/test-support/naive-backend';
export { type FormCase, formCasesOf, NOT_OPS, opsOf } from './ops/form-cases';
export {
  type OptionCase,
  type OptionsApi,
  optionCaseProblems,
  optionCasesOf,
  thrownBy,
} from './ops/option-cases';
