/**
 * `downhill race`: several optimizers from one start on one 2-D surface, drawn as one figure — an animated
 * GIF or MP4 of the paths growing, or a still SVG or PNG — chosen by the extension of --out.
 *
 *   downhill race --fn rosenbrock --start -1.5,2 --steps 300 --optimizer sgd:lr=1e-3 \
 *       --optimizer momentum=sgd:lr=1e-3,momentum=0.9 --optimizer adam:lr=0.05 --out race.gif
 *
 * Flags override the config file (--config race.json, see src/plot/raceConfig.ts); --optimizer flags replace
 * the config's list. --schedule applies to every optimizer without its own (a config entry can carry its own).
 */
import { Command } from 'commander';
import { InputError } from '../errors.js';
import { animatedFigure } from '../plot/figure.js';
import { raceAnimation } from '../plot/race.js';
import { parseRaceConfig, raceSettings, runRace } from '../plot/raceConfig.js';
import { checkWritableDirectory } from './files.js';
import { addSettingFlags, readSettings } from './flags.js';
import { outputFormat, requireFfmpeg, writeFigure } from './media.js';

export function raceCommand(): Command {
  const command = new Command('race').description(
    'race optimizers on a 2-D function and draw their paths (.svg, .png, .gif or .mp4)',
  );
  return addSettingFlags(command, raceSettings, {
    config: 'a JSON race: {"fn", "start", "steps", "optimizers", "schedule", "window", "title", "out"}',
  }).action(async (flags: Record<string, unknown>) => {
    const config = parseRaceConfig(readSettings(raceSettings, flags));
    if (config.out === undefined)
      throw new InputError('race needs an output file: --out race.gif (or .svg, .png, .mp4)');
    const format = outputFormat(config.out);
    checkWritableDirectory(config.out);
    if (format === 'mp4') requireFfmpeg(config.out);
    await writeFigure(config.out, animatedFigure(raceAnimation(runRace(config))), format);
  });
}
