/**
 * A figure as the writers take it: the still picture (for SVG and PNG) and, for the animated ones, the
 * animation (for GIF and MP4) whose last frame the still shows.
 */
import { stillScene, type Animation } from './animation.js';
import type { Scene } from './scene.js';

export interface Figure {
  scene: Scene;
  animation?: Animation;
}

export function animatedFigure(animation: Animation): Figure {
  return { scene: stillScene(animation), animation };
}

/** A still picture as a one-frame animation, for a GIF or MP4 of a figure that does not move. */
export function stillAnimation(scene: Scene): Animation {
  return {
    width: scene.width,
    height: scene.height,
    background: scene.background,
    base: scene.marks,
    paths: [],
    overlay: [],
    frames: [{ step: 0, delayMs: 1000 }],
  };
}
