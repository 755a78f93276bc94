import {
  add,
  broadcastTo,
  checkOptions,
  div,
  fmtShape,
  matMul,
  mul,
  reshape,
  ShapeError,
  sub,
  type Tensor,
  tensor,
  tidy,
  transpose,
  ValueError,
} from '@glia/core';
import { sumInChunks } from './chunked-sum';
import { withScorer } from './gradients';
import type { AttributionOptions, ExplainModel } from './model';

/** `occlusion` settings. */
export interface OcclusionOptions extends AttributionOptions {
  /** The occluding patch, [height, width] in pixels (or one number for a square). */
  window: number | readonly [number, number];
  /** The step between patches (default: the window, so patches tile the image). */
  strides?: number | readonly [number, number];
  /** The value the patch holds, in every channel (default 0). */
  baseline?: number;
  /** The most rows (occluded images) per model call (default 128). */
  batchSize?: number;
}

const OCCLUSION_KEYS = Object.keys({
  target: true,
  logits: true,
  window: true,
  strides: true,
  baseline: true,
  batchSize: true,
} satisfies Record<keyof OcclusionOptions, true>);

/**
 * Occlusion sensitivity (Zeiler & Fergus, 2014) for NHWC images [n, h, w, c]: slides a patch of
 * `baseline` values over each image and records how much the target score drops,
 * f(x) - f(x occluded). Each pixel gets the mean drop over the patches that cover it, in every
 * channel; shaped like the input. Patches start every `strides` pixels, plus one flush with the
 * bottom and right edges when the strides do not reach them, so every pixel is covered.
 *
 * ```ts
 * const drops = occlusion(model, images, { target: 3, window: 4, strides: 2 });
 * ```
 */
export function occlusion(model: ExplainModel, x: Tensor, options: OcclusionOptions): Tensor {
  const method = 'occlusion';
  checkOptions(
    method,
    'occlusion(model, x, { window, strides?, baseline?, batchSize?, target?, logits? })',
    options,
    OCCLUSION_KEYS,
  );
  if (x.rank !== 4) {
    throw new ShapeError(
      `${method}: input has shape ${fmtShape(x.shape)}: expected images [n, height, width, channels]`,
    );
  }
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [wh, ww] = pair(method, 'window', options?.window);
  const [sh, sw] = pair(method, 'strides', options.strides ?? [wh, ww]);
  if (wh > h || ww > w) {
    throw new ValueError(`${method}: window [${wh},${ww}] is larger than the images' [${h},${w}]`);
  }
  const baseline = options.baseline ?? 0;
  if (!Number.isFinite(baseline)) {
    throw new ValueError(`${method}: baseline must be a finite number, got ${baseline}`);
  }
  const rows = starts(h, wh, sh);
  const cols = starts(w, ww, sw);
  const patches = rows.flatMap((top) => cols.map((left) => [top, left] as const));
  const counts = new Float32Array(h * w);
  for (const [top, left] of patches) {
    for (let y = top; y < top + wh; y++)
      for (let x0 = left; x0 < left + ww; x0++) counts[y * w + x0] += 1;
  }
  return withScorer(method, model, x, options, (f, scorer) => {
    const base = tidy(() => reshape(scorer.scores(f(x), 1), [1, n]));
    try {
      return sumInChunks(
        [n, h * w],
        { method, count: patches.length, rowsPerItem: n, batchSize: options.batchSize },
        (start, p) => {
          const masks = new Float32Array(p * h * w);
          patches.slice(start, start + p).forEach(([top, left], i) => {
            for (let y = top; y < top + wh; y++)
              masks.fill(1, i * h * w + y * w + left, i * h * w + y * w + left + ww);
          });
          const mask = tensor(masks, [p, 1, h, w, 1]);
          const occluded = add(mul(x, sub(1, mask)), mul(mask, baseline));
          const scores = reshape(scorer.scores(f(reshape(occluded, [p * n, h, w, c])), p), [p, n]);
          const drops = sub(base, scores); // [p, n]
          return matMul(transpose(drops), tensor(masks, [p, h * w]));
        },
        (total) => {
          const mean = div(total, tensor(counts, [1, h * w]));
          return broadcastTo(reshape(mean, [n, h, w, 1]), [n, h, w, c]);
        },
      );
    } finally {
      base.dispose();
    }
  });
}

/** Patch starts along an axis: every `stride`, plus one flush with the end if needed. */
function starts(length: number, window: number, stride: number): number[] {
  const out: number[] = [];
  for (let s = 0; s + window <= length; s += stride) out.push(s);
  if (out[out.length - 1]! + window < length) out.push(length - window);
  return out;
}

function pair(method: string, name: string, v: unknown): [number, number] {
  const p = typeof v === 'number' ? [v, v] : v;
  if (
    !Array.isArray(p) ||
    p.length !== 2 ||
    !p.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)
  ) {
    throw new ValueError(
      `${method}: ${name} must be a positive integer or a pair of them, got ${JSON.stringify(v)}`,
    );
  }
  return [p[0], p[1]];
}
