import * as glia from 'glia';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlaygroundCnn } from './model';
import { type BatchReport, trainRun } from './trainer';

describe('trainRun (CPU backend, in Node)', () => {
  let data: glia.MnistData;
  beforeAll(async () => {
    await glia.setBackend('cpu');
    data = await glia.loadMnist({ limit: { train: 320, test: 64 } });
  });
  afterAll(() => {
    glia.dispose([data.train.images, data.train.labels, data.test.images, data.test.labels]);
  });

  it('reports every batch with the running loss, stops at maxBatches, evaluates, leaks nothing', async () => {
    glia.setSeed(1);
    const model = buildPlaygroundCnn();
    const before = glia.memory().numTensors;
    const reports: BatchReport[] = [];
    const result = await trainRun(model, data.train, data.test, {
      epochs: 2,
      batchSize: 32,
      maxBatches: 13,
      seed: 1,
      onBatch: (r) => reports.push(r),
    });
    expect(reports.map((r) => r.done)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(reports.every((r) => r.planned === 13)).toBe(true);
    // 10 batches per epoch: the 11th is the second epoch's first
    expect(reports.map((r) => r.epoch)).toEqual([...Array(10).fill(0), 1, 1, 1]);
    expect(result.batches).toBe(13);
    for (const r of reports) {
      expect(Number.isFinite(r.loss)).toBe(true);
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
    }
    // an untrained 10-class softmax starts near ln(10); 10 Adam steps bring it well below
    expect(reports[0]!.loss).toBeGreaterThan(1.8);
    expect(reports[9]!.loss).toBeLessThan(reports[0]!.loss);
    // the test metrics are model.evaluate's own
    const evaluated = await model.evaluate(data.test.images, data.test.labels, { batchSize: 256 });
    expect(result.test.loss).toBeCloseTo(evaluated.loss!, 6);
    expect(result.test.accuracy).toBeCloseTo(evaluated.accuracy!, 6);
    // what stays is Adam's two moment tensors per trainable weight
    expect(glia.memory().numTensors).toBe(before + 2 * model.trainableWeights.length);
    model.dispose();
  });

  it('ends after the batch on which shouldStop says so', async () => {
    glia.setSeed(2);
    const model = buildPlaygroundCnn();
    let reports = 0;
    const result = await trainRun(model, data.train, data.test, {
      epochs: 3,
      batchSize: 32,
      seed: 2,
      onBatch: () => {
        reports++;
      },
      shouldStop: () => reports >= 4,
    });
    expect(result.batches).toBe(4);
    model.dispose();
  });
});
