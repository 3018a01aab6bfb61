/**
 * What `downhill tune` shows while it runs, on stderr: the counts of trials done, running, pruned and failed,
 * the best so far and the time left (src/tune/progress.ts says how it is estimated). On a terminal a bar sits at
 * the bottom, redrawn each second, with the lines worth reading (trial created, pruned with its reason,
 * completed, failed) printed above it; elsewhere (a pipe, a file, TERM=dumb) only those lines, each starting
 * with the counts. The bar is drawn on stderr, so it is stderr that must be a terminal (as for train's bar).
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { formatValue } from '../tune/driver.js';
import type { JournalEvent } from '../tune/journal.js';
import { formatDuration, SweepProgress, type ProgressSnapshot } from '../tune/progress.js';
import type { Sweep } from '../tune/sweep.js';

export class TuneProgress {
  private readonly progress: SweepProgress;
  private readonly bars: MultiBar | null;
  private readonly bar: SingleBar | null;
  private readonly timer: ReturnType<typeof setInterval> | null;

  constructor(
    sweep: Sweep,
    workers: number,
    events: readonly JournalEvent[],
    private readonly quiet: boolean,
  ) {
    this.progress = new SweepProgress(sweep, workers, events);
    const terminal = !quiet && process.stderr.isTTY && process.env.TERM !== 'dumb';
    this.bars = terminal
      ? new MultiBar(
          {
            format: '[{bar}] {value}/{total} trials ended | {counts} | {left} | {best}',
            barsize: 20,
            stream: process.stderr,
            // The cursor stays visible: a Ctrl-C ends the process before the bar could show it again.
            hideCursor: false,
            clearOnComplete: true,
          },
          Presets.shades_classic,
        )
      : null;
    const snapshot = this.progress.snapshot(Date.now());
    this.bar = this.bars?.create(snapshot.total, ended(snapshot), fields(snapshot)) ?? null;
    this.timer = this.bar === null ? null : setInterval(() => this.redraw(), 1000);
    this.timer?.unref();
  }

  /** An event as the sweep records it, with its line worth reading (if any). */
  event(text: string | undefined, event: JournalEvent): void {
    this.progress.record(event, Date.now());
    if (this.quiet) return;
    if (this.bars !== null) {
      if (text !== undefined) this.bars.log(`${text}\n`);
      this.redraw();
    } else if (text !== undefined) {
      process.stderr.write(`[${summary(this.progress.snapshot(Date.now()))}] ${text}\n`);
    }
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.bars?.stop();
  }

  private redraw(): void {
    const snapshot = this.progress.snapshot(Date.now());
    this.bar?.update(ended(snapshot), fields(snapshot));
  }
}

const ended = (s: ProgressSnapshot) => s.completed + s.pruned + s.failed;

function fields(s: ProgressSnapshot): Record<string, string> {
  return {
    counts: `${s.completed} done, ${s.running} running, ${s.pruned} pruned, ${s.failed} failed`,
    best: s.best === undefined ? 'no best yet' : `best ${formatValue(s.best.value)} (trial ${s.best.trial})`,
    left:
      s.secondsLeft === undefined
        ? 'time left: after the first segment'
        : `about ${formatDuration(s.secondsLeft)} left`,
  };
}

/** "3 done, 2 running, 4 pruned, 0 failed of 12, best 0.6594 (trial 2), about 20s left" */
function summary(s: ProgressSnapshot): string {
  const f = fields(s);
  return [
    `${f.counts} of ${s.total}`,
    ...(s.best === undefined ? [] : [f.best]),
    ...(s.secondsLeft === undefined ? [] : [f.left]),
  ].join(', ');
}
