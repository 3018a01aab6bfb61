/**
 * A training run's --out directory, which belongs to one run at a time:
 *
 *   .lock        the pid of the process training into it; a second `train` is refused at once, naming it.
 *                A lock whose process is gone (killed) is stale and taken over.
 *   run.json     the run's settings and the fingerprint of its data, written before the first step, so that
 *                `--resume` can finish a run killed before its first checkpoint, and refuses data that
 *                changed since (a CSV edited between runs).
 *
 * A new run into a directory that holds another run is refused unless `--force`, which removes that run's
 * files first. A run that fails before its first checkpoint removes the directory if it created it.
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { JsonValue } from '../util/serialize.js';
import { GENERATIONS, MANIFEST, METRICS, sha256 } from './checkpoint.js';
import { makeDirectories, readFileBytes, reason, writeFileDurable } from './files.js';

export const RUN_FILE = 'run.json';
/** A CSV run's column preprocessing, which `predict` and `evaluate` apply to new rows. */
export const PREPROCESSOR_FILE = 'preprocessor.json';
/** The final model of a run that averages its weights (--swa-start or --ema-decay), update_bn's statistics included. */
export const AVERAGED_FILE = 'averaged.safetensors';
const LOCK = '.lock';
const RUN_FORMAT = 'downhill.run';
/** What a run writes into its directory (`--force` removes these, and nothing else). */
const RUN_FILES = [
  RUN_FILE,
  MANIFEST,
  METRICS,
  GENERATIONS,
  PREPROCESSOR_FILE,
  AVERAGED_FILE,
  'last.safetensors',
  'best.safetensors',
  'summary.json',
  'last.json',
  'best.json',
];
/** A lock file younger than this and still empty belongs to a process between creating and writing it. */
const STARTING_MS = 10_000;

export interface RunRecord {
  /** The settings that define the run (savedConfig). */
  config: JsonValue;
  /** SHA-256 of the data the run trains on. */
  data: string;
}

export class RunDirectory {
  private locked = false;
  private readonly releaseAtExit = () => this.release();

  private constructor(
    readonly dir: string,
    /** Whether this run made the directory (and so removes it when it fails before its first checkpoint). */
    readonly created: boolean,
  ) {}

  /**
   * Takes `dir` for a run: creates it where needed, locks it, and for a new run (not `resume`) refuses a
   * directory holding another run, unless `force`, which clears it.
   */
  static claim(dir: string, options: { resume: boolean; force: boolean }): RunDirectory {
    const created = makeDirectory(dir, options.resume);
    const directory = new RunDirectory(dir, created);
    directory.lock();
    try {
      if (!options.resume) directory.prepareNewRun(options.force);
    } catch (error) {
      directory.release();
      throw error;
    }
    return directory;
  }

  /** Writes run.json, before the run's first step; returns its checksum. */
  record(run: RunRecord): string {
    const text = `${JSON.stringify({ format: RUN_FORMAT, version: 1, ...run })}\n`;
    writeFileDurable(join(this.dir, RUN_FILE), text);
    return sha256(text);
  }

  /** The run's record; `--resume` into a directory without one says there is nothing to resume. */
  recorded(): RunRecord & { checksum: string } {
    return readRunRecord(this.dir);
  }

  release(): void {
    if (!this.locked) return;
    rmSync(join(this.dir, LOCK), { force: true });
    this.locked = false;
    process.off('exit', this.releaseAtExit);
  }

  /** Ends a run that failed before its first checkpoint: unlocks, and removes the directory if it made it. */
  abandon(): void {
    this.release();
    if (this.created) rmSync(this.dir, { recursive: true, force: true });
  }

  private lock(): void {
    const path = join(this.dir, LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
      let fd: number;
      try {
        fd = openSync(path, 'wx');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
          throw new InputError(`cannot lock ${this.dir}: ${reason(error)}`);
        this.refuseOrTakeOver(path);
        continue;
      }
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      this.locked = true;
      process.once('exit', this.releaseAtExit);
      return;
    }
    throw new InputError(`${this.dir} is being taken by another train at the same moment; try again`);
  }

  /** A lock held by a live process is an error naming it; one left by a process that is gone is removed. */
  private refuseOrTakeOver(path: string): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return; // released meanwhile: try again
    }
    const pid = Number(text.trim());
    if (text.trim() === '' && Date.now() - statSync(path).mtimeMs < STARTING_MS)
      throw new InputError(
        `${this.dir} is in use by another train that is starting; wait for it or choose another --out`,
      );
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
      throw new InputError(
        `${this.dir} is in use by another train (pid ${pid}); wait for it to finish or stop it, or choose another --out`,
      );
    }
    rmSync(path, { force: true });
  }

  private prepareNewRun(force: boolean): void {
    const present = RUN_FILES.filter((name) => existsSync(join(this.dir, name)));
    if (present.length === 0) return;
    if (!force) {
      throw new InputError(
        `${this.dir} holds another run (${present[0]}); continue it with --resume, replace it with --force, or choose another --out`,
      );
    }
    for (const name of present) rmSync(join(this.dir, name), { recursive: true, force: true });
  }
}

/** The record (run.json) of the run in `dir`, with its checksum; a directory without one holds no run. */
export function readRunRecord(dir: string): RunRecord & { checksum: string } {
  const path = join(dir, RUN_FILE);
  if (!existsSync(path)) throw new InputError(`no run to resume in ${dir}: ${path} does not exist`);
  const bytes = readFileBytes(path);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new InputError(`${path} is not valid JSON (truncated or edited?)`);
  }
  const record = json as { format?: unknown; config?: unknown; data?: unknown };
  if (typeof json !== 'object' || json === null || record.format !== RUN_FORMAT || typeof record.data !== 'string') {
    throw new InputError(`${path} is not a downhill run record`);
  }
  return { config: record.config as JsonValue, data: record.data, checksum: sha256(bytes) };
}

/** Creates `dir` (and its parents) unless it exists; says whether it did. A resume needs it to exist. */
function makeDirectory(dir: string, resume: boolean): boolean {
  let exists = false;
  try {
    exists = statSync(dir).isDirectory() || failNotDirectory(dir);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new InputError(`cannot use --out ${dir}: ${reason(error)}`);
  }
  if (exists) return false;
  if (resume) throw new InputError(`no run to resume in ${dir}: the directory does not exist`);
  try {
    makeDirectories(dir);
  } catch (error) {
    throw new InputError(`cannot create the directory ${dir}: ${reason(error)}`);
  }
  return true;
}

function failNotDirectory(dir: string): never {
  throw new InputError(`--out ${dir} is not a directory`);
}

/** Signal 0 tests for a process without touching it: ESRCH means it is gone; EPERM, that it is another user's. */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
