// `augment-experiment`: does augmentation help when training images are few? The seed CNN is
// trained twice on the same first images with the same initial weights and shuffling: once as it
// is, once behind randomTranslation, randomRotation and randomZoom layers (active only while
// training, so both models are evaluated on the same, unaltered test images).
import * as glia from 'glia';
import { type AugmentExperimentOptions, DEFAULT_AUGMENT_EXPERIMENT_OPTIONS } from './cli-options';
import { activateBackend, buildMnistCnn, describeBackend } from './train';

/** The augmentation's class names, in the order they sit in front of the CNN. */
export const AUGMENTATION_LAYERS = ['RandomTranslation', 'RandomRotation', 'RandomZoom'] as const;

/**
 * Small moves a handwritten digit survives: up to ±10% of the side (±2.8 pixels), ±0.03 of a turn
 * (±10.8°) and ±10% zoom, filled with black (MNIST's background) rather than reflected strokes.
 * Each layer is seeded from `seed`, so a run repeats.
 */
export function augmentationLayers(seed: number): glia.Layer[] {
  return [
    glia.layers.randomTranslation({
      heightFactor: 0.1,
      widthFactor: 0.1,
      fillMode: 'constant',
      seed: seed + 1,
      inputShape: [28, 28, 1],
    }),
    glia.layers.randomRotation({ factor: 0.03, fillMode: 'constant', seed: seed + 2 }),
    glia.layers.randomZoom({ heightFactor: 0.1, fillMode: 'constant', seed: seed + 3 }),
  ];
}

export interface ArmResult {
  /** Loss and accuracy on the test images. */
  test: { loss: number; accuracy: number };
  /** The final epoch's training loss and accuracy (on augmented images for the augmented arm). */
  train: { loss: number; accuracy: number };
  fitSeconds: number;
  /** The model's Keras-style config: its layers' class names and settings. */
  config: ReturnType<glia.Sequential['getConfig']>;
}

export interface AugmentExperimentResult {
  backend: string;
  sizes: { train: number; test: number };
  epochs: number;
  plain: ArmResult;
  augmented: ArmResult;
}

export interface AugmentExperimentRunOptions extends Partial<AugmentExperimentOptions> {
  /** Where progress goes (default `console.log`; `() => {}` for none). */
  log?: (text: string) => void;
}

async function trainArm(
  front: (seed: number) => glia.Layer[],
  data: { x: glia.Tensor; y: glia.Tensor; testX: glia.Tensor; testY: glia.Tensor },
  settings: AugmentExperimentOptions,
): Promise<ArmResult> {
  // The same seed before each build gives both arms the same initial CNN weights (the
  // augmentation layers have their own generators) and the same shuffling.
  glia.setSeed(settings.seed);
  glia.resetLayerNames();
  const model = buildMnistCnn(front(settings.seed));
  try {
    const started = performance.now();
    const history = await model.fit(data.x, data.y, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      seed: settings.seed,
      verbose: 0,
    });
    const fitSeconds = (performance.now() - started) / 1000;
    const logs = await model.evaluate(data.testX, data.testY, { batchSize: 256 });
    const last = (name: string): number => history.history[name]?.at(-1) ?? Number.NaN;
    return {
      test: { loss: logs.loss!, accuracy: logs.accuracy! },
      train: { loss: last('loss'), accuracy: last('accuracy') },
      fitSeconds,
      config: model.getConfig(),
    };
  } finally {
    model.dispose();
  }
}

/** Trains the CNN without and with augmentation on the first MNIST images and tests both. */
export async function runAugmentExperiment(
  options: AugmentExperimentRunOptions = {},
): Promise<AugmentExperimentResult> {
  const settings: AugmentExperimentOptions = { ...DEFAULT_AUGMENT_EXPERIMENT_OPTIONS, ...options };
  const log = options.log ?? ((text: string) => console.log(text));
  const backend = describeBackend(await activateBackend(settings.backend));
  log(`backend: ${backend}`);
  const mnist = await glia.loadMnist({
    source: settings.dataDir === undefined ? 'package' : { dir: settings.dataDir },
    limit: { train: settings.trainImages, test: settings.testImages },
  });
  const data = {
    x: mnist.train.images,
    y: mnist.train.labels,
    testX: mnist.test.images,
    testY: mnist.test.labels,
  };
  try {
    const sizes = { train: data.x.shape[0]!, test: data.testX.shape[0]! };
    log(`data: ${sizes.train} training images, ${sizes.test} test; ${settings.epochs} epochs each`);
    const plain = await trainArm(() => [], data, settings);
    log(`without augmentation: test accuracy ${formatPercent(plain.test.accuracy)}`);
    const augmented = await trainArm(augmentationLayers, data, settings);
    log(`with augmentation:    test accuracy ${formatPercent(augmented.test.accuracy)}`);
    return { backend, sizes, epochs: settings.epochs, plain, augmented };
  } finally {
    glia.dispose([data.x, data.y, data.testX, data.testY]);
  }
}

function formatPercent(fraction: number): string {
  return `${(100 * fraction).toFixed(2)}%`;
}

/** The experiment's table: each arm's training and test figures. */
export function formatAugmentExperiment(result: AugmentExperimentResult): string {
  const row = (name: string, arm: ArmResult): string =>
    `${name.padEnd(22)}${formatPercent(arm.train.accuracy).padStart(10)}${formatPercent(arm.test.accuracy).padStart(10)}${arm.test.loss.toFixed(4).padStart(11)}${`${arm.fitSeconds.toFixed(1)} s`.padStart(10)}`;
  return [
    `${result.sizes.train} training images, ${result.sizes.test} test images, ${result.epochs} epochs`,
    `${''.padEnd(22)}${'train acc'.padStart(10)}${'test acc'.padStart(10)}${'test loss'.padStart(11)}${'fit'.padStart(10)}`,
    row('without augmentation', result.plain),
    row('with augmentation', result.augmented),
  ].join('\n');
}
