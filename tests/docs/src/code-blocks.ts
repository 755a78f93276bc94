// The fenced code blocks of a Markdown guide, and what the docs test does with each.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests/docs/src -> ../../..). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const docsDir = path.join(repoRoot, 'docs');

/**
 * What a block is for, from its info string:
 * - ` ```ts `: a complete program, type-checked and run;
 * - ` ```ts excerpt=<path> `: a passage that must appear, verbatim, in that file of the repository;
 * - ` ```ts ignore `: shown, not checked (kept for fragments that cannot stand alone);
 * - ` ```text output `: right after a program, exactly what its console.log calls print;
 * - anything else (sh, json, ...): shown, not checked.
 */
export type BlockKind = 'program' | 'excerpt' | 'ignored' | 'output' | 'other';

/** One fenced block: where it is, what it is, and its text. */
export interface CodeBlock {
  guide: string;
  /** 1-based line of the opening fence. */
  line: number;
  kind: BlockKind;
  code: string;
  /** For an excerpt: the file it quotes, relative to the repository root. */
  source?: string;
  /** For a program: the output block that follows it, if any. */
  expectedOutput?: string;
}

function kindOf(info: string): { kind: BlockKind; source?: string } {
  const [lang, ...meta] = info.trim().split(/\s+/);
  if (lang === 'text' && meta.includes('output')) return { kind: 'output' };
  if (lang !== 'ts' && lang !== 'typescript') return { kind: 'other' };
  if (meta.includes('ignore')) return { kind: 'ignored' };
  const excerpt = meta.find((m) => m.startsWith('excerpt='));
  if (excerpt) return { kind: 'excerpt', source: excerpt.slice('excerpt='.length) };
  return { kind: 'program' };
}

/** Parses the fenced blocks of one guide; an output block attaches to the program just before it. */
export function codeBlocks(guide: string, markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (i === lines.length) throw new Error(`${guide}:${start + 1}: code block is never closed`);
    const { kind, source } = kindOf(open[1]!);
    const code = `${body.join('\n')}\n`;
    const previous = blocks.at(-1);
    if (kind === 'output') {
      if (previous?.kind !== 'program' || previous.expectedOutput !== undefined) {
        throw new Error(`${guide}:${start + 1}: an output block must follow a ts program`);
      }
      previous.expectedOutput = code.trimEnd();
      continue;
    }
    blocks.push({ guide, line: start + 1, kind, code, ...(source ? { source } : {}) });
  }
  return blocks;
}

/** Every guide (docs/*.md) with its blocks, in file-name order. */
export function guides(): { guide: string; blocks: CodeBlock[] }[] {
  return readdirSync(docsDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((guide) => ({
      guide,
      blocks: codeBlocks(guide, readFileSync(path.join(docsDir, guide), 'utf8')),
    }));
}
