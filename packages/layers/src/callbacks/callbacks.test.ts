import '@glia/backend-cpu';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispose, memory, ready, slice, type Tensor } from '@glia/core';
import { sgd } from '@glia/optimizers';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadModel } from '../io/index';
import type { IOHandler, ModelArtifacts, SaveTarget } from '../io/io-types';
import type { Sequential } from '../model/sequential';
import { compiledClassifier, sameBytes, separable, weightBytes } from '../training/test-support';
import type { Logs } from './callback';
import { csvLogger } from './csv-logger';
import { customCallback } from './custom-callback';
import { earlyStopping } from './early-stopping';
import { learningRateScheduler } from './learning-rate-scheduler';
import { formatCheckpointPath, modelCheckpoint } from './model-checkpoint';
import { ProgressBar } from './progress-bar';
import { reduceLROnPlateau } from './reduce-lr-on-plateau';

let model: Sequential;
let x: Tensor;
let y: Tensor;

beforeAll(async () => {
  await ready();
  ({ x, y } = separable(32));
});

afterAll(() => dispose([x, y]));

beforeEach(() => {
  model?.dispose();
  model = compiledClassifier(sgd(0.01), ['accuracy']);
});

/** A callback that overwrites `key` in each epoch's logs with a scripted value (put it first). */
function script(key: string, values: number[]) {
  return customCallback({
    onEpochEnd(epoch: number, logs?: Logs) {
      logs![key] = values[epoch]!;
    },
  });
}

describe('earlyStopping', () => {
  it('stops after `patience` epochs without an improvement of more than minDelta', async () => {
    const stopper = earlyStopping({ monitor: 'val_loss', patience: 2, minDelta: 0.01 });
    //             epoch 0    1    2      3     4 (stop)  5
    const losses = [1.0, 0.8, 0.795, 0.79, 0.9, 0.1, 0.1];
    const history = await model.fit(x, y, {
      epochs: 7,
      verbose: 0,
      callbacks: [script('val_loss', losses), stopper],
    });
    // Epoch 1 improves; 2 and 3 do not by more than 0.01; patience 2 ends training at epoch 3.
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(stopper.stoppedEpoch).toBe(3);
    expect(stopper.best).toBe(0.8);
  });

  it('watches accuracy upwards in auto mode, honours a baseline, and restores the best weights', async () => {
    const stopper = earlyStopping({
      monitor: 'val_accuracy',
      patience: 1,
      restoreBestWeights: true,
    });
    const accuracies = [0.5, 0.7, 0.6, 0.65, 0.9];
    let bestWeights: Uint8Array[] = [];
    const snapshot = customCallback({
      onEpochEnd(epoch) {
        if (epoch === 1) bestWeights = weightBytes(model);
      },
    });
    const before = memory().numTensors;
    const history = await model.fit(x, y, {
      epochs: 5,
      verbose: 0,
      callbacks: [script('val_accuracy', accuracies), stopper, snapshot],
    });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(stopper.mode).toBe('max');
    expect(sameBytes(weightBytes(model), bestWeights)).toBe(true);
    expect(memory().numTensors).toBe(before); // the saved best weights are freed

    const withBaseline = earlyStopping({ monitor: 'val_accuracy', patience: 2, baseline: 0.95 });
    const short = await model.fit(x, y, {
      epochs: 5,
      verbose: 0,
      callbacks: [script('val_accuracy', accuracies), withBaseline],
    });
    expect(short.epoch).toEqual([0, 1]); // improving, but never past the baseline
  });

  it('warns and carries on when the monitored key is missing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const history = await model.fit(x, y, {
      epochs: 3,
      verbose: 0,
      callbacks: [earlyStopping({ monitor: 'val_loss', patience: 0 })],
    });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /earlyStopping: 'val_loss' is not in the logs \(available: loss, accuracy\)/,
      ),
    );
    warn.mockRestore();
  });
});

describe('reduceLROnPlateau and learningRateScheduler', () => {
  it('reduceLROnPlateau lowers the rate after `patience` flat epochs, then cools down', async () => {
    const reducer = reduceLROnPlateau({
      monitor: 'val_loss',
      factor: 0.5,
      patience: 2,
      cooldown: 1,
      minLr: 0.002,
    });
    const flat = [1, 1, 1, 1, 1, 1, 1, 1];
    const history = await model.fit(x, y, {
      epochs: 8,
      verbose: 0,
      callbacks: [script('val_loss', flat), reducer],
    });
    // As Keras: epoch 0 sets the best; 1, 2 wait -> halve; 3 ends the cooldown and waits; 4 -> halve;
    // 5 waits; 6 -> halve, floored at minLr. The logged lr is the one the epoch trained with.
    expect(history.history.lr).toEqual([0.01, 0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025, 0.002]);
    expect(model.compiled!.optimizer.learningRate).toBe(0.002);
  });

  it('learningRateScheduler sets the rate at each epoch start', async () => {
    const seen: number[] = [];
    const probe = customCallback({
      onBatchBegin: (batch) =>
        void (batch === 0 && seen.push(model.compiled!.optimizer.learningRate)),
    });
    const history = await model.fit(x, y, {
      epochs: 3,
      verbose: 0,
      callbacks: [learningRateScheduler((epoch, lr) => (epoch === 0 ? 0.1 : lr / 2)), probe],
    });
    expect(seen).toEqual([0.1, 0.05, 0.025]);
    expect(history.history.lr).toEqual([0.1, 0.05, 0.025]);
    await expect(
      model.fit(x, y, { verbose: 0, callbacks: [learningRateScheduler(() => Number.NaN)] }),
    ).rejects.toThrow(/schedule returned NaN for epoch 0/);
  });
});

