import { ValueError } from '../errors';

/** Edit distance of two short names, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(
        above + 1,
        row[j - 1]! + 1,
        diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * The known name closest to `name` (at most a third of its length away, or differing only by a
 * plural 's'), for a "did you mean" hint; `undefined` when none is close.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(name.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean 'x'?)` or '' — appended to unknown-name errors. */
export function didYouMean(name: string, known: readonly string[]): string {
  const hint = closestName(name, known);
  return hint === undefined ? '' : ` (did you mean '${hint}'?)`;
}

/** A registry's entries: a Map, or a plain object read by own keys only. */
export type NameTable<T> = ReadonlyMap<string, T> | Readonly<Record<string, T>>;

/**
 * Looks `name` up in a registry by its own keys only, so that `'constructor'`, `'__proto__'` or
 * `'toString'` never reach `Object.prototype`. An unknown or non-string name throws an
 * `UnknownNameError` (a `ValueError`) of one form for every registry: `<op>: unknown <kind> 'name':
 * expected one of a, b, c (did you mean 'x'?)`. `options.accepts` adds what else the caller takes
 * ("or a function ..."); `options.normalize` (e.g. lower-casing) is applied to `name` before the
 * lookup, and `options.names` lists the names to show when the keys are such normalised forms.
 */
export function lookupName<T>(
  op: string,
  kind: string,
  table: NameTable<T>,
  name: unknown,
  options: LookupOptions = {},
): T {
  const key = typeof name === 'string' && options.normalize ? options.normalize(name) : name;
  const isMap = table instanceof Map;
  if (typeof key === 'string') {
    if (isMap) {
      const map = table as ReadonlyMap<string, T>;
      if (map.has(key)) return map.get(key)!;
    } else if (Object.hasOwn(table, key)) return (table as Readonly<Record<string, T>>)[key]!;
  }
  const known =
    options.names ?? (isMap ? [...(table as ReadonlyMap<string, T>).keys()] : Object.keys(table));
  const shown = typeof name === 'string' ? `'${name}'` : describeName(name);
  const accepts = options.accepts ? ` ${options.accepts}` : '';
  const hint = typeof name === 'string' ? didYouMean(name, known) : '';
  throw new UnknownNameError(
    `${op}: unknown ${kind} ${shown}: expected one of ${known.join(', ')}${accepts}${hint}`,
  );
}

/** Options of {@link lookupName}. */
export interface LookupOptions {
  /** What else the caller accepts, appended to the list ("or a function (yTrue, yPred) => ..."). */
  accepts?: string;
  /** The names to list, when the table's keys are normalised forms of them. */
  names?: readonly string[];
  /** Applied to a string name before the lookup (e.g. lower-casing); errors show the name as given. */
  normalize?: (name: string) => string;
}

/** An unknown name given to a registry (optimizer, loss, activation, layer class, backend, ...). */
export class UnknownNameError extends ValueError {
  override name = 'UnknownNameError';
}

function describeName(name: unknown): string {
  if (name === null || name === undefined) return String(name);
  return `of type ${typeof name}`;
}
