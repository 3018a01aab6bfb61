/**
 * The sandboxed processor of `downhill worker`: BullMQ runs this file in a child process of the worker,
 * so the worker's own event loop stays free to renew its jobs' locks however long a segment trains. The
 * segment itself runs as `tune` runs it locally (runSegment: a `downhill train` child in the trial's run
 * directory, continued from its last checkpoint), on the sweep directory the job names, which this machine
 * sees on a shared filesystem.
 *
 * A worker killed (kill -9, a crash) closes this process's channel to it: the training is killed with it,
 * so that only the worker that takes the segment next trains into the run.
 */
import type { SandboxedJob } from 'bullmq';
import { runSegment } from '../cli/tuneExecutor.js';
import type { SegmentOutcome } from '../tune/driver.js';
import { ENTRY_VARIABLE, sweepKey, type SegmentJob } from './segmentJob.js';

const orphaned = new AbortController();
process.on('disconnect', () => {
  orphaned.abort();
  process.exit(1);
});

export default async function processSegment(job: SandboxedJob<SegmentJob>): Promise<SegmentOutcome> {
  const { sweepDir, metric, task } = job.data;
  const key = sweepKey(sweepDir);
  if (key === undefined)
    return {
      ok: false,
      reason: `${sweepDir}/journal.jsonl is not on this machine; the sweep directory must be on a filesystem every worker shares, at the same path`,
    };
  if (key !== job.data.sweepKey)
    return { ok: false, reason: `${sweepDir} now holds another sweep than the one that queued this segment` };
  const entry = process.env[ENTRY_VARIABLE] as string;
  return runSegment(sweepDir, metric, task, { entry, signal: orphaned.signal });
}
