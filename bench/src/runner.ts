import type { WorkloadName } from './workloads';

/** One unit of a workload (a training step, a batch of predictions, one product), read back. */
export type Step = () => unknown | Promise<unknown>;

/** What a framework's process needs: a way to ready the framework and the workloads it runs. */
export interface FrameworkRunner {
  /** Readies the framework in this process and describes it (version, backend, threads). */
  setUp(): Promise<string>;
  /** Builds the step of each workload this framework runs; a workload left out is not run. */
  workloads: Partial<Record<WorkloadName, () => Step | Promise<Step>>>;
}
