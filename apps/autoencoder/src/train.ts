// Trains either autoencoder on MNIST, reports test reconstruction MSE against the mean-image
// baseline (and, denoising, against the noisy input), and writes a PNG grid of examples.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { testLimitFor } from '@glia/app-support';
import * as glia from 'glia';
import { DEFAULT_OPTIONS, type RunOptions } from './cli-options';
import {
  addNoise,
  buildDenoisingAutoencoder,
  buildDenseAutoencoder,
  buildUNetAutoencoder,
  meanSquaredError,
} from './models';
import { imageGridPng } from './report/image-grid';

/** dense: 784-128-32-128-784; denoise: the Sequential conv denoiser; unet: the U-Net denoiser. */
export type Kind = 'dense' | 'denoise' | 'unet';

/** Standard deviation of the Gaussian noise added for the denoiser (Keras' tutorial: 0.5). */
export const NOISE_STDDEV = 0.5;
/** Test images shown in the PNG grid. */
export const GRID_COLUMNS = 10;
export const OUTPUT_FILES = {
  dense: 'dense-reconstructions.png',
  denoise: 'denoise-reconstructions.png',
  unet: 'unet-reconstructions.png',
} as const;

export interface RunSettings {
  /** 0 silent, 1 progress bar (the default), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  log?: (text: string) => void;
  learningRate?: number;
  /** Return the trained encoder (the caller disposes `autoencoder`, which owns its weights). */
  keepModels?: boolean;
}

export interface AutoencoderResult {
  backend: string;
  sizes: { train: number; test: number };
  history: glia.History;
  /**
   * Test MSE per pixel: the reconstruction's (of the clean image; from the noisy one when
   * denoising), predicting the training set's mean image, and (denoising) the noisy input's.
   */
  mse: { reconstruction: number; meanImage: number; noisyInput?: number };
  paths: { grid: string };
  fitSeconds: number;
  models?: { autoencoder: glia.LayersModel<glia.Tensor>; encoder: glia.LayersModel<glia.Tensor> };
}

export async function trainAutoencoder(
  kind: Kind,
  options: Partial<RunOptions> & RunSettings = {},
): Promise<AutoencoderResult> {
  const settings = { ...DEFAULT_OPTIONS, ...options };
  const log = options.log ?? ((text: string) => console.log(text));
  const backend =
    settings.backend === undefined ? await glia.ready() : await glia.setBackend(settings.backend);
  const backendName = backend.describe?.() ?? backend.name;
  log(`backend: ${backendName}`);
  glia.setSeed(settings.seed);
  glia.resetLayerNames();

  const data = await glia.loadMnist({
    ...(settings.limit !== undefined && {
      limit: { train: settings.limit, test: testLimitFor(settings.limit) },
    }),
  });
  const owned: glia.Tensor[] = [
    data.train.images,
    data.train.labels,
    data.test.images,
    data.test.labels,
  ];
  const nTrain = data.train.images.shape[0]!;
  const nTest = data.test.images.shape[0]!;
  // The dense model reads flat [n, 784] rows; the convolutional one [n, 28, 28, 1] images.
  const shapeFor = (n: number): number[] => (kind === 'dense' ? [n, 784] : [n, 28, 28, 1]);
  const trainClean = glia.reshape(data.train.images, shapeFor(nTrain));
  const testClean = glia.reshape(data.test.images, shapeFor(nTest));
  owned.push(trainClean, testClean);
  const denoising = kind !== 'dense';
  const trainInput = denoising ? addNoise(trainClean, NOISE_STDDEV, settings.seed) : trainClean;
  const testInput = denoising ? addNoise(testClean, NOISE_STDDEV, settings.seed + 1) : testClean;
  if (denoising) owned.push(trainInput, testInput);

  const built =
    kind === 'dense'
      ? buildDenseAutoencoder(options.learningRate)
      : kind === 'unet'
        ? buildUNetAutoencoder(options.learningRate)
        : buildDenoisingAutoencoder(options.learningRate);
  let models: AutoencoderResult['models'] | undefined = built;
  try {
    log(`data: ${nTrain} training images, ${nTest} test`);
    log(built.autoencoder.summary({ print: false }));
    const started = performance.now();
    const history = await built.autoencoder.fit(trainInput, trainClean, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      seed: settings.seed,
      verbose: options.verbose ?? 1,
    });
    const fitSeconds = (performance.now() - started) / 1000;

    const reconstructed = built.autoencoder.predict(testInput, { batchSize: 256 });
    const meanImage = glia.mean(trainClean, 0);
    owned.push(reconstructed, meanImage);
    const mse: AutoencoderResult['mse'] = {
      reconstruction: await meanSquaredError(reconstructed, testClean),
      meanImage: await meanSquaredError(meanImage, testClean),
    };
    if (denoising) mse.noisyInput = await meanSquaredError(testInput, testClean);

    const columns = Math.min(GRID_COLUMNS, nTest);
    const first = async (t: glia.Tensor): Promise<Float32Array> => {
      const rows = glia.slice(t, [0], [columns]);
      try {
        return Float32Array.from(await rows.data());
      } finally {
        rows.dispose();
      }
    };
    const rows = await Promise.all(
      denoising
        ? [first(testClean), first(testInput), first(reconstructed)]
        : [first(testClean), first(reconstructed)],
    );
    const png = await imageGridPng(rows, { columns, height: 28, width: 28 });
    const dir = path.resolve(settings.out);
    await mkdir(dir, { recursive: true });
    const paths = { grid: path.join(dir, OUTPUT_FILES[kind]) };
    await writeFile(paths.grid, png);

    const result: AutoencoderResult = {
      backend: backendName,
      sizes: { train: nTrain, test: nTest },
      history,
      mse,
      paths,
      fitSeconds,
    };
    if (options.keepModels) {
      result.models = built;
      models = undefined;
    }
    return result;
  } finally {
    // The encoder shares the autoencoder's layers: disposing the autoencoder frees them all.
    models?.autoencoder.dispose();
    glia.dispose(owned);
  }
}
