/** ONNX `pads` for one spatial axis under Keras padding: [begin, end]. */
export function windowPads(
  padding: unknown,
  size: number | null | undefined,
  kernel: number,
  stride: number,
  dilation = 1,
): [number, number] {
  if (padding !== 'same') return [0, 0];
  if (size === null || size === undefined) return [0, 0];
  const effective = (kernel - 1) * dilation + 1;
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + effective - size, 0);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

/** A pair setting (`[2, 2]` or `2`) as two numbers. */
export function pairOf(v: unknown, fallback: number): [number, number] {
  if (Array.isArray(v)) return [Number(v[0]), Number(v[1])];
  if (typeof v === 'number') return [v, v];
  return [fallback, fallback];
}
