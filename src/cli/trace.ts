/**
 * `downhill trace`: runs one optimizer on a 2-D surface and prints the path as one JSON object,
 * `{"points": [[x, y], …], "loss": […], "lr": […]}`, from a config file or flags (flags win).
 */
import { Command } from 'commander';
import { toTraceConfig, traceSettings } from '../trace/config.js';
import { runTrace } from '../trace/trace.js';
import { addSettingFlags, readSettings } from './flags.js';

export function traceCommand(): Command {
  const command = new Command('trace').description('run an optimizer on a 2-D function and print its path as JSON');
  return addSettingFlags(command, traceSettings, { config: 'a JSON case: {"fn", "start", "steps", "optimizer", "lr", "schedule"}' }).action(
    (flags: Record<string, unknown>) => {
      const config = toTraceConfig(traceSettings.parse(readSettings(traceSettings, flags)));
      process.stdout.write(`${JSON.stringify(runTrace(config))}\n`);
    },
  );
}
