// Every guide's TypeScript, checked against the current packages: programs are type-checked (one
// strict tsc run over all of them) and then run in order, with their printed output compared to the
// `text output` block that follows them; excerpts must still appear verbatim in the files they quote.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import '@glia/backend-cpu';
import { setBackend } from '@glia/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CodeBlock, guides, repoRoot } from './code-blocks';
import { freshDir, recordConsoleLog, typecheckProject } from './snippets';

const snippetsDir = freshDir('generated');

const all = guides();

/** Where a program block is written: one module per block, named after its guide and line. */
const fileOf = (block: CodeBlock) =>
  path.join(snippetsDir, `${block.guide.replace(/\.md$/, '')}-L${block.line}.ts`);

for (const { blocks } of all) {
  for (const block of blocks)
    if (block.kind === 'program') writeFileSync(fileOf(block), block.code);
}

it('the guides exist and hold programs', () => {
  const names = all.map((g) => g.guide);
  for (const guide of [
    'README.md',
    'getting-started.md',
    'tensors-and-memory.md',
    'autograd.md',
    'layers-and-training.md',
    'datasets.md',
    'backends.md',
    'writing-a-backend.md',
    'saving-and-loading.md',
    'tfjs-interop.md',
    'architecture.md',
    'scaling.md',
  ]) {
    expect(names).toContain(guide);
  }
  for (const { guide, blocks } of all) {
    if (guide === 'README.md') continue;
    expect(blocks.filter((b) => b.kind === 'program').length, guide).toBeGreaterThan(0);
  }
});

it('every program type-checks (strict)', () => {
  typecheckProject('tsconfig.snippets.json', "the guides' code");
});

const checked = all.filter((g) =>
  g.blocks.some((b) => b.kind === 'program' || b.kind === 'excerpt'),
);

describe.each(checked)('$guide', ({ blocks }) => {
  let calls: unknown[][] = [];
  beforeEach(async () => {
    calls = recordConsoleLog();
    await setBackend('cpu'); // each program starts where a fresh process would
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  for (const block of blocks) {
    if (block.kind === 'program') {
      it(`runs the program at line ${block.line}`, async () => {
        await import(fileOf(block));
        if (block.expectedOutput !== undefined) {
          const output = calls
            .map((args) => format(...args))
            .join('\n')
            .trimEnd();
          if (output !== block.expectedOutput) console.info(`actual output:\n${output}`);
          expect(output).toBe(block.expectedOutput);
        }
      });
    } else if (block.kind === 'excerpt') {
      it(`the excerpt at line ${block.line} is still in ${block.source}`, () => {
        const source = readFileSync(path.join(repoRoot, block.source!), 'utf8');
        expect(source).toContain(block.code);
      });
    }
  }
});
