/**
 * `downhill figures --out DIR [--only name,name]`: renders the course's figures (src/plot/figures/registry.ts)
 * into DIR — each as .svg and .png, the animated ones also as .gif and, where Debian's ffmpeg is installed,
 * .mp4 — and writes DIR/index.html, which shows every figure present in DIR side by side with its caption.
 */
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { list, settingsTable, text } from '../config/settings.js';
import { figureNames, figures, FIGURES, type FigureEntry } from '../plot/figures/registry.js';
import { checkWritableDirectory, makeDirectory, writeFileAtomic } from './files.js';
import { addSettingFlags, readSettings } from './flags.js';
import { ffmpegAvailable, writeFigure, type OutputFormat } from './media.js';

export const figuresSettings = settingsTable('figures', {
  out: text({ required: true, placeholder: 'dir', help: 'the directory to write into (created if missing)' }),
  only: list({
    flag: 'only',
    placeholder: 'names',
    min: 1,
    describe: 'a figure name',
    separator: ',',
    help: `a comma-separated subset: ${figureNames.join(', ')}`,
    item: (name: unknown) => figures.canonical(name),
    formatItem: String,
  }),
});

/** Where the command reports the files it wrote (stdout; a test may collect the lines instead). */
export interface FiguresOutput {
  line(text: string): void;
}

const STDOUT: FiguresOutput = { line: (text) => process.stdout.write(`${text}\n`) };

export function figuresCommand(output: FiguresOutput = STDOUT): Command {
  const command = new Command('figures').description(
    "render the course's figures into a directory, with an index.html that shows them",
  );
  return addSettingFlags(command, figuresSettings).action(async (raw: Record<string, unknown>) => {
    const flags = figuresSettings.parse(readSettings(figuresSettings, raw));
    const entries = flags.only === undefined ? FIGURES : FIGURES.filter((entry) => flags.only?.includes(entry.name));
    makeDirectory(flags.out);
    checkWritableDirectory(join(flags.out, 'index.html'));
    const video = ffmpegAvailable();
    if (!video)
      process.stderr.write('downhill: ffmpeg is not installed, so no .mp4 files (Debian: apt-get install ffmpeg)\n');
    for (const entry of entries) {
      const figure = await entry.build({});
      const formats: OutputFormat[] = ['svg', 'png'];
      if (figure.animation) formats.push('gif', ...(video ? (['mp4'] as const) : []));
      for (const format of formats) await writeFigure(join(flags.out, `${entry.name}.${format}`), figure, format);
      output.line(`${join(flags.out, entry.name)}.{${formats.join(',')}}`);
    }
    writeFileAtomic(join(flags.out, 'index.html'), indexHtml(flags.out));
    output.line(join(flags.out, 'index.html'));
  });
}

/** The index page: one card per figure whose still is in the directory, the animation shown where there is one. */
function indexHtml(directory: string): string {
  const present = (entry: FigureEntry, format: OutputFormat): boolean =>
    existsSync(join(directory, `${entry.name}.${format}`));
  const cards = FIGURES.filter((entry) => present(entry, 'svg')).map((entry) => {
    const formats = (['svg', 'png', 'gif', 'mp4'] as const).filter((format) => present(entry, format));
    const image = formats.includes('gif') ? `${entry.name}.gif` : `${entry.name}.svg`;
    const links = formats.map((format) => `<a href="${entry.name}.${format}">${format.toUpperCase()}</a>`).join(' · ');
    return [
      `<figure id="${entry.name}">`,
      `  <a href="${image}"><img src="${image}" alt="${escapeHtml(entry.title)}" loading="lazy"></a>`,
      `  <figcaption><strong>${escapeHtml(entry.title)}.</strong> ${escapeHtml(entry.caption)}<br><span class="files">${links}</span></figcaption>`,
      '</figure>',
    ].join('\n');
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>downhill figures</title>
<style>
  body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 2rem; color: #222; background: #fafafa; }
  h1 { font-size: 1.5rem; }
  main { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 1.5rem; }
  figure { margin: 0; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.75rem; }
  img { width: 100%; height: auto; display: block; }
  figcaption { font-size: 0.9rem; line-height: 1.4; margin-top: 0.5rem; }
  .files { color: #666; font-size: 0.8rem; }
</style>
</head>
<body>
<h1>downhill: figures of optimization</h1>
<main>
${cards.join('\n')}
</main>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
