/*
 * Worker threads that run slices of kernels in the shared kernels memory: Node's worker_threads or
 * the browser's Web Workers. Each worker instantiates the same module over the same shared memory
 * and sleeps in Atomics.wait on its control slot (in the memory). The calling thread either writes
 * one job (an export's index and its arguments) into each slot (`run`), or writes many jobs into a
 * shared table that every thread, itself included, takes from until it is empty (`runDynamic`); then
 * it waits for every slot to go idle. Kernels are synchronous, so the calling thread blocks:
 * Atomics.wait in Node and in workers, a spin on Atomics.load on a browser's main thread (where
 * Atomics.wait is not allowed). Workers are unref'd: they never keep a Node process alive.
 */

/**
 * Bytes of one control slot: int32 [state (0 idle, 1 job, 2 stop), ready, export index, argc],
 * then the arguments as float64 (exact for every i32 and f32).
 */
export const SLOT_BYTES = 256;
const STATE = 0;
const READY = 1;
const FUNCTION = 2;
const ARGC = 3;
const ARGS_OFFSET = 16;
const MAX_ARGS = (SLOT_BYTES - ARGS_OFFSET) / 8;

/** The exports workers may run; a job names one. */
export const WORKER_EXPORTS = [
  'gemm',
  'im2col',
  'col2im',
  'maxPool',
  'maxPoolGrad',
  'maxPoolGrad4',
  'addVV',
  'subVV',
  'mulVV',
  'divVV',
  'addVS',
  'subVS',
  'mulVS',
  'divVS',
  'addSV',
  'subSV',
  'mulSV',
  'divSV',
  'addVR',
  'subVR',
  'mulVR',
  'divVR',
  'greaterVV',
  'greaterEqualVV',
  'lessVV',
  'lessEqualVV',
  'equalVV',
  'greaterVS',
  'greaterEqualVS',
  'lessVS',
  'lessEqualVS',
  'equalVS',
  'boolToFloat',
  'relu',
  'neg',
  'sqrt',
  'square',
  'adamUpdate',
  'biasActivation',
  'exp',
  'sigmoid',
  'tanh',
  'reluGradVV',
  'sigmoidGradVV',
  'tanhGradVV',
  'sumRows',
  'conv2dDirect',
] as const;
export type WorkerExport = (typeof WORKER_EXPORTS)[number];

/**
 * The shared job table of dynamic runs: `capacity` entries laid out as slots (export index, argc,
 * float64 arguments) at byte offset `entries`, and int32 [next job, job count] at `control`.
 */
export interface JobTable {
  entries: number;
  control: number;
  capacity: number;
}

/** One slice of a kernel: an export and its arguments. */
export interface Job {
  fn: WorkerExport;
  args: number[];
}

/** The worker's program, the same in Node and in browsers; `start` gets module, memory, slot, names. */
const WORKER_MAIN = `
function start(data) {
  const instance = new WebAssembly.Instance(data.module, { env: { memory: data.memory } });
  const fns = data.names.map((name) => instance.exports[name]);
  const slot = new Int32Array(data.memory.buffer, data.slot, ${SLOT_BYTES / 4});
  const args = new Float64Array(data.memory.buffer, data.slot + ${ARGS_OFFSET}, ${MAX_ARGS});
  const control = new Int32Array(data.memory.buffer, data.control, 2);
  // gemm (export 0) runs on this worker's own packing scratch, whichever job it takes.
  const call = (fn, list) => {
    if (fn === 0) list.splice(11, 3, data.scratch[0], data.scratch[1], data.scratch[2]);
    fns[fn].apply(null, list);
  };
  const runEntry = (base) => {
    const head = new Int32Array(data.memory.buffer, base, 4);
    const a = new Float64Array(data.memory.buffer, base + ${ARGS_OFFSET}, head[${ARGC}]);
    call(head[${FUNCTION}], Array.from(a));
  };
  Atomics.store(slot, ${READY}, 1);
  for (;;) {
    Atomics.wait(slot, ${STATE}, 0);
    const state = Atomics.load(slot, ${STATE});
    if (state === 2) return;
    if (state === 1) {
      call(slot[${FUNCTION}], Array.prototype.slice.call(args, 0, slot[${ARGC}]));
    } else if (state === 3) {
      // Take jobs from the shared table until none is left.
      for (;;) {
        const i = Atomics.add(control, 0, 1);
        if (i >= Atomics.load(control, 1)) break;
        runEntry(data.table + i * ${SLOT_BYTES});
      }
    } else continue;
    Atomics.store(slot, ${STATE}, 0);
    Atomics.notify(slot, ${STATE});
  }
}
`;
const NODE_WORKER = `${WORKER_MAIN}
const { workerData } = require('node:worker_threads');
start(workerData);
`;
const BROWSER_WORKER = `${WORKER_MAIN}
self.onmessage = (event) => start(event.data);
`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (error: unknown) => void): void;
}
type NodeWorkerClass = new (
  source: string,
  options: { eval: true; workerData: unknown },
) => NodeWorker;

