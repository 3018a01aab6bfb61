/**
 * The momentum that OneCycleLR and CyclicLR cycle inversely to the lr: a group's `momentum` (SGD,
 * RMSprop) or, for the Adam family, β₁ = `betas[0]` (PyTorch: `group['betas'] = (m, *group['betas'][1:])`).
 * The betas array is replaced, never written into, so a group never shares it with the defaults or
 * another group.
 */
import type { AnyOptimizer } from './schedule.js';

export type MomentumOption = 'momentum' | 'betas';

type Group = AnyOptimizer['groups'][number];

/** Whether the optimizer has an option of this name (PyTorch: `name in optimizer.defaults`). */
export function hasOption(optimizer: AnyOptimizer, name: MomentumOption): boolean {
  return name in optimizer.defaults;
}

export function setMomentum(group: Group, option: MomentumOption, value: number): void {
  if (option === 'momentum') {
    group.options.momentum = value;
  } else {
    const betas = group.options.betas as readonly number[];
    group.options.betas = [value, ...betas.slice(1)];
  }
}

export function getMomentum(group: Group, option: MomentumOption): number {
  return option === 'momentum' ? (group.options.momentum as number) : (group.options.betas as readonly number[])[0];
}
