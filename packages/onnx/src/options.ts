import { ValueError } from '@glia/core';

/** Throws a ValueError naming any key of `options` outside `known`. */
export function checkOptionKeys(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ValueError(
        `${owner}: unknown option '${key}': expected one of ${known.join(', ')}`,
      );
    }
  }
}
