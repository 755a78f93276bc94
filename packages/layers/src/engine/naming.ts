/**
 * Default layer names, as Keras makes them: the snake_case class name, then `_1`, `_2`, ... for
 * later layers of the same class (`conv2d`, `conv2d_1`, `dense`, `dense_1`). Counters are global per
 * process, as in Keras; `resetLayerNames()` restarts them (tests, notebooks).
 */
const counters = new Map<string, number>();

/** snake_case of a class name: `Conv2D` -> `conv2d`, `MaxPooling2D` -> `max_pooling2d`. */
export function toSnakeCase(name: string): string {
  // Keras' rule: split before each capitalised word, then between a lower-case letter and a capital
  // (so `Conv2DTranspose` -> `conv2d_transpose`, `LeakyReLU` -> `leaky_re_lu`).
  return name
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The next default name for a layer of `className`. */
export function uniqueLayerName(className: string): string {
  const base = toSnakeCase(className);
  const n = counters.get(base) ?? 0;
  counters.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/** Restarts the default-name counters. */
export function resetLayerNames(): void {
  counters.clear();
}
