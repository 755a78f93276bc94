import * as glia from 'glia';
import { describe, expect, it } from 'vitest';
import {
  AUGMENTATION_LAYERS,
  formatAugmentExperiment,
  runAugmentExperiment,
} from './augment-experiment';

describe('runAugmentExperiment', () => {
  it('trains the CNN with and without augmentation layers and tests both', async () => {
    await glia.ready();
    const before = glia.memory().numTensors;
    const result = await runAugmentExperiment({
      trainImages: 200,
      testImages: 200,
      epochs: 1,
      log: () => {},
    });
    expect(result.sizes).toEqual({ train: 200, test: 200 });
    for (const arm of [result.plain, result.augmented]) {
      expect(arm.test.accuracy).toBeGreaterThanOrEqual(0);
      expect(arm.test.accuracy).toBeLessThanOrEqual(1);
    }
    const classes = (arm: typeof result.plain): string[] =>
      arm.config.layers.map((layer) => layer.className);
    // The augmentation sits in front of the same CNN; the plain model has none of it.
    expect(classes(result.augmented).slice(0, 3)).toEqual([...AUGMENTATION_LAYERS]);
    expect(classes(result.augmented).slice(3)).toEqual(classes(result.plain));
    expect(classes(result.plain)[0]).toBe('Conv2D');
    expect(formatAugmentExperiment(result)).toMatch(/with augmentation/);
    expect(glia.memory().numTensors).toBe(before);
  });
});
