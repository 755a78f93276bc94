import { checkOptions, makeTensor, type Tensor, ValueError } from '@glia/core';
import { DataFormatError } from '../errors';
import { type CsvRecord, parseCsv } from './parse-csv';

/** How a column's values become numbers: as they are, or one-hot (features) / class index (labels). */
export type CsvColumnType = 'numeric' | 'categorical';

/** Options of {@link loadCsv}. */
export interface LoadCsvOptions {
  /** Named in error messages (default `'<csv>'`). */
  fileName?: string;
  /** Field separator (default `,`). */
  delimiter?: string;
  /** Whether the first record names the columns (default true). */
  header?: boolean;
  /** Column names when there is no header (default `column1`, `column2`, ...). */
  columnNames?: string[];
  /** The column that holds the label; omit for features only. */
  label?: string;
  /**
   * Column types. A column left out is numeric when every non-empty value is a number, else
   * categorical. Declare class labels written as numbers (`0`..`9`) categorical.
   */
  columnTypes?: Record<string, CsvColumnType>;
  /**
   * The categories of categorical columns, in index order (to encode a test file as its training
   * file was: pass the training table's `categories`). Default: the values found, sorted (numerically
   * when they are all numbers); a value not in a given list is an error.
   */
  categories?: Record<string, readonly string[]>;
  /** Columns to leave out. */
  ignore?: string[];
}

const LOAD_CSV_KEYS = Object.keys({
  fileName: true,
  delimiter: true,
  header: true,
  columnNames: true,
  label: true,
  columnTypes: true,
  categories: true,
  ignore: true,
} satisfies Record<keyof LoadCsvOptions, true>);
const LOAD_CSV_FORM = LOAD_CSV_KEYS.map((k) => `${k}?`).join(', ');

/** A column as loaded. */
export interface CsvColumn {
  name: string;
  type: CsvColumnType;
  /** Categorical columns: the category of each index. */
  categories?: string[];
}

