/**
 * `downhill trace`: runs one optimizer on a 2-D surface and prints the path as one JSON object,
 * `{"points": [[x, y], …], "loss": […], "lr": […]}`, from a config file or flags (flags win).
 */
import { Command } from 'commander';
import { NumericalError } from '../errors.js';
import { toTraceConfig, traceSettings } from '../trace/config.js';
import { runTrace } from '../trace/trace.js';
import { addSettingFlags, readSettings } from './flags.js';

export function traceCommand(): Command {
  const command = new Command('trace').description('run an optimizer on a 2-D function and print its path as JSON');
  return addSettingFlags(command, traceSettings, {
    config: 'a JSON case: {"fn", "start", "steps", "optimizer", "lr", "schedule"}',
  }).action((flags: Record<string, unknown>) => {
    const config = toTraceConfig(traceSettings.parse(readSettings(traceSettings, flags)));
    const result = runTrace(config);
    if (result.diverged?.step === 0) {
      // JSON has no ±Infinity or NaN: the path would print its start's loss as null.
      throw new NumericalError(
        `the function is ${describeNonFinite(result.loss[0])} at the start (${result.points[0].join(', ')}), so there is nothing to descend; choose another --start`,
      );
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
}

function describeNonFinite(x: number): string {
  return Number.isNaN(x) ? 'undefined (NaN)' : x > 0 ? '+infinity' : '−infinity';
}
