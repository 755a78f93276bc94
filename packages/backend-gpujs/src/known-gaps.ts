/**
 * Conformance cases the gpu.js backend skips, by design: it stores int32 in float32 textures (the
 * one storage every gpu.js mode has), which hold integers exactly only up to 2^24 in magnitude, so
 * int32 values near 2^31 and 32-bit wraparound cannot be represented. See CONTRIBUTING's decisions.
 * Exported so that other runs of the conformance kit (e.g. in a browser) skip the same cases.
 */
export const INT32_RANGE_CASES: string[] = [
  'unary/neg/int32 stays int32 and wraps like a 32-bit integer',
  'unary/abs/int32 stays int32 and wraps like a 32-bit integer',
  'unary/relu/int32 stays int32 and wraps like a 32-bit integer',
  'unary/square/int32 stays int32 and wraps like a 32-bit integer',
  'binary/dtype rules/add: int32 wraps around at 2^31',
  'binary/dtype rules/sub and mul: int32 wrap around',
  'reductions/dtypes/max and min keep int32; bool becomes int32',
  'creation/from values/float32 storage rounds to single precision; int32 keeps the full range',
];

/**
 * Conformance cases the webgpu mode skips, each with its reason. Its reads are asynchronous only,
 * by design: `arraySync`/`dataSync` throw `SyncReadError` there (the kit reads with `await` elsewhere).
 */
export const WEBGPU_GAPS: string[] = [
  ...INT32_RANGE_CASES,
  // arraySync is a synchronous read: a SyncReadError in the webgpu mode, by design
  'creation/from values/arraySync returns nested arrays, booleans for bool',
];
