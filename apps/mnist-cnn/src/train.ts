// The main job: the Keras MNIST CNN, trained with Adam, evaluated on the test set, saved as TF.js
// artifacts, with its training curves and confusion matrix written beside it.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { testLimitFor, trainingCurvesSvg } from '@glia/app-support';
import { saveOnnx } from '@glia/onnx';
import * as glia from 'glia';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './cli-options';
import {
  type ConfusionMatrix,
  confusionMatrix,
  confusionMatrixSvg,
  formatConfusionTable,
} from './report/confusion-matrix';

/** Files a run writes into its output directory. */
export const OUTPUT_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  curves: 'training-curves.svg',
  confusionSvg: 'confusion-matrix.svg',
  confusionText: 'confusion-matrix.txt',
  onnx: 'model.onnx',
} as const;
const REPORT_FILES = [
  OUTPUT_FILES.curves,
  OUTPUT_FILES.confusionSvg,
  OUTPUT_FILES.confusionText,
  OUTPUT_FILES.onnx,
];

export interface TrainRunOptions extends Partial<TrainOptions> {
  /** 0 silent, 1 progress bar (the default), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  /** Where the run's messages go (default `console.log`; `() => {}` for none). */
  log?: (text: string) => void;
  /** Return the trained model in the result (the caller disposes it); by default it is disposed. */
  keepModel?: boolean;
}

export interface TrainResult {
  /** The active backend, as it describes itself. */
  backend: string;
  sizes: { train: number; validation: number; test: number };
  history: glia.History;
  test: { loss: number; accuracy: number };
  /** `confusion[trueClass][predictedClass]` over the test images. */
  confusion: ConfusionMatrix;
  /** Absolute paths of what the run wrote. */
  paths: {
    dir: string;
    model: string;
    weights: string;
    curves: string;
    confusionSvg: string;
    confusionText: string;
    /** The same model as ONNX (opset 17), for ONNX Runtime or Triton. */
    onnx: string;
  };
  /** Seconds for the whole run (loading, training, evaluating, writing) and for `fit` alone. */
  wallSeconds: number;
  fitSeconds: number;
  /** Seconds of each epoch (its training steps and, with a validation split, its validation pass). */
  epochSeconds: number[];
  /** Set when `keepModel` is. */
  model?: glia.Sequential;
}

/**
 * The model of the seed program (93,322 parameters), exactly as Keras' MNIST convnet example.
 * `front` layers (e.g. augmentation; the first declares `inputShape: [28, 28, 1]`) go before it.
 */
