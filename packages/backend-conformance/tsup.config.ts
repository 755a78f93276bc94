import type { Options } from 'tsup';
import { libraryConfig } from '../../tsup.library';

// ESM only: the kit imports vitest, which throws when require()d, so a CommonJS build could never load.
export default { ...(libraryConfig as Options), format: ['esm'] } satisfies Options;
