import {
  checkOptions,
  fmtShape,
  gather,
  Prng,
  seedFromGlobalGenerator,
  Tensor,
  tensor,
  tidy,
  ValueError,
} from '@glia/core';

/** Options of {@link trainValidationSplit}. */
export interface SplitOptions {
  /** The fraction of examples held out, in (0, 1) (default 0.2). */
  validationFraction?: number;
  /** Shuffle before splitting (default true); false holds out the last examples, as Keras' `validationSplit`. */
  shuffle?: boolean;
  /** Seeds the shuffle; without it the order comes from core's global generator (`setSeed`). */
  seed?: number;
}

const SPLIT_KEYS = Object.keys({
  validationFraction: true,
  shuffle: true,
  seed: true,
} satisfies Record<keyof SplitOptions, true>);

/**
 * Splits examples (a tensor, or a plain object of tensors with the same first dimension, such as
 * `{xs, ys}`) into a training and a validation part, shuffled by a seeded permutation. The caller
 * owns the returned tensors; the inputs are left alone.
 *
 * ```ts
 * const { train, validation } = trainValidationSplit({ xs, ys }, { validationFraction: 0.1, seed: 7 });
 * ```
 */
export function trainValidationSplit<T extends Tensor | Readonly<Record<string, Tensor>>>(
  data: T,
  options: SplitOptions = {},
): { train: T; validation: T } {
  checkOptions(
    'trainValidationSplit',
    'trainValidationSplit(data, { validationFraction?, shuffle?, seed? })',
    options,
    SPLIT_KEYS,
  );
  const { validationFraction = 0.2, shuffle = true, seed } = options;
  if (!(validationFraction > 0 && validationFraction < 1))
    throw new ValueError(
      `trainValidationSplit: validationFraction must be in (0, 1), got ${validationFraction}`,
    );
  const entries: [string, Tensor][] =
    data instanceof Tensor ? [['', data]] : Object.entries(data as Record<string, Tensor>);
  if (entries.length === 0) throw new ValueError('trainValidationSplit: no tensors given');
  const name = (k: string) => (k === '' ? 'the tensor' : `'${k}'`);
  for (const [k, t] of entries) {
    if (!(t instanceof Tensor))
      throw new ValueError(`trainValidationSplit: ${name(k)} is not a tensor`);
    t.assertAlive('trainValidationSplit');
    if (t.rank === 0) throw new ValueError(`trainValidationSplit: ${name(k)} is a scalar`);
  }
  const [firstKey, first] = entries[0]!;
  const n = first.shape[0]!;
  for (const [k, t] of entries)
    if (t.shape[0] !== n)
      throw new ValueError(
        `trainValidationSplit: ${name(k)} has shape ${fmtShape(t.shape)}, ${name(firstKey)} has ${fmtShape(first.shape)}: expected the same number of examples`,
      );
  const validationCount = Math.round(n * validationFraction);
  if (validationCount === 0 || validationCount === n)
    throw new ValueError(
      `trainValidationSplit: ${n} examples with validationFraction ${validationFraction} leave ${validationCount === 0 ? 'no validation' : 'no training'} examples`,
    );
  const order = Array.from({ length: n }, (_, i) => i);
  if (shuffle) {
    let s = seed;
    if (s === undefined) s = seedFromGlobalGenerator();
    const prng = new Prng(s);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(prng.nextFloat() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
  }
  return tidy(() => {
    const trainIdx = tensor(order.slice(0, n - validationCount), undefined, 'int32');
    const validIdx = tensor(order.slice(n - validationCount), undefined, 'int32');
    const pick = (idx: Tensor): T => {
      if (data instanceof Tensor) return gather(data, idx, 0) as T;
      const out: Record<string, Tensor> = {};
      for (const [k, t] of entries) out[k] = gather(t, idx, 0);
      return out as T;
    };
    return { train: pick(trainIdx), validation: pick(validIdx) };
  });
}
