/**
 * The local executor of `downhill tune`: each segment is a `downhill train` child process in the trial's own
 * run directory, so a trial is an ordinary run (metrics.jsonl, checkpoints, summary.json) that `train
 * --resume` continues bit for bit — which is how a segment grows a trial's budget (`--epochs` raised) and
 * how an interrupted segment continues from its last checkpoint. At most `workers` children run at once;
 * each uses one matmul thread unless DOWNHILL_THREADS says otherwise, so that trials do not compete for cores.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor, SegmentOutcome, SegmentTask } from '../tune/driver.js';
import { makeDirectory, writeFileAtomic } from './files.js';

export function trialDirectory(sweepDir: string, trial: number): string {
  return join(sweepDir, 'trials', String(trial).padStart(4, '0'));
}

export function localExecutor(sweepDir: string, metric: string, workers: number): Executor {
  return { workers, run: (task) => runSegment(sweepDir, metric, task, { entry: process.argv[1] }) };
}

/** How a segment starts `downhill train`. */
export interface TrainCommand {
  /** The `downhill` entry point (this process's own script, or the one a queue worker runs). */
  readonly entry: string;
  /** Aborting kills the training (a queue worker that lost its connection to the worker process). */
  readonly signal?: AbortSignal;
}

/** Trains trial `task.trial` of the sweep in `sweepDir` up to `task.epochs` and reads `metric` there. */
export async function runSegment(
  sweepDir: string,
  metric: string,
  task: SegmentTask,
  command: TrainCommand,
): Promise<SegmentOutcome> {
  const dir = trialDirectory(sweepDir, task.trial);
  await stopOrphan(dir);
  const started = performance.now();
  const train = (args: string[]) => trainChild(dir, args, command);
  let result: Child;
  if (task.continues || resumable(dir, task.epochs)) {
    result = await train(['--resume', '--out', dir, '--epochs', String(task.epochs), '--quiet']);
    // A first segment killed before its first checkpoint has nothing to continue: it starts over.
    if (result.code !== 0 && !task.continues) result = await fresh(sweepDir, dir, task, train);
  } else {
    result = await fresh(sweepDir, dir, task, train);
  }
  if (result.code !== 0) return { ok: false, reason: failureReason(result.stderr, result.code) };
  return readOutcome(dir, metric, task.epochs, (performance.now() - started) / 1000);
}

/** The trial's run so far stopped at or before `epochs` (so --resume can reach them). */
function resumable(dir: string, epochs: number): boolean {
  const trained = metricLines(dir).length;
  return trained > 0 && trained <= epochs;
}

function fresh(
  sweepDir: string,
  dir: string,
  task: SegmentTask,
  train: (args: string[]) => Promise<Child>,
): Promise<Child> {
  rmSync(dir, { recursive: true, force: true });
  makeDirectory(join(sweepDir, 'trials'));
  const configPath = `${dir}.json`;
  writeFileAtomic(configPath, `${JSON.stringify({ ...task.config, out: dir, quiet: true }, null, 2)}\n`);
  return train(['--config', configPath]);
}

function metricLines(dir: string): Record<string, unknown>[] {
  const path = join(dir, 'metrics.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The metric at `epochs` (or at the last epoch, when early stopping ended the run sooner). */
function readOutcome(dir: string, metric: string, epochs: number, seconds: number): SegmentOutcome {
  const lines = metricLines(dir);
  const line = lines.find((m) => m.epoch === epochs) ?? lines[lines.length - 1];
  const value = line?.[metric];
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { ok: false, reason: `${join(dir, 'metrics.jsonl')} has no finite ${metric} at epoch ${epochs}` };
  return { ok: true, value, epochs: line.epoch as number, seconds };
}

interface Child {
  code: number | null;
  stderr: string;
}

/** Runs `downhill train` for the run in `dir`, its process id in `dir`.pid while it runs. */
function trainChild(dir: string, args: string[], command: TrainCommand): Promise<Child> {
  // The same node and loader flags (tsx in development) as this process: `downhill train`.
  const argv = [...process.execArgv, command.entry, 'train', ...args];
  const env = { ...process.env, DOWNHILL_THREADS: process.env.DOWNHILL_THREADS ?? '1' };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      signal: command.signal,
      killSignal: 'SIGKILL',
    });
    if (child.pid !== undefined) writeFileSync(`${dir}.pid`, `${child.pid}\n`);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', (error) => resolve({ code: null, stderr: error.message }));
    child.on('close', (code, signal) => {
      rmSync(`${dir}.pid`, { force: true });
      resolve({ code, stderr: signal === null ? stderr : `${stderr}\nkilled by ${signal}` });
    });
  });
}

/**
 * A `downhill tune` killed with SIGKILL cannot stop its trainings: they run on, orphaned, and would write into
 * the run that --resume continues. Every process still training into `dir` is killed and waited for before
 * the run is touched: the one the trial's pid file names and, where /proc lists processes (Linux), any whose
 * arguments name the run — a `tune` killed between starting a training and writing its pid file leaves one
 * that no file names.
 */
export async function stopOrphan(dir: string): Promise<void> {
  const pidFile = `${dir}.pid`;
  const trainsHere = (pid: number) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return args.includes(dir) || args.includes(`${dir}.json`);
    } catch {
      return false;
    }
  };
  const candidates = new Set<number>();
  if (existsSync(pidFile)) candidates.add(Number(readFileSync(pidFile, 'utf8')));
  try {
    for (const entry of readdirSync('/proc')) if (/^\d+$/.test(entry)) candidates.add(Number(entry));
  } catch {
    // No /proc: the pid file is all there is.
  }
  for (const pid of candidates) {
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !trainsHere(pid)) continue;
    process.kill(pid, 'SIGKILL');
    while (trainsHere(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  rmSync(pidFile, { force: true });
}

/**
 * Why a segment's process failed, in one line: downhill's own message ("downhill: …"), else the first line
 * of an uncaught error (Node prints the source line, the error, its stack and then "Node.js v20…"), else
 * the last line it wrote ("killed by SIGKILL").
 */
export function failureReason(stderr: string, code: number | null): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^Node\.js v\d/.test(line));
  const ours = lines.filter((line) => line.startsWith('downhill: ')).pop();
  if (ours !== undefined) return ours.slice('downhill: '.length);
  return lines.find((line) => /^[A-Z]\w*(Error|Exception)\b/.test(line)) ?? lines.pop() ?? `exit code ${code}`;
}
