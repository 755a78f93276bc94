import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.library';

// Two entries: the library, and `@glia/core/testing` (the naive backend other packages test on).
export default defineConfig({ ...libraryConfig, entry: ['src/index.ts', 'src/testing.ts'] });
