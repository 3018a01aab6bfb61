/**
 * `downhill worker --queue redis://host:6379`: trains the segments that `downhill tune --queue` queues on
 * that Redis (src/queue/worker.ts), until Ctrl-C. Start one on each machine that should train; each needs
 * the sweep directory at the same path (a shared filesystem). BullMQ is loaded only here and in `tune
 * --queue`. Exit codes: 0 stopped, 2 a malformed URL or an unreachable Redis (one line on stderr).
 */
import { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { boolean, integer, settingsTable, text } from '../config/settings.js';
import { parseRedisAddress } from '../tune/redisAddress.js';
import { addSettingFlags, readSettings } from './flags.js';

export const workerSettings = settingsTable('worker', {
  queue: text({
    required: true,
    placeholder: 'url',
    help: 'the Redis that `downhill tune --queue` queues segments on (redis://host:6379)',
    check: (url, where) => void parseRedisAddress(url, where),
  }),
  concurrency: integer({ min: 1, max: 1024, help: 'segments trained at once (default: the number of cores)' }),
  lock: integer({
    default: 30,
    min: 1,
    max: 3600,
    help: 'seconds after which a segment of a worker that stopped answering is retried on another',
  }),
  quiet: boolean({ default: false, help: 'print nothing but errors' }),
});

export function workerCommand(): Command {
  const command = new Command('worker').description(
    'train the segments `downhill tune --queue` queues on a Redis, until stopped',
  );
  return addSettingFlags(command, workerSettings).action(async (flags: Record<string, unknown>) => {
    const settings = workerSettings.parse(readSettings(workerSettings, flags));
    const { runWorker } = await import('../queue/worker.js');
    await runWorker({
      address: parseRedisAddress(settings.queue, 'worker: queue'),
      concurrency: settings.concurrency ?? availableParallelism(),
      lock: settings.lock,
      quiet: settings.quiet,
    });
    // BullMQ's connections and sandboxed processors would keep the process alive: a stopped worker ends here.
    process.exit(0);
  });
}
