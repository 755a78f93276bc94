/**
 * `file://dir`: model.json and weights.bin in a directory (Node only). node:fs is imported lazily,
 * so browser bundles that never save to files do not need it.
 */
import { ValueError } from '@glia/core';
import type { IOHandler, ModelArtifacts, SaveResult } from '../io-types';
import { ModelFileError } from '../model-file-error';
import { artifactsFromModelJson, modelJsonFor, parseModelJson, saveResult } from './model-json';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';
/** Files a model directory may hold: replacing it must not delete anything else. */
const MODEL_FILE = /^(model\.json|.*\.bin)$/;

type Fs = typeof import('node:fs/promises');
type PathModule = typeof import('node:path');

async function nodeModules(): Promise<{ fs: Fs; path: PathModule }> {
  if (typeof process === 'undefined' || !process.versions?.node) {
    throw new ValueError(
      'file:// needs Node.js (in a browser, use indexeddb://, localstorage://, downloads:// or http(s)://)',
    );
  }
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  return { fs, path };
}

async function exists(fs: Fs, p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Writes a file and flushes it to disk, so that the rename that publishes it publishes data. */
async function writeDurably(fs: Fs, file: string, data: string | Uint8Array): Promise<void> {
  await fs.writeFile(file, data);
  const handle = await fs.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The hidden sibling folders a save uses: `.name.saving-<tag>` (new) and `.name.replaced-<tag>` (old). */
function leftoverPattern(base: string): RegExp {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${escaped}\\.(saving|replaced)-(\\d+)-([0-9a-z]+)-[0-9a-z]+$`);
}

/** Whether `dir` holds a complete model: a model.json that parses, written after the weights. */
async function isComplete(fs: Fs, path: PathModule, dir: string): Promise<boolean> {
  try {
    JSON.parse(await fs.readFile(path.join(dir, MODEL_JSON), 'utf8'));
    await fs.stat(path.join(dir, WEIGHTS_BIN));
    return true;
  } catch {
    return false;
  }
}

/**
 * The folders a save interrupted by a crash left beside `dir`, newest first, the new model's
 * (`saving`) before the old one's (`replaced`) of the same save, each with whether it is complete.
 */
async function leftovers(
  fs: Fs,
  path: PathModule,
  dir: string,
): Promise<{ path: string; complete: boolean }[]> {
  const parent = path.dirname(dir);
  const pattern = leftoverPattern(path.basename(dir));
  let names: string[];
  try {
    names = await fs.readdir(parent);
  } catch {
    return [];
  }
  const found = names
    .map((name) => ({ name, match: pattern.exec(name) }))
    .filter((f) => f.match !== null)
    .map((f) => ({
      path: path.join(parent, f.name),
      kind: f.match![1]!,
      time: Number.parseInt(f.match![3]!, 36),
    }))
    .sort((a, b) => b.time - a.time || (a.kind === 'saving' ? -1 : 1));
  return Promise.all(
    found.map(async (f) => ({ path: f.path, complete: await isComplete(fs, path, f.path) })),
  );
}

/**
 * Finishes a save that a crash interrupted between its two renames (the model folder moved aside,
 * the new one not yet in place): the newest complete leftover becomes the model folder again. Then
 * removes every other leftover. Runs at the start of each save.
 */
async function recoverAndClean(fs: Fs, path: PathModule, dir: string): Promise<void> {
  const found = await leftovers(fs, path, dir);
  if (!(await exists(fs, dir))) {
    const usable = found.find((f) => f.complete);
    if (usable) await fs.rename(usable.path, dir);
  }
  for (const f of found) await fs.rm(f.path, { recursive: true, force: true });
}

function stripScheme(p: string): string {
  return p.toLowerCase().startsWith('file://') ? p.slice('file://'.length) : p;
}

/**
 * Saves into and loads from a directory: `save` writes `dir/model.json` and `dir/weights.bin`,
 * `load` reads `dir/model.json` (or the given .json file) and the weight files its manifest names.
 *
 * Saving is crash-safe: both files are written into a new sibling directory, flushed, then renamed
 * into place; an existing model directory is moved aside first and deleted only after the new one is
 * in place. A crash between the two renames leaves both copies beside the path: `load` then reads
 * the newest complete one, and the next save puts it back and removes every leftover, so the path
 * loads the old model or the new one at every instant. A directory holding anything besides model
 * files is never replaced.
 */
export function fileSystem(pathOrUrl: string): IOHandler {
  const given = stripScheme(pathOrUrl);
  if (!given) throw new ValueError("file://: give a directory, e.g. 'file://./my-model'");
  return {
    source: given.endsWith('.json') ? given : `${given.replace(/\/+$/, '')}/${MODEL_JSON}`,
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const { fs, path } = await nodeModules();
      const dir = path.resolve(given.endsWith(`/${MODEL_JSON}`) ? path.dirname(given) : given);
      await recoverAndClean(fs, path, dir);
      if (await exists(fs, dir)) {
        const stat = await fs.stat(dir);
        if (!stat.isDirectory()) throw new ValueError(`save: ${dir} exists and is not a directory`);
        const others = (await fs.readdir(dir)).filter((f) => !MODEL_FILE.test(f));
        if (others.length > 0) {
          throw new ValueError(
            `save: ${dir} holds files that are not model files (${others.slice(0, 5).join(', ')}${others.length > 5 ? ', ...' : ''}): refusing to replace it; save into a new or empty directory`,
          );
        }
      }
      const parent = path.dirname(dir);
      await fs.mkdir(parent, { recursive: true });
      const tag = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const staging = path.join(parent, `.${path.basename(dir)}.saving-${tag}`);
      const json = JSON.stringify(modelJsonFor(artifacts, WEIGHTS_BIN));
      await fs.mkdir(staging);
      try {
        await writeDurably(fs, path.join(staging, MODEL_JSON), json);
        await writeDurably(
          fs,
          path.join(staging, WEIGHTS_BIN),
          new Uint8Array(artifacts.weightData),
        );
        if (await exists(fs, dir)) {
          const old = path.join(parent, `.${path.basename(dir)}.replaced-${tag}`);
          await fs.rename(dir, old);
          try {
            await fs.rename(staging, dir);
          } catch (e) {
            await fs.rename(old, dir);
            throw e;
          }
          await fs.rm(old, { recursive: true, force: true });
        } else {
          await fs.rename(staging, dir);
        }
      } catch (e) {
        await fs.rm(staging, { recursive: true, force: true });
        throw e;
      }
      return saveResult(`file://${path.join(dir, MODEL_JSON)}`, json, artifacts.weightData);
    },
    async load(): Promise<ModelArtifacts> {
      const { fs, path } = await nodeModules();
      let file = path.resolve(given);
      if (!given.endsWith('.json')) file = path.join(file, MODEL_JSON);
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (e) {
        // A crash between a save's two renames leaves the folder's old and new copies beside it:
        // load the newest complete one (the next save puts it back in place).
        const recovered =
          path.basename(file) === MODEL_JSON && !(await exists(fs, path.dirname(file)))
            ? (await leftovers(fs, path, path.dirname(file))).find((f) => f.complete)
            : undefined;
        if (recovered) return fileSystem(recovered.path).load!();
        throw new ModelFileError(
          file,
          '',
          `cannot be read: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      const json = parseModelJson(text, file);
      const dir = path.dirname(file);
      // The manifest's paths are plain relative names (validated); a symbolic link among them
      // must not lead outside the model's folder either.
      const realDir = await fs.realpath(dir);
      const resolve = (p: string): string => path.join(dir, p);
      const inside = async (p: string): Promise<string> => {
        const real = await fs.realpath(resolve(p)).catch(() => resolve(p));
        if (real !== realDir && !real.startsWith(`${realDir}${path.sep}`)) {
          throw new ModelFileError(
            file,
            'weightsManifest',
            `'${p}' leads outside the model's folder ${realDir} (to ${real}): refusing to read it`,
          );
        }
        return real;
      };
      return artifactsFromModelJson(
        json,
        file,
        async (p) => {
          const bytes = await fs.readFile(await inside(p));
          return bytes.buffer.slice(
            bytes.byteOffset,
            bytes.byteOffset + bytes.byteLength,
          ) as ArrayBuffer;
        },
        async (p) => {
          const real = await inside(p);
          try {
            return (await fs.stat(real)).size;
          } catch {
            throw new ModelFileError(
              resolve(p),
              '',
              `is missing: ${file} lists it in weightsManifest`,
            );
          }
        },
      );
    },
  };
}
