/**
 * `downhill worker --queue redis://host:6379`: takes the segments that `downhill tune --queue` queues and
 * trains them, `concurrency` at a time, each in BullMQ's sandboxed processor (segmentProcessor.ts), until
 * stopped. A worker holds a lock on each segment it trains and renews it every lock/2 seconds; a worker that
 * dies stops renewing, and after `lock` seconds another worker takes the segment back from the queue and
 * continues it from the run's last checkpoint. So stopping a worker (Ctrl-C, kill -9, a power cut) loses
 * nothing but the epochs since that checkpoint.
 */
import { Worker } from 'bullmq';
import { hostname } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatValue, type SegmentOutcome } from '../tune/driver.js';
import type { RedisAddress } from '../tune/redisAddress.js';
import { connectionOptions, describe, reachRedis } from './connection.js';
import { ENTRY_VARIABLE, QUEUE_NAME, type SegmentJob } from './segmentJob.js';

export interface WorkerSettings {
  readonly address: RedisAddress;
  readonly concurrency: number;
  /** Seconds a segment stays claimed by a worker that stopped renewing it. */
  readonly lock: number;
  readonly quiet: boolean;
}

/** A segment that stalls this many times (its worker died each time) fails, rather than kill worker after worker. */
const MAX_STALLS = 3;

/** Runs until SIGINT or SIGTERM. */
export async function runWorker(settings: WorkerSettings): Promise<void> {
  await reachRedis(settings.address);
  const name = `${hostname()}:${process.pid}`;
  const log = (line: string) => settings.quiet || process.stderr.write(`[worker ${name}] ${line}\n`);
  // The processor beside this file: segmentProcessor.ts from the sources, .js once built.
  const processor = new URL(`./segmentProcessor${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
  const worker = new Worker<SegmentJob, SegmentOutcome>(QUEUE_NAME, processor, {
    connection: connectionOptions(settings.address),
    concurrency: settings.concurrency,
    lockDuration: settings.lock * 1000,
    stalledInterval: settings.lock * 1000,
    maxStalledCount: MAX_STALLS,
    name,
    workerForkOptions: { env: { ...process.env, [ENTRY_VARIABLE]: process.argv[1] } },
  });
  const segment = ({ data: { sweepDir, task } }: { data: SegmentJob }) =>
    `${sweepDir} trial ${task.trial} rung ${task.rung} (to ${task.epochs} epoch${task.epochs === 1 ? '' : 's'})`;
  // ioredis reconnects on its own, and BullMQ reports each failed attempt: one line per kind of failure.
  let lastError = '';
  worker.on('error', (error) => {
    if (error.message !== lastError) log(`Redis at ${describe(settings.address)}: ${error.message}; retrying`);
    lastError = error.message;
  });
  worker.on('active', (job) => {
    lastError = '';
    log(`training ${segment(job)}`);
  });
  worker.on('completed', (job, outcome) =>
    log(
      `${segment(job)}: ${outcome.ok ? `${job.data.metric} ${formatValue(outcome.value)}` : `failed: ${outcome.reason}`}`,
    ),
  );
  worker.on('failed', (job, error) =>
    log(`${job === undefined ? 'a segment' : segment(job)} failed: ${error.message}`),
  );
  await worker.waitUntilReady();
  log(`waiting for segments on ${describe(settings.address)}, ${settings.concurrency} at a time`);
  await new Promise<void>((resolve) => {
    // The segments in training go back to the queue when their locks expire, and continue elsewhere from their checkpoints.
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log(`stopping; a segment in training continues on another worker after ${settings.lock} s`);
}
