// What the page's main thread and the GPU process did during a Lighthouse run, from its trace
// (`--save-assets`): the tasks that Lighthouse's 4× CPU slowdown makes long, how much of each the main
// thread spent handing a frame to the compositor (`Commit`), which waits for the GPU process, and how
// busy the GPU process was (`GPUTask`). With no graphics card Chromium draws WebGL on the CPU
// (SwiftShader), so on such a machine that wait is most of a map page's long tasks.
import { readFileSync } from 'node:fs';

/** Lighthouse's mobile preset slows the CPU this much (simulated: observed task times are multiplied). */
export const CPU_SLOWDOWN = 4;

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { beginData?: { url?: string } };
}

export interface Tasks {
  /** the page's main-thread tasks the slowdown makes long (over 50 ms once 4× slower) and the GPU wait in each, ms */
  tasks: { task: number; gpu: number }[];
  /** ms the GPU process was busy */
  gpuBusy: number;
}

/** What the page's main thread and the GPU process did, from a Lighthouse trace. */
export function longTasks(tracePath: string): Tasks {
  const events = (JSON.parse(readFileSync(tracePath, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  // the page's main thread: where its HTML was parsed
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.startsWith('http'));
  if (!parse) throw new Error(`no page in ${tracePath}`);
  const mine = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && e.dur);
  const tasks = mine.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) * CPU_SLOWDOWN > 50_000);
  // the main thread waits for the compositor to take each frame, and the compositor for the GPU process
  const waits = mine.filter((e) => e.name === 'Commit');
  const sum = (list: TraceEvent[]) => list.reduce((total, e) => total + (e.dur ?? 0), 0) / 1000;
  return {
    tasks: tasks.map((t) => ({
      task: (t.dur ?? 0) / 1000,
      gpu: sum(waits.filter((w) => w.ts >= t.ts && w.ts < t.ts + (t.dur ?? 0))),
    })),
    gpuBusy: sum(events.filter((e) => e.name === 'GPUTask' && e.ph === 'X')),
  };
}
