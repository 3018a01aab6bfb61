/**
 * What the numbers were measured on, and waiting for a quiet machine: the benchmark shares a 2-core
 * machine with other work, so before measuring it waits (polling every 30 s, 15 minutes at most) until
 * the 1-minute load average falls below 1.5, and records the load averages it ran at.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface LoadAverage {
  one: number;
  five: number;
  fifteen: number;
}

export function loadAverage(): LoadAverage {
  const [one, five, fifteen] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return { one, five, fifteen };
}

export const formatLoad = ({ one, five, fifteen }: LoadAverage): string =>
  `${one.toFixed(2)} ${five.toFixed(2)} ${fifteen.toFixed(2)}`;

/** Waits until the 1-minute load is below `below`; returns the seconds waited and whether it got there. */
export async function waitForQuiet(
  below = 1.5,
  pollSeconds = 30,
  maxSeconds = 900,
): Promise<{ waitedSeconds: number; quiet: boolean }> {
  const start = Date.now();
  for (;;) {
    const load = loadAverage();
    const waited = (Date.now() - start) / 1000;
    if (load.one < below) return { waitedSeconds: waited, quiet: true };
    if (waited + pollSeconds > maxSeconds) return { waitedSeconds: waited, quiet: false };
    process.stderr.write(`load average ${formatLoad(load)}: waiting for the 1-minute load to fall below ${below}…\n`);
    await new Promise((resolve) => setTimeout(resolve, pollSeconds * 1000));
  }
}

export function machine(): { cpu: string; cores: number; avx2: boolean; node: string; platform: string } {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    cpu: /model name\s*:\s*(.*)/.exec(info)?.[1]?.trim() ?? 'unknown',
    cores: cpus().length,
    avx2: /\bavx2\b/.test(info),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
