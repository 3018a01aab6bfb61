/**
 * Rows for the kinds of option only schedules have (their tables are src/config/options.ts's like the
 * optimizers'): PyTorch's "float or list" — one value for every parameter group, or an array with one per
 * group (maxLr, baseLr, baseMomentum, maxMomentum, minLr, swaLr, lrLambda) — and lists of milestones.
 */
import { InputError } from '../errors.js';
import { integer, list, number, object, numberNoun, type Always, type Setting } from '../config/settings.js';
import { check } from '../config/validate.js';

type NumberRow = Parameters<typeof number>[0];

/**
 * A number in `one`'s range, or an array of such numbers, one per parameter group: `maxLr[1] must be >= 0`.
 * How many groups there are is known only when the schedule is made: `forEachGroup` checks that.
 */
export function perGroupNumber<const C extends NumberRow>(one: C): Setting<number | number[], Always<C>> {
  const item = number({ ...one, default: undefined, required: false });
  return perGroupOf(item, numberNoun(item.range), one);
}

/** A value of `item` (`one` says what that is) or an array of them, one per parameter group. */
export function perGroupOf<T, const C extends { help: string; default?: T; required?: boolean }>(
  item: Setting<T>,
  one: string,
  common: C,
): Setting<T | T[], Always<C>> {
  return object({
    ...common,
    describe: `${one}, or one per parameter group`,
    is: (value: unknown) => value !== undefined && value !== null,
    check: (value: T | T[], where: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => item.parse(v, `${where}[${i}]`));
      else item.parse(value, where);
    },
  }) as Setting<T | T[], Always<C>>;
}

/** One value per parameter group, from a single value (the same for every group) or one per group. */
export function forEachGroup<T>(owner: string, name: string, value: T | T[], groupCount: number): T[] {
  if (!Array.isArray(value)) return new Array<T>(groupCount).fill(value);
  const range = `one value or an array of ${groupCount} (one per parameter group)`;
  check(value.length === groupCount, owner, name, range, value);
  return [...value];
}

/** Steps at which something happens, in increasing order (MultiStepLR's and SequentialLR's milestones). */
export function milestones(min: number, help: string) {
  const step = integer({ min, help: 'a step' });
  return list({
    required: true,
    flag: 'milestone',
    describe: step.range,
    separator: ',',
    help,
    item: (value, where) => step.parse(value, where),
    formatItem: String,
  });
}

/** An option that must be given when another is, e.g. OneCycleLR's stepsPerEpoch with epochs. */
export function requireGiven(owner: string, name: string, value: unknown, when: string): void {
  if (value === undefined) throw new InputError(`${owner}: ${name} is required ${when}`);
}
