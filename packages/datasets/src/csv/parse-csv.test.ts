import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../errors';
import { parseCsv } from './parse-csv';

const fields = (text: string, delimiter?: string) =>
  parseCsv(text, { delimiter }).map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits records and fields; LF, CRLF and CR line ends; a last line without a break', () => {
    expect(fields('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r\n1,2\r\n3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(fields('a\r1\r')).toEqual([['a'], ['1']]);
  });

  it('keeps empty fields, at the start, middle and end', () => {
    expect(fields(',a,,b,\n')).toEqual([['', 'a', '', 'b', '']]);
    expect(fields('x,\n')).toEqual([['x', '']]);
  });

  it('quoted fields hold delimiters, line breaks and doubled quotes', () => {
    const records = parseCsv('name,note\n"Smith, J","said ""hi""\nthen left"\n"",x\n');
    expect(records).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Smith, J', 'said "hi"\nthen left'] },
      { line: 4, fields: ['', 'x'] },
    ]);
    expect(fields('"a",\n')).toEqual([['a', '']]);
    expect(fields('"a","b"')).toEqual([['a', 'b']]);
  });

  it('skips blank lines and a byte-order mark; other delimiters', () => {
    expect(fields('\ufeffa;b\n\n1;2\n\n', ';')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a\tb\n', '\t')).toEqual([['a', 'b']]);
  });

  it('an unterminated quote names where it opened', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', { fileName: 'data.csv' })).toThrow(
      'data.csv: line 2, column 3: unterminated quoted field: no closing quote before the end',
    );
  });

  it('a quote inside an unquoted field, and text after a closing quote, name line and column', () => {
    expect(() => parseCsv('a,b\n1,2"3\n', { fileName: 'f.csv' })).toThrow(
      'f.csv: line 2, column 4: a quote inside an unquoted field',
    );
    expect(() => parseCsv('a,b\n"1"x,2\n', { fileName: 'f.csv' })).toThrow(
      'f.csv: line 2, column 4: unexpected "x" after a closing quote: expected "," or the end of the line',
    );
    expect(() => parseCsv('"1"x')).toThrow(DataFormatError);
  });

  it('rejects a delimiter that cannot work', () => {
    expect(() => parseCsv('a', { delimiter: '"' })).toThrow(/delimiter must be one character/);
    expect(() => parseCsv('a', { delimiter: ',,' })).toThrow(/delimiter must be one character/);
  });
});
