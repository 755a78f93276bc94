// publint and @arethetypeswrong (attw) over a packed tarball, reduced to lists of findings.
import { readFileSync } from 'node:fs';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

/** What publint found: errors (warnings count as errors) and suggestions, as readable lines. */
export interface PublintFindings {
  errors: string[];
  suggestions: string[];
}

/** Lints the tarball's files as published; `strict` reports warnings as errors. */
export async function publintTarball(tarball: string): Promise<PublintFindings> {
  const bytes = readFileSync(tarball);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: buffer }, strict: true });
  const line = (m: (typeof messages)[number]) => `${m.code}: ${formatMessage(m, pkg) ?? ''}`;
  return {
    errors: messages.filter((m) => m.type !== 'suggestion').map(line),
    suggestions: messages.filter((m) => m.type === 'suggestion').map(line),
  };
}

/**
 * attw's profiles (as in @arethetypeswrong/cli): 'strict' checks every resolution; 'esm-only' skips
 * node10 and node16-from-CJS, for packages that deliberately ship no CommonJS.
 */
export type AttwProfile = 'strict' | 'esm-only';

const IGNORED_RESOLUTIONS: Record<AttwProfile, string[]> = {
  strict: [],
  'esm-only': ['node10', 'node16-cjs'],
};

/**
 * The problems @arethetypeswrong finds for every entry point under node10, node16 (from CJS and
 * from ESM) and bundler resolution, as `kind entrypoint (resolution)` lines. Runs the analysis of
 * @arethetypeswrong/cli (its engine, @arethetypeswrong/core, same version) in this process: one
 * TypeScript load for every tarball instead of one per CLI run. Glia's packages ship their own
 * types, so nothing is looked up on DefinitelyTyped (no network).
 */
export async function attwTarball(tarball: string, profile: AttwProfile): Promise<string[]> {
  const pkg = createPackageFromTarballData(new Uint8Array(readFileSync(tarball)));
  const result = await checkPackage(pkg);
  if (!result.types) return [`untyped: ${tarball} ships no types`];
  const ignored = IGNORED_RESOLUTIONS[profile];
  return result.problems
    .filter((p) => !('resolutionKind' in p && ignored.includes(p.resolutionKind)))
    .map((p) => {
      const where = 'entrypoint' in p ? ` ${p.entrypoint}` : '';
      const how = 'resolutionKind' in p ? ` (${p.resolutionKind})` : '';
      return `${p.kind}${where}${how}`;
    });
}
