/**
 * The sweep's loop, the same for every executor: replay the journal, let the scheduler decide for each
 * trial waiting at a rung, start the next segments (older trials first, then new trials as the sampler
 * allows), and journal each result as it comes back. Whatever the journal holds when the loop starts —
 * nothing, or a sweep interrupted anywhere — it continues from there: finished segments are not run again,
 * and an interrupted one is handed to the executor again, which continues it from its checkpoint.
 *
 * The executor runs one segment: trains trial t's run up to `epochs` and reads the metric there. Locally it
 * is a child process per segment (src/cli/tuneExecutor.ts); across machines, a job on a Redis queue that a
 * `downhill worker` runs (src/queue/executor.ts); in tests, a simulated one.
 */
import { InputError } from '../errors.js';
import { apply, lastRung, replay, type JournalEvent, type SweepState, type TrialState } from './journal.js';
import type { Decision, SweepView } from './schedulers.js';
import type { Sweep } from './sweep.js';
import type { TpeObservation } from './tpe.js';

type Recorder = (event: JournalEvent, line?: string) => void;

export interface SegmentTask {
  readonly trial: number;
  readonly rung: number;
  /** Train until this many epochs in all. */
  readonly epochs: number;
  /** The trial's settings (a train config without its output directory). */
  readonly config: Record<string, unknown>;
  /** The trial has reported before, so its run has a checkpoint to continue from. */
  readonly continues: boolean;
}

export type SegmentOutcome =
  | { readonly ok: true; readonly value: number; readonly epochs: number; readonly seconds: number }
  | { readonly ok: false; readonly reason: string };

export interface Executor {
  /** Segments run at once. */
  readonly workers: number;
  run(task: SegmentTask): Promise<SegmentOutcome>;
  /** Lets go of what it holds (a queue's connections) once the sweep is over. */
  close?(): Promise<void>;
}

/** Where events go: appended durably (the file is the truth) before the loop acts on them. */
export interface JournalSink {
  append(event: JournalEvent): void;
}

/** Told of every event recorded; `line` is set for those worth a line (created, pruned, completed, failed). */
export interface SweepLog {
  (line: string | undefined, event: JournalEvent): void;
}

export async function runSweep(
  sweep: Sweep,
  events: readonly JournalEvent[],
  sink: JournalSink,
  executor: Executor,
  trialConfig: (trial: TrialState, epochs: number) => Record<string, unknown>,
  log: SweepLog = () => {},
): Promise<SweepState> {
  const state = replay(events);
  let recorded = 0;
  const record = (event: JournalEvent, line?: string) => {
    recorded++;
    sink.append(event);
    apply(state, event);
    log(line, event);
  };
  const running = new Map<number, Promise<{ task: SegmentTask; outcome: SegmentOutcome }>>();
  const view = sweepView(sweep, state);

  const start = (trial: TrialState, rung: number) => {
    const epochs = sweep.scheduler.rungs(trial.trial)[rung];
    const task: SegmentTask = {
      trial: trial.trial,
      rung,
      epochs,
      config: trialConfig(trial, epochs),
      continues: trial.reports.size > 0,
    };
    record({ event: 'segment', trial: trial.trial, rung, epochs });
    running.set(
      trial.trial,
      executor.run(task).then((outcome) => ({ task, outcome })),
    );
  };

  for (;;) {
    const before = recorded;
    for (const trial of state.trials) {
      if (running.size >= executor.workers) break;
      if (trial.ending !== undefined || running.has(trial.trial)) continue;
      const next = nextSegment(sweep, trial, view, record);
      if (next !== undefined) start(trial, next);
    }
    while (running.size < executor.workers && state.trials.length < sweep.total && canCreate(sweep, state)) {
      const trial = create(sweep, state, record);
      start(trial, 0);
    }
    if (running.size === 0) {
      // A trial stopped in this pass may be what an earlier trial's decision was waiting for: decide again.
      if (recorded > before) continue;
      if (state.trials.length === sweep.total && state.trials.every((t) => t.ending !== undefined)) return state;
      throw new InputError(stallReason(sweep, state));
    }
    const { task, outcome } = await Promise.race(running.values());
    running.delete(task.trial);
    finish(sweep, state, task, outcome, record);
  }
}

/** The rung index a trial should train towards next, after asking the scheduler; undefined while it waits or once it ended. */
function nextSegment(sweep: Sweep, trial: TrialState, view: SweepView, record: Recorder): number | undefined {
  const reached = lastRung(trial);
  if (reached === -1) return 0; // never reported: its first segment was interrupted (or never started)
  if (completeIfDone(sweep, trial, record)) return undefined; // interrupted between its last report and its ending
  if (trial.segments.has(reached + 1)) return reached + 1; // promoted before, interrupted since
  const decision: Decision = sweep.scheduler.decide(trial.trial, reached, view);
  if (decision.kind === 'continue') return reached + 1;
  if (decision.kind === 'stop') {
    const { value, epochs } = trial.reports.get(reached) as { value: number; epochs: number };
    const event = {
      event: 'pruned',
      trial: trial.trial,
      rung: reached,
      epochs,
      value,
      cutoff: decision.cutoff * sweep.sign,
      rank: decision.rank,
      of: decision.of,
      rule: decision.rule,
    } as const;
    record(event, explainPruning(sweep, event));
  }
  return undefined;
}

