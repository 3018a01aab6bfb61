/**
 * Command-line flags from a settings table (src/config/settings.ts): each row becomes `--kebab-case <value>`
 * with the row's help and default in `--help`; a switch for booleans (`--batch-norm`, and `--no-shuffle`
 * where the default is true). `readSettings` merges a --config file with the flags (flags win) and reads
 * every value through the row that declared it, so number parsing, range errors and unknown keys exist once.
 */
import { Command, Option } from 'commander';
import type { Setting, SettingRows, SettingsTable, Values } from '../config/settings.js';
import { InputError } from '../errors.js';
import { readJsonFile } from './files.js';

/** `batchSize` → `batch-size`. */
export function kebabCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Adds a flag per row of `table` (all rows, or those in `only`) to `command`, and --config when `config` is set. */
export function addSettingFlags<R extends SettingRows>(
  command: Command,
  table: SettingsTable<R>,
  options: { only?: readonly (keyof R & string)[]; config?: string } = {},
): Command {
  if (options.config !== undefined) command.option('--config <file>', options.config);
  for (const key of options.only ?? table.keys) {
    for (const option of flagOptions(key, table.rows[key])) command.addOption(option);
  }
  return command;
}

function flagOptions(key: string, row: Setting): Option[] {
  const flag = kebabCase(key);
  const values = row.values === undefined || /\bone of\b|\bor\b/.test(row.help) ? '' : ` (${row.values.join(', ')})`;
  const help = row.help + values + (row.default === undefined || row.control === 'toggle' ? '' : ` (default ${row.format(row.default)})`);
  if (row.control !== 'toggle') return [new Option(`--${flag} <${row.placeholder ?? 'value'}>`, help)];
  if (row.default !== true) return [new Option(`--${flag}`, help)];
  // Both spellings, so that "not given" stays undefined and a config file's value is not overridden.
  return [new Option(`--${flag}`, `${help} (the default)`), new Option(`--no-${flag}`, `the opposite of --${flag}`)];
}

/**
 * The settings given on the command line and in the --config file (flags override the file), each read
 * and checked by its row; nothing is filled in for what was not given (table.parse does that).
 */
export function readSettings<R extends SettingRows>(table: SettingsTable<R>, flags: Record<string, unknown>): Partial<Values<R>> {
  const file = typeof flags.config === 'string' ? configFile(flags.config) : {};
  const given = table.parsePartial(file) as Record<string, unknown>;
  for (const key of table.keys) {
    const value = flags[key];
    if (value === undefined) continue;
    const row = table.rows[key];
    given[key] = typeof value === 'string' ? row.parseText(value, `--${kebabCase(key)}`) : row.parse(value, `--${kebabCase(key)}`);
  }
  return given as Partial<Values<R>>;
}

/** A --config file: a JSON object of settings. */
export function configFile(path: string): Record<string, unknown> {
  const json = readJsonFile(path);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(`${path} must hold a JSON object of settings`);
  return json as Record<string, unknown>;
}
