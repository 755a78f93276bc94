import { Arena } from './arena';
import {
  type CompiledKernels,
  compileKernels,
  instantiateKernels,
  type KernelExports,
  MAX_PAGES,
  PAGE_BYTES,
} from './kernels-module';
import { type Job, type JobTable, SLOT_BYTES, ThreadPool } from './thread-pool';

/*
 * The SIMD kernels at run time: one instance over one memory, the arena that allocates in it, the
 * per-thread GEMM scratch, and the worker pool that splits large products across cores.
 */

/**
 * Multiply-adds below which a product runs on one thread: waking workers costs ~10-50 µs, and an
 * LSTM(64) step's recurrent products (2^20 each, 84 per step) trained faster on one thread here.
 */
const PARALLEL_MIN_MACS = 1 << 22;
/** Elements below which an elementwise or window kernel runs on one thread. */
export const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Jobs a dynamic run holds at most; each thread gets up to 4 (so a delayed one holds up little). */
const JOB_CAPACITY = 64;
const CHUNKS_PER_THREAD = 4;
/** The most threads a pool starts. */
const MAX_THREADS = 16;

/** GEMM scratch of one thread: packed A and B blocks and the 4x8 edge tile (byte offsets). */
interface GemmScratch {
  packA: number;
  packB: number;
  tile: number;
}

