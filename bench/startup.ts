/**
 * Start-up of the built package (npm run build first): the wall time of a fresh Node process
 * that does nothing (`node -e 0`), that runs `import('downhill')`, and that runs `downhill --version`,
 * each the best of ROUNDS runs (the run least disturbed by other work on the machine). Targets (issue 13):
 * import under 100 ms, --version under 200 ms.
 *
 *   node --import tsx bench/startup.ts
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROUNDS = 15;
const root = fileURLToPath(new URL('..', import.meta.url));

interface Case {
  name: string;
  args: string[];
}

const CASES: Case[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: "import('downhill')", args: ['--input-type=module', '-e', "await import('downhill')"] },
  { name: 'downhill --version', args: ['dist/bundle/main.js', '--version'] },
];

/** The wall time (ms) of one run of `node …args`. */
function wallMs(args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const elapsed = performance.now() - start;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr}`);
  return elapsed;
}

// Round-robin, so that a busy moment of the machine falls on every case alike.
const best = CASES.map(() => Infinity);
for (let round = 0; round < ROUNDS; round++) CASES.forEach((c, i) => (best[i] = Math.min(best[i], wallMs(c.args))));

console.log(`${'case'.padEnd(22)} ${'best ms'.padStart(8)} ${'over node -e 0'.padStart(15)}`);
CASES.forEach((c, i) =>
  console.log(`${c.name.padEnd(22)} ${best[i].toFixed(1).padStart(8)} ${(best[i] - best[0]).toFixed(1).padStart(15)}`),
);
