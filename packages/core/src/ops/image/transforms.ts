/**
 * Keras' 8-parameter projective transforms, built and composed on the host. `transformImages`
 * reads images through them; augmentation (in @glia/layers and @glia/datasets) draws them.
 */

/**
 * Keras' projective transform `[a0, a1, a2, b0, b1, b2, c0, c1]`: output pixel (x, y) reads the
 * input at ((a0·x + a1·y + a2) / k, (b0·x + b1·y + b2) / k) with k = c0·x + c1·y + 1; x is the
 * column, y the row, both in pixels. It maps output coordinates to input coordinates, as in TF's
 * `ImageProjectiveTransformV3`.
 */
export type ProjectiveTransform = readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

/** The transform that changes nothing. */
export const IDENTITY_TRANSFORM: ProjectiveTransform = [1, 0, 0, 0, 1, 0, 0, 0];

/**
 * Moves the image `dx` pixels right and `dy` pixels down.
 *
 * ```ts
 * const images = glia.tensor([1, 2, 3, 4], [1, 1, 4, 1]); // one 1×4 image
 * const moved = glia.transformImages(images, [glia.translationTransform(1, 0)]);
 * console.log(await moved.data()); // [0, 1, 2, 3]
 * ```
 */
export function translationTransform(dx: number, dy: number): ProjectiveTransform {
  return [1, 0, -dx, 0, 1, -dy, 0, 0];
}

/**
 * Rotates a `height`×`width` image by `angle` radians about its centre, counter-clockwise for
 * positive angles.
 *
 * ```ts
 * const images = glia.tensor([1, 2, 3, 4], [1, 2, 2, 1]); // [[1, 2], [3, 4]]
 * const turned = glia.transformImages(images, [glia.rotationTransform(Math.PI / 2, 2, 2)]);
 * console.log(await turned.data()); // [2, 4, 1, 3]
 * ```
 */
export function rotationTransform(
  angle: number,
  height: number,
  width: number,
): ProjectiveTransform {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const xOffset = (width - 1 - (cos * (width - 1) - sin * (height - 1))) / 2;
  const yOffset = (height - 1 - (sin * (width - 1) + cos * (height - 1))) / 2;
  return [cos, -sin, xOffset, sin, cos, yOffset, 0, 0];
}

/**
 * Scales a `height`×`width` image about its centre: a zoom above 1 zooms out (the image shrinks),
 * below 1 zooms in.
 *
 * ```ts
 * const images = glia.tensor([1, 2, 3, 4], [1, 1, 4, 1]);
 * const zoomIn = glia.zoomTransform(0.5, 1, 1, 4); // 2× along x
 * console.log(await glia.transformImages(images, [zoomIn]).data()); // [1.75, 2.25, 2.75, 3.25]
 * ```
 */
export function zoomTransform(
  zoomX: number,
  zoomY: number,
  height: number,
  width: number,
): ProjectiveTransform {
  return [
    zoomX,
    0,
    ((width - 1) / 2) * (1 - zoomX),
    0,
    zoomY,
    ((height - 1) / 2) * (1 - zoomY),
    0,
    0,
  ];
}

/**
 * Mirrors a `height`×`width` image left-right (`horizontal`) and/or top-bottom (`vertical`).
 *
 * ```ts
 * const images = glia.tensor([1, 2, 3, 4], [1, 1, 4, 1]);
 * const flipped = glia.transformImages(images, [glia.flipTransform(true, false, 1, 4)]);
 * console.log(await flipped.data()); // [4, 3, 2, 1]
 * ```
 */
export function flipTransform(
  horizontal: boolean,
  vertical: boolean,
  height: number,
  width: number,
): ProjectiveTransform {
  return [
    horizontal ? -1 : 1,
    0,
    horizontal ? width - 1 : 0,
    0,
    vertical ? -1 : 1,
    vertical ? height - 1 : 0,
    0,
    0,
  ];
}

/**
 * The transform that applies `first` to the image, then `second` (as 3×3 matrices, first·second,
 * since each maps output coordinates back to input coordinates).
 *
 * ```ts
 * const images = glia.tensor([1, 2, 3, 4], [1, 1, 4, 1]);
 * const flip = glia.flipTransform(true, false, 1, 4);
 * const t = glia.composeTransforms(flip, glia.translationTransform(1, 0)); // flip, then shift
 * console.log(await glia.transformImages(images, [t]).data()); // [0, 4, 3, 2]
 * ```
 */
export function composeTransforms(
  first: ProjectiveTransform,
  second: ProjectiveTransform,
): ProjectiveTransform {
  const a = [...first, 1];
  const b = [...second, 1];
  const m = (r: number, c: number): number =>
    a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  const k = m(2, 2);
  return [
    m(0, 0) / k,
    m(0, 1) / k,
    m(0, 2) / k,
    m(1, 0) / k,
    m(1, 1) / k,
    m(1, 2) / k,
    m(2, 0) / k,
    m(2, 1) / k,
  ];
}
