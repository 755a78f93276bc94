// A TypeDoc plugin: names each entry point's module after its package ("@glia/core", not
// "core/src"), reading the name from the package.json above the entry point.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (_context, reflection) => {
    if (
      !reflection.kindOf(ReflectionKind.Module) ||
      reflection.parent?.kindOf(ReflectionKind.Module)
    )
      return;
    const match = /^(.+)\/src$/.exec(reflection.name);
    if (!match) return;
    const manifest = path.join(process.cwd(), 'packages', match[1], 'package.json');
    reflection.name = JSON.parse(readFileSync(manifest, 'utf8')).name;
  });
}
