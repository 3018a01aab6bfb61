/**
 * What `downhill tune --queue` and `downhill worker` agree on: the queue's name, a segment job's data, and
 * its id. A job is one segment of one sweep (trial, rung); its id names the sweep and the segment, so that
 * a segment queued again (a `tune --resume` while a worker still trains it) is the same job, not a second
 * training of the same run.
 *
 * A sweep is known by its key: a hash of its directory's path and its journal's first line (the sweep's
 * definition). A worker checks the key before it trains, so that a job left in Redis by a sweep that was
 * removed never trains into another sweep made later in the same directory.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SegmentTask } from '../tune/driver.js';

export const QUEUE_NAME = 'downhill-segments';

/** The `downhill` entry point a worker runs from, handed to its sandboxed processor in the environment. */
export const ENTRY_VARIABLE = 'DOWNHILL_WORKER_ENTRY';

export interface SegmentJob {
  /** The sweep directory, an absolute path that is the same on every machine (a shared filesystem). */
  readonly sweepDir: string;
  readonly sweepKey: string;
  readonly metric: string;
  readonly task: SegmentTask;
}

export function segmentJobId(job: SegmentJob): string {
  return `${job.sweepKey}-${job.task.trial}-${job.task.rung}`;
}

/** The key of the sweep in `sweepDir`, or undefined when this machine sees no journal there. */
export function sweepKey(sweepDir: string): string | undefined {
  const dir = resolve(sweepDir);
  let first: string;
  try {
    first = firstLine(join(dir, 'journal.jsonl'));
  } catch {
    return undefined;
  }
  return createHash('sha256').update(`${dir}\n${first}`).digest('hex').slice(0, 16);
}

/** The journal's first line (the sweep event, a few hundred bytes), read without reading the whole file. */
function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 16);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, length).toString('utf8');
    const end = text.indexOf('\n');
    return end === -1 ? text : text.slice(0, end + 1);
  } finally {
    closeSync(fd);
  }
}
