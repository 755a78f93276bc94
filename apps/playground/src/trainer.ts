/**
 * One training run: `model.fit` on the loaded images with a callback that reports every batch
 * (fit yields to the event loop after each one, so the page keeps drawing and answering clicks),
 * then the test set's loss and accuracy.
 */
import * as glia from 'glia';

/** What a run reports after each batch. */
export interface BatchReport {
  /** Batches done in the run so far (1 after the first). */
  done: number;
  /** Batches the run will train. */
  planned: number;
  epoch: number;
  /** The epoch's running mean loss and accuracy, as fit's logs give them. */
  loss: number;
  accuracy: number;
}

export interface TrainRunOptions {
  epochs: number;
  batchSize: number;
  /** Stop after this many batches in all. */
  maxBatches?: number;
  seed: number;
  onBatch?: (report: BatchReport) => void;
  /** Asked after every batch: true ends the run there (the Stop button). */
  shouldStop?: () => boolean;
}

export interface TrainRunResult {
  batches: number;
  seconds: number;
  test: { loss: number; accuracy: number };
}

/** Trains `model` on `train`, then evaluates it on `test`; the tensors stay the caller's. */
export async function trainRun(
  model: glia.Sequential,
  train: glia.MnistSplit,
  test: glia.MnistSplit,
  options: TrainRunOptions,
): Promise<TrainRunResult> {
  const n = train.images.shape[0]!;
  const perEpoch = Math.ceil(n / options.batchSize);
  const planned = Math.min(
    perEpoch * options.epochs,
    options.maxBatches ?? Number.POSITIVE_INFINITY,
  );
  let done = 0;
  let epoch = 0;
  const started = performance.now();
  await model.fit(train.images, train.labels, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    seed: options.seed,
    verbose: 0,
    callbacks: [
      glia.customCallback({
        onEpochBegin: (e) => {
          epoch = e;
        },
        onBatchEnd: (_batch, logs) => {
          done++;
          options.onBatch?.({
            done,
            planned,
            epoch,
            loss: logs?.loss ?? Number.NaN,
            accuracy: logs?.accuracy ?? Number.NaN,
          });
          if (done >= planned || options.shouldStop?.()) model.stopTraining = true;
        },
      }),
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  const logs = await model.evaluate(test.images, test.labels, { batchSize: 256 });
  return {
    batches: done,
    seconds,
    test: { loss: logs.loss ?? Number.NaN, accuracy: logs.accuracy ?? Number.NaN },
  };
}
