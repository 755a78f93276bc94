import { add, gather, mul, reshape, sum, type Tensor, tensor, tidy } from '@glia/core';
import type { SamplingPlan } from './affine-sampling';

/**
 * Reads NHWC `images` [n, h, w, c] through a sampling plan: one gather of the source pixels, then
 * the bilinear weights and the fill value, all with core's ops, so it runs (and differentiates) on
 * any backend. Like affine-sampling.ts, this file is carried verbatim by @glia/layers and
 * @glia/datasets.
 */
export function resample(images: Tensor, plan: SamplingPlan, fillValue: number): Tensor {
  const [n, h, w, c] = images.shape as [number, number, number, number];
  const pixels = n * h * w;
  return tidy(() => {
    const rows = reshape(images, [pixels, c]);
    const picked = gather(rows, tensor(plan.indices, [plan.indices.length], 'int32'));
    let out: Tensor;
    if (plan.weights === null) out = picked;
    else if (plan.taps === 1) out = mul(picked, tensor(plan.weights, [pixels, 1]));
    else {
      const weighted = mul(
        reshape(picked, [pixels, plan.taps, c]),
        tensor(plan.weights, [pixels, plan.taps, 1]),
      );
      out = sum(weighted, 1);
    }
    if (plan.fill !== null && fillValue !== 0) {
      out = add(out, mul(tensor(plan.fill, [pixels, 1]), fillValue));
    }
    return reshape(out, [n, h, w, c]);
  });
}
