// The reliability suite: per class of defect of issue 18, the hostile cases tried and the cases
// that hold (named error, numTensors unchanged, Object.prototype unchanged, bounded RSS for the
// allocation cases, no file read outside the model folder). Prints the table; fails if any case
// does not hold. GLIA_CRASH_RUNS sets the random kill moments of the save test (default 100).
import '@glia/backend-cpu';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '@glia/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashSaveOutcomes } from './cases/crash-save';
import { datasetCases } from './cases/datasets';
import { dtypeCases } from './cases/dtypes';
import { layerFactoryCases } from './cases/layer-factories';
import { modelFileCases } from './cases/model-files';
import { modelApiOptionCases } from './cases/model-options';
import { argumentFormCases, indexCases, optionCases, sizeCases } from './cases/ops';
import { compiledArtifacts, registryCases } from './cases/registries';
import { surpriseCases } from './cases/surprises';
import { type Case, type ClassResult, formatTable, type Outcome, runCase } from './harness';

const CRASH_RUNS = Number(process.env.GLIA_CRASH_RUNS ?? 100);

let root: string;
const results: ClassResult[] = [];
const notes: string[] = [];

async function runAll(cases: Case[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const c of cases) outcomes.push(await runCase(c));
  return outcomes;
}

function record(name: string, outcomes: Outcome[]): void {
  results.push({ name, outcomes });
  const failed = outcomes.filter((o) => !o.held);
  expect(
    failed.map((o) => `${o.title}: ${o.problems.join('; ')}`),
    `${name}: cases that do not hold`,
  ).toEqual([]);
  expect(outcomes.length).toBeGreaterThan(0);
}

describe('reliability: hostile input and crashes (issue 18)', () => {
  beforeAll(async () => {
    await ready();
    root = await mkdtemp(join(tmpdir(), 'glia-reliability-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    console.log(
      `\nReliability suite: cases tried and holding per class\n${formatTable(results)}\n${notes.join('\n')}\n`,
    );
  });

  it('1. model loading checks before allocating', async () => {
    record('1 load checks before allocating', await runAll(await modelFileCases(root)));
  });
  it('2. saving is crash-safe (SIGKILL before each fs call and at random moments)', async () => {
    const outcomes = await crashSaveOutcomes(CRASH_RUNS);
    const beforeCalls = outcomes.filter((o) => o.title.includes('before file-system call')).length;
    const midSave = outcomes.filter((o) => o.title.includes('after the save began')).length;
    notes.push(
      `crash-safe save: ${beforeCalls} kills before each file-system call, ${outcomes.length - beforeCalls} random moments (${midSave} landed inside the save, the rest after it finished)`,
    );
    record('2 crash-safe save', outcomes);
  }, 1_200_000);
  it('3. name lookups use own keys, one error form', async () => {
    record('3 registry names', await runAll(registryCases(await compiledArtifacts())));
  });
  it('4. decompression is bounded; corrupt IDX is named', async () => {
    record('4 datasets (gzip/IDX)', await runAll(await datasetCases()));
  });
  it('5. huge shapes are named errors before allocating', async () => {
    record('5 huge shapes', await runAll(sizeCases()));
  });
  it('6. options and argument forms are checked', async () => {
    record('6 options', await runAll(optionCases()));
    const forms = argumentFormCases();
    notes.push(
      `argument forms: ${forms.length} cases over every exported op of @glia/core (one argument too many, each required one missing, each checkable one of another kind)`,
    );
    record('6 op argument forms', await runAll(forms));
    const apis = modelApiOptionCases();
    notes.push(
      `model API options: ${apis.map((p) => `${p.cases.length} in ${p.name}`).join(', ')} (per API: a misspelt key, a number where the options go, no options where some are required; plus the extra arguments an API can tell)`,
    );
    record('6 model API options', await runAll(apis.flatMap((p) => p.cases)));
    record('6 layer factory arguments', await runAll(layerFactoryCases()));
  });
  it('7. indices must be int32', async () => {
    record('7 int32 indices', await runAll(indexCases()));
  });
  it('8. small surprises of predict', async () => {
    record('8 predict surprises', await runAll(surpriseCases()));
  });
  it('9. dtype rules', async () => {
    record('9 dtype rules', await runAll(dtypeCases()));
  });
});
