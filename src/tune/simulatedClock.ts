/**
 * An executor that runs segments in simulated time: each segment says how many seconds it would take, and the
 * executor hands the results back in the order they would finish on `workers` machines — the earliest
 * finishing time first, ties to the lower trial number — moving its clock to each finish as it goes. The
 * sweep loop (src/tune/driver.ts) cannot tell it from a real executor, so a recorded sweep can be re-run
 * under another scheduler or worker count in milliseconds (src/tune/replay.ts).
 *
 * How it knows the loop has started every segment it can: results are handed back one per macrotask, and
 * the loop starts segments synchronously (in microtasks) after each result, so by the time the next
 * macrotask runs, every segment the loop could start at that moment has been started.
 */
import type { Executor, SegmentOutcome, SegmentTask } from './driver.js';

/** A segment's outcome and how long it takes. */
export interface TimedOutcome {
  readonly outcome: SegmentOutcome;
  readonly seconds: number;
}

export interface SimulatedClock extends Executor {
  /** Seconds since the sweep started, in simulated time: at the end, the sweep's wall time. */
  now(): number;
}

interface Running {
  readonly trial: number;
  readonly finish: number;
  readonly outcome: SegmentOutcome;
  readonly resolve: (outcome: SegmentOutcome) => void;
}

// setImmediate where there is one (Node), a zero timeout elsewhere (a page's worker).
const later: (callback: () => void) => void =
  typeof setImmediate === 'function' ? (callback) => setImmediate(callback) : (callback) => setTimeout(callback, 0);

export function simulatedClock(workers: number, segment: (task: SegmentTask) => TimedOutcome): SimulatedClock {
  let now = 0;
  let ticking = false;
  const running: Running[] = [];

  const tick = () => {
    ticking = false;
    if (running.length === 0) return;
    let next = 0;
    for (let i = 1; i < running.length; i++) {
      const a = running[i];
      const b = running[next];
      if (a.finish < b.finish || (a.finish === b.finish && a.trial < b.trial)) next = i;
    }
    const [done] = running.splice(next, 1);
    now = done.finish;
    done.resolve(done.outcome);
    schedule();
  };
  const schedule = () => {
    if (ticking || running.length === 0) return;
    ticking = true;
    later(tick);
  };

  return {
    workers,
    now: () => now,
    run: (task) =>
      new Promise((resolve) => {
        const { outcome, seconds } = segment(task);
        running.push({ trial: task.trial, finish: now + seconds, outcome, resolve });
        schedule();
      }),
  };
}
