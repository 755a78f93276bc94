// Test support (not exported): IDX headers for the parser, gzip and fuzz tests, and for the
// reliability suite, which imports this file from source.

/**
 * The header of an IDX file: two zero bytes, the type code (0x08 unsigned bytes by default, as
 * MNIST's), the number of dimensions, then each dimension as a big-endian uint32.
 */
export function idxHeader(dims: readonly number[], typeCode = 0x08): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, (typeCode << 8) | dims.length, false);
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  return out;
}
