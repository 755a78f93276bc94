// The chained tensor methods' types reach the Tensor class through a module augmentation in
// src/tensor/methods.ts (`declare module './tensor'`), so that tensor.ts need not import the ops
// (which import tensor.ts). The declaration bundler copies the augmentation into the single
// dist/index.d.ts as it is, where './tensor' names no module: this step turns it into the plain
// interface merge it stands for, beside the class in the same file.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const AUGMENTATION = /declare module '\.\/tensor' \{\n([\s\S]*?)\n\}\n/;

for (const name of readdirSync(dist)) {
  if (!/\.d\.c?ts$/.test(name)) continue;
  const file = path.join(dist, name);
  const text = readFileSync(file, 'utf8');
  const match = AUGMENTATION.exec(text);
  if (!match) continue;
  const body = match[1].replace(/^ {4}/gm, '');
  writeFileSync(file, text.replace(AUGMENTATION, `${body}\n`));
}
