/**
 * Figure 1, the race, as the figures issue shows it on the command line:
 *   downhill race --fn rosenbrock --start -1.5,2 --steps 300 --optimizer sgd:lr=1e-3
 *       --optimizer momentum=sgd:lr=1e-3,momentum=0.9 --optimizer adam:lr=0.05 --out race.gif
 * built from the same config, so the gallery's race is exactly what that command draws.
 */
import { animatedFigure, type Figure } from '../figure.js';
import { raceAnimation } from '../race.js';
import { parseRaceConfig, runRace } from '../raceConfig.js';

export const RACE_EXAMPLE = {
  fn: 'rosenbrock',
  start: [-1.5, 2],
  steps: 300,
  optimizers: ['sgd:lr=1e-3', 'momentum=sgd:lr=1e-3,momentum=0.9', 'adam:lr=0.05'],
};

export function raceFigure(): Figure {
  return animatedFigure(raceAnimation(runRace(parseRaceConfig(RACE_EXAMPLE))));
}
