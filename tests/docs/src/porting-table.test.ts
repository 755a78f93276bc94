// The porting table of tfjs-interop.md: every Glia example in it must appear, verbatim, in a program
// of the guide, which the guides test type-checks and runs; so no example in the table can rot.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { codeBlocks, docsDir } from './code-blocks';

const guide = 'tfjs-interop.md';
const markdown = readFileSync(path.join(docsDir, guide), 'utf8');

/** The inline code of the table's Glia column (the second), row by row. */
function gliaExamples(): string[] {
  const table = /<!-- porting-table -->\n([\s\S]*?)<!-- \/porting-table -->/.exec(markdown);
  if (!table) throw new Error(`${guide}: no <!-- porting-table --> section`);
  const rows = table[1]!.trim().split('\n').slice(2);
  return rows.flatMap((row) => {
    const cells = row.split(' | ');
    const glia = cells[1] ?? '';
    return [...glia.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((c) => c.includes('glia.'));
  });
}

it('every Glia example of the porting table runs in a program of the guide', () => {
  const programs = codeBlocks(guide, markdown)
    .filter((b) => b.kind === 'program')
    .map((b) => b.code);
  const examples = gliaExamples();
  expect(examples.length).toBeGreaterThanOrEqual(10);
  for (const example of examples) {
    expect(
      programs.some((code) => code.includes(example)),
      `${example} appears in no program of ${guide}`,
    ).toBe(true);
  }
});
