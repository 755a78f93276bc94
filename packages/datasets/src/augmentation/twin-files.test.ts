/**
 * @glia/layers (the augmentation layers) and @glia/datasets (these operators) carry the same
 * host-side sampling math and resampler, since neither package may import the other. This test
 * keeps the two copies identical: edit one, copy it over the other.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const TWINS = ['affine-sampling.ts', 'resample.ts'];
const here = new URL('./', import.meta.url);
const layers = new URL('../../../layers/src/layers/augmentation/', import.meta.url);

describe('the files shared with @glia/layers', () => {
  for (const name of TWINS) {
    it(`${name} is identical in both packages`, async () => {
      const ours = await readFile(new URL(name, here), 'utf8');
      const theirs = await readFile(new URL(name, layers), 'utf8').catch(() => null);
      // A published tarball has no sibling package: nothing to compare there.
      if (theirs === null) return;
      expect(ours).toBe(theirs);
    });
  }
});
