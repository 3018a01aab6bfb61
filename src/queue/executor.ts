/**
 * The queue executor of `downhill tune --queue redis://…`: each segment the sweep's loop starts becomes a
 * BullMQ job, which a `downhill worker` on any machine takes and trains (src/queue/worker.ts); the outcome
 * comes back as the job's return value. The journal stays the truth, written by `tune` alone: a job only
 * carries a segment out and its result back, and a result that comes twice (a segment retried after its
 * worker died) is recorded once, since the journal keeps the first result of each (trial, rung).
 *
 * A finished job is removed once its outcome is read, so that a resumed sweep may queue the segment anew;
 * one whose sweep stopped listening (killed, and not resumed) is removed a day after it finished.
 *
 * While no worker is connected to the queue, `tune` says so on stderr (once, and once more when one
 * connects), so that a sweep on a queue nobody serves does not wait in silence.
 */
import { Queue, QueueEvents } from 'bullmq';
import { resolve } from 'node:path';
import type { Executor, SegmentOutcome } from '../tune/driver.js';
import type { RedisAddress } from '../tune/redisAddress.js';
import { connectionOptions, describe, reachRedis } from './connection.js';
import { QUEUE_NAME, segmentJobId, sweepKey, type SegmentJob } from './segmentJob.js';

const DAY_SECONDS = 24 * 60 * 60;
/** How often the executor counts the workers connected to the queue. */
const WORKER_CHECK_MS = 2000;

/**
 * Tries the Redis at `address` (an unreachable one is an InputError within seconds), then makes the executor
 * for the sweep in `sweepDir` once its journal has its first line (the sweep's key is read from it).
 */
export async function connectQueue(address: RedisAddress) {
  await reachRedis(address);
  return {
    executor: (sweepDir: string, metric: string, workers: number) =>
      queueExecutor(connectionOptions(address), describe(address), sweepDir, metric, workers),
  };
}

async function queueExecutor(
  connection: ReturnType<typeof connectionOptions>,
  where: string,
  sweepDir: string,
  metric: string,
  workers: number,
): Promise<Executor> {
  const dir = resolve(sweepDir);
  const key = sweepKey(dir) as string; // the journal this process has just opened
  const queue = new Queue<SegmentJob, SegmentOutcome>(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  // Lost connections are retried by ioredis; until Redis is back the sweep waits, as it would for a slow worker.
  queue.on('error', () => {});
  events.on('error', () => {});
  await events.waitUntilReady();
  const watch = watchWorkers(queue, where);
  return {
    workers,
    async run(task) {
      const data: SegmentJob = { sweepDir: dir, sweepKey: key, metric, task };
      const job = await queue.add('segment', data, {
        jobId: segmentJobId(data),
        removeOnComplete: { age: DAY_SECONDS },
        removeOnFail: { age: DAY_SECONDS },
      });
      try {
        return (await job.waitUntilFinished(events)) as SegmentOutcome;
      } catch (error) {
        // The job failed in BullMQ itself: it stalled too often (its workers died), or a worker could not run it.
        return { ok: false, reason: (error as Error).message };
      } finally {
        await job.remove().catch(() => {});
      }
    },
    async close() {
      watch.stop();
      await events.close();
      await queue.close();
    },
  };
}

/**
 * Counts the workers on the queue WORKER_CHECK_MS after each count (BullMQ counts the Redis clients its
 * workers name; one count at a time, so two never report the same change) and says when there are none, and
 * when one comes. A Redis that refuses CLIENT LIST, which the count needs, leaves it silent.
 */
function watchWorkers(queue: Queue<SegmentJob, SegmentOutcome>, where: string): { stop(): void } {
  let waiting = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const check = async () => {
    const count = await queue.getWorkersCount().catch(() => undefined);
    if (stopped) return;
    if (count !== undefined && (count === 0) !== waiting) {
      waiting = count === 0;
      process.stderr.write(
        waiting
          ? `downhill: no worker is connected to ${where}; the sweep waits for one (downhill worker --queue ${where})\n`
          : `downhill: a worker is connected to ${where}; the sweep goes on\n`,
      );
    }
    timer = setTimeout(() => void check(), WORKER_CHECK_MS).unref();
  };
  void check();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