/** The default thread count: GLIA_THREADS, else the cores this process may use (at most 16). */
export function defaultThreadCount(): number {
  const g = globalThis as {
    process?: {
      env?: Record<string, string | undefined>;
      getBuiltinModule?: (id: string) => { availableParallelism?: () => number } | undefined;
    };
    navigator?: { hardwareConcurrency?: number };
  };
  const fromEnv = Number(g.process?.env?.GLIA_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return Math.min(fromEnv, MAX_THREADS);
  const cores =
    g.process?.getBuiltinModule?.('node:os')?.availableParallelism?.() ??
    g.navigator?.hardwareConcurrency ??
    1;
  return Math.max(1, Math.min(cores, MAX_THREADS));
}

/** The SIMD kernels, their memory, and the threads that run GEMM in it. */
export class WasmRuntime {
  readonly exports: KernelExports;
  readonly memory: WebAssembly.Memory;
  readonly arena: Arena;
  /** Whether the memory is shared: tensors then live in it, and worker threads can help. */
  readonly shared: boolean;
  /** Whether the GEMM fuses its multiply-adds (the relaxed-SIMD module). */
  readonly relaxed: boolean;
  private readonly compiled: CompiledKernels;
  private readonly scratch: GemmScratch[] = [];
  private pool: ThreadPool | null = null;
  private poolSlots: number[] = [];
  private jobTable: JobTable | null = null;
  private threads = 1;
  /** Jobs handed to worker threads so far (for tests and diagnostics). */
  workerJobs = 0;
  private readonly mc: number;
  private readonly kc: number;
  private readonly nc: number;

  private constructor(compiled: CompiledKernels) {
    this.compiled = compiled;
    const { memory, exports } = instantiateKernels(compiled);
    this.memory = memory;
    this.exports = exports;
    this.shared = compiled.shared;
    this.relaxed = compiled.relaxed;
    this.arena = new Arena(memory, 64, MAX_PAGES * PAGE_BYTES);
    this.arena.zeroBytes = exports.zero;
    this.mc = exports.MC.value as number;
    this.kc = exports.KC.value as number;
    this.nc = exports.NC.value as number;
    this.scratch.push(this.newScratch());
  }

  /** A runtime, or null where WebAssembly SIMD is unavailable. */
  static create(
    threads = defaultThreadCount(),
    sharedMemory = true,
    relaxedSimd = true,
  ): WasmRuntime | null {
    const compiled = compileKernels(sharedMemory, relaxedSimd);
    if (compiled === null) return null;
    try {
      const runtime = new WasmRuntime(compiled);
      runtime.setThreadCount(threads);
      return runtime;
    } catch {
      return null;
    }
  }

  private newScratch(): GemmScratch {
    return {
      packA: this.arena.alloc(this.mc * this.kc * 4),
      packB: this.arena.alloc(this.kc * this.nc * 4),
      tile: this.arena.alloc(32 * 4),
    };
  }

  /** Threads that GEMM may use (this one included); 1 where the memory is not shared. */
  get threadCount(): number {
    return this.threads;
  }

  /** Workers started and ready now, plus this thread. */
  get activeThreads(): number {
    return 1 + (this.pool?.readyWorkers() ?? 0);
  }

  /**
   * Uses `count` threads for large products from now on (workers start in the background and
   * take work once ready). Without shared memory the count stays 1.
   */
  setThreadCount(count: number): void {
    const wanted = this.shared ? Math.max(1, Math.min(Math.floor(count), MAX_THREADS)) : 1;
    if (wanted === this.threads) return;
    this.pool?.dispose();
    this.pool = null;
    this.threads = wanted;
  }

  /** Starts the workers for the configured count, if not started (the first large product does). */
  startThreads(): void {
    const wanted = this.threads;
    if (wanted === 1 || this.pool !== null) return;
    while (this.scratch.length < wanted) this.scratch.push(this.newScratch());
    while (this.poolSlots.length < wanted - 1) this.poolSlots.push(this.arena.alloc(SLOT_BYTES));
    const slots = this.poolSlots.slice(0, wanted - 1);
    for (const s of slots) this.exports.zero(s, SLOT_BYTES);
    if (this.jobTable === null) {
      this.jobTable = {
        entries: this.arena.alloc(JOB_CAPACITY * SLOT_BYTES),
        control: this.arena.alloc(8),
        capacity: JOB_CAPACITY,
      };
    }
    const workerScratch = this.scratch
      .slice(1, wanted)
      .map((s): [number, number, number] => [s.packA, s.packB, s.tile]);
    this.pool = new ThreadPool(
      this.compiled.module,
      this.memory,
      slots,
      this.jobTable,
      workerScratch,
    );
  }

  /** Stops the workers. */
  dispose(): void {
    this.pool?.dispose();
    this.pool = null;
    this.threads = 1;
  }

  /**
   * C[m,n] += A[m,k] · B[k,n] at byte offsets a, b, c; A[i,p] is the float at
   * a + 4·(i·aRowStride + p·aColStride), likewise B; C is row-major with ldc floats per row.
   * With `overwrite`, C = A·B and C's old contents (which need no zeroing) are never read.
   * Large products are split across the ready threads, by rows of C (or by columns when C is short).
   */
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    aRowStride: number,
    aColStride: number,
    b: number,
    bRowStride: number,
    bColStride: number,
    c: number,
    ldc: number,
    overwrite = false,
  ): void {
    if (m === 0 || n === 0) return;
    const store = overwrite ? 1 : 0;
    if (k === 0) {
      if (overwrite) for (let i = 0; i < m; i++) this.exports.zero(c + 4 * i * ldc, 4 * n);
      return;
    }
    const parts = this.parts(m * n * k, PARALLEL_MIN_MACS);
    const jobs: Job[] = [];
    // Each chunk packs its own copy of the operand it does not split: split C's rows when B (k x n)
    // is the smaller copy, its columns when A (m x k) is, as long as each thread gets a tile's worth.
    const byRows = m >= 4 * parts && (m >= n || n < 8 * parts);
    // A multiple of the threads, so the chunks divide evenly; up to four each (a thread the OS
    // delays then holds up little) while chunks stay about 90 rows or columns (packing stays cheap).
    const perThread = Math.max(
      1,
      Math.min(CHUNKS_PER_THREAD, Math.floor((byRows ? m : n) / 90 / parts)),
    );
    const chunks = parts === 1 ? 1 : parts * perThread;
    const total = byRows ? m : n;
    const ranges = splitRange(total, chunks, byRows ? 4 : 8);
    ranges.forEach(([start, end], t) => {
      // Placeholder scratch: each thread runs a gemm job on its own (see run and the worker).
      const s = this.scratch[0]!;
      const size = end - start;
      jobs.push({
        fn: 'gemm',
        args: byRows
          ? [
              size,
              n,
              k,
              a + 4 * start * aRowStride,
              aRowStride,
              aColStride,
              b,
              bRowStride,
              bColStride,
            ]
          : [
              m,
              size,
              k,
              a,
              aRowStride,
              aColStride,
              b + 4 * start * bColStride,
              bRowStride,
              bColStride,
            ],
      });
      jobs[t]!.args.push(
        byRows ? c + 4 * start * ldc : c + 4 * start,
        ldc,
        s.packA,
        s.packB,
        s.tile,
        store,
      );
    });
    this.run(jobs);
  }

  /**
   * How many threads should share `work` (in the units of `minimum`): 1 below `minimum` or
   * without workers, else every ready thread up to the configured count. Starts the workers the
   * first time there is enough work for them.
   */
  parts(work: number, minimum: number): number {
    if (this.threads === 1 || work < minimum) return 1;
    if (this.pool === null) this.startThreads();
    return Math.min(this.threads, 1 + (this.pool?.readyWorkers() ?? 0));
  }

  /**
   * Runs `job(start, end)` over [0, total) split across threads when `total` reaches `minimum`,
   * each range starting at a multiple of `align`.
   */
  split(
    total: number,
    minimum: number,
    align: number,
    job: (start: number, end: number) => Job,
  ): void {
    const parts = this.parts(total, minimum);
    // Up to four chunks per thread, none under half the minimum.
    const chunks =
      parts === 1
        ? 1
        : Math.max(parts, Math.min(CHUNKS_PER_THREAD * parts, Math.floor((2 * total) / minimum)));
    this.run(splitRange(total, chunks, align).map(([start, end]) => job(start, end)));
  }

  /** Runs every job: jobs[0] here and the rest on ready workers, or all here when there are none. */
  run(jobs: Job[]): void {
    const s0 = this.scratch[0]!;
    const here = (job: Job): void => {
      if (job.fn === 'gemm') job.args.splice(11, 3, s0.packA, s0.packB, s0.tile);
      const call: (...args: number[]) => void = this.exports[job.fn];
      call(...job.args);
    };
    const pool = this.pool;
    if (jobs.length === 1 || pool === null || pool.readyWorkers() === 0) {
      for (const job of jobs) here(job);
      return;
    }
    this.workerJobs += jobs.length - 1;
    if (jobs.length <= pool.capacity) pool.runDynamic(jobs, here);
    else if (pool.readyWorkers() >= jobs.length - 1) pool.run(jobs, here);
    else for (const job of jobs) here(job);
  }
}

/** [start, end) ranges covering [0, total) in `parts` near-equal pieces, starts multiples of `align`. */
export function splitRange(total: number, parts: number, align: number): [number, number][] {
  const step = Math.max(align, Math.ceil(total / parts / align) * align);
  const ranges: [number, number][] = [];
  for (let start = 0; start < total; start += step)
    ranges.push([start, Math.min(total, start + step)]);
  if (ranges.length === 0) ranges.push([0, 0]);
  return ranges;
}
