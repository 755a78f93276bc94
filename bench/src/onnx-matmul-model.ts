/*
 * The bytes of an ONNX model holding one MatMul node, c = a · b for float32 a [m, k] and b [k, n]:
 * ONNX Runtime's GEMM as a reference without an exporter. The protobuf encoding of the few fields
 * the model needs (onnx.proto's ModelProto, GraphProto, NodeProto, ValueInfoProto, TypeProto), by
 * hand: varints and length-delimited fields only.
 */

/** ONNX's TensorProto.DataType for float32. */
const ONNX_FLOAT = 1;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** A varint field (wire type 0). */
const intField = (field: number, value: number): number[] => [
  ...varint(field << 3),
  ...varint(value),
];

/** A length-delimited field (wire type 2): a string or an embedded message. */
function bytesField(field: number, body: number[] | string): number[] {
  const bytes = typeof body === 'string' ? [...new TextEncoder().encode(body)] : body;
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

/** ValueInfoProto of a float32 matrix `name` of `shape`. */
function matrixInfo(name: string, shape: readonly number[]): number[] {
  const dims = shape.flatMap((d) => bytesField(1, intField(1, d)));
  const tensorType = [...intField(1, ONNX_FLOAT), ...bytesField(2, dims)];
  return [...bytesField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

/**
 * An ONNX model (IR version 8, opset 13) computing output `c` = MatMul(`a`, `b`) for a of shape
 * [m, k] and b of shape [k, n].
 */
export function matMulModel(m: number, k: number, n: number): Uint8Array {
  for (const [name, size] of [
    ['m', m],
    ['k', k],
    ['n', n],
  ] as const)
    if (!Number.isSafeInteger(size) || size < 1)
      throw new RangeError(`matMulModel: ${name} must be a positive integer, got ${size}`);
  const node = [
    ...bytesField(1, 'a'),
    ...bytesField(1, 'b'),
    ...bytesField(2, 'c'),
    ...bytesField(4, 'MatMul'),
  ];
  const graph = [
    ...bytesField(1, node),
    ...bytesField(2, 'matmul'),
    ...bytesField(11, matrixInfo('a', [m, k])),
    ...bytesField(11, matrixInfo('b', [k, n])),
    ...bytesField(12, matrixInfo('c', [m, n])),
  ];
  const model = [...intField(1, 8), ...bytesField(7, graph), ...bytesField(8, intField(2, 13))];
  return Uint8Array.from(model);
}
