// The public ops of @glia/core and the examples in their TSDoc comments. An op is an exported function
// of packages/core/src/index.ts declared in src/ops/**, src/tensor/create.ts, create-ranked.ts or src/random/random.ts;
// the list comes from the TypeScript checker, so `export *` and re-exports are followed.
import path from 'node:path';
import ts from 'typescript';
import { type CodeBlock, codeBlocks, repoRoot } from './code-blocks';

const coreSrc = path.join(repoRoot, 'packages', 'core', 'src');

/** Where ops live, relative to packages/core/src: a folder ends in '/'. */
const OP_SOURCES = ['ops/', 'tensor/create.ts', 'tensor/create-ranked.ts', 'random/random.ts'];

/** One exported op and the ```ts blocks of its TSDoc comment. */
export interface OpDoc {
  name: string;
  /** The declaring file, relative to the repository root, and the 1-based line of its comment. */
  file: string;
  line: number;
  /** The comment's fenced blocks; `line` of each is its line in `file`. */
  blocks: CodeBlock[];
}

const isOpSource = (file: string) => {
  const rel = path.relative(coreSrc, file).split(path.sep).join('/');
  return (
    !rel.endsWith('.test.ts') &&
    OP_SOURCES.some((s) => (s.endsWith('/') ? rel.startsWith(s) : rel === s))
  );
};

/** The statement a TSDoc comment sits on: the declaration itself, or a variable's `export const`. */
function documentedNode(decl: ts.Declaration): ts.Node {
  if (ts.isVariableDeclaration(decl) && ts.isVariableDeclarationList(decl.parent)) {
    return decl.parent.parent;
  }
  return decl;
}

/** The last `/** ... *\/` comment before a node (line comments such as biome-ignore may follow it). */
function tsdocOf(node: ts.Node): { text: string; line: number } | undefined {
  const source = node.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const doc = ranges.filter((r) => source.text.startsWith('/**', r.pos)).at(-1);
  if (!doc) return undefined;
  const raw = source.text.slice(doc.pos + 3, doc.end - 2);
  const text = raw
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n');
  return { text, line: source.getLineAndCharacterOfPosition(doc.pos).line + 1 };
}

/** Every exported op of @glia/core with its examples, sorted by name. */
export function exportedOps(): OpDoc[] {
  const index = path.join(coreSrc, 'index.ts');
  const program = ts.createProgram([index], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  const ops: OpDoc[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.valueDeclaration;
    if (!decl || !isOpSource(decl.getSourceFile().fileName)) continue;
    if (symbol.flags & ts.SymbolFlags.Class) continue;
    const type = checker.getTypeOfSymbolAtLocation(symbol, decl);
    if (type.getCallSignatures().length === 0) continue; // a constant
    const file = path.relative(repoRoot, decl.getSourceFile().fileName).split(path.sep).join('/');
    // overloads: the first declaration that carries a comment
    const doc = (symbol.declarations ?? [decl])
      .map((d) => tsdocOf(documentedNode(d)))
      .find(Boolean);
    const name = exported.name;
    const blocks = doc
      ? codeBlocks(`${file} (${name})`, doc.text).map((b) => ({
          ...b,
          line: b.line + doc.line - 1,
        }))
      : [];
    ops.push({ name, file, line: doc?.line ?? 0, blocks });
  }
  return ops.sort((a, b) => a.name.localeCompare(b.name));
}

/** What an example is run as: one module that imports Glia as `glia`, with the CPU backend. */
export const EXAMPLE_PRELUDE = "import * as glia from '@glia/core';\nimport '@glia/backend-cpu';\n";

/** One `console.log(...)` line of an example and the values its trailing comment promises. */
export interface ExpectedPrint {
  /** 1-based line in the example. */
  line: number;
  comment: string;
}

/**
 * The checked prints of an example, in order. Every console.log must sit on one line and end with a
 * `// expected` comment; anything else is an error, so no print goes unchecked.
 */
export function expectedPrints(code: string): ExpectedPrint[] {
  const prints: ExpectedPrint[] = [];
  code.split('\n').forEach((text, i) => {
    if (!text.includes('console.log(')) return;
    const m = /^\s*console\.log\(.*\);\s*\/\/\s*(\S.*)$/.exec(text);
    if (!m) {
      throw new Error(
        `line ${i + 1}: a console.log must stand alone on its line and end with a // expected comment: ${text.trim()}`,
      );
    }
    prints.push({ line: i + 1, comment: m[1]! });
  });
  return prints;
}
