// Every optimizer's options and cosineDecay's reject a misspelt key (naming the class or function,
// the key and the key meant) and a value that is no options object, leaving no tensor behind.
import { memory, ValueError } from '@glia/core';
import { optionCaseProblems } from '@glia/core/testing';
import { describe, expect, it } from 'vitest';
import { optimizerOptionCases } from './option-cases';

describe('optimizer options are checked (issue 18, class 6)', () => {
  const cases = optimizerOptionCases();

  it('covers every optimizer and the schedule that takes options', () => {
    // The APIs are named once, in option-cases.ts; the count guards against losing one.
    expect(new Set(cases.map((c) => c.api)).size).toBe(11);
  });

  it.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    expect(await optionCaseProblems(c, ValueError, () => memory().numTensors)).toEqual([]);
  });

  it('the factories check the same options as the classes', async () => {
    const { adam, momentum } = await import('./index');
    expect(() => adam({ beta_1: 0.8 } as never)).toThrow(
      "Adam: unknown option 'beta_1' (did you mean 'beta1'?): expected Adam({ learningRate?, schedule?, weightDecay?, clipValue?, clipNorm?, globalClipNorm?, beta1?, beta2?, epsilon?, amsgrad? })",
    );
    expect(() => momentum({ learningRate: 0.1, nesterov: true } as never)).toThrow(
      "Momentum: unknown option 'nesterov' (did you mean 'useNesterov'?)",
    );
  });
});
