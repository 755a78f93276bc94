// Every explain function that takes options rejects a misspelt key (naming the function, the key
// and the key meant) and a value that is no options object, before any work: no tensor left behind.
import { memory, ValueError } from '@glia/core';
import { optionCaseProblems } from '@glia/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainOptionCases } from './option-cases';
import { useCpu } from './test-support';

describe('explain options are checked (issue 18, class 6)', () => {
  beforeAll(useCpu);
  const cases = explainOptionCases();

  it('covers every function that takes options', () => {
    // The APIs are named once, in option-cases.ts; the count guards against losing one.
    expect(new Set(cases.map((c) => c.api)).size).toBe(8);
  });

  it.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    expect(await optionCaseProblems(c, ValueError, () => memory().numTensors)).toEqual([]);
  });
});
