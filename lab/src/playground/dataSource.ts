/** What the playground trains on: a toy set, named as `downhill train --dataset` names it, or your points. */
import { toyDatasets } from '../../../src/data/toy';
import type { RunSettings } from './trainer';

/** The data set that is your points rather than a toy set. */
export const CUSTOM = 'custom';

/** A toy set as `downhill train --dataset` takes it, with its size, noise and (gaussians, spiral) classes. */
export function datasetSpec(settings: Pick<RunSettings, 'dataset' | 'points' | 'noise' | 'classes'>): string {
  const classes = hasClasses(settings.dataset) ? `,classes=${settings.classes}` : '';
  return `${settings.dataset}:n=${settings.points},noise=${settings.noise}${classes}`;
}

/** Whether toy set `name` lets you choose its number of classes. */
export function hasClasses(name: string): boolean {
  return name !== CUSTOM && toyDatasets.get(name).extra.includes('classes');
}
