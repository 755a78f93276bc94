import '@glia/backend-cpu';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memory, ready } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataFormatError } from '../errors';
import { loadCsv, readCsvFile } from './load-csv';

beforeAll(async () => {
  await ready();
});

const IRIS = `sepal_length,sepal_width,colour,species
5.1,3.5,blue,setosa
7.0,3.2,"red",versicolor
6.3,3.3,blue,virginica
4.9,3.0,green,setosa
`;

describe('loadCsv', () => {
  it('numeric features as they are, categorical ones one-hot, the label as class indices', () => {
    const before = memory().numTensors;
    const table = loadCsv(IRIS, { label: 'species' });
    expect(table.rows).toBe(4);
    expect(table.featureNames).toEqual([
      'sepal_length',
      'sepal_width',
      'colour=blue',
      'colour=green',
      'colour=red',
    ]);
    expect(table.columns).toEqual([
      { name: 'sepal_length', type: 'numeric' },
      { name: 'sepal_width', type: 'numeric' },
      { name: 'colour', type: 'categorical', categories: ['blue', 'green', 'red'] },
    ]);
    expect(table.label).toEqual({
      name: 'species',
      type: 'categorical',
      categories: ['setosa', 'versicolor', 'virginica'],
    });
    expect(table.features.shape).toEqual([4, 5]);
    expect(table.features.arraySync()).toEqual(
      [
        [5.1, 3.5, 1, 0, 0],
        [7.0, 3.2, 0, 0, 1],
        [6.3, 3.3, 1, 0, 0],
        [4.9, 3.0, 0, 1, 0],
      ].map((r) => r.map(Math.fround)),
    );
    expect(table.labels!.dtype).toBe('int32');
    expect(Array.from(table.labels!.dataSync())).toEqual([0, 1, 2, 0]);
    table.features.dispose();
    table.labels!.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('declared types: numbers as classes (sorted numerically), a numeric label as float32', () => {
    const text = 'x,digit\n1,10\n2,9\n3,10\n';
    const classes = loadCsv(text, { label: 'digit', columnTypes: { digit: 'categorical' } });
    expect(classes.label!.categories).toEqual(['9', '10']);
    expect(Array.from(classes.labels!.dataSync())).toEqual([1, 0, 1]);
    const regression = loadCsv(text, { label: 'digit' });
    expect(regression.labels!.dtype).toBe('float32');
    expect(Array.from(regression.labels!.dataSync())).toEqual([10, 9, 10]);
    for (const t of [classes, regression]) {
      t.features.dispose();
      t.labels!.dispose();
    }
  });

  it('encodes a second file with the first one categories; an unseen value is an error', () => {
    const train = loadCsv(IRIS, { label: 'species' });
    const test = loadCsv('sepal_length,sepal_width,colour,species\n5,3,red,virginica\n', {
      label: 'species',
      categories: train.categories,
    });
    expect(test.features.arraySync()).toEqual([[5, 3, 0, 0, 1]]);
    expect(Array.from(test.labels!.dataSync())).toEqual([2]);
    expect(() =>
      loadCsv('sepal_length,sepal_width,colour,species\n5,3,pink,setosa\n', {
        fileName: 'test.csv',
        label: 'species',
        categories: train.categories,
      }),
    ).toThrow(
      `test.csv: line 2, column 3 ('colour'): "pink" is not one of the categories given for the column (blue, green, red)`,
    );
    for (const t of [train, test]) {
      t.features.dispose();
      t.labels!.dispose();
    }
  });

  it('without a header: generated or given names; ignored columns; no label', () => {
    const table = loadCsv('1,2,3\n4,5,6\n', { header: false, ignore: ['column2'] });
    expect(table.featureNames).toEqual(['column1', 'column3']);
    expect(table.features.arraySync()).toEqual([
      [1, 3],
      [4, 6],
    ]);
    expect(table.labels).toBeUndefined();
    table.features.dispose();
    const named = loadCsv('1,2\n', { header: false, columnNames: ['a', 'b'], label: 'b' });
    expect(named.featureNames).toEqual(['a']);
    named.features.dispose();
    named.labels!.dispose();
  });

  it('errors name the file, line, column and column name', () => {
    const opts = { fileName: 'houses.csv', columnTypes: { price: 'numeric' as const } };
    expect(() => loadCsv('rooms,price\n3,100\n4,abc\n', opts)).toThrow(
      `houses.csv: line 3, column 2 ('price'): "abc" is not a number (declare the column categorical in columnTypes if it holds categories)`,
    );
    expect(() => loadCsv('rooms,price\n3,100\n4,\n', { fileName: 'houses.csv' })).toThrow(
      "houses.csv: line 3, column 2 ('price'): empty value in a numeric column",
    );
    expect(() => loadCsv('rooms,price\n3,100\n4\n', { fileName: 'houses.csv' })).toThrow(
      'houses.csv: line 3: 1 fields, expected 2 (rooms, price)',
    );
    expect(() => loadCsv('a,a\n1,2\n', { fileName: 'dup.csv' })).toThrow(
      "dup.csv: line 1, column 2: duplicate column name 'a'",
    );
    expect(() => loadCsv('a,b\n1,2\n', { label: 'c' })).toThrow(
      "loadCsv: label 'c' is not a column of <csv>: columns are a, b",
    );
    expect(() => loadCsv('', { fileName: 'empty.csv' })).toThrow(DataFormatError);
  });

  it('reads a file from disk, naming it in errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glia-csv-'));
    const path = join(dir, 'iris.csv');
    await writeFile(path, IRIS);
    const table = await readCsvFile(path, { label: 'species' });
    expect(table.rows).toBe(4);
    table.features.dispose();
    table.labels!.dispose();
    await writeFile(path, 'a,b\n1,"2\n');
    await expect(readCsvFile(path)).rejects.toThrow(`${path}: line 2, column 3: unterminated`);
    await rm(dir, { recursive: true, force: true });
  });
});
