#!/usr/bin/env node
// Fails when the relative imports inside a package's src/ form a circle (type-only imports count:
// a circle of types is still two files that cannot be read one after the other). Imports between
// packages go through package names, and turbo reports circles among those. No dependencies.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"](\.[^'"]*)['"]|import\(\s*['"](\.[^'"]*)['"]\s*\)/g;

function sourceFiles(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

function resolve(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier.replace(/\.(js|mjs)$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mts`, `${base}/index.ts`])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return undefined;
}

/** The strongly connected components of more than one file (Tarjan), and files that import themselves. */
function circles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.has(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

let failures = 0;
for (const group of ['packages', 'apps']) {
  const groupDir = path.join(root, group);
  if (!existsSync(groupDir)) continue;
  for (const name of readdirSync(groupDir).sort()) {
    const src = path.join(groupDir, name, 'src');
    if (!existsSync(src)) continue;
    const graph = new Map();
    for (const file of sourceFiles(src)) {
      const targets = new Set();
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = resolve(file, match[1] ?? match[2]);
        if (target !== undefined) targets.add(target);
      }
      graph.set(file, targets);
    }
    for (const component of circles(graph)) {
      failures++;
      const files = component.map((f) => path.relative(root, f));
      console.error(`import circle in ${group}/${name}:\n  ${files.join('\n  ')}`);
    }
  }
}
if (failures > 0) process.exit(1);
console.log('no import circles');
