// Every options-taking API of @glia/layers rejects a misspelt key (naming the API, the key and the
// key meant) and a value that is no options object, before any work: no tensor is left behind.
import '@glia/backend-cpu';
import { memory, ready, ValueError } from '@glia/core';
import { optionCaseProblems, thrownBy } from '@glia/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { layersOptionCases } from './option-cases';

describe('model API options are checked (issue 18, class 6)', () => {
  beforeAll(async () => {
    await ready();
  });

  const cases = layersOptionCases();

  it('covers every options-taking API', () => {
    // The APIs are named once, in option-cases.ts; the count guards against losing one.
    expect(new Set(cases.map((c) => c.api)).size).toBe(30);
  });

  it.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    expect(await optionCaseProblems(c, ValueError, () => memory().numTensors)).toEqual([]);
  });

  it('the message of a misspelt fit option, in full', async () => {
    const fit = cases.find((c) => c.title === "fit: misspelt option 'epoch'")!;
    fit.setup?.();
    const error = (await thrownBy(fit.run)) as Error;
    expect(error.message).toBe(
      "fit: unknown option 'epoch' (did you mean 'epochs'?): expected fit(x, y, { epochs?, batchSize?, validationSplit?, validationData?, shuffle?, seed?, callbacks?, initialEpoch?, verbose? }) or fit(batches, { ... })",
    );
  });
});
