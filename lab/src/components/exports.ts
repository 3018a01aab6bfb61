/**
 * Exports of the current view, drawn by src/plot exactly as the CLI draws its figures: SVG from the scene,
 * PNG from the same scene on a canvas, GIF from the animation (src/plot/gif.ts with the browser's canvas).
 */
import { stillScene } from '../../../src/plot/animation';
import { renderCanvas } from '../../../src/plot/canvas';
import type { Figure } from '../../../src/plot/figure';
import { stillAnimation } from '../../../src/plot/figure';
import { encodeGif } from '../../../src/plot/gif';
import { renderSvg } from '../../../src/plot/svg';

export type ExportKind = 'png' | 'svg' | 'gif';

export function download(bytes: BlobPart, type: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function canvasOf(width: number, height: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (ctx === null) throw new Error('this browser has no 2D canvas');
  return ctx;
}

export async function exportFigure(figure: Figure, kind: ExportKind, name: string): Promise<void> {
  const scene = figure.animation ? stillScene(figure.animation) : figure.scene;
  if (kind === 'svg') return download(renderSvg(scene), 'image/svg+xml', `${name}.svg`);
  if (kind === 'gif') {
    const animation = figure.animation ?? stillAnimation(scene);
    return download(
      encodeGif(animation, canvasOf(animation.width, animation.height)) as BlobPart,
      'image/gif',
      `${name}.gif`,
    );
  }
  const ctx = canvasOf(scene.width, scene.height);
  renderCanvas(scene, ctx);
  const blob = await new Promise<Blob | null>((resolve) => ctx.canvas.toBlob(resolve, 'image/png'));
  if (blob === null) throw new Error('the canvas could not be written as PNG');
  download(blob, 'image/png', `${name}.png`);
}
