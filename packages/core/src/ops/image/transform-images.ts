import { DTypeError, fmtShape, ShapeError, ValueError } from '../../errors';
import { tensor } from '../../tensor/create';
import type { Tensor } from '../../tensor/tensor';
import { assertAllocatable } from '../../util/size-limit';
import { add, mul } from '../binary';
import { castTo } from '../cast';
import { checkOptions } from '../check-args';
import { gather } from '../gather';
import { defineOp, input, type TensorInput } from '../op';
import { sum } from '../reduce';
import { reshape } from '../reshape';
import {
  type FillMode,
  type ImageSamplingPlan,
  type Interpolation,
  planImageSampling,
} from './sampling';
import type { ProjectiveTransform } from './transforms';

/** Options of `transformImages`. */
export interface TransformImagesOptions {
  /** How a pixel between source pixels is read (default 'bilinear'). */
  interpolation?: Interpolation;
  /** How pixels from outside the image are read (default 'constant', as TF). */
  fillMode?: FillMode;
  /** The value outside the image with fillMode 'constant' (default 0). */
  fillValue?: number;
  /** The output's [height, width] (default the input's). */
  outputShape?: readonly [number, number];
}

/**
 * Reads NHWC `images` [n, h, w, c] through a sampling plan from `planImageSampling`: one gather
 * of the source pixels, then the bilinear weights and the fill value, all with core's ops, so it
 * runs (and differentiates) on any backend. Reuse a plan to move several tensors alike.
 *
 * ```ts
 * const shift = glia.translationTransform(1, 0);
 * const plan = glia.planImageSampling([shift], 1, 4, 'constant', 'nearest');
 * const images = glia.tensor([1, 2, 3, 4], [1, 1, 4, 1]);
 * console.log(await glia.resampleImages(images, plan).data()); // [0, 1, 2, 3]
 * console.log(await glia.resampleImages(images, plan, 9).data()); // [9, 1, 2, 3]
 * ```
 */
export const resampleImages = defineOp(
  'resampleImages(images, plan, fillValue?)',
  (images: TensorInput, plan: ImageSamplingPlan, fillValue: number = 0): Tensor => {
    let x = input('resampleImages', 'images', images, 'float32');
    if (x.dtype === 'bool')
      throw new DTypeError("resampleImages: 'images' has dtype bool: expected float32 or int32");
    if (x.dtype !== 'float32') x = castTo(x, 'float32');
    const [n, h, w, c] = x.shape as [number, number, number, number];
    if (x.rank !== 4 || n !== plan.images || h !== plan.inputHeight || w !== plan.inputWidth) {
      throw new ShapeError(
        `resampleImages: images have shape ${fmtShape(x.shape)}: expected [${plan.images},${plan.inputHeight},${plan.inputWidth},channels] (the plan's)`,
      );
    }
    if (!Number.isFinite(fillValue))
      throw new ValueError(`resampleImages: fillValue must be finite, got ${fillValue}`);
    const pixels = n * plan.height * plan.width;
    const rows = reshape(x, [n * h * w, c]);
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
    return reshape(out, [n, plan.height, plan.width, c]);
  },
);

/**
 * Applies a projective transform to each NHWC image, as TF's `ImageProjectiveTransformV3` and
 * TF.js' `tf.image.transform`: output pixel (x, y) of image i reads the input at the point
 * `transforms[i]` maps it to (see `ProjectiveTransform`), interpolated, with `fillMode` outside the
 * image. One transform serves every image. The sampling is planned on the host and run as a
 * gather and weights, so every backend runs it and autograd differentiates it.
 *
 * ```ts
 * const images = glia.tensor([1, 2, 3, 4], [1, 1, 4, 1]);
 * const shift = glia.translationTransform(1, 0);
 * console.log(await glia.transformImages(images, [shift]).data()); // [0, 1, 2, 3]
 * const wrapped = glia.transformImages(images, [shift], { fillMode: 'wrap' });
 * console.log(await wrapped.data()); // [4, 1, 2, 3]
 * ```
 */
export const transformImages = defineOp(
  'transformImages(images, transforms, { interpolation?, fillMode?, fillValue?, outputShape? })',
  (
    images: TensorInput,
    transforms: readonly ProjectiveTransform[],
    options: TransformImagesOptions = {},
  ): Tensor => {
    checkOptions(
      'transformImages',
      'transformImages(images, transforms, { interpolation?, fillMode?, fillValue?, outputShape? })',
      options,
      ['interpolation', 'fillMode', 'fillValue', 'outputShape'],
    );
    const x = input('transformImages', 'images', images, 'float32');
    if (x.rank !== 4) {
      throw new ShapeError(
        `transformImages: images have shape ${fmtShape(x.shape)}: expected [batch, height, width, channels] (NHWC)`,
      );
    }
    const [n, h, w] = x.shape as [number, number, number, number];
    if (transforms.length !== n && transforms.length !== 1) {
      throw new ValueError(
        `transformImages: ${transforms.length} transforms for ${n} images: expected ${n} or 1`,
      );
    }
    const [outHeight, outWidth] = options.outputShape ?? [h, w];
    assertAllocatable('transformImages', [n, outHeight, outWidth, x.shape[3]!], 'float32');
    const perImage =
      transforms.length === n ? transforms : Array.from({ length: n }, () => transforms[0]!);
    const plan = planImageSampling(
      perImage,
      h,
      w,
      options.fillMode ?? 'constant',
      options.interpolation ?? 'bilinear',
      options.outputShape ?? [h, w],
    );
    return resampleImages(x, plan, options.fillValue ?? 0);
  },
);