describe('csvLogger', () => {
  it('writes a header and a row per epoch, and appends on request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glia-csv-'));
    const filename = join(dir, 'log.csv');
    const history = await model.fit(x, y, {
      epochs: 2,
      verbose: 0,
      callbacks: [csvLogger({ filename })],
    });
    const lines = (await readFile(filename, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('epoch,accuracy,loss');
    expect(lines.slice(1)).toEqual(
      [0, 1].map((e) => `${e},${history.history.accuracy![e]},${history.history.loss![e]}`),
    );

    await model.fit(x, y, {
      epochs: 1,
      verbose: 0,
      callbacks: [csvLogger({ filename, append: true, separator: ';' })],
    });
    const appended = (await readFile(filename, 'utf8')).trimEnd().split('\n');
    expect(appended).toHaveLength(4);
    expect(appended[3]).toMatch(/^0;[\d.]+;[\d.]+$/);

    await writeFile(filename, 'old');
    await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [csvLogger({ filename })] });
    expect((await readFile(filename, 'utf8')).split('\n')[0]).toBe('epoch,accuracy,loss');
    await rm(dir, { recursive: true });
  });

  it('requires a filename: a non-empty string', () => {
    const message = "csvLogger: filename is required, e.g. { filename: 'training.csv' }";
    for (const args of [{ filename: '' }, { filename: 3 }, {}]) {
      expect(() => csvLogger(args as never)).toThrow(message);
    }
    expect(() => csvLogger(null as never)).toThrow(
      'csvLogger: options must be an object, got null: expected csvLogger({ filename, separator?, append? })',
    );
  });

  it('says what it needs outside Node', () => {
    const versions = process.versions;
    Object.defineProperty(process, 'versions', { value: {}, configurable: true });
    try {
      expect(() => csvLogger({ filename: 'x.csv' })).toThrow(
        /csvLogger: writing 'x.csv' needs Node's file system/,
      );
    } finally {
      Object.defineProperty(process, 'versions', { value: versions, configurable: true });
    }
  });
});

describe('progress output', () => {
  async function captureStdout(run: () => Promise<unknown>): Promise<string> {
    const chunks: string[] = [];
    const isTTY = process.stdout.isTTY;
    process.stdout.isTTY = false;
    const spy = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        chunks.push(String(chunk));
        return true;
      });
    try {
      await run();
    } finally {
      spy.mockRestore();
      process.stdout.isTTY = isTTY;
    }
    return chunks.join('');
  }

  it('verbose 1 off a terminal: one plain line per epoch with the bar, timing and logs', async () => {
    const out = await captureStdout(() =>
      model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 1, validationSplit: 0.25 }),
    );
    expect(out).not.toContain('\r');
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    lines.forEach((line, e) => {
      expect(line).toMatch(
        new RegExp(
          `^Epoch ${e + 1}/3 - 3/3 \\[={30}\\] - \\d+s \\d+(us|ms)/step - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4}$`,
        ),
      );
    });
  });

  it('verbose 2: one line per epoch, no bar', async () => {
    const out = await captureStdout(() =>
      model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 2 }),
    );
    expect(out.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^Epoch 1\/2 - 2\/2 - \d+s \d+(us|ms)\/step - loss: [\d.]+ - accuracy: [\d.]+$/,
      ),
      expect.stringMatching(/^Epoch 2\/2 /),
    ]);
  });

  it('verbose 0 prints nothing', async () => {
    expect(await captureStdout(() => model.fit(x, y, { epochs: 2, verbose: 0 }))).toBe('');
  });

  it('on a terminal: Epoch line, then a bar redrawn with \\r, showing ETA and running logs', async () => {
    const chunks: string[] = [];
    const bar = new ProgressBar({ write: (t) => chunks.push(t), isTTY: true, intervalMs: 0 });
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [bar] });
    expect(chunks[0]).toBe('Epoch 1/1\n');
    expect(chunks[1]).toMatch(
      /^\r1\/4 \[={6}>\.{23}\] - ETA: \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4}$/,
    );
    expect(chunks[3]).toMatch(/^\r3\/4 \[={21}>\.{8}\] - ETA/);
    expect(chunks.at(-2)).toMatch(/^\r4\/4 \[={30}\] - \d+s \d+(us|ms)\/step - loss: /);
    expect(chunks.at(-1)).toBe('\n');
  });

  it('counts the batches of an iterable of unknown length, then knows the count', async () => {
    const chunks: string[] = [];
    const bar = new ProgressBar({ write: (t) => chunks.push(t), isTTY: true, intervalMs: 0 });
    const batches = [0, 16].map((s) => ({
      xs: slice(x, [s, 0], [16, 2]),
      ys: slice(y, [s], [16]),
    }));
    await model.fit(batches, { epochs: 2, verbose: 0, callbacks: [bar] });
    expect(chunks.slice(0, 6)).toEqual([
      'Epoch 1/2\n',
      expect.stringMatching(/^\r1\/Unknown - \d+s \d+(us|ms)\/step - loss: /),
      expect.stringMatching(/^\r2\/Unknown - /),
      expect.stringMatching(/^\r2\/2 \[={30}\] - \d+s /), // the count is known when the epoch ends
      '\n',
      'Epoch 2/2\n',
    ]);
    expect(chunks[6]).toMatch(/^\r1\/2 \[={14}>\.{15}\] - ETA: /);
    dispose(batches.map((b) => [b.xs, b.ys]));
  });
});

