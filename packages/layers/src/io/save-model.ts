import type { Sequential } from '../model/sequential';
import type { SaveResult, SaveTarget } from './io-types';

/** Serializes the model and hands the artifacts to the target's handler. */
export async function saveModel(_model: Sequential, _target: SaveTarget, _options: { includeOptimizer?: boolean }): Promise<SaveResult> {
  throw new Error('save: not implemented yet (io helper)');
}
