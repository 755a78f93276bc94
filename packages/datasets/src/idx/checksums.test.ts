import { describe, expect, it } from 'vitest';
import { ChecksumError } from '../errors';
import { sha256Hex, verifyDataFile, verifySha256 } from './checksums';

const abc = new TextEncoder().encode('abc');
// FIPS 180-2 test vector
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const raw = new TextEncoder().encode('raw bytes');
const gz = new TextEncoder().encode('pretend gz');

describe('checksums', () => {
  it('computes SHA-256', async () => {
    expect(await sha256Hex(abc)).toBe(ABC);
    expect(await sha256Hex(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('verifySha256 accepts a match and names file, expected and actual on a mismatch', async () => {
    await expect(verifySha256(abc, ABC, 'abc.txt')).resolves.toBeUndefined();
    await expect(verifySha256(abc, ABC.toUpperCase(), 'abc.txt')).resolves.toBeUndefined();
    const wrong = '0'.repeat(64);
    const error = await verifySha256(abc, wrong, 'train-labels-idx1-ubyte').catch((e) => e);
    expect(error).toBeInstanceOf(ChecksumError);
    expect(error.message).toBe(
      `train-labels-idx1-ubyte: SHA-256 mismatch: expected ${wrong}, got ${ABC}`,
    );
    expect(error).toMatchObject({
      fileName: 'train-labels-idx1-ubyte',
      expected: wrong,
      actual: ABC,
    });
  });

  it('verifyDataFile: a canonical gz passes on its own digest', async () => {
    const digests = { gz: await sha256Hex(gz), raw: '1'.repeat(64) };
    expect(await verifyDataFile('f.gz', gz, raw, digests)).toBe(true);
  });

  it('verifyDataFile: a recompressed gz passes when its content has the pinned raw digest', async () => {
    const digests = { gz: '2'.repeat(64), raw: await sha256Hex(raw) };
    expect(await verifyDataFile('f.gz', gz, raw, digests)).toBe(true);
    const other = { gz: '2'.repeat(64), raw: '3'.repeat(64) };
    await expect(verifyDataFile('f.gz', gz, raw, other)).rejects.toThrow(
      `f.gz (decompressed): SHA-256 mismatch: expected ${'3'.repeat(64)}`,
    );
  });

  it('verifyDataFile: with only a gz digest pinned, a wrong gz fails and raw files go unchecked', async () => {
    const digests = { gz: '4'.repeat(64) };
    const actual = await sha256Hex(gz);
    await expect(verifyDataFile('f.gz', gz, raw, digests)).rejects.toThrow(
      `f.gz: SHA-256 mismatch: expected ${'4'.repeat(64)}, got ${actual}`,
    );
    expect(await verifyDataFile('f', raw, raw, digests)).toBe(false);
  });

  it('verifyDataFile: an uncompressed file is checked against the raw digest', async () => {
    expect(await verifyDataFile('f', raw, raw, { raw: await sha256Hex(raw) })).toBe(true);
    await expect(verifyDataFile('f', raw, raw, { raw: '5'.repeat(64) })).rejects.toThrow(
      ChecksumError,
    );
  });
});
