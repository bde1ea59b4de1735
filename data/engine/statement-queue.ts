import { DatabaseBusy } from '../db.js';

/** setTimeout's longest delay; a longer one fires at once */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Waiting {
  /** runs the work, settles its caller, then starts the next */
  start(): Promise<void>;
}

/**
 * Runs work one piece at a time (the embedded engine answers one statement at a time), in order
 * of arrival, with the wait bounded: a statement is refused with DatabaseBusy (the API answers
 * 503 + Retry-After) at once when `maxQueue` wait already or when those ahead of it would take
 * longer than `maxWaitMs` by the engine's recent pace, and otherwise once it has waited `maxWaitMs`.
 */
export class StatementQueue {
  private readonly waiting: Waiting[] = [];
  private running = false;
  private readonly onIdle: (() => void)[] = [];
  /** the engine's pace: a statement's time, smoothed (long ones capped at the bound) */
  private jobMs = 5;

  constructor(
    private readonly limits: { maxWaitMs: number; maxQueue: number },
    /** the clock timing statements for the pace (tests move it); waits end on real timers */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs `work` when its turn comes; refused if it would wait beyond the bound. */
  run<T>(work: () => Promise<T>, maxWaitMs = this.limits.maxWaitMs): Promise<T> {
    const ahead = this.waiting.length + (this.running ? 1 : 0);
    if (this.waiting.length >= this.limits.maxQueue || ahead * this.jobMs > maxWaitMs)
      return Promise.reject(this.busy());
    return new Promise<T>((resolve, reject) => {
      const entry: Waiting = {
        start: async () => {
          clearTimeout(timer);
          const started = this.now();
          try {
            resolve(await work());
          } catch (error) {
            reject(error);
          } finally {
            this.jobMs = 0.9 * this.jobMs + 0.1 * Math.min(this.limits.maxWaitMs, this.now() - started);
            this.running = false;
            this.next();
          }
        },
      };
      const timer = setTimeout(
        () => {
          const at = this.waiting.indexOf(entry);
          if (at < 0) return; // started meanwhile
          this.waiting.splice(at, 1);
          reject(this.busy());
        },
        Math.min(maxWaitMs, MAX_TIMER_MS),
      );
      this.waiting.push(entry);
      this.next();
    });
  }

  /** Resolves once nothing runs or waits (closing the engine waits for what it accepted). */
  drained(): Promise<void> {
    if (!this.running && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.onIdle.push(resolve));
  }

  private busy() {
    return new DatabaseBusy(Math.max(250, Math.round((this.waiting.length + 1) * this.jobMs)));
  }

  private next() {
    if (this.running) return;
    const entry = this.waiting.shift();
    if (!entry) {
      for (const resolve of this.onIdle.splice(0)) resolve();
      return;
    }
    this.running = true;
    entry.start();
  }
}
