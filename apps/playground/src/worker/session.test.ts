import * as glia from 'glia';
import { describe, expect, it } from 'vitest';
import type { PageRequest, WorkerEvent } from './protocol';
import { PlaygroundSession } from './session';

const SETTINGS = {
  backend: 'cpu',
  trainImages: 96,
  testImages: 32,
  epochs: 1,
  batchSize: 32,
  maxBatches: undefined,
  seed: 5,
};

/** A session on the package's MNIST copy, and the events it emits. */
function session() {
  const events: WorkerEvent[] = [];
  const urls: string[] = [];
  const s = new PlaygroundSession(
    (event) => events.push(event),
    (train, test, url) => {
      urls.push(url);
      return glia.loadMnist({ limit: { train, test } });
    },
  );
  const types = () => events.map((e) => e.type);
  return { s, events, urls, types };
}

const train: PageRequest = { type: 'train', settings: SETTINGS, mnistUrl: 'http://page/mnist/' };

describe('PlaygroundSession (CPU backend, in Node)', () => {
  it('activates a backend and lists the registered ones', async () => {
    const { s, events } = session();
    await s.handle({ type: 'use-backend', choice: 'cpu' });
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.type === 'backend' && event.name).toBe('cpu');
    expect(event.type === 'backend' && event.choices.map((c) => c.value)).toEqual(
      expect.arrayContaining(['auto', 'cpu']),
    );
  });

  it('reports an unknown backend as an error naming the request', async () => {
    const { s, events } = session();
    await s.handle({ type: 'use-backend', choice: 'metal' });
    expect(events).toEqual([
      {
        type: 'error',
        request: 'use-backend',
        message: expect.stringContaining("unknown backend 'metal'"),
      },
    ]);
  });

  it('trains (loading once), then explains a digit; a new run frees the previous model', async () => {
    const { s, events, urls, types } = session();
    await s.handle({ type: 'use-backend', choice: 'cpu' });
    const before = glia.memory().numTensors;
    await s.handle(train);
    expect(types()).toEqual([
      'backend',
      'loading',
      'training',
      'batch',
      'batch',
      'batch',
      'trained',
    ]);
    expect(urls).toEqual(['http://page/mnist/']);
    const trained = events.at(-1)!;
    expect(trained.type === 'trained' && [trained.batches, trained.testImages]).toEqual([3, 32]);

    // a second run reuses the loaded data
    await s.handle(train);
    expect(urls).toHaveLength(1);
    expect(types().filter((t) => t === 'loading')).toHaveLength(1);

    const { test } = await glia.loadMnist({ limit: { train: 0, test: 1 } });
    const pixels = Float32Array.from(await test.images.data());
    glia.dispose([test.images, test.labels]);
    await s.handle({ type: 'explain', id: 7, pixels, method: 'saliency', scale: 2 });
    const explained = events.at(-1)!;
    if (explained.type !== 'explained') throw new Error(`got ${explained.type}`);
    expect(explained.id).toBe(7);
    expect(explained.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(explained.predicted).toBe(
      explained.probabilities.indexOf(Math.max(...explained.probabilities)),
    );
    expect([explained.heatmap.width, explained.heatmap.height]).toEqual([56, 56]);
    // what stays: the data (4 tensors), the second model's 6 weights, Adam's two moments per
    // weight and the accuracy metric's total and count; the first model was freed
    expect(glia.memory().numTensors).toBe(before + 4 + 6 + 2 * 6 + 2);
  });

  it('stops after the batch during which stop arrived', async () => {
    const { s, events } = session();
    await s.handle({ type: 'use-backend', choice: 'cpu' });
    const running = s.handle({ ...train, settings: { ...SETTINGS, trainImages: 320 } });
    // fit yields to the event loop after every batch: that is when the stop request lands
    await new Promise((resolve) => setTimeout(resolve, 0));
    await s.handle({ type: 'stop' });
    await running;
    const trained = events.at(-1)!;
    expect(trained.type).toBe('trained');
    expect(trained.type === 'trained' && trained.batches).toBeLessThan(10);
  });

  it('refuses to explain before training', async () => {
    const { s, events } = session();
    await s.handle({
      type: 'explain',
      id: 1,
      pixels: new Float32Array(784),
      method: 'saliency',
      scale: 1,
    });
    expect(events).toEqual([
      { type: 'error', request: 'explain', message: 'Error: explain: train the model first' },
    ]);
  });
});
