// Every public op of @glia/core carries a runnable example in its TSDoc comment, and the example is
// right: each is type-checked (strict) and run, and each console.log must print the values written in
// its trailing `// expected` comment. An exported op without an example fails this file.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import '@glia/backend-cpu';
import { setBackend } from '@glia/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mismatch, parseExpected } from './expected-values';
import { EXAMPLE_PRELUDE, expectedPrints, exportedOps, type OpDoc } from './op-examples';
import { freshDir, recordConsoleLog, typecheckProject } from './snippets';

/** Fails with every problem spelled out (an expect on a list would abbreviate it). */
function failWith(problems: string[], what: string): void {
  if (problems.length > 0) throw new Error(`${problems.length} ${what}:\n${problems.join('\n')}`);
}

const examplesDir = freshDir('generated-ops');
const ops = exportedOps();

interface Example {
  op: OpDoc;
  line: number;
  code: string;
  module: string;
}

const examples: Example[] = ops.flatMap((op) =>
  op.blocks
    .filter((b) => b.kind === 'program')
    .map((b, i) => {
      const module = path.join(examplesDir, `${op.name}-${i + 1}.ts`);
      writeFileSync(module, EXAMPLE_PRELUDE + b.code);
      return { op, line: b.line, code: b.code, module };
    }),
);

it('lists the ops @glia/core exports', () => {
  const names = ops.map((o) => o.name);
  for (const name of [
    'tensor',
    'zeros',
    'add',
    'relu',
    'matMul',
    'conv2d',
    'sum',
    'randomUniform',
  ]) {
    expect(names).toContain(name);
  }
  expect(names).not.toContain('Tensor'); // a class, not an op
  expect(names).not.toContain('FLIP_MODES'); // a constant
  expect(ops.length).toBeGreaterThan(100);
});

it('every exported op has a runnable ```ts example in its TSDoc comment', () => {
  const missing = ops
    .filter((o) => !o.blocks.some((b) => b.kind === 'program'))
    .map((o) => `${o.name} (${o.file}${o.line ? `:${o.line}` : ''})`);
  failWith(missing, 'exported ops have no ```ts example in their TSDoc comment');
});

it('op examples are programs: no ignored or excerpt blocks', () => {
  const other = ops.flatMap((o) =>
    o.blocks
      .filter((b) => b.kind === 'ignored' || b.kind === 'excerpt' || b.kind === 'output')
      .map((b) => `${o.name} (${o.file}:${b.line})`),
  );
  failWith(other, 'op examples are not plain ```ts programs');
});

it('every op example type-checks (strict)', () => {
  typecheckProject('tsconfig.op-examples.json', 'the op examples');
});

for (const example of examples)
  describe(`${example.op.name} (${example.op.file}:${example.line})`, () => {
    let calls: unknown[][] = [];
    beforeEach(async () => {
      calls = recordConsoleLog();
      await setBackend('cpu');
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('prints what its comments say', async () => {
      const prints = expectedPrints(example.code);
      expect(prints.length, 'an example prints at least one checked value').toBeGreaterThan(0);
      await import(example.module);
      expect(calls.length, 'console.log calls run vs. written').toBe(prints.length);
      const problems: string[] = [];
      prints.forEach((print, i) => {
        const expected = parseExpected(print.comment);
        const args = calls[i]!;
        const where = `${example.op.file}:${example.line + print.line}`;
        if (args.length !== expected.length) {
          problems.push(`${where}: ${args.length} values printed, ${expected.length} expected`);
          return;
        }
        expected.forEach((e, j) => {
          const m = mismatch(args[j], e, `argument ${j + 1}`);
          if (m) problems.push(`${where}: ${m}`);
        });
      });
      failWith(problems, 'printed values differ from their // expected comments');
    });
  });
