import { parentPort } from 'node:worker_threads';
import { type TaskName, tasks } from './tasks.js';

/** The grid cells sent by the pool, by key; the last few kept (a new import brings a new grid). */
const shared = new Map<string, unknown>();

parentPort?.on('message', (message: { task: TaskName; input: unknown; sharedKey?: string; sharedValue?: unknown }) => {
  try {
    if (message.sharedKey && message.sharedValue !== undefined) {
      shared.set(message.sharedKey, message.sharedValue);
      for (const key of [...shared.keys()].slice(0, -3)) shared.delete(key);
    }
    const run = tasks[message.task] as (input: unknown, shared?: unknown) => unknown;
    const value = run(message.input, message.sharedKey ? shared.get(message.sharedKey) : undefined);
    parentPort?.postMessage({ ok: true, value }, value instanceof Float64Array ? [value.buffer as ArrayBuffer] : []);
  } catch (error) {
    parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