describe('modelCheckpoint', () => {
  it('requires a filepath', () => {
    const message =
      "modelCheckpoint: filepath is required, e.g. { filepath: 'file://checkpoints/model' }";
    for (const args of [{ filepath: '' }, {}]) {
      expect(() => modelCheckpoint(args as never)).toThrow(message);
    }
    expect(() => modelCheckpoint(null as never)).toThrow(
      'modelCheckpoint: options must be an object, got null: expected modelCheckpoint({ filepath, monitor?, saveBestOnly?, mode?, includeOptimizer?, verbose? })',
    );
  });

  it('fills {epoch} and log values into the path', () => {
    expect(formatCheckpointPath('file://ck/model-{epoch}', 0)).toBe('file://ck/model-1');
    expect(
      formatCheckpointPath('file://ck/e{epoch:03d}-{val_loss:.2f}', 9, { val_loss: 0.12345 }),
    ).toBe('file://ck/e010-0.12');
    expect(() => formatCheckpointPath('file://ck/{val_acc}', 0, { loss: 1 })).toThrow(
      /names '\{val_acc\}', which is not in the logs \(available: loss, epoch\)/,
    );
  });

  it('calls model.save each epoch with the formatted target', async () => {
    const targets: SaveTarget[] = [];
    vi.spyOn(model, 'save').mockImplementation(async (target) => {
      targets.push(target);
      return { location: String(target), modelJsonBytes: 0, weightDataBytes: 0 };
    });
    await model.fit(x, y, {
      epochs: 3,
      verbose: 0,
      callbacks: [modelCheckpoint({ filepath: 'file://checkpoints/epoch-{epoch}' })],
    });
    expect(targets).toEqual([
      'file://checkpoints/epoch-1',
      'file://checkpoints/epoch-2',
      'file://checkpoints/epoch-3',
    ]);
  });

  it('saveBestOnly saves only on improvement, through an in-memory IOHandler', async () => {
    const saved: { epoch: number; artifacts: ModelArtifacts }[] = [];
    let epoch = -1;
    const handler: IOHandler = {
      save: async (artifacts) => {
        saved.push({ epoch, artifacts });
        return {
          location: 'memory',
          modelJsonBytes: JSON.stringify(artifacts.modelTopology).length,
          weightDataBytes: artifacts.weightData.byteLength,
        };
      },
    };
    const track = customCallback({
      onEpochBegin: (e) => {
        epoch = e;
      },
    });
    const valLoss = [0.5, 0.6, 0.4, 0.4, 0.3];
    await model.fit(x, y, {
      epochs: 5,
      verbose: 0,
      callbacks: [
        track,
        script('val_loss', valLoss),
        modelCheckpoint({ filepath: handler, saveBestOnly: true }),
      ],
    });
    expect(saved.map((s) => s.epoch)).toEqual([0, 2, 4]);
    const last = saved.at(-1)!.artifacts;
    expect(last.weightSpecs.map((w) => w.name)).toEqual(model.weights.map((w) => w.originalName));
    expect(last.weightData.byteLength).toBe(4 * model.countParams());
  });
  it('end to end: saves the best epoch to file:// atomically, and it loads back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glia-ckpt-'));
    let bestWeights: Uint8Array[] = [];
    const snapshot = customCallback({
      onEpochEnd: (epoch) => {
        if (epoch === 2) bestWeights = weightBytes(model);
      },
    });
    const valLoss = [0.5, 0.6, 0.4, 0.45, 0.7];
    await model.fit(x, y, {
      epochs: 5,
      verbose: 0,
      callbacks: [
        script('val_loss', valLoss),
        modelCheckpoint({ filepath: `file://${dir}/best`, saveBestOnly: true }),
        snapshot,
      ],
    });
    expect((await readdir(dir)).sort()).toEqual(['best']); // no staging directories left behind
    expect((await readdir(join(dir, 'best'))).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadModel(`file://${dir}/best`);
    expect(sameBytes(weightBytes(loaded), bestWeights)).toBe(true);
    loaded.dispose();
    await rm(dir, { recursive: true });
  });
});
