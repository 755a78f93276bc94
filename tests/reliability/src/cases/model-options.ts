/**
 * Class 6 beyond the ops: every API of @glia/layers, @glia/datasets, @glia/explain and
 * @glia/optimizers that takes an options object, with a misspelt key and with a number where the
 * options go (plus the argument counts an API can tell). The case tables are each package's own,
 * the ones its option-checks test runs, read from its source so that the two cannot differ.
 */
import { ValueError } from '@glia/core';
import type { OptionCase } from '@glia/core/testing';
import { datasetOptionCases } from '../../../../packages/datasets/src/option-cases';
import { explainOptionCases } from '../../../../packages/explain/src/option-cases';
import { layersOptionCases } from '../../../../packages/layers/src/training/option-cases';
import { optimizerOptionCases } from '../../../../packages/optimizers/src/option-cases';
import type { Case } from '../harness';

const asCase = (c: OptionCase): Case => ({
  title: c.title,
  ...(c.setup ? { setup: c.setup } : {}),
  run: c.run,
  error: ValueError,
  message: c.message,
});

/** The cases per package, in the order the table prints them. */
export function modelApiOptionCases(): { name: string; cases: Case[] }[] {
  return [
    { name: '@glia/layers', cases: layersOptionCases().map(asCase) },
    { name: '@glia/datasets', cases: datasetOptionCases().map(asCase) },
    { name: '@glia/explain', cases: explainOptionCases().map(asCase) },
    { name: '@glia/optimizers', cases: optimizerOptionCases().map(asCase) },
  ];
}
