import type { History } from '../training/types';
import { Callback, type Logs } from './callback';

/**
 * Records each epoch's logs; `fit` adds one, last, and returns what it recorded:
 * `{ epoch: [0, 1, ...], history: { loss: [...], val_loss: [...], ... } }`.
 */
export class HistoryCallback extends Callback implements History {
  epoch: number[] = [];
  history: Record<string, number[]> = {};

  override onTrainBegin(): void {
    this.epoch = [];
    this.history = {};
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      this.history[key] ??= [];
      this.history[key].push(value);
    }
  }

  /** A plain copy: `{ epoch, history }`. */
  toJSON(): History {
    return {
      epoch: [...this.epoch],
      history: Object.fromEntries(Object.entries(this.history).map(([k, v]) => [k, [...v]])),
    };
  }
}
