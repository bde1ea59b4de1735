import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TaskName, Tasks } from './tasks.js';

/** What one task may spend: wall time, and heap (the worker is ended when either runs out). */
export interface Budget {
  timeoutMs: number;
  memoryMb: number;
}

/** A task ran out of its budget: the same request would again, so the caller must ask for less. */
export class BudgetExceeded extends Error {
  constructor(
    readonly kind: 'time' | 'memory',
    readonly budget: Budget,
  ) {
    super(kind === 'time' ? `took longer than ${budget.timeoutMs} ms` : `needed more than ${budget.memoryMb} MB`);
  }
}

/** Every worker is busy and the queue is full: try again later. */
export class PoolBusy extends Error {
  constructor(readonly retryAfterMs: number) {
    super('every analysis worker is busy');
  }
}

interface Slot {
  worker: Worker;
  /** keys of the shared values this worker holds */
  holds: Set<string>;
}

type Result<K extends TaskName> = ReturnType<Tasks[K]>;

/** A task's input, and the value workers keep between tasks (the grid's cells) if it reads one. */
interface Loaded<K extends TaskName> {
  input: Parameters<Tasks[K]>[0];
  shared?: { key: string; value: () => unknown };
}

/**
 * A few worker threads for CPU-heavy work, each task under a time and a memory budget: a task
 * over budget has its worker ended (and replaced on the next task), so no request can hold the
 * event loop or grow the process without bound. At most `size` tasks run at once; `maxWaiting`
 * more wait, each at most one budget's time; beyond that the caller is told to come back later.
 */
export class WorkerPool {
  private readonly idle: Slot[] = [];
  private running = 0;
  private readonly waiting: ((slot: Slot | undefined) => void)[] = [];

  constructor(
    readonly budget: Budget,
    readonly size = Math.max(1, Math.min(4, availableParallelism() - 1)),
    readonly maxWaiting = 4 * size,
  ) {}

  /**
   * Runs `task` in a worker on `input`, or on what `load` reads once a worker is free (so requests
   * waiting their turn hold no data); `shared` (the grid's cells) is sent only to a worker that lacks it.
   */
  async run<K extends TaskName>(
    task: K,
    inputOrLoad: Parameters<Tasks[K]>[0] | (() => Promise<Loaded<K>>),
    /** a background job (building the grid) may take longer than a request */
    timeoutMs = this.budget.timeoutMs,
  ): Promise<Result<K>> {
    const slot = await this.acquire();
    let loaded: Loaded<K>;
    try {
      loaded = typeof inputOrLoad === 'function' ? await inputOrLoad() : { input: inputOrLoad };
    } catch (error) {
      this.release(slot);
      throw error;
    }
    const { input, shared } = loaded;
    const sendShared = shared && !slot.holds.has(shared.key);
    return new Promise<Result<K>>((resolve, reject) => {
      const { worker } = slot;
      const finish = (reuse: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (!reuse) worker.terminate().catch(() => {});
        this.release(reuse ? slot : undefined);
      };
      const onMessage = (m: { ok: boolean; value?: Result<K>; message?: string }) => {
        finish(true);
        if (m.ok) resolve(m.value as Result<K>);
        else reject(new Error(`${task} failed in a worker: ${m.message}`));
      };
      const onError = (error: Error & { code?: string }) => {
        finish(false);
        reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new BudgetExceeded('memory', this.budget) : error);
      };
      const onExit = (code: number) => {
        finish(false);
        reject(new Error(`an analysis worker stopped (exit code ${code})`));
      };
      const timer = setTimeout(() => {
        finish(false);
        reject(new BudgetExceeded('time', { ...this.budget, timeoutMs }));
      }, timeoutMs);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      if (sendShared) slot.holds.add(shared.key);
      worker.postMessage({
        task,
        input,
        sharedKey: shared?.key,
        sharedValue: sendShared ? shared.value() : undefined,
      });
    });
  }

  /** Ends the workers (tests; the server's process ends them by exiting). */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((s) => s.worker.terminate()));
  }

  private async acquire(): Promise<Slot> {
    if (this.running < this.size) {
      this.running++;
      return this.idle.pop() ?? this.spawn();
    }
    if (this.waiting.length >= this.maxWaiting) throw new PoolBusy(this.budget.timeoutMs);
    const slot = await new Promise<Slot | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(handoff), 1);
        resolve(undefined);
      }, this.budget.timeoutMs);
      const handoff = (s: Slot | undefined) => {
        clearTimeout(timer);
        resolve(s ?? this.spawn());
      };
      this.waiting.push(handoff);
    });
    if (!slot) throw new PoolBusy(this.budget.timeoutMs);
    return slot;
  }

  /** Hands the slot (or, after a worker was ended, the right to spawn one) to the next in line. */
  private release(slot: Slot | undefined) {
    const next = this.waiting.shift();
    if (next) return next(slot);
    this.running--;
    if (slot) this.idle.push(slot);
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.budget.memoryMb },
    });
    // an idle worker does not keep the process alive
    worker.unref();
    return { worker, holds: new Set() };
  }
}

/**
 * Siting and coverage run in worker threads under this budget (SAFEMAP_ANALYSIS_TIMEOUT_MS,
 * SAFEMAP_ANALYSIS_MEMORY_MB): the largest request the API accepts (k = 200 at 10 km over the
 * city) takes a few seconds; one over budget is ended and answered 422.
 */
export const DEFAULT_ANALYSIS_BUDGET: Budget = {
  timeoutMs: Number(process.env.SAFEMAP_ANALYSIS_TIMEOUT_MS ?? 30_000),
  memoryMb: Number(process.env.SAFEMAP_ANALYSIS_MEMORY_MB ?? 768),
};
let pool: WorkerPool | undefined;
export const analysisPool = (): WorkerPool => {
  pool ??= new WorkerPool(DEFAULT_ANALYSIS_BUDGET);
  return pool;
};
/** Replaces the analysis workers' budget (tests show what happens beyond it). */
export async function setAnalysisBudget(budget: Budget): Promise<void> {
  const old = pool;
  pool = new WorkerPool(budget);
  await old?.close();
}
