/** A src/plot scene drawn on a canvas (scaled to the device), with the same scene offered to the exports. */
import { useEffect, useRef } from 'preact/hooks';
import { renderCanvas } from '../../../src/plot/canvas';
import type { Scene } from '../../../src/plot/scene';

export function SceneCanvas({ scene, id, label }: { scene: Scene; id: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    const ctx = element?.getContext('2d');
    if (!element || !ctx) return;
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    element.width = scene.width * ratio;
    element.height = scene.height * ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    renderCanvas(scene, ctx);
  }, [scene]);
  return (
    <canvas
      ref={canvas}
      id={id}
      role="img"
      aria-label={label}
      style={{ width: '100%', maxWidth: `${scene.width}px` }}
    />
  );
}
