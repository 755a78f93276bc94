/**
 * The messages between the page and its training worker. The worker owns Glia (the backends, the
 * data, the model), so training and attributions never block the page, however slow the backend.
 */
import type { BackendChoice } from '../backends';
import type { HeatmapMethod } from '../digit-model';
import type { TrainSettings } from '../settings';
import type { BatchReport, TrainRunResult } from '../trainer';

/** What the page asks. */
export type PageRequest =
  /** Activate a backend ('auto' or a name); answered by 'backend' or 'error'. */
  | { type: 'use-backend'; choice: string }
  /** Load the data (when needed) and train a fresh model; 'loading', 'batch'..., then 'trained'. */
  | { type: 'train'; settings: TrainSettings; mnistUrl: string }
  /** End the training after the current batch. */
  | { type: 'stop' }
  /** Classify a 28x28 digit and draw a heatmap; answered by 'explained'. */
  | { type: 'explain'; id: number; pixels: Float32Array; method: HeatmapMethod; scale: number };

/** What the worker tells. */
export type WorkerEvent =
  | { type: 'backend'; name: string; description: string; choices: BackendChoice[] }
  | { type: 'loading'; train: number; test: number }
  | { type: 'training'; planned: number }
  | ({ type: 'batch' } & BatchReport)
  | ({ type: 'trained'; backend: string; testImages: number } & TrainRunResult)
  | {
      type: 'explained';
      id: number;
      probabilities: number[];
      predicted: number;
      method: HeatmapMethod;
      heatmap: { width: number; height: number; rgba: Uint8ClampedArray };
    }
  /** A request failed; `request` says which. */
  | { type: 'error'; request: PageRequest['type']; message: string };
