// Fuzzes the IDX parser and the bounded gzip reader with fast-check: whatever the bytes, the result
// is either a value consistent with the header or a DataFormatError naming the file; never another
// error, never an inflation past the bound. GLIA_FUZZ_RUNS raises the case count (default 10,000
// each, fixed seed, so CI is reproducible); GLIA_FUZZ_SEED picks another seed.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../errors';
import { gunzip } from './gzip';
import { idxByteLength, parseIdx } from './parse-idx';
import { idxHeader } from './test-support';

const RUNS = Number(process.env.GLIA_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.GLIA_FUZZ_SEED ?? 18);
const TYPE_BYTES: Record<number, number> = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 };

/** A valid IDX file of small dimensions, to be mutated. */
const validIdx = fc
  .record({
    type: fc.constantFrom(8, 9, 11, 12, 13, 14),
    dims: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
  })
  .map(({ type, dims }) => {
    const count = dims.reduce((a, b) => a * b, 1);
    const header = idxHeader(dims, type);
    const bytes = new Uint8Array(header.length + count * TYPE_BYTES[type]!);
    bytes.set(header);
    for (let i = header.length; i < bytes.length; i++) bytes[i] = (i * 37) & 0xff;
    return bytes;
  });

/** A valid file with some bytes overwritten, cut short or extended. */
const mutatedIdx = fc
  .tuple(
    validIdx,
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    fc.integer({ min: -8, max: 8 }),
  )
  .map(([bytes, edits, resize]) => {
    const out = new Uint8Array(Math.max(0, bytes.length + resize));
    out.set(bytes.subarray(0, out.length));
    for (const [at, v] of edits) if (out.length > 0) out[at % out.length] = v;
    return out;
  });

const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), mutatedIdx);

function checkParse(bytes: Uint8Array): void {
  let result: ReturnType<typeof parseIdx>;
  try {
    result = parseIdx(bytes, 'fuzz-idx');
  } catch (e) {
    expect(e).toBeInstanceOf(DataFormatError);
    expect((e as Error).message.startsWith('fuzz-idx: ')).toBe(true);
    return;
  }
  // accepted: the header's size is exactly the file's, and the values fill the dimensions
  expect(idxByteLength(bytes)).toBe(bytes.length);
  expect(result.data.length).toBe(result.dims.reduce((a, b) => a * b, 1));
}

describe('fuzz: IDX parser and bounded gzip', () => {
  it(`parseIdx: arbitrary and mutated files (${RUNS} cases)`, () => {
    fc.assert(fc.property(anyBytes, checkParse), { numRuns: RUNS, seed: SEED });
  });

  it(`gunzip: mutated gzip of mutated IDX files, bounded by the header and 4 KiB (${RUNS} cases)`, async () => {
    const gzipped = fc
      .tuple(
        mutatedIdx,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.integer({ min: -6, max: 0 }),
      )
      .map(([raw, edits, cut]) => {
        const gz = new Uint8Array(gzipSync(raw));
        const out = gz.slice(0, Math.max(2, gz.length + cut));
        // keep the magic so the inflater, not the magic check, sees the damage
        for (const [at, v] of edits) out[2 + (at % Math.max(1, out.length - 2))] = v;
        return out;
      });
    await fc.assert(
      fc.asyncProperty(gzipped, async (gz) => {
        let raw: Uint8Array;
        try {
          raw = await gunzip(gz, 'fuzz.gz', { maxBytes: 4096, expectedBytes: idxByteLength });
        } catch (e) {
          expect(e).toBeInstanceOf(DataFormatError);
          expect((e as Error).message.startsWith('fuzz.gz: ')).toBe(true);
          return;
        }
        expect(raw.length).toBeLessThanOrEqual(4096);
        const stated = idxByteLength(raw);
        if (stated !== undefined) expect(raw.length).toBeLessThanOrEqual(stated);
        checkParse(raw);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);
});
