/**
 * The random number generators a training run draws from: fit's own (the shuffles, and usually the
 * dropout masks too) and any other that a layer of the model holds (a Dropout built with a Random of its
 * own). A resumed run is exact only if every one of them continues from where it stood, so their states
 * are part of the training state, in the order listed here: fit's first, then the model's in the order
 * of its modules (depth first, as namedParameters lists them).
 */
import type { Module } from '../nn/module.js';
import { Random } from '../tensor/random.js';

export function trainingRandoms(random: Random, model: Module): Random[] {
  const found: Random[] = [random];
  const visit = (module: Module): void => {
    for (const value of Object.values(module)) {
      if (value instanceof Random && !found.includes(value)) found.push(value);
    }
    for (const [, child] of module.namedChildren()) visit(child);
  };
  visit(model);
  return found;
}
