/**
 * The search's own cost per trial: a sweep of N trials run by an executor that answers at once (a closed-form
 * learning curve), so the time measured is the sampler's proposals, the scheduler's decisions and the
 * journal's bookkeeping — what `downhill tune` adds to each trial's training. Targets (issue 12): under 1 ms
 * per trial up to 1,000 trials, TPE under 10 ms.
 *
 *   node --import tsx bench/tune.ts
 */
import { runSweep, type Executor } from '../src/tune/driver.js';
import type { JournalEvent } from '../src/tune/journal.js';
import { parseSweep, trialConfig } from '../src/tune/sweep.js';

const BASE = { dataset: 'spiral', epochs: 27 };
const SPACE = {
  optimizer: { choice: ['sgd', 'adam'] },
  lr: { range: [1e-4, 1] },
  'optimizer.momentum': { range: [0, 0.9], when: { optimizer: 'sgd' } },
  dropout: { range: [0, 0.5] },
};

/** Best at lr = 10^−1.5 and dropout 0.1, falling as 1/epochs. */
const executor: Executor = {
  workers: 8,
  run: async (task) => {
    const optimizer = task.config.optimizer as { lr?: number };
    const value =
      (Math.log10(optimizer.lr ?? 1e-3) + 1.5) ** 2 + ((task.config.dropout as number) - 0.1) ** 2 + 1 / task.epochs;
    return { ok: true, value, epochs: task.epochs, seconds: 0 };
  },
};

/** Milliseconds per trial: of wall time, and of this process's CPU time (which other processes on a busy machine do not inflate). */
async function msPerTrial(sampler: string, scheduler: string, trials: number): Promise<{ wall: number; cpu: number }> {
  const sweep = parseSweep({ base: BASE, space: SPACE, sampler, scheduler, trials, out: 'unused' });
  const events: JournalEvent[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  await runSweep(
    sweep,
    [],
    { append: (e) => void events.push(JSON.parse(JSON.stringify(e)) as JournalEvent) },
    executor,
    (t, epochs) => trialConfig(BASE, t.config, epochs),
  );
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - start) / trials, cpu: (used.user + used.system) / 1000 / trials };
}

const samplers = ['random', 'sobol', 'tpe:lag=7'];
const schedulers = ['none', 'asha:eta=3', 'hyperband:eta=3', 'median'];
console.log(
  `ms per trial (sampler + scheduler + journal), ${executor.workers} simulated workers: wall time (CPU time of this process)`,
);
console.log(['sampler', 'scheduler', ...[10, 100, 1000].map((n) => `${n} trials`)].map((c) => c.padEnd(16)).join(''));
for (const sampler of samplers) {
  for (const scheduler of schedulers) {
    // Hyperband decides a bracket once all its trials exist; TPE proposes only after earlier ones finish (lag < bracket size).
    if (sampler.startsWith('tpe') && scheduler.startsWith('hyperband')) continue;
    const cells = [];
    for (const n of [10, 100, 1000]) {
      const { wall, cpu } = await msPerTrial(sampler, scheduler, n);
      cells.push(`${wall.toFixed(3)} (${cpu.toFixed(3)})`);
    }
    console.log([sampler, scheduler, ...cells].map((c) => c.padEnd(16)).join(''));
  }
}
