/**
 * PyTorch's `group['initial_lr']`: the learning rate a parameter group had when the first schedule was
 * attached to it (`group.setdefault('initial_lr', group['lr'])` in `_LRScheduler.__init__`). Every later
 * schedule on the same group takes it as its base lr, OneCycleLR overwrites it with max_lr/div_factor,
 * and SequentialLR resets the lr to it.
 *
 * It is kept beside the group rather than in `group.options`, because the options are the optimizer's
 * (validated and saved by it) and an optimizer has no `initialLr` option.
 */
import type { ParamGroup } from '../optim/optimizer.js';

const initialLrs = new WeakMap<ParamGroup<{ lr: number }>, number>();

/** PyTorch `group.setdefault('initial_lr', group['lr'])`: the group's initial lr, recording it if new. */
export function setDefaultInitialLr(group: ParamGroup<{ lr: number }>): number {
  if (!initialLrs.has(group)) initialLrs.set(group, group.options.lr);
  return initialLrs.get(group) as number;
}

export function setInitialLr(group: ParamGroup<{ lr: number }>, lr: number): void {
  initialLrs.set(group, lr);
}

/** The group's initial lr; its current lr if no schedule has recorded one. */
export function initialLr(group: ParamGroup<{ lr: number }>): number {
  return initialLrs.get(group) ?? group.options.lr;
}
