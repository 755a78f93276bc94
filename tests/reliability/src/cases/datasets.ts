/** Class 4: decompression bombs and corrupt IDX files. */
import { constants, createGzip, gzipSync } from 'node:zlib';
import { DataFormatError, gunzip, idxByteLength, parseIdx } from '@glia/datasets';
import { idxHeader } from '../../../../packages/datasets/src/idx/test-support';
import type { Case } from '../harness';

/** gzip of `header` followed by zeros up to `totalBytes`, compressed as a stream (little memory). */
async function bomb(header: Uint8Array, totalBytes: number): Promise<Uint8Array> {
  const gzip = createGzip({ level: constants.Z_BEST_COMPRESSION });
  const chunks: Buffer[] = [];
  gzip.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  gzip.write(header);
  const zeros = Buffer.alloc(2 ** 20);
  let written = header.length;
  while (written < totalBytes) {
    const n = Math.min(zeros.length, totalBytes - written);
    if (!gzip.write(zeros.subarray(0, n))) await new Promise((r) => gzip.once('drain', r));
    written += n;
  }
  gzip.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

export async function datasetCases(): Promise<Case[]> {
  // the file: 512 MB of zeros behind a valid header that states 100 bytes (about 510 KB)
  const small = await bomb(idxHeader([10, 10]), 512 * 2 ** 20);
  // a header that states 2^31 x 2^31 bytes: only the caps stop it
  const huge = await bomb(idxHeader([2 ** 31, 2 ** 31]), 64 * 2 ** 20);
  const rssBound = 64 * 2 ** 20;
  const corrupt = (bytes: Uint8Array, title: string, message: RegExp): Case => ({
    title,
    run: () => parseIdx(bytes, 'f-idx1-ubyte'),
    error: DataFormatError,
    message,
  });
  const valid = new Uint8Array([...idxHeader([3]), 1, 2, 3]);
  return [
    {
      title: `512 MB gzip bomb (${(small.length / 1024).toFixed(0)} KB) behind a valid header`,
      run: () => gunzip(small, 'bomb-idx1-ubyte.gz', { expectedBytes: idxByteLength }),
      error: DataFormatError,
      message: /inflates past the 112 bytes its header states/,
      rssBound,
    },
    {
      title: 'bomb whose header states 2^62 bytes, capped by maxBytes 16 MiB',
      run: () => gunzip(huge, 'huge.gz', { expectedBytes: idxByteLength, maxBytes: 16 * 2 ** 20 }),
      error: DataFormatError,
      message: /inflates past the limit of 16777216 bytes/,
      rssBound,
    },
    {
      title: 'bomb without a size hint, capped by maxBytes 16 MiB',
      run: () => gunzip(small, 'raw.gz', { maxBytes: 16 * 2 ** 20 }),
      error: DataFormatError,
      message: /inflates past the limit/,
      rssBound,
    },
    {
      title: 'damaged gzip stream',
      run: () => {
        const gz = gzipSync(valid);
        gz[gz.length - 6]! ^= 0xff;
        return gunzip(new Uint8Array(gz), 'damaged.gz');
      },
      error: DataFormatError,
      message: /damaged gzip stream/,
    },
    {
      title: 'not gzip',
      run: () => gunzip(valid, 'plain.gz'),
      error: DataFormatError,
      message: /not a gzip file/,
    },
    corrupt(valid.subarray(0, 9), 'truncated IDX', /truncated IDX file/),
    corrupt(new Uint8Array([...valid, 0]), 'IDX with extra bytes', /bytes more/),
    corrupt(new Uint8Array([1, 2, 8, 1, 0, 0, 0, 0]), 'bad magic', /bad magic number/),
    corrupt(
      new Uint8Array([0, 0, 0x42, 1, 0, 0, 0, 0]),
      'unknown type code',
      /unknown IDX type code/,
    ),
    corrupt(new Uint8Array([0, 0, 8, 0]), 'zero dimensions', /0 dimensions/),
    corrupt(
      idxHeader([2 ** 31, 2 ** 31]),
      'header states 2^62 bytes, file has none',
      /truncated IDX file/,
    ),
  ];
}
