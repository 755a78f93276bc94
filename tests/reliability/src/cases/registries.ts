/** Class 3: names of Object.prototype's members given to every registry. */
import { BackendError, setBackend, ValueError } from '@glia/core';
import {
  fromMemory,
  getActivation,
  getInitializer,
  getLayerClass,
  getLoss,
  getRegularizer,
  layers,
  loadModel,
  type ModelArtifacts,
  ModelFileError,
  memoryHandler,
  resolveMetric,
  Sequential,
} from '@glia/layers';
import { getOptimizer, optimizerFromConfig, scheduleFromConfig } from '@glia/optimizers';
import type { Case } from '../harness';

export const HOSTILE_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
];

const unknown = /unknown .*'(constructor|__proto__|toString|hasOwnProperty|valueOf|isPrototypeOf)'/;

/** A compiled model's saved artifacts, whose training config the cases edit. */
export async function compiledArtifacts(): Promise<ModelArtifacts> {
  const model = new Sequential({ layers: [layers.dense({ units: 2, inputShape: [3] })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const handler = memoryHandler();
  await model.save(handler, { includeOptimizer: true });
  model.dispose();
  return handler.artifacts!;
}

function withOptimizerConfig(base: ModelArtifacts, optimizerConfig: unknown): ModelArtifacts {
  const a = structuredClone({ ...base, weightData: undefined }) as unknown as ModelArtifacts;
  (a.trainingConfig as unknown as Record<string, unknown>).optimizer_config = optimizerConfig;
  return { ...a, weightData: base.weightData.slice(0) };
}

export function registryCases(artifacts: ModelArtifacts): Case[] {
  const cases: Case[] = [];
  for (const name of HOSTILE_NAMES) {
    const lookups: [string, () => unknown, typeof ValueError | typeof BackendError][] = [
      ['getOptimizer', () => getOptimizer(name), ValueError],
      ['optimizerFromConfig', () => optimizerFromConfig(name, {}), ValueError],
      ['scheduleFromConfig', () => scheduleFromConfig(name, {}), ValueError],
      ['getLoss', () => getLoss(name), ValueError],
      ['getActivation', () => getActivation(name as never), ValueError],
      ['resolveMetric', () => resolveMetric(name, {} as never), ValueError],
      ['getInitializer (name)', () => getInitializer(name as never), ValueError],
      [
        'getInitializer (class)',
        () => getInitializer({ className: name, config: {} } as never),
        ValueError,
      ],
      ['getRegularizer (name)', () => getRegularizer(name as never), ValueError],
      [
        'getRegularizer (class)',
        () => getRegularizer({ className: name, config: {} } as never),
        ValueError,
      ],
      ['getLayerClass', () => getLayerClass(name), ValueError],
      ['setBackend', () => setBackend(name), BackendError],
      [
        'compile optimizer',
        () => {
          const m = new Sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
          try {
            m.compile({ optimizer: name, loss: 'meanSquaredError' });
          } finally {
            m.dispose();
          }
        },
        ValueError,
      ],
      [
        'compile loss',
        () => {
          const m = new Sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
          try {
            m.compile({ optimizer: 'sgd', loss: name });
          } finally {
            m.dispose();
          }
        },
        ValueError,
      ],
      [
        'model file optimizer_config',
        () =>
          loadModel(fromMemory(withOptimizerConfig(artifacts, { class_name: name, config: {} }))),
        ModelFileError as never,
      ],
      [
        'model file learning-rate schedule',
        () =>
          loadModel(
            fromMemory(
              withOptimizerConfig(artifacts, {
                class_name: 'Adam',
                config: { learning_rate: { class_name: name, config: {} } },
              }),
            ),
          ),
        ModelFileError as never,
      ],
    ];
    for (const [where, run, error] of lookups) {
      cases.push({ title: `${where}('${name}')`, run, error, message: unknown });
    }
  }
  return cases;
}
