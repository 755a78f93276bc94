// Hostile calls of an API that takes an options object, as `checkOptions` must answer them: a
// misspelt key gets "unknown option 'epoch' (did you mean 'epochs'?)", and a value that is no
// object (TF.js' positional form, `fit(x, y, 10)`) gets "options must be an object". Each package
// lists its APIs once; its own test and the reliability suite run the cases made here.
// No runtime imports: `@glia/core/testing` must not bundle core's classes apart from the index.

/** One API that takes options, and how to call it with given options. */
export interface OptionsApi {
  /** The name its errors start with (`fit`, `earlyStopping`, `Adam`). */
  api: string;
  /** Calls the API with `options` in the options argument (inputs made in `setup`). */
  call: (options: unknown) => unknown;
  /** A misspelling of one of its keys, and the key meant. */
  misspelt: readonly [bad: string, meant: string];
  /** Options it needs besides the misspelt one (required keys), merged into the bad options. */
  required?: Readonly<Record<string, unknown>>;
  /** Makes its inputs before anything is measured; runs before each of its cases. */
  setup?: () => void;
  /**
   * The API also has a positional form (`cosineDecay(lr, steps)`), so a number where the options
   * go is that form, not an error: no wrong-type case.
   */
  positional?: boolean;
}

/** One hostile call and the message its `ValueError` must match. */
export interface OptionCase {
  api: string;
  title: string;
  setup?: () => void;
  run: () => unknown;
  message: RegExp;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The cases of each API: a misspelt key, a number where the options object goes, and no options at
 * all where some are required.
 */
export function optionCasesOf(apis: readonly OptionsApi[]): OptionCase[] {
  return apis.flatMap(({ api, call, misspelt: [bad, meant], required = {}, setup, positional }) => {
    const name = escapeRegExp(api);
    const form = `: expected .*${name}\\(`;
    const cases: OptionCase[] = [
      {
        api,
        title: `${api}: misspelt option '${bad}'`,
        ...(setup ? { setup } : {}),
        run: () => call({ ...required, [bad]: 1 }),
        message: new RegExp(
          `^${name}: unknown option '${escapeRegExp(bad)}' \\(did you mean '${escapeRegExp(meant)}'\\?\\)${form}`,
        ),
      },
      {
        api,
        title: `${api}: a number where the options go`,
        ...(setup ? { setup } : {}),
        run: () => call(10),
        message: new RegExp(`^${name}: options must be an object, got number 10${form}`),
      },
    ];
    if (positional) return cases.slice(0, 1);
    const needed = Object.keys(required);
    if (needed.length > 0)
      cases.push({
        api,
        title: `${api}: no options (it needs ${needed.join(', ')})`,
        ...(setup ? { setup } : {}),
        run: () => call(undefined),
        message: new RegExp(`^${name}: options must be an object, got undefined${form}`),
      });
    return cases;
  });
}

/** What `run` throws, or its promise rejects with; `undefined` when it succeeds. */
export async function thrownBy(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  return undefined;
}

/**
 * What is wrong with one case's outcome: `[]` when it throws (or rejects with) an `errorClass`
 * whose message matches the case's, and leaves `numTensors()` as it was. The error class and the
 * tensor count come from the caller, so that this file needs no runtime import of core.
 */
export async function optionCaseProblems(
  c: OptionCase,
  errorClass: abstract new (...args: never[]) => Error,
  numTensors: () => number,
): Promise<string[]> {
  c.setup?.();
  const before = numTensors();
  const error = await thrownBy(c.run);
  const problems: string[] = [];
  if (!(error instanceof errorClass)) {
    problems.push(`expected a ${errorClass.name}, got ${String(error)}`);
  } else if (!c.message.test(error.message)) {
    problems.push(`message '${error.message}' does not match ${c.message}`);
  }
  const after = numTensors();
  if (after !== before) problems.push(`numTensors went from ${before} to ${after}`);
  return problems;
}
