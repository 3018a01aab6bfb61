/**
 * `downhill plot-metrics runs/x/metrics.jsonl --out curve.svg`: the training and validation loss per epoch
 * of a `downhill train` run, with the early-stopping epoch (the lowest validation loss) marked — the
 * figures' over-fitting figure for the user's own run. The format follows --out's extension (.svg, .png,
 * .gif, .mp4); a malformed metrics file is one line naming the line that is wrong.
 */
import { Command } from 'commander';
import { overfittingFigure } from '../plot/figures/overfitting.js';
import { parseMetricsJsonl } from '../plot/metrics.js';
import { checkWritableDirectory, readFileBytes } from './files.js';
import { outputFormat, requireFfmpeg, writeFigure } from './media.js';

interface PlotMetricsFlags {
  out: string;
  title?: string;
}

export function plotMetricsCommand(): Command {
  return new Command('plot-metrics')
    .description('plot the training and validation loss per epoch of a downhill train run (.svg, .png, .gif or .mp4)')
    .argument('<metrics>', 'the metrics.jsonl that downhill train wrote into its --out directory')
    .requiredOption('--out <file>', 'the output: .svg, .png, .gif or .mp4')
    .option('--title <text>', 'the figure title (default: "Over-fitting and early stopping")')
    .action(async (path: string, flags: PlotMetricsFlags) => {
      const format = outputFormat(flags.out);
      checkWritableDirectory(flags.out);
      if (format === 'mp4') requireFfmpeg(flags.out);
      const metrics = parseMetricsJsonl(new TextDecoder().decode(readFileBytes(path)), path);
      const epochs = metrics.length === 1 ? '1 epoch' : `${metrics.length} epochs`;
      const figure = overfittingFigure(metrics, { title: flags.title ?? 'Training and validation loss', subtitle: `${path}: ${epochs}` });
      await writeFigure(flags.out, figure, format);
    });
}
