/**
 * Classes 5, 6 and 7: huge shapes, options objects and index dtypes, from the conformance kit; and
 * for class 6, the argument forms of every exported op of @glia/core (from its declared form).
 */
import {
  type HostileCase,
  INDEX_DTYPE_CASES,
  OPTION_CASES,
  SIZE_LIMIT_CASES,
} from '@glia/backend-conformance';
import * as glia from '@glia/core';
import { formCasesOf, opsOf } from '@glia/core/testing';
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

/**
 * Every exported op of @glia/core called with one argument too many, without each required
 * argument, and with each argument of a kind the op can tell given another kind: a ValueError
 * naming the op and its form. An op exported without a form is a case that does not hold.
 */
export function argumentFormCases(): Case[] {
  const { ops, missing } = opsOf(glia as unknown as Record<string, unknown>);
  const cases: Case[] = missing.map((name) => ({
    title: `${name}: exported without a call form`,
    run: () => {
      throw new Error(`${name} has no form`);
    },
    error: glia.ValueError,
  }));
  for (const { fn, form } of ops) {
    for (const c of formCasesOf(form)) {
      let sample: glia.Tensor | undefined;
      cases.push({
        title: c.title,
        setup: () => {
          sample?.dispose();
          sample = glia.tensor([1, 2]);
        },
        run: () => fn(...c.args(sample as glia.Tensor)),
        error: glia.ValueError,
        message: c.message,
      });
    }
  }
  return cases;
}
