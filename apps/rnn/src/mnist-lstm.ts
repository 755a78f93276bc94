// An LSTM that reads each MNIST digit as a sequence: 28 timesteps (the rows), 28 features (the
// pixels of a row), then classifies from its last hidden state.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { testLimitFor, trainingCurvesSvg } from '@glia/app-support';
import * as glia from 'glia';
import { DEFAULT_OPTIONS, type RunOptions } from './cli-options';

export const MNIST_OUTPUT_FILES = { curves: 'mnist-lstm-curves.svg' } as const;

export interface RunSettings {
  /** 0 silent, 1 progress bar (the default), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  /** Where the run's messages go (default `console.log`). */
  log?: (text: string) => void;
  /** Skip writing the reports (tests). */
  writeReports?: boolean;
  /** Hidden units of the recurrent layer (default: mnist 128, forecast 32). */
  units?: number;
  /** Adam's learning rate (default: mnist 0.002, forecast 0.005). */
  learningRate?: number;
}

export interface MnistLstmResult {
  backend: string;
  sizes: { train: number; test: number };
  history: glia.History;
  test: { loss: number; accuracy: number };
  paths: { curves?: string };
  fitSeconds: number;
}

/**
 * LSTM(128) over [28 rows, 28 pixels], then a softmax over the ten digits. The gates use the
 * logistic sigmoid (Keras' default), which learns faster here than TF.js's hard sigmoid.
 */
export function buildMnistLstm(units = 128, learningRate = 0.002): glia.Sequential {
  const model = glia.sequential({
    layers: [
      glia.layers.lstm({ units, recurrentActivation: 'sigmoid', inputShape: [28, 28] }),
      glia.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: glia.optimizers.adam(learningRate),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/** [n, 28, 28, 1] images as [n, 28, 28] sequences: row r is timestep r. */
export function imagesAsSequences(images: glia.Tensor): glia.Tensor {
  const [n, height, width] = images.shape;
  return glia.reshape(images, [n!, height!, width!]);
}

export async function activateBackend(name: string | undefined): Promise<string> {
  const backend = name === undefined ? await glia.ready() : await glia.setBackend(name);
  return backend.describe?.() ?? backend.name;
}

/** Loads MNIST, trains the LSTM and reports its test accuracy. */
export async function trainMnistLstm(
  options: Partial<RunOptions> & RunSettings = {},
): Promise<MnistLstmResult> {
  const settings = { ...DEFAULT_OPTIONS.mnist, ...options };
  const log = options.log ?? ((text: string) => console.log(text));
  const backend = await activateBackend(settings.backend);
  log(`backend: ${backend}`);
  glia.setSeed(settings.seed);
  glia.resetLayerNames();

  const data = await glia.loadMnist({
    ...(settings.limit !== undefined && {
      limit: { train: settings.limit, test: testLimitFor(settings.limit) },
    }),
  });
  const trainX = imagesAsSequences(data.train.images);
  const testX = imagesAsSequences(data.test.images);
  const owned = [
    trainX,
    testX,
    data.train.images,
    data.train.labels,
    data.test.images,
    data.test.labels,
  ];
  const model = buildMnistLstm(options.units, options.learningRate);
  try {
    const sizes = { train: trainX.shape[0]!, test: testX.shape[0]! };
    log(`data: ${sizes.train} training sequences, ${sizes.test} test (28 steps x 28 features)`);
    log(model.summary({ print: false }));
    const started = performance.now();
    const history = await model.fit(trainX, data.train.labels, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      seed: settings.seed,
      verbose: options.verbose ?? 1,
    });
    const fitSeconds = (performance.now() - started) / 1000;
    const evaluated = await model.evaluate(testX, data.test.labels, { batchSize: 256 });
    const test = { loss: evaluated.loss!, accuracy: evaluated.accuracy! };

    const paths: MnistLstmResult['paths'] = {};
    if (options.writeReports ?? true) {
      const dir = path.resolve(settings.out);
      await mkdir(dir, { recursive: true });
      paths.curves = path.join(dir, MNIST_OUTPUT_FILES.curves);
      await writeFile(
        paths.curves,
        trainingCurvesSvg(history, {
          title: `MNIST LSTM, ${settings.epochs} epoch(s) on ${sizes.train} sequences`,
        }),
      );
    }
    return { backend, sizes, history, test, paths, fitSeconds };
  } finally {
    model.dispose();
    glia.dispose(owned);
  }
}
