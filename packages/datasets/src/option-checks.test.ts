// Every options-taking function and Dataset method of @glia/datasets rejects a misspelt key (naming
// the function, the key and the key meant) and a value that is no options object, before any work:
// no tensor left behind, no file read.
import '@glia/backend-cpu';
import { memory, ready, ValueError } from '@glia/core';
import { optionCaseProblems } from '@glia/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetOptionCases } from './option-cases';

describe('datasets options are checked (issue 18, class 6)', () => {
  beforeAll(async () => {
    await ready();
  });
  const cases = datasetOptionCases();

  it('covers every function and method that takes options', () => {
    // The APIs are named once, in option-cases.ts; the count guards against losing one.
    expect(new Set(cases.map((c) => c.api)).size).toBe(20);
  });

  it.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    expect(await optionCaseProblems(c, ValueError, () => memory().numTensors)).toEqual([]);
  });
});
