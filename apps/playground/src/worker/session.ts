/**
 * The worker's side of the playground, apart from the worker itself (so Node tests can drive it):
 * the active backend, the loaded data and the trained model, and what each page request does.
 */
import * as glia from 'glia';
import { activate, backendChoices } from '../backends';
import { loadPlaygroundMnist } from '../data';
import { classProbabilities, digitHeatmap } from '../digit-model';
import { buildPlaygroundCnn } from '../model';
import { topClass } from '../probability-bars';
import { plannedBatches } from '../settings';
import { trainRun } from '../trainer';
import type { PageRequest, WorkerEvent } from './protocol';

/** Reads MNIST for a run (the served files in the browser; tests pass another loader). */
export type MnistLoader = (train: number, test: number, url: string) => Promise<glia.MnistData>;

export class PlaygroundSession {
  private model: glia.Sequential | undefined;
  private data: { key: string; mnist: glia.MnistData } | undefined;
  private stopRequested = false;
  private training = false;

  constructor(
    private readonly emit: (event: WorkerEvent, transfer?: Transferable[]) => void,
    private readonly loadMnist: MnistLoader = loadPlaygroundMnist,
  ) {}

  /** Runs one request; a failure becomes an 'error' event naming it. */
  async handle(request: PageRequest): Promise<void> {
    try {
      switch (request.type) {
        case 'use-backend':
          return await this.useBackend(request.choice);
        case 'train':
          return await this.train(request);
        case 'stop':
          this.stopRequested = true;
          return;
        case 'explain':
          return await this.explain(request);
      }
    } catch (e) {
      this.emit({
        type: 'error',
        request: request.type,
        message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
    }
  }

  private async useBackend(choice: string): Promise<void> {
    if (this.training) throw new Error('use-backend: a training run is in progress');
    const active = await activate(choice);
    // Models and data live on one backend: a switch drops them.
    if (this.data !== undefined && !this.data.key.startsWith(`${active.name}/`)) this.drop();
    this.emit({ type: 'backend', ...active, choices: backendChoices(glia.listBackends()) });
  }

  private drop(): void {
    this.model?.dispose();
    this.model = undefined;
    if (this.data !== undefined) {
      const { train, test } = this.data.mnist;
      glia.dispose([train.images, train.labels, test.images, test.labels]);
      this.data = undefined;
    }
  }

  private async train(request: Extract<PageRequest, { type: 'train' }>): Promise<void> {
    if (this.training) throw new Error('train: a training run is in progress');
    this.training = true;
    this.stopRequested = false;
    try {
      const { settings } = request;
      const backend = glia.getBackendName() ?? '';
      const key = `${backend}/${settings.trainImages}/${settings.testImages}`;
      if (this.data?.key !== key) {
        this.drop();
        this.emit({ type: 'loading', train: settings.trainImages, test: settings.testImages });
        const mnist = await this.loadMnist(
          settings.trainImages,
          settings.testImages,
          request.mnistUrl,
        );
        this.data = { key, mnist };
      }
      this.model?.dispose();
      glia.setSeed(settings.seed);
      glia.resetLayerNames();
      this.model = buildPlaygroundCnn();
      this.emit({ type: 'training', planned: plannedBatches(settings) });
      const result = await trainRun(this.model, this.data.mnist.train, this.data.mnist.test, {
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        seed: settings.seed,
        ...(settings.maxBatches !== undefined && { maxBatches: settings.maxBatches }),
        shouldStop: () => this.stopRequested,
        onBatch: (report) => this.emit({ type: 'batch', ...report }),
      });
      this.emit({
        type: 'trained',
        backend,
        testImages: this.data.mnist.test.images.shape[0]!,
        ...result,
      });
    } finally {
      this.training = false;
    }
  }

  private async explain(request: Extract<PageRequest, { type: 'explain' }>): Promise<void> {
    if (this.model === undefined) throw new Error('explain: train the model first');
    if (this.training) throw new Error('explain: wait for the training run to finish');
    const probabilities = await classProbabilities(this.model, request.pixels);
    const predicted = topClass(probabilities);
    const heatmap = await digitHeatmap(
      this.model,
      request.pixels,
      predicted,
      request.method,
      request.scale,
    );
    this.emit(
      {
        type: 'explained',
        id: request.id,
        probabilities,
        predicted,
        method: request.method,
        heatmap,
      },
      [heatmap.rgba.buffer],
    );
  }
}
