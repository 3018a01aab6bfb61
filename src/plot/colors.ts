/**
 * Colours. Loss surfaces: viridis (perceptually uniform, readable in grey and by colour-blind readers),
 * dark for low loss, lifted part of the way towards white so that the optimizers' paths drawn on top stand
 * out; the lift keeps lightness monotone, so the map stays perceptually ordered. Paths: saturated colours
 * that differ from every viridis tone and from each other.
 */
import { interpolateViridis } from 'd3-scale-chromatic';

/** How far the surface colours are lifted towards white (0: plain viridis). */
const LIFT = 0.3;

/** The surface colour at t ∈ [0, 1] (0: the lowest loss). */
export function surfaceColor(t: number): string {
  const hex = interpolateViridis(Math.min(1, Math.max(0, t)));
  const channel = (i: number): number => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  return rgbHex([0, 1, 2].map((i) => channel(i) + (255 - channel(i)) * LIFT));
}

function rgbHex(channels: number[]): string {
  return `#${channels.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Path colours in legend order: red, blue, orange, black, magenta, brown, deep purple, dark green. */
export const PATH_COLORS = [
  '#d62728',
  '#1f4fc1',
  '#ff7f0e',
  '#111111',
  '#e0219b',
  '#8c4a1c',
  '#5b2a86',
  '#0b6e2f',
] as const;

export const INK = '#222222';
export const MUTED_INK = '#555555';
export const FRAME = '#444444';
export const HALO = '#ffffff';
