/**
 * An algorithm's options (an optimizer's, a schedule's, a line search's) as settings rows
 * (src/config/settings.ts): each option declared once — default, valid range, help, how a slider or a search
 * space spreads it — and from those rows come the defaults, the option type, the one check of what a caller
 * passes (unknown names, type and range, in PyTorch's words: "adam: eps must be > 0 (got 0)"), `downhill list`,
 * the lab's controls and a search space's bounds.
 *
 *   const STEP_LR = optionTable({ stepSize: integer({ required: true, min: 1, help: '…' }), gamma: … });
 *   type StepLROptions = OptionValues<typeof STEP_LR>;        // { stepSize: number; gamma: number }
 *   const o = STEP_LR.resolve('step', given);                  // checked, defaults filled in
 */
import { InputError } from '../errors.js';
import { numberNoun, type Setting, type SettingRows, type Values } from './settings.js';

export type OptionRows = SettingRows;

export interface OptionTable<O> {
  /** Every option and its default; NaN where an option must be given (SGD's lr), undefined where it may be left out. */
  readonly defaults: O;
  readonly rows: OptionRows;
  /**
   * `given` over `base` (the defaults, or a parameter group's options): names not in the table refused,
   * each value checked by its row, a required one that is missing named, then `crossCheck` (conditions
   * between options). An undefined value counts as not given.
   */
  resolve(owner: string, given?: object, base?: O): O;
}

/** The options a table's rows describe, with the types its rows parse to. */
export type OptionValues<T> = T extends OptionTable<infer O> ? O : never;

/** The defaults and the check of an algorithm's options, from its rows; their type comes from the rows… */
export function optionTable<const R extends OptionRows>(
  rows: R,
  crossCheck?: (options: Values<R>, owner: string) => void,
): OptionTable<Values<R>>;
/** …or is declared beside them (an optimizer's options interface, documented field by field). */
export function optionTable<O>(rows: OptionRows, crossCheck?: (options: O, owner: string) => void): OptionTable<O>;
export function optionTable<O>(rows: OptionRows, crossCheck?: (options: O, owner: string) => void): OptionTable<O> {
  const keys = Object.keys(rows);
  const defaults = Object.fromEntries(keys.map((key) => [key, defaultOf(rows[key])])) as O;
  return {
    defaults,
    rows,
    resolve(owner, given = {}, base = defaults) {
      const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
      for (const [key, value] of Object.entries(given)) {
        if (value === undefined) continue;
        if (!Object.hasOwn(rows, key))
          throw new InputError(`${owner}: unknown option '${key}'; valid options: ${keys.join(', ')}`);
        out[key] = value;
      }
      for (const key of keys) {
        const row = rows[key];
        const value = out[key];
        if (row.required && (value === undefined || Number.isNaN(value)))
          throw new InputError(`${owner}: ${key} is required (${row.help}): ${described(row)}`);
        if (value !== undefined) out[key] = row.parse(value, `${owner}: ${key}`);
      }
      crossCheck?.(out as O, owner);
      return out as O;
    },
  };
}

/** A required row's default is NaN: the key is there (for lists of options) and no number passes as it. */
function defaultOf(row: Setting): unknown {
  return 'default' in row ? row.default : row.required ? Number.NaN : undefined;
}

/** A row's range as a noun phrase: "> 0" → "a number > 0"; "an integer >= 1" stays. */
function described(row: Setting): string {
  return row.control === 'slider' || row.control === 'log-slider' ? numberNoun(row.range) : row.range;
}