/** What {@link loadCsv} returns; the caller owns (and disposes) the tensors. */
export interface CsvTable {
  /** `[rows, featureNames.length]` float32: numeric columns as they are, categorical ones one-hot. */
  features: Tensor;
  /** `[rows]`: int32 class indices for a categorical label, float32 values for a numeric one. */
  labels?: Tensor;
  /** The name of each feature: the column name, or `column=category` for one-hot columns. */
  featureNames: string[];
  /** The feature columns, in file order. */
  columns: CsvColumn[];
  /** The label column, when `label` was given. */
  label?: CsvColumn;
  /** The categories of every categorical column (features and label), for {@link LoadCsvOptions.categories}. */
  categories: Record<string, string[]>;
  rows: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isNumber(s: string): boolean {
  return NUMBER.test(s.trim());
}

function sortCategories(values: Iterable<string>): string[] {
  const list = [...values];
  if (list.every(isNumber)) return list.sort((a, b) => Number(a) - Number(b));
  return list.sort();
}

/**
 * Loads tabular data from CSV text: the header names the columns, each column is numeric or
 * categorical (inferred, or declared in `columnTypes`), categorical features become one-hot columns,
 * and the `label` column becomes a separate tensor. Quoting follows RFC 4180 ({@link parseCsv}).
 * A value that does not fit its column is a {@link DataFormatError} naming the file, line, column
 * number and column name.
 *
 * ```ts
 * const table = loadCsv('sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n', {
 *   label: 'species',
 * });
 * table.features.shape; // [2, 2]
 * table.labels;         // int32 [0, 1]; table.label.categories is ['setosa', 'versicolor']
 * ```
 */
export function loadCsv(text: string, options: LoadCsvOptions = {}): CsvTable {
  checkOptions('loadCsv', `loadCsv(text, { ${LOAD_CSV_FORM} })`, options, LOAD_CSV_KEYS);
  const fileName = options.fileName ?? '<csv>';
  const records = parseCsv(text, { delimiter: options.delimiter, fileName });
  const hasHeader = options.header ?? true;
  let names: string[];
  let body: CsvRecord[];
  if (hasHeader) {
    if (records.length === 0)
      throw new DataFormatError(`${fileName}: empty file: expected a header`);
    names = records[0]!.fields.map((f) => f.trim());
    body = records.slice(1);
  } else {
    const width = records[0]?.fields.length ?? options.columnNames?.length ?? 0;
    names = options.columnNames ?? Array.from({ length: width }, (_, i) => `column${i + 1}`);
    body = records;
  }
  const seen = new Set<string>();
  names.forEach((name, j) => {
    if (name === '')
      throw new DataFormatError(`${fileName}: line 1, column ${j + 1}: empty column name`);
    if (seen.has(name))
      throw new DataFormatError(
        `${fileName}: line 1, column ${j + 1}: duplicate column name '${name}'`,
      );
    seen.add(name);
  });
  const known = (what: string, list: Iterable<string>) => {
    for (const name of list)
      if (!seen.has(name))
        throw new ValueError(
          `loadCsv: ${what} '${name}' is not a column of ${fileName}: columns are ${names.join(', ')}`,
        );
  };
  if (options.label !== undefined) known('label', [options.label]);
  known('columnTypes entry', Object.keys(options.columnTypes ?? {}));
  known('categories entry', Object.keys(options.categories ?? {}));
  known('ignored column', options.ignore ?? []);

  for (const record of body)
    if (record.fields.length !== names.length)
      throw new DataFormatError(
        `${fileName}: line ${record.line}: ${record.fields.length} fields, expected ${names.length} (${names.join(', ')})`,
      );

  const ignored = new Set(options.ignore ?? []);
  const columns: (CsvColumn & { index: number })[] = [];
  for (let j = 0; j < names.length; j++) {
    const name = names[j]!;
    if (ignored.has(name)) continue;
    const declared = options.columnTypes?.[name];
    const type: CsvColumnType =
      declared ??
      (body.every((r) => r.fields[j]!.trim() === '' || isNumber(r.fields[j]!))
        ? 'numeric'
        : 'categorical');
    if (type !== 'numeric' && type !== 'categorical')
      throw new ValueError(
        `loadCsv: columnTypes['${name}'] is ${JSON.stringify(type)}: expected 'numeric' or 'categorical'`,
      );
    const column: CsvColumn & { index: number } = { name, type, index: j };
    if (type === 'categorical') {
      const given = options.categories?.[name];
      column.categories = given
        ? [...given]
        : sortCategories(new Set(body.map((r) => r.fields[j]!.trim())));
    }
    columns.push(column);
  }

  const rows = body.length;
  const valueAt = (record: CsvRecord, column: CsvColumn & { index: number }): number => {
    const raw = record.fields[column.index]!;
    const where = `${fileName}: line ${record.line}, column ${column.index + 1} ('${column.name}')`;
    const value = raw.trim();
    if (column.type === 'numeric') {
      if (value === '') throw new DataFormatError(`${where}: empty value in a numeric column`);
      if (!isNumber(value))
        throw new DataFormatError(
          `${where}: ${JSON.stringify(raw)} is not a number (declare the column categorical in columnTypes if it holds categories)`,
        );
      return Number(value);
    }
    const index = column.categories!.indexOf(value);
    if (index < 0)
      throw new DataFormatError(
        `${where}: ${JSON.stringify(value)} is not one of the categories given for the column (${column.categories!.join(', ')})`,
      );
    return index;
  };

  const labelColumn = columns.find((c) => c.name === options.label);
  const featureColumns = columns.filter((c) => c !== labelColumn);
  const featureNames: string[] = [];
  for (const c of featureColumns) {
    if (c.type === 'numeric') featureNames.push(c.name);
    else for (const category of c.categories!) featureNames.push(`${c.name}=${category}`);
  }
  const width = featureNames.length;
  const features = new Float32Array(rows * width);
  body.forEach((record, r) => {
    let k = r * width;
    for (const c of featureColumns) {
      const v = valueAt(record, c);
      if (c.type === 'numeric') features[k++] = v;
      else {
        features[k + v] = 1;
        k += c.categories!.length;
      }
    }
  });
  let labels: Tensor | undefined;
  if (labelColumn) {
    const values =
      labelColumn.type === 'categorical' ? new Int32Array(rows) : new Float32Array(rows);
    body.forEach((record, r) => {
      values[r] = valueAt(record, labelColumn);
    });
    labels = makeTensor(values, [rows], labelColumn.type === 'categorical' ? 'int32' : 'float32');
  }
  const categories: Record<string, string[]> = {};
  for (const c of columns) if (c.categories) categories[c.name] = [...c.categories];
  const strip = ({ index: _index, ...c }: CsvColumn & { index: number }): CsvColumn => c;
  return {
    features: makeTensor(features, [rows, width], 'float32'),
    labels,
    featureNames,
    columns: featureColumns.map(strip),
    label: labelColumn ? strip(labelColumn) : undefined,
    categories,
    rows,
  };
}

/**
 * {@link loadCsv} on a file read from disk (Node only; `node:fs` is loaded on first use).
 *
 * ```ts
 * const table = await readCsvFile('data/iris.csv', { label: 'species' });
 * ```
 */
export async function readCsvFile(path: string, options: LoadCsvOptions = {}): Promise<CsvTable> {
  checkOptions('readCsvFile', `readCsvFile(path, { ${LOAD_CSV_FORM} })`, options, LOAD_CSV_KEYS);
  const { readFile } = await import('node:fs/promises');
  return loadCsv(await readFile(path, 'utf8'), { fileName: path, ...options });
}
