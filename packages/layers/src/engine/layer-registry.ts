/**
 * The layer classes `loadModel` may instantiate, by their Keras / TF.js class name. A model file
 * names its layers' classes; only registered ones load, through their `fromConfig` (no code from
 * the file runs). The built-in classes register themselves on first use of the registry, by an
 * explicit call rather than an import side effect, so bundlers that honour `"sideEffects": false`
 * cannot drop them.
 */
import { lookupName, ValueError } from '@glia/core';
import { LAYER_CLASSES } from '../layers/index';
import { setLayerClassResolver } from '../layers/recurrent/wrapper';
import type { LayerClass } from './layer';

const registry = new Map<string, LayerClass>();
let builtInsRegistered = false;

/** Registers the built-in layer classes (idempotent). `getLayerClass` calls it itself. */
export function ensureLayerClassesRegistered(): void {
  if (builtInsRegistered) return;
  builtInsRegistered = true;
  for (const cls of LAYER_CLASSES) {
    if (!registry.has(cls.className)) registry.set(cls.className, cls);
  }
}

/**
 * Makes a layer class loadable by its `className` (for your own layers). Registering another class
 * under a taken name is an error; registering the same class again is not.
 *
 * ```ts
 * class Scale extends Layer { static override readonly className = 'Scale'; ... }
 * registerLayerClass(Scale);
 * ```
 */
export function registerLayerClass(cls: LayerClass): void {
  ensureLayerClassesRegistered();
  const name: unknown = cls?.className;
  if (typeof name !== 'string' || name === '' || name === 'Layer') {
    throw new ValueError(
      `registerLayerClass: the class needs its own static className (got ${JSON.stringify(name)})`,
    );
  }
  if (typeof cls.fromConfig !== 'function') {
    throw new ValueError(`registerLayerClass: ${name} needs a static fromConfig(config)`);
  }
  const existing = registry.get(name);
  if (existing && existing !== cls) {
    throw new ValueError(`registerLayerClass: another class is already registered as '${name}'`);
  }
  registry.set(name, cls);
}

/** The class registered as `className`; an error lists the known ones. */
export function getLayerClass(className: string): LayerClass {
  ensureLayerClassesRegistered();
  return lookupName(
    'getLayerClass',
    'layer class',
    new Map(listLayerClasses().map((name) => [name, registry.get(name)!])),
    className,
    { accepts: '(register your own with registerLayerClass)' },
  );
}

/** The registered class names, sorted. */
export function listLayerClasses(): string[] {
  ensureLayerClassesRegistered();
  return [...registry.keys()].sort();
}

// Wrappers (Bidirectional, TimeDistributed) find their inner layer's class through the registry.
setLayerClassResolver(getLayerClass);
