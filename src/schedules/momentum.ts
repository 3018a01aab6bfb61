/**
 * The momentum that OneCycleLR and CyclicLR cycle inversely to the lr: a group's `momentum` (SGD,
 * RMSprop) or, for the Adam family, β₁ = `betas[0]` (PyTorch: `group['betas'] = (m, *group['betas'][1:])`;
 * CyclicLR cycles β₁ since PyTorch 2.x, where 1.13 refused optimizers without `momentum`).
 * The betas array is replaced, never written into, so a group never shares it with the defaults or
 * another group.
 */
import { check } from '../config/validate.js';
import { InputError } from '../errors.js';
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

/** Which option a schedule cycles: β₁ where the optimizer has betas, else its momentum (PyTorch `use_beta1`). */
export function momentumOptionOf(owner: string, optimizer: AnyOptimizer): MomentumOption {
  if (hasOption(optimizer, 'betas')) return 'betas';
  if (hasOption(optimizer, 'momentum')) return 'momentum';
  throw new InputError(
    `${owner}: cycleMomentum needs an optimizer with momentum or betas (sgd, rmsprop, the adam family); ` +
      `set cycleMomentum: false`,
  );
}

/** β₁ must stay a decay rate, in [0, 1); SGD and RMSprop take any momentum >= 0. */
export function checkMomenta(
  owner: string,
  option: MomentumOption,
  momenta: { maxMomentum: number | number[]; baseMomentum: number | number[] },
): void {
  if (option !== 'betas') return;
  for (const name of ['maxMomentum', 'baseMomentum'] as const) {
    const value = momenta[name];
    const values = Array.isArray(value) ? value : [value];
    const range = 'in [0, 1) (it becomes betas[0])';
    values.forEach((v, i) => check(v < 1, owner, Array.isArray(value) ? `${name}[${i}]` : name, range, v));
  }
}
