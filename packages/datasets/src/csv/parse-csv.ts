import { checkOptions, ValueError } from '@glia/core';
import { DataFormatError } from '../errors';

/** One record of a CSV file and the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /** Field separator, one character (default `,`). */
  delimiter?: string;
  /** Named in error messages (default `'<csv>'`). */
  fileName?: string;
}

const PARSE_CSV_KEYS = Object.keys({
  delimiter: true,
  fileName: true,
} satisfies Record<keyof ParseCsvOptions, true>);

/**
 * Splits CSV text into records, following RFC 4180: fields separated by the delimiter, records by
 * CRLF, LF or CR; a field in double quotes may hold delimiters, line breaks and `""` for a quote.
 * Blank lines are skipped. A stray quote or an unterminated quoted field is a
 * {@link DataFormatError} naming the file, line and column.
 *
 * ```ts
 * parseCsv('name,note\n"Smith, J","said ""hi"""\n');
 * // [{line: 1, fields: ['name', 'note']}, {line: 2, fields: ['Smith, J', 'said "hi"']}]
 * ```
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvRecord[] {
  checkOptions('parseCsv', 'parseCsv(text, { delimiter?, fileName? })', options, PARSE_CSV_KEYS);
  const delimiter = options.delimiter ?? ',';
  const fileName = options.fileName ?? '<csv>';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw new ValueError(
      `parseCsv: delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`,
    );
  const fail = (line: number, column: number, message: string): never => {
    throw new DataFormatError(`${fileName}: line ${line}, column ${column}: ${message}`);
  };
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let line = 1;
  let lineStart = 0; // index of the first character of the current physical line
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // skip a byte-order mark
  const n = text.length;
  const isBreak = (c: string | undefined) => c === '\n' || c === '\r';
  const endLine = (): void => {
    // i is at '\n' or '\r'; consume CRLF as one break
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
    lineStart = i;
  };
  const endRecord = (): void => {
    const blank = fields.length === 1 && fields[0] === '' && !quotedInRecord;
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
    quotedInRecord = false;
  };
  let quotedInRecord = false;

  while (i < n) {
    // at the start of a field
    if (fields.length === 0) recordLine = line;
    if (text[i] === '"') {
      quotedInRecord = true;
      const openLine = line;
      const openColumn = i - lineStart + 1;
      i++;
      let value = '';
      let chunkStart = i;
      while (true) {
        if (i >= n)
          fail(openLine, openColumn, 'unterminated quoted field: no closing quote before the end');
        const c = text[i];
        if (c === '"') {
          value += text.slice(chunkStart, i);
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            chunkStart = i;
            continue;
          }
          i++;
          break;
        }
        if (isBreak(c)) {
          value += text.slice(chunkStart, i);
          const brk = text[i] === '\r' && text[i + 1] === '\n' ? '\r\n' : text[i]!;
          value += brk;
          endLine();
          chunkStart = i;
          continue;
        }
        i++;
      }
      fields.push(value);
      if (i >= n) break;
      const after = text[i];
      if (after === delimiter) {
        i++;
        if (i >= n || isBreak(text[i])) fields.push('');
        else continue;
      }
      if (i < n && isBreak(text[i])) {
        endLine();
        endRecord();
        continue;
      }
      if (i >= n) break;
      fail(
        line,
        i - lineStart + 1,
        `unexpected ${JSON.stringify(after)} after a closing quote: expected ${JSON.stringify(delimiter)} or the end of the line`,
      );
    }
    // an unquoted field
    const start = i;
    while (i < n && text[i] !== delimiter && !isBreak(text[i])) {
      if (text[i] === '"')
        fail(
          line,
          i - lineStart + 1,
          'a quote inside an unquoted field: quote the whole field and double the quote ("")',
        );
      i++;
    }
    fields.push(text.slice(start, i));
    if (i >= n) break;
    if (text[i] === delimiter) {
      i++;
      if (i >= n) fields.push('');
      else if (isBreak(text[i])) {
        fields.push('');
        endLine();
        endRecord();
      }
      continue;
    }
    endLine();
    endRecord();
  }
  if (fields.length > 0) endRecord();
  return records;
}
