// The `// expected` comments of the op examples: values written as JavaScript literals (numbers, NaN,
// Infinity, booleans, null, quoted strings, nested [arrays]), one per console.log argument, separated
// by spaces. A number matches to the precision it is written with: `0.2689` matches 0.26894142.

/** A parsed expected value; a number keeps the count of decimals it was written with. */
export type Expected =
  | { kind: 'number'; value: number; decimals: number }
  | { kind: 'literal'; value: boolean | string | null }
  | { kind: 'array'; items: Expected[] };

const NUMBER = /^-?(?:NaN|Infinity|\d+(?:\.(\d+))?(?:e([+-]?\d+))?)/;

/** Parses the comment of a console.log line into one expected value per argument. */
export function parseExpected(comment: string): Expected[] {
  let pos = 0;
  const fail = (what: string): never => {
    throw new Error(`expected comment "${comment}": ${what} at column ${pos + 1}`);
  };
  const skipSpace = () => {
    while (pos < comment.length && /\s/.test(comment[pos]!)) pos++;
  };
  const value = (): Expected => {
    skipSpace();
    const rest = comment.slice(pos);
    if (rest.startsWith('[')) {
      pos++;
      const items: Expected[] = [];
      skipSpace();
      if (comment[pos] === ']') {
        pos++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value());
        skipSpace();
        if (comment[pos] === ',') pos++;
        else if (comment[pos] === ']') {
          pos++;
          return { kind: 'array', items };
        } else fail("',' or ']'");
      }
    }
    for (const [word, literal] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (rest.startsWith(word)) {
        pos += word.length;
        return { kind: 'literal', value: literal };
      }
    }
    const quote = /^'([^']*)'|^"([^"]*)"/.exec(rest);
    if (quote) {
      pos += quote[0].length;
      return { kind: 'literal', value: quote[1] ?? quote[2]! };
    }
    const num = NUMBER.exec(rest);
    if (num) {
      pos += num[0].length;
      const decimals = Math.max(0, (num[1]?.length ?? 0) - Number(num[2] ?? 0));
      return { kind: 'number', value: Number(num[0]), decimals };
    }
    return fail('a value');
  };
  const values: Expected[] = [];
  skipSpace();
  while (pos < comment.length) {
    values.push(value());
    skipSpace();
  }
  if (values.length === 0) fail('a value');
  return values;
}

/** How far a printed number may be from a written one: half a unit of its last digit, plus float32 slack. */
function tolerance(e: { value: number; decimals: number }): number {
  return (e.decimals > 0 ? 0.5 * 10 ** -e.decimals : 0) + 1e-4 * Math.abs(e.value) + 1e-6;
}

/** Where `actual` differs from `expected`, or undefined when it matches. */
export function mismatch(actual: unknown, expected: Expected, where = 'value'): string | undefined {
  switch (expected.kind) {
    case 'number': {
      const a = typeof actual === 'bigint' ? Number(actual) : actual;
      if (typeof a !== 'number') return `${where}: expected a number, got ${describe(actual)}`;
      const e = expected.value;
      const ok = Number.isNaN(e)
        ? Number.isNaN(a)
        : Number.isFinite(e)
          ? Math.abs(a - e) <= tolerance(expected)
          : a === e;
      return ok ? undefined : `${where}: expected ${e}, got ${a}`;
    }
    case 'literal':
      return actual === expected.value
        ? undefined
        : `${where}: expected ${JSON.stringify(expected.value)}, got ${describe(actual)}`;
    case 'array': {
      const items = Array.isArray(actual)
        ? actual
        : ArrayBuffer.isView(actual) && !(actual instanceof DataView)
          ? Array.from(actual as unknown as ArrayLike<unknown>)
          : undefined;
      if (!items) return `${where}: expected an array, got ${describe(actual)}`;
      if (items.length !== expected.items.length) {
        return `${where}: expected ${expected.items.length} items, got ${items.length} (${describe(actual)})`;
      }
      for (let i = 0; i < items.length; i++) {
        const m = mismatch(items[i], expected.items[i]!, `${where}[${i}]`);
        if (m) return m;
      }
      return undefined;
    }
  }
}

function describe(v: unknown): string {
  try {
    return (
      JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x as never) : x)) ??
      String(v)
    );
  } catch {
    return String(v);
  }
}
