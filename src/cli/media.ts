/**
 * Writing figures to files, by the extension of the output path: .svg (the scene as SVG), .png (drawn by
 * @napi-rs/canvas, Skia), .gif (the animation, encoded by src/plot/gif.ts), .mp4 (the animation's frames piped
 * as raw RGBA to Debian's ffmpeg, H.264 in yuv420p, which every player shows). Every file appears whole or not
 * at all: it is written under a temporary name in the same directory and renamed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { renameSync, rmSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../errors.js';
import { FPS, type Animation } from '../plot/animation.js';
import { renderCanvas } from '../plot/canvas.js';
import { stillAnimation, type Figure } from '../plot/figure.js';
import { encodeGif } from '../plot/gif.js';
import { FrameRasterizer } from '../plot/raster.js';
import { renderSvg } from '../plot/svg.js';
import { optionalPackage } from '../util/optionalPackage.js';
import { readFileBytes, reason, temporaryPath, writeFileAtomic } from './files.js';

export const OUTPUT_FORMATS = ['svg', 'png', 'gif', 'mp4'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function outputFormat(path: string): OutputFormat {
  const extension = extname(path).slice(1).toLowerCase();
  const format = OUTPUT_FORMATS.find((f) => f === extension);
  if (format === undefined) {
    throw new InputError(
      `cannot write '${path}': the extension must be one of ${OUTPUT_FORMATS.map((f) => `.${f}`).join(', ')}`,
    );
  }
  return format;
}

export async function writeFigure(
  path: string,
  figure: Figure,
  format: OutputFormat = outputFormat(path),
): Promise<void> {
  switch (format) {
    case 'svg':
      writeFileAtomic(path, renderSvg(figure.scene));
      return;
    case 'png':
      writeFileAtomic(path, renderPng(figure));
      return;
    case 'gif':
      writeFileAtomic(path, renderGif(figure.animation ?? stillAnimation(figure.scene)));
      return;
    case 'mp4':
      await writeMp4(path, figure.animation ?? stillAnimation(figure.scene));
      return;
  }
}

/** @napi-rs/canvas's createCanvas, loaded on the first PNG or GIF (an optional package). */
function createCanvas(width: number, height: number): import('@napi-rs/canvas').Canvas {
  return optionalPackage<typeof import('@napi-rs/canvas')>('@napi-rs/canvas', 'PNG and GIF output').createCanvas(
    width,
    height,
  );
}

export function renderPng(figure: Figure): Buffer {
  const { scene } = figure;
  const canvas = createCanvas(scene.width, scene.height);
  renderCanvas(scene, canvas.getContext('2d'));
  return canvas.toBuffer('image/png');
}

export function renderGif(animation: Animation): Uint8Array {
  return encodeGif(animation, createCanvas(animation.width, animation.height).getContext('2d'));
}

const FFMPEG = 'ffmpeg';

export function ffmpegAvailable(): boolean {
  const probe = spawnSync(FFMPEG, ['-version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/** Throws the one-line error that names the Debian package when ffmpeg cannot be run. */
export function requireFfmpeg(path: string): void {
  if (!ffmpegAvailable()) {
    throw new InputError(
      `cannot write ${path}: ffmpeg is not installed (Debian: apt-get install ffmpeg); .gif needs no ffmpeg`,
    );
  }
}

/** Each frame is repeated to last its delay at FPS frames per second: the held first and last frames too. */
async function writeMp4(path: string, animation: Animation): Promise<void> {
  requireFfmpeg(path);
  const temporary = temporaryPath(path);
  const { width, height } = animation;
  // yuv420p needs even sizes: pad an odd edge with one pixel of the background.
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    '-s',
    `${width}x${height}`,
    '-r',
    String(FPS),
    '-i',
    '-',
  ];
  args.push(
    '-vf',
    'pad=ceil(iw/2)*2:ceil(ih/2)*2',
    '-pix_fmt',
    'yuv420p',
    '-c:v',
    'libx264',
    '-crf',
    '20',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    temporary,
  );
  const ffmpeg = spawn(FFMPEG, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let errors = '';
  ffmpeg.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  ffmpeg.stdin.on('error', () => undefined); // ffmpeg quitting early is reported by its exit status below
  const exited = once(ffmpeg, 'close');
  try {
    const rasterizer = new FrameRasterizer(animation, createCanvas(width, height).getContext('2d'));
    for (let k = 0; k < animation.frames.length && ffmpeg.exitCode === null; k++) {
      const rgba = rasterizer.fullFrame(k);
      const bytes = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
      const repeats = Math.max(1, Math.round((animation.frames[k].delayMs * FPS) / 1000));
      for (let r = 0; r < repeats; r++) {
        if (!ffmpeg.stdin.write(bytes)) await Promise.race([once(ffmpeg.stdin, 'drain'), exited]);
      }
    }
    ffmpeg.stdin.end();
    const [code] = (await exited) as [number | null];
    if (code !== 0)
      throw new InputError(`cannot write ${path}: ffmpeg failed: ${lastLine(errors) || `exit code ${code}`}`);
    const incomplete = mp4Problem(readFileBytes(temporary));
    if (incomplete !== null)
      throw new InputError(`cannot write ${path}: ffmpeg wrote an incomplete file (${incomplete}; a full disk?)`);
    renameSync(temporary, path);
  } catch (error) {
    ffmpeg.kill();
    rmSync(temporary, { force: true });
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new InputError(`cannot write ${path}: ${reason(error)}`);
  }
}

/**
 * Why `bytes` is not a whole MP4 file, or null: its top-level boxes (ISO/IEC 14496-12 §4.2: a 32-bit
 * big-endian size, a 4-letter type, a 64-bit size where the first is 1, "to the end" where it is 0) must
 * tile the file exactly, with the movie header ('moov') and the media data ('mdat') among them. ffmpeg
 * can exit 0 after failing to write (ENOSPC), leaving a file cut short.
 */
export function mp4Problem(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types = new Set<string>();
  let at = 0;
  while (at < bytes.length) {
    if (at + 8 > bytes.length) return `a box header is cut off at byte ${at}`;
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (size === 1) {
      if (at + 16 > bytes.length) return `a box header is cut off at byte ${at}`;
      size = Number(view.getBigUint64(at + 8));
    } else if (size === 0) {
      size = bytes.length - at;
    }
    if (size < 8 || at + size > bytes.length)
      return `box '${type}' at byte ${at} claims ${size} bytes; ${bytes.length - at} are there`;
    types.add(type);
    at += size;
  }
  for (const needed of ['moov', 'mdat']) if (!types.has(needed)) return `it has no '${needed}' box`;
  return null;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1].trim();
}