/** Trial n's proposal may need the first waitsFor(n) trials finished (TPE). */
function canCreate(sweep: Sweep, state: SweepState): boolean {
  const needed = sweep.sampler.waitsFor(state.trials.length);
  return state.trials.slice(0, needed).every((t) => t.ending !== undefined);
}

function create(sweep: Sweep, state: SweepState, record: Recorder): TrialState {
  const trial = state.trials.length;
  const finished = finishedBestFirst(sweep, state.trials.slice(0, sweep.sampler.waitsFor(trial)));
  const point = sweep.sampler.suggest(trial, finished);
  const config = sweep.space.decode(point);
  record({ event: 'created', trial, point, config }, `trial ${trial} created: ${formatAssignment(config)}`);
  return state.trials[trial];
}

/** Finished trials for TPE, best first: further rungs first (a pruned trial ranks below any that went further), then by score. */
function finishedBestFirst(sweep: Sweep, trials: readonly TrialState[]): TpeObservation[] {
  return trials
    .filter((t) => t.ending !== undefined && t.ending.event !== 'failed' && t.reports.size > 0)
    .map((t) => ({ t, rung: lastRung(t), score: sweep.sign * (t.reports.get(lastRung(t)) as { value: number }).value }))
    .sort((a, b) => b.rung - a.rung || a.score - b.score || a.t.trial - b.t.trial)
    .map(({ t }) => ({ point: t.point, active: sweep.space.dimensions.map((d) => d.key in t.config) }));
}

function finish(sweep: Sweep, state: SweepState, task: SegmentTask, outcome: SegmentOutcome, record: Recorder): void {
  const { trial, rung } = task;
  if (!outcome.ok) {
    record(
      { event: 'failed', trial, rung, reason: outcome.reason },
      `trial ${trial} failed at rung ${rung}: ${outcome.reason}`,
    );
    return;
  }
  record({ event: 'report', trial, rung, epochs: outcome.epochs, value: outcome.value, seconds: outcome.seconds });
  completeIfDone(sweep, state.trials[trial], record);
}

/** A trial that reported at its last rung (or stopped early before a rung's epochs) is completed; true if it is. */
function completeIfDone(sweep: Sweep, trial: TrialState, record: Recorder): boolean {
  const reached = lastRung(trial);
  const rungs = sweep.scheduler.rungs(trial.trial);
  const report = trial.reports.get(reached);
  if (report === undefined || (reached < rungs.length - 1 && report.epochs >= rungs[reached])) return false;
  const line = `trial ${trial.trial} completed: ${sweep.settings.metric} ${formatValue(report.value)} after ${report.epochs} epochs`;
  record({ event: 'completed', trial: trial.trial, epochs: report.epochs, value: report.value }, line);
  return true;
}

function sweepView(sweep: Sweep, state: SweepState): SweepView {
  return {
    get created() {
      return state.trials.length;
    },
    total: sweep.total,
    reproducible: sweep.settings.reproducible,
    score: (trial, rung) => {
      const report = state.trials[trial]?.reports.get(rung);
      return report === undefined ? undefined : sweep.sign * report.value;
    },
    resolved: (trial, rung) => {
      const t = state.trials[trial] as TrialState | undefined;
      if (t === undefined) return false;
      return t.reports.has(rung) || (t.ending !== undefined && lastRung(t) < rung);
    },
  };
}

function stallReason(sweep: Sweep, state: SweepState): string {
  const waiting = state.trials.filter((t) => t.ending === undefined).map((t) => t.trial);
  return `the sweep cannot go on: trials ${waiting.join(', ')} wait for a decision that needs trial ${state.trials.length}, which sampler ${sweep.settings.sampler.name} proposes only after they finish; raise the sampler's lag or use another scheduler`;
}

/** "trial 4 pruned at rung 1 (3 epochs): validationLoss 0.4100 ranks 3 of 4; the cutoff was 0.3800 (the best 1 of 4 continue (1/3))" */
export function explainPruning(sweep: Sweep, e: Extract<JournalEvent, { event: 'pruned' }>): string {
  return `trial ${e.trial} pruned at rung ${e.rung} (${e.epochs} epoch${e.epochs === 1 ? '' : 's'}): ${sweep.settings.metric} ${formatValue(e.value)} ranks ${e.rank} of ${e.of}; the cutoff was ${formatValue(e.cutoff)} (${e.rule})`;
}

export function formatValue(value: number): string {
  return Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(3);
}

export function formatAssignment(config: Record<string, unknown>): string {
  return Object.entries(config)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : String(v)}`)
    .join(' ');
}