interface ThreadHandle {
  slot: Int32Array;
  args: Float64Array;
  stop: () => void;
}

/** worker_threads' Worker in Node (synchronously, via process.getBuiltinModule), else null. */
function nodeWorkerClass(): NodeWorkerClass | null {
  const proc = (
    globalThis as {
      process?: {
        versions?: { node?: string };
        getBuiltinModule?: (id: string) => { Worker?: NodeWorkerClass } | undefined;
      };
    }
  ).process;
  if (proc?.versions?.node === undefined || typeof proc.getBuiltinModule !== 'function')
    return null;
  return proc.getBuiltinModule('node:worker_threads')?.Worker ?? null;
}

/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
function canBlock(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; document?: unknown };
  return g.process?.versions?.node !== undefined || g.document === undefined;
}

/** Starts one worker over `memory` with its control slot at byte offset `slot`; null if it cannot. */
function startWorker(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  slot: number,
  table: JobTable,
  scratch: [number, number, number],
): (() => void) | null {
  const data = {
    module,
    memory,
    slot,
    scratch,
    table: table.entries,
    control: table.control,
    names: [...WORKER_EXPORTS],
  };
  const NodeWorker = nodeWorkerClass();
  if (NodeWorker !== null) {
    const worker = new NodeWorker(NODE_WORKER, { eval: true, workerData: data });
    worker.unref();
    worker.on('error', () => {}); // a failed worker never reports ready, so it is never given work
    return () => void worker.terminate();
  }
  const g = globalThis as { Worker?: typeof Worker; Blob?: typeof Blob; URL?: typeof URL };
  if (typeof g.Worker !== 'function' || typeof g.Blob !== 'function') return null;
  const url = URL.createObjectURL(new Blob([BROWSER_WORKER], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  worker.postMessage(data);
  return () => worker.terminate();
}

/** A pool of workers; the calling thread is the pool's first thread. */
export class ThreadPool {
  private readonly threads: ThreadHandle[] = [];
  private readonly blocking = canBlock();

  /**
   * @param slots byte offsets of one control slot per worker (SLOT_BYTES each, zeroed, 8-aligned)
   */
  private readonly control: Int32Array;
  private readonly memory: WebAssembly.Memory;

  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    slots: number[],
    private readonly table: JobTable,
    /** Each worker's GEMM scratch: packA, packB, tile (byte offsets). */
    scratch: [number, number, number][],
  ) {
    this.memory = memory;
    this.control = new Int32Array(memory.buffer, table.control, 2);
    for (const [w, offset] of slots.entries()) {
      const slot = new Int32Array(memory.buffer, offset, SLOT_BYTES / 4);
      const args = new Float64Array(memory.buffer, offset + ARGS_OFFSET, MAX_ARGS);
      let stop: (() => void) | null = null;
      try {
        stop = startWorker(module, memory, offset, table, scratch[w]!);
      } catch {
        stop = null;
      }
      if (stop === null) break;
      const terminate = stop;
      this.threads.push({
        slot,
        args,
        stop: () => {
          Atomics.store(slot, STATE, 2);
          Atomics.notify(slot, STATE);
          terminate();
        },
      });
    }
  }

  /** Workers that have started and can take work now. */
  readyWorkers(): number {
    let n = 0;
    for (const t of this.threads) if (Atomics.load(t.slot, READY) === 1) n++;
    return n;
  }

  /**
   * Runs `jobs[0]` on this thread with `runHere` and jobs[i] on the i-th ready worker, and returns
   * when all are done. At most `1 + readyWorkers()` jobs.
   */
  run(jobs: Job[], runHere: (job: Job) => void): void {
    const busy: Int32Array[] = [];
    let next = 1;
    for (const t of this.threads) {
      if (next >= jobs.length) break;
      if (Atomics.load(t.slot, READY) !== 1) continue;
      const job = jobs[next++]!;
      t.slot[FUNCTION] = WORKER_EXPORTS.indexOf(job.fn);
      t.slot[ARGC] = job.args.length;
      t.args.set(job.args);
      Atomics.store(t.slot, STATE, 1);
      Atomics.notify(t.slot, STATE);
      busy.push(t.slot);
    }
    if (next < jobs.length)
      throw new Error(`ThreadPool.run: ${jobs.length} jobs for ${next} threads`);
    runHere(jobs[0]!);
    for (const slot of busy) {
      if (this.blocking) {
        while (Atomics.load(slot, STATE) !== 0) Atomics.wait(slot, STATE, 1);
      } else {
        while (Atomics.load(slot, STATE) !== 0) {
          // spin: a browser's main thread may not block
        }
      }
    }
  }

  /** How many jobs a dynamic run can hold. */
  get capacity(): number {
    return this.table.capacity;
  }

  /**
   * Runs every job, with this thread and every ready worker taking the next job from a shared
   * table until none is left: a thread the OS delays holds up at most one small job, where a
   * static split would wait for its whole share. At most `capacity` jobs.
   */
  runDynamic(jobs: Job[], runHere: (job: Job) => void): void {
    if (jobs.length > this.table.capacity)
      throw new Error(
        `ThreadPool.runDynamic: ${jobs.length} jobs, room for ${this.table.capacity}`,
      );
    const buffer = this.memory.buffer;
    jobs.forEach((job, i) => {
      const base = this.table.entries + i * SLOT_BYTES;
      const head = new Int32Array(buffer, base, 4);
      head[FUNCTION] = WORKER_EXPORTS.indexOf(job.fn);
      head[ARGC] = job.args.length;
      new Float64Array(buffer, base + ARGS_OFFSET, job.args.length).set(job.args);
    });
    Atomics.store(this.control, 1, jobs.length);
    Atomics.store(this.control, 0, 0);
    const busy: Int32Array[] = [];
    for (const t of this.threads) {
      if (Atomics.load(t.slot, READY) !== 1) continue;
      Atomics.store(t.slot, STATE, 3);
      Atomics.notify(t.slot, STATE);
      busy.push(t.slot);
    }
    for (;;) {
      const i = Atomics.add(this.control, 0, 1);
      if (i >= jobs.length) break;
      runHere(jobs[i]!);
    }
    this.waitIdle(busy);
  }

  private waitIdle(busy: Int32Array[]): void {
    for (const slot of busy) {
      if (this.blocking) {
        while (Atomics.load(slot, STATE) !== 0) Atomics.wait(slot, STATE, 3);
      } else {
        while (Atomics.load(slot, STATE) !== 0) {
          // spin: a browser's main thread may not block
        }
      }
    }
  }

  /** Stops every worker. */
  dispose(): void {
    for (const t of this.threads) t.stop();
    this.threads.length = 0;
  }
}
