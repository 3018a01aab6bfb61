/**
 * `downhill plot-metrics runs/x/metrics.jsonl --out curve.svg`: the training and validation loss per epoch
 * of a `downhill train` run, with the early-stopping epoch (the lowest validation loss) marked — the
 * figures' over-fitting figure for the user's own run. The format follows --out's extension (.svg, .png,
 * .gif, .mp4); a malformed metrics file is one line naming the line that is wrong.
 */
import { Command } from 'commander';
import { settingsTable, text } from '../config/settings.js';
import { overfittingFigure } from '../plot/figures/overfitting.js';
import { parseMetricsJsonl } from '../plot/metrics.js';
import { checkWritableDirectory, readFileBytes } from './files.js';
import { addSettingFlags, readSettings } from './flags.js';
import { outputFormat, requireFfmpeg, writeFigure } from './media.js';

export const plotMetricsSettings = settingsTable('plot-metrics', {
  out: text({ required: true, placeholder: 'file', help: 'the output: .svg, .png, .gif or .mp4' }),
  title: text({ help: 'the figure title (default: "Training and validation loss")' }),
});

export function plotMetricsCommand(): Command {
  const command = new Command('plot-metrics')
    .description('plot the training and validation loss per epoch of a downhill train run (.svg, .png, .gif or .mp4)')
    .argument('<metrics>', 'the metrics.jsonl that downhill train wrote into its --out directory');
  return addSettingFlags(command, plotMetricsSettings).action(async (path: string, raw: Record<string, unknown>) => {
    const flags = plotMetricsSettings.parse(readSettings(plotMetricsSettings, raw));
    const format = outputFormat(flags.out);
    checkWritableDirectory(flags.out);
    if (format === 'mp4') requireFfmpeg(flags.out);
    const metrics = parseMetricsJsonl(new TextDecoder().decode(readFileBytes(path)), path);
    const epochs = metrics.length === 1 ? '1 epoch' : `${metrics.length} epochs`;
    const figure = overfittingFigure(metrics, {
      title: flags.title ?? 'Training and validation loss',
      subtitle: `${path}: ${epochs}`,
    });
    await writeFigure(flags.out, figure, format);
  });
}
