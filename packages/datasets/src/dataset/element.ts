import { dispose, Tensor, type TensorContainer } from '@glia/core';

/**
 * What a Dataset element may hold: tensors, numbers, strings, booleans, and arrays or plain objects
 * of those. Operators that free or copy elements (`skip`, `filter`, `batch`, `shuffle` on early exit)
 * walk this structure.
 */
export type Element =
  | Tensor
  | number
  | string
  | boolean
  | null
  | undefined
  | readonly Element[]
  | { readonly [key: string]: Element };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    Object.getPrototypeOf(x) === Object.prototype
  );
}

/** Every tensor inside `x` (arrays and plain objects are searched; other objects are not). */
export function tensorsIn(x: unknown, into: Set<Tensor> = new Set()): Set<Tensor> {
  if (x instanceof Tensor) into.add(x);
  else if (Array.isArray(x)) for (const v of x) tensorsIn(v, into);
  else if (isPlainObject(x)) for (const v of Object.values(x)) tensorsIn(v, into);
  return into;
}

/** Disposes every tensor inside an element. */
export function disposeElement(x: unknown): void {
  dispose([...tensorsIn(x)] as TensorContainer);
}

/** Disposes the tensors of `before` that do not appear in `after` (what a `map` consumed). */
export function disposeReplaced(before: unknown, after: unknown): void {
  const kept = tensorsIn(after);
  for (const t of tensorsIn(before)) if (!kept.has(t)) t.dispose();
}

/** A copy of an element in which every tensor is a clone (shared storage, its own handle). */
export function cloneElement<T>(x: T): T {
  if (x instanceof Tensor) return x.clone() as T;
  if (Array.isArray(x)) return x.map((v) => cloneElement(v)) as T;
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = cloneElement(v);
    return out as T;
  }
  return x;
}

export { isPlainObject };
