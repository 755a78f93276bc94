// A child process for the crash test: saves a one-layer model with INPUTS inputs to argv[2]. With
// KILL_AT=k it SIGKILLs itself just before the k-th file-system call of the save; it prints
// "saving" when the save starts (the parent may kill it at a random moment after that) and
// "calls <n>" when the save is done.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const fsp = require('node:fs/promises');
const killAt = Number(process.env.KILL_AT ?? 0);
let counting = false;
let calls = 0;

function beforeCall() {
  if (!counting) return;
  calls++;
  if (calls === killAt) process.kill(process.pid, 'SIGKILL');
}

for (const name of Object.keys(fsp)) {
  const original = fsp[name];
  if (typeof original !== 'function') continue;
  fsp[name] = async function counted(...args) {
    beforeCall();
    const result = await original.apply(this, args);
    if (name === 'open' && result && typeof result.sync === 'function') {
      for (const method of ['sync', 'close', 'write', 'writeFile', 'read']) {
        const own = result[method].bind(result);
        result[method] = async (...a) => {
          beforeCall();
          return own(...a);
        };
      }
    }
    return result;
  };
}
syncBuiltinESMExports();

const { ready } = await import('@glia/core');
await import('@glia/backend-cpu');
const { layers, Sequential } = await import('@glia/layers');
await ready();
const model = new Sequential({
  layers: [layers.dense({ units: 2, inputShape: [Number(process.env.INPUTS)] })],
});
counting = true;
process.stdout.write('saving\n');
await model.save(`file://${process.argv[2]}`);
counting = false;
process.stdout.write(`calls ${calls}\n`);