export function buildMnistCnn(front: readonly glia.Layer[] = []): glia.Sequential {
  const model = glia.sequential({
    layers: [
      ...front,
      glia.layers.conv2d({
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
        ...(front.length === 0 && { inputShape: [28, 28, 1] }),
      }),
      glia.layers.maxPooling2d({ poolSize: 2 }),
      glia.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      glia.layers.maxPooling2d({ poolSize: 2 }),
      glia.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      glia.layers.flatten(),
      glia.layers.dense({ units: 64, activation: 'relu' }),
      glia.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/** Activates `name` (after the packages registered theirs), or the best backend that starts. */
export async function activateBackend(name: string | undefined): Promise<glia.Backend> {
  return name === undefined ? glia.ready() : glia.setBackend(name);
}

export function describeBackend(backend: glia.Backend): string {
  return backend.describe?.() ?? backend.name;
}

/** The predicted class of every row of `images`, in batches. */
export async function predictClasses(
  model: glia.Sequential,
  images: glia.Tensor,
  batchSize = 256,
): Promise<Int32Array> {
  const classes = glia.tidy(() => glia.argMax(model.predict(images, { batchSize }), -1));
  try {
    return Int32Array.from(await classes.data());
  } finally {
    classes.dispose();
  }
}

/**
 * Loads MNIST, trains the CNN, evaluates it on the test images and writes the model and the reports
 * into `options.out` (relative to the working directory). The model directory is replaced as a
 * whole (atomically): it may hold only the model and this run's own report files.
 */
export async function trainMnistCnn(options: TrainRunOptions = {}): Promise<TrainResult> {
  const started = performance.now();
  const settings = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const log = options.log ?? ((text: string) => console.log(text));
  const verbose = options.verbose ?? 1;

  const backend = describeBackend(await activateBackend(settings.backend));
  log(`backend: ${backend}`);
  glia.setSeed(settings.seed);
  glia.resetLayerNames();

  const testLimit = testLimitFor(settings.limit);
  const data = await glia.loadMnist({
    source: settings.dataDir === undefined ? 'package' : { dir: settings.dataDir },
    ...(settings.limit !== undefined && { limit: { train: settings.limit, test: testLimit } }),
  });
  const owned = [data.train.images, data.train.labels, data.test.images, data.test.labels];
  let model: glia.Sequential | undefined;
  try {
    const n = data.train.images.shape[0]!;
    const split = settings.validationSplit;
    const trainCount = split > 0 ? Math.floor(n * (1 - split)) : n;
    const sizes = {
      train: trainCount,
      validation: n - trainCount,
      test: data.test.images.shape[0]!,
    };
    log(
      `data: ${sizes.train} training images, ${split > 0 ? `${sizes.validation} validation (the last ${+(split * 100).toFixed(2)}%)` : 'no validation split'}, ${sizes.test} test`,
    );

    model = buildMnistCnn();
    log(model.summary({ print: false }));

    const epochSeconds: number[] = [];
    let epochStarted = 0;
    const timeEpochs = glia.customCallback({
      onEpochBegin: () => {
        epochStarted = performance.now();
      },
      onEpochEnd: () => {
        epochSeconds.push((performance.now() - epochStarted) / 1000);
      },
    });
    const fitStarted = performance.now();
    const history = await model.fit(data.train.images, data.train.labels, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      ...(split > 0 && { validationSplit: split }),
      seed: settings.seed,
      verbose,
      callbacks: [timeEpochs],
    });
    const fitSeconds = (performance.now() - fitStarted) / 1000;

    const evaluated = await model.evaluate(data.test.images, data.test.labels, { batchSize: 256 });
    const test = { loss: evaluated.loss!, accuracy: evaluated.accuracy! };
    const predicted = await predictClasses(model, data.test.images);
    const labels = await data.test.labels.data();
    const confusion = confusionMatrix(labels, predicted, 10);

    const dir = path.resolve(settings.out);
    const paths = {
      dir,
      model: path.join(dir, OUTPUT_FILES.model),
      weights: path.join(dir, OUTPUT_FILES.weights),
      curves: path.join(dir, OUTPUT_FILES.curves),
      confusionSvg: path.join(dir, OUTPUT_FILES.confusionSvg),
      confusionText: path.join(dir, OUTPUT_FILES.confusionText),
      onnx: path.join(dir, OUTPUT_FILES.onnx),
    };
    // Saving replaces the directory only when it holds nothing but model files, so a previous
    // run's reports (ours, by these exact names) go first; anything else there stops the save.
    await Promise.all(REPORT_FILES.map((f) => rm(path.join(dir, f), { force: true })));
    await model.save(`file://${dir}`);
    await mkdir(dir, { recursive: true });
    const title = `MNIST CNN, ${settings.epochs} epoch${settings.epochs === 1 ? '' : 's'} on ${n} images`;
    const table = formatConfusionTable(confusion);
    await writeFile(
      paths.curves,
      trainingCurvesSvg(history, { title: `${title}: training curves` }),
    );
    await writeFile(
      paths.confusionSvg,
      confusionMatrixSvg(confusion, { title: `${title}: ${sizes.test} test images` }),
    );
    await writeFile(paths.confusionText, `${table}\n`);
    await saveOnnx(model, `file://${paths.onnx}`);

    const result: TrainResult = {
      backend,
      sizes,
      history,
      test,
      confusion,
      paths,
      wallSeconds: (performance.now() - started) / 1000,
      fitSeconds,
      epochSeconds,
    };
    if (options.keepModel) {
      result.model = model;
      model = undefined;
    }
    return result;
  } finally {
    model?.dispose();
    glia.dispose(owned);
  }
}
