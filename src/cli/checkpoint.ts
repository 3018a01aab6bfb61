/**
 * A run's checkpoints on disk, each committed whole or not at all. One checkpoint is a generation:
 *
 *   checkpoints/<G>/last.safetensors    the weights (a plain PyTorch state dict)
 *   checkpoints/<G>/state.safetensors   optimizer, schedule, RNG and data-loader state, best-model pointer
 *   checkpoints/<G>/best.safetensors    the best model's weights (a hard link where they did not change)
 *   metrics.jsonl                       one line per epoch, append-only
 *   checkpoint.json                     the manifest: which generation is current, the SHA-256 of each of
 *                                       its files, of run.json and of metrics.jsonl's committed prefix
 *                                       (its length too), and a checksum over all of that
 *
 * Saving writes the new generation into a hidden directory, flushes it, renames it into place, then renames
 * the manifest over the old one — the single commit point — and only then removes the previous
 * generation. A kill at any moment leaves either the old manifest with its complete generation or the new
 * one with its own; metrics lines past the committed length belong to a checkpoint that never committed and
 * are cut off when the run resumes. `last.safetensors` and `best.safetensors` in the run directory are
 * links to the current generation's files, for the user (nothing reads them back).
 *
 * The work per checkpoint is the model's size, not the run's length: the metrics are appended, their
 * checksum continued from the last (SHA-256 keeps running over the appended lines), an unchanged best model
 * linked rather than written again.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { Module } from '../nn/module.js';
import { unpackCheckpoint, type CheckpointFiles } from '../train/checkpoint.js';
import type { EpochMetrics, TrainingState } from '../train/state.js';
import {
  linkFileAtomic,
  linkOrCopy,
  makeDirectories,
  readFileBytes,
  reason,
  syncDirectory,
  writeFileDurable,
  writeFlushed,
} from './files.js';

export const MANIFEST = 'checkpoint.json';
export const METRICS = 'metrics.jsonl';
export const GENERATIONS = 'checkpoints';
const MANIFEST_FORMAT = 'downhill.checkpoint';
const MANIFEST_VERSION = 1;
const WEIGHTS = 'last.safetensors';
const STATE = 'state.safetensors';
const BEST = 'best.safetensors';

interface Manifest {
  format: string;
  version: number;
  generation: number;
  epoch: number;
  step: number;
  /** SHA-256 of run.json: the run this checkpoint belongs to. */
  run: string;
  /** SHA-256 of each file of the generation. */
  files: Record<string, string>;
  metrics: { bytes: number; lines: number; sha256: string };
  /** SHA-256 of this object's JSON without this field. */
  checksum?: string;
}

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export class CheckpointStore {
  private manifest: Manifest | null;
  private readonly metricsHash: Hash;
  private metricsBytes = 0;
  private history: EpochMetrics[] = [];

  /**
   * Opens the checkpoints of the run in `dir` whose run.json has checksum `run`: checks the manifest, cuts
   * metrics.jsonl back to its committed length and removes what a killed save left behind (a generation
   * not committed, hidden temporary files). Only the holder of the run directory's lock may open it.
   */
  constructor(
    private readonly dir: string,
    private readonly run: string,
  ) {
    this.manifest = this.readManifest();
    this.metricsHash = createHash('sha256');
    this.openMetrics();
    this.removeStale();
    if (this.manifest !== null) this.linkForUser(this.manifest);
  }

  /** Whether a checkpoint has been committed (a run that never reached one starts from its settings). */
  get committed(): boolean {
    return this.manifest !== null;
  }

  /** The committed checkpoint for `model`, every file checked against the manifest. */
  read(model: Module): TrainingState {
    const manifest = this.manifest as Manifest;
    const generation = this.generationDir(manifest.generation);
    const file = (name: string) => this.checkedFile(generation, name, manifest);
    const best = join(generation, BEST);
    return unpackCheckpoint(
      model,
      { weights: file(WEIGHTS), state: file(STATE), history: this.history, best: () => file(BEST) },
      { weights: join(generation, WEIGHTS), state: join(generation, STATE), best },
    ).state;
  }

  /**
   * Commits `files` as the next generation with the metrics of `history` not yet on disk; `improved` says
   * that these weights are the best model (else the previous generation's best stays the best).
   */
  save(
    files: CheckpointFiles,
    improved: boolean,
    history: EpochMetrics[],
    progress: { epoch: number; step: number },
  ): void {
    this.appendMetrics(history);
    const previous = this.manifest;
    const generation = (previous?.generation ?? 0) + 1;
    const hashes: Record<string, string> = { [WEIGHTS]: sha256(files.weights), [STATE]: sha256(files.state) };
    const bestSource = improved
      ? WEIGHTS
      : previous?.files[BEST] === undefined
        ? null
        : join(this.generationDir(previous.generation), BEST);
    const staging = join(this.dir, GENERATIONS, `.${generation}.tmp`);
    const target = this.generationDir(generation);
    try {
      rmSync(staging, { recursive: true, force: true });
      makeDirectories(staging);
      writeFlushed(join(staging, WEIGHTS), files.weights);
      writeFlushed(join(staging, STATE), files.state);
      if (bestSource !== null) {
        linkOrCopy(improved ? join(staging, WEIGHTS) : bestSource, join(staging, BEST));
        hashes[BEST] = improved ? hashes[WEIGHTS] : (previous as Manifest).files[BEST];
      }
      syncDirectory(staging);
      renameSync(staging, target);
      syncDirectory(join(this.dir, GENERATIONS));
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (error instanceof InputError) throw error;
      throw new InputError(`cannot write the checkpoint in ${this.dir}: ${reason(error)}`);
    }
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      generation,
      epoch: progress.epoch,
      step: progress.step,
      run: this.run,
      files: hashes,
      metrics: {
        bytes: this.metricsBytes,
        lines: this.history.length,
        sha256: `sha256:${this.metricsHash.copy().digest('hex')}`,
      },
    };
    writeFileDurable(
      join(this.dir, MANIFEST),
      `${JSON.stringify({ ...manifest, checksum: sha256(JSON.stringify(manifest)) })}\n`,
    );
    this.manifest = manifest;
    this.linkForUser(manifest);
    if (previous !== null) rmSync(this.generationDir(previous.generation), { recursive: true, force: true });
  }

  /** The committed epochs' metrics, as metrics.jsonl holds them. */
  metrics(): EpochMetrics[] {
    return this.history;
  }

  /** The run directory's last.safetensors and best.safetensors: the committed generation's (a kill may have left older ones). */
  private linkForUser(manifest: Manifest): void {
    const generation = this.generationDir(manifest.generation);
    for (const name of [WEIGHTS, BEST])
      if (Object.hasOwn(manifest.files, name)) linkFileAtomic(join(generation, name), join(this.dir, name));
  }

  private generationDir(generation: number): string {
    return join(this.dir, GENERATIONS, String(generation));
  }

  private readManifest(): Manifest | null {
    const path = join(this.dir, MANIFEST);
    if (!existsSync(path)) return null;
    const text = new TextDecoder().decode(readFileBytes(path));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new InputError(`${path} is not valid JSON (truncated or edited?)`);
    }
    const manifest = json as Manifest;
    if (typeof json !== 'object' || json === null || manifest.format !== MANIFEST_FORMAT)
      throw new InputError(`${path} is not a downhill checkpoint manifest`);
    if (manifest.version !== MANIFEST_VERSION)
      throw new InputError(
        `${path} has version ${String(manifest.version).slice(0, 20)}; this downhill reads version ${MANIFEST_VERSION}`,
      );
    const { checksum, ...rest } = manifest;
    if (checksum !== sha256(JSON.stringify(rest)))
      throw new InputError(`${path} does not match its own checksum (edited or corrupted)`);
    if (manifest.run !== this.run)
      throw new InputError(`${path} belongs to another run: run.json has changed since the checkpoint was saved`);
    return manifest;
  }

  private checkedFile(generation: string, name: string, manifest: Manifest): Uint8Array {
    const path = join(generation, name);
    const expected = Object.hasOwn(manifest.files, name) ? manifest.files[name] : undefined;
    if (expected === undefined) throw new InputError(`${join(this.dir, MANIFEST)} lists no ${name}`);
    if (!existsSync(path)) throw new InputError(`the checkpoint in ${this.dir} is incomplete: ${path} does not exist`);
    const bytes = readFileBytes(path);
    if (sha256(bytes) !== expected)
      throw new InputError(`${path} does not match its checksum in ${join(this.dir, MANIFEST)} (edited or corrupted)`);
    return bytes;
  }

  /** Reads the committed lines of metrics.jsonl (checked against the manifest) and cuts off any after them. */
  private openMetrics(): void {
    const path = join(this.dir, METRICS);
    const committed = this.manifest?.metrics ?? { bytes: 0, lines: 0, sha256: sha256('') };
    const bytes = existsSync(path) ? readFileBytes(path) : new Uint8Array(0);
    if (bytes.length < committed.bytes)
      throw new InputError(`${path} is shorter than its committed ${committed.bytes} bytes (truncated?)`);
    const prefix = bytes.subarray(0, committed.bytes);
    this.metricsHash.update(prefix);
    if (`sha256:${this.metricsHash.copy().digest('hex')}` !== committed.sha256)
      throw new InputError(`${path} does not match its checksum in ${join(this.dir, MANIFEST)} (edited?)`);
    const lines = new TextDecoder()
      .decode(prefix)
      .split('\n')
      .filter((line) => line !== '');
    if (lines.length !== committed.lines)
      throw new InputError(
        `${path} holds ${lines.length} committed lines; ${join(this.dir, MANIFEST)} expects ${committed.lines}`,
      );
    this.history = lines.map((line) => JSON.parse(line) as EpochMetrics);
    this.metricsBytes = committed.bytes;
    try {
      if (bytes.length > committed.bytes || !existsSync(path)) writeFlushed(path, '', 'a');
      if (bytes.length > committed.bytes) truncateSync(path, committed.bytes);
    } catch (error) {
      throw new InputError(`cannot write ${path}: ${reason(error)}`);
    }
  }

  /** Appends the lines of `history` past those on disk, flushed, before the manifest that counts them. */
  private appendMetrics(history: EpochMetrics[]): void {
    if (history.length <= this.history.length) return;
    const added = history.slice(this.history.length);
    const text = added.map((m) => `${JSON.stringify(m)}\n`).join('');
    const path = join(this.dir, METRICS);
    try {
      writeFlushed(path, text, 'a');
    } catch (error) {
      throw new InputError(`cannot write ${path}: ${reason(error)}`);
    }
    const bytes = Buffer.from(text, 'utf8');
    this.metricsHash.update(bytes);
    this.metricsBytes += bytes.length;
    this.history.push(...added);
  }

  /** Generations other than the committed one and hidden temporary files: what a killed save left. */
  private removeStale(): void {
    const generations = join(this.dir, GENERATIONS);
    const current = this.manifest === null ? null : String(this.manifest.generation);
    if (existsSync(generations)) {
      for (const name of readdirSync(generations))
        if (name !== current) rmSync(join(generations, name), { recursive: true, force: true });
    }
    for (const name of readdirSync(this.dir))
      if (name.startsWith('.') && name.endsWith('.tmp')) rmSync(join(this.dir, name), { recursive: true, force: true });
  }
}
