// A GRU that forecasts the next step of a synthetic multi-seasonal series from the previous
// `WINDOW` steps, compared on the held-out last 20% with the naive last-value forecast.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as glia from 'glia';
import { DEFAULT_OPTIONS, type RunOptions } from './cli-options';
import { activateBackend, type RunSettings } from './mnist-lstm';
import { seriesSvg } from './report/series-svg';
import { lastValueForecast, meanSquaredError, multiSeasonalSeries, slidingWindows } from './series';

/** Steps the GRU sees before each forecast. */
export const WINDOW = 48;
export const DEFAULT_SERIES_LENGTH = 2000;
/** The last fifth of the series is the test span. */
export const TEST_FRACTION = 0.2;
export const FORECAST_OUTPUT_FILES = { plot: 'forecast.svg' } as const;

export interface ForecastResult {
  backend: string;
  sizes: { train: number; test: number };
  history: glia.History;
  /** Test MSE of the GRU and of the last-value forecast, in the series' units. */
  mse: { gru: number; lastValue: number };
  forecast: Float32Array;
  truth: Float32Array;
  paths: { plot?: string };
  fitSeconds: number;
}

/** GRU(32) over [window, 1], then a linear unit. */
export function buildForecaster(
  window = WINDOW,
  units = 32,
  learningRate = 0.005,
): glia.Sequential {
  const model = glia.sequential({
    layers: [
      glia.layers.gru({ units, recurrentActivation: 'sigmoid', inputShape: [window, 1] }),
      glia.layers.dense({ units: 1 }),
    ],
  });
  model.compile({ optimizer: glia.optimizers.adam(learningRate), loss: 'meanSquaredError' });
  return model;
}

/** Generates the series, trains the GRU on the first 80%, forecasts the rest and plots it. */
export async function trainForecaster(
  options: Partial<RunOptions> & RunSettings = {},
): Promise<ForecastResult> {
  const settings = { ...DEFAULT_OPTIONS.forecast, ...options };
  const log = options.log ?? ((text: string) => console.log(text));
  const backend = await activateBackend(settings.backend);
  log(`backend: ${backend}`);
  glia.setSeed(settings.seed);
  glia.resetLayerNames();

  const length = settings.limit ?? DEFAULT_SERIES_LENGTH;
  const series = multiSeasonalSeries(length, settings.seed);
  const split = Math.floor(length * (1 - TEST_FRACTION));
  const train = slidingWindows(series, WINDOW, 0, split);
  const test = slidingWindows(series, WINDOW, split, length);
  log(
    `series: ${length} steps; ${train.count} training windows, ${test.count} test (window ${WINDOW})`,
  );

  const trainX = glia.tensor(train.inputs, [train.count, WINDOW, 1]);
  const trainY = glia.tensor(train.targets, [train.count, 1]);
  const testX = glia.tensor(test.inputs, [test.count, WINDOW, 1]);
  const model = buildForecaster(WINDOW, options.units, options.learningRate);
  try {
    const started = performance.now();
    const history = await model.fit(trainX, trainY, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      seed: settings.seed,
      verbose: options.verbose ?? 1,
    });
    const fitSeconds = (performance.now() - started) / 1000;
    const predicted = model.predict(testX, { batchSize: 256 });
    const forecast = Float32Array.from(await predicted.data());
    predicted.dispose();
    const mse = {
      gru: meanSquaredError(forecast, test.targets),
      lastValue: meanSquaredError(lastValueForecast(test), test.targets),
    };

    const paths: ForecastResult['paths'] = {};
    if (options.writeReports ?? true) {
      const dir = path.resolve(settings.out);
      await mkdir(dir, { recursive: true });
      paths.plot = path.join(dir, FORECAST_OUTPUT_FILES.plot);
      await writeFile(
        paths.plot,
        seriesSvg(
          [
            { label: 'truth', colour: '#1f77b4', values: test.targets },
            { label: 'GRU forecast', colour: '#ff7f0e', values: forecast },
          ],
          {
            title: `GRU one-step forecast: test MSE ${mse.gru.toFixed(4)} (last value: ${mse.lastValue.toFixed(4)})`,
            firstStep: length - test.count,
          },
        ),
      );
    }
    return {
      backend,
      sizes: { train: train.count, test: test.count },
      history,
      mse,
      forecast,
      truth: test.targets,
      paths,
      fitSeconds,
    };
  } finally {
    model.dispose();
    glia.dispose([trainX, trainY, testX]);
  }
}
