import { GliaError } from '@glia/core';

/**
 * A data file that is not what it claims to be: truncated, a wrong magic number, sizes that do not
 * match, an unreadable gzip stream, a malformed CSV. The message names the file (and, for text, the
 * line and column).
 */
export class DataFormatError extends GliaError {
  override name = 'DataFormatError';
}

/** A file whose SHA-256 digest is not the pinned one; the message names the file and both digests. */
export class ChecksumError extends GliaError {
  override name = 'ChecksumError';
  constructor(
    readonly fileName: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${fileName}: SHA-256 mismatch: expected ${expected}, got ${actual}`);
  }
}

/** A data source that cannot be reached or read: a missing package, directory or file, an HTTP error. */
export class DataSourceError extends GliaError {
  override name = 'DataSourceError';
}
