/**
 * The backends the page offers: whatever registered itself (the CPU backend through `glia`, the
 * gpu.js backend through its package, imported here), and 'auto', which is `glia.ready()`: the
 * highest-priority backend that starts, so gpu.js on WebGL2/WebGL when the browser has it, else
 * the CPU.
 */
// Registers 'gpujs': WebGPU on a GPU adapter, else WebGL2/WebGL; above the CPU backend on a GPU.
import { registerGpujsBackend } from '@glia/backend-gpujs';
import * as glia from 'glia';

// WebGPU by name, on any adapter the browser gives (below the CPU backend on a software one).
registerGpujsBackend({ name: 'gpujs-webgpu', mode: 'webgpu' });

/** One entry of the backend picker. */
export interface BackendChoice {
  /** 'auto' or a registered name. */
  value: string;
  label: string;
  /** Set when the backend failed to start: why. */
  failure?: string;
}

/** The picker's entries: 'auto' first, then every registered backend, best first. */
export function backendChoices(statuses: readonly glia.BackendStatus[]): BackendChoice[] {
  return [
    { value: 'auto', label: 'auto (best available)' },
    ...statuses.map((s) => ({
      value: s.name,
      // Descriptions start with the name ('gpujs (webgl2)'); not-yet-started backends have none.
      label: s.description ?? s.name,
      ...(s.failure !== undefined && { failure: s.failure }),
    })),
  ];
}

/**
 * Activates `choice` and returns its name and how it describes itself. 'auto' tries every
 * registered backend, best first, as `glia.ready()` does on a fresh page (and also after the user
 * picked another one); a backend that fails to start is skipped, its reason kept by the registry.
 */
export async function activate(choice: string): Promise<{ name: string; description: string }> {
  const names = choice === 'auto' ? glia.listBackends().map((s) => s.name) : [choice];
  const failures: string[] = [];
  for (const name of names) {
    try {
      const backend = await glia.setBackend(name);
      return { name, description: backend.describe?.() ?? backend.name };
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
    }
  }
  throw new Error(`no backend could start: ${failures.join('; ')}`);
}
