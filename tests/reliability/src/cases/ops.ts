/** Classes 5, 6 and 7: huge shapes, options objects and index dtypes, from the conformance kit. */
import {
  type HostileCase,
  INDEX_DTYPE_CASES,
  OPTION_CASES,
  SIZE_LIMIT_CASES,
} from '@glia/backend-conformance';
import type { Case } from '../harness';

function fromKit(c: HostileCase, rssBound?: number): Case {
  let call: () => unknown = () => undefined;
  return {
    title: c.title,
    setup: () => {
      call = c.setup();
    },
    run: () => call(),
    error: c.error,
    message: c.message,
    ...(rssBound === undefined ? {} : { rssBound }),
  };
}

/** Every op whose output size comes from an argument, with an absurd one; RSS must stay put. */
export const sizeCases = (): Case[] => SIZE_LIMIT_CASES.map((c) => fromKit(c, 64 * 2 ** 20));
/** Options in other libraries' forms, misspelt or missing. */
export const optionCases = (): Case[] => OPTION_CASES.map((c) => fromKit(c));
/** Float and bool indices. */
export const indexCases = (): Case[] => INDEX_DTYPE_CASES.map((c) => fromKit(c));
