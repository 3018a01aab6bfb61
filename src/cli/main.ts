#!/usr/bin/env node
/**
 * The `downhill` executable. `--version` answers from package.json before anything else loads (a start-up
 * of a few tens of milliseconds, bench/startup.ts); every other use loads the commands (program.ts).
 */
import { readFileSync } from 'node:fs';

/** package.json sits two folders above this file, from src/cli/ as from the built dist/…/. */
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) process.stdout.write(`${version}\n`);
else await (await import('./program.js')).runProgram(version, process.argv);
