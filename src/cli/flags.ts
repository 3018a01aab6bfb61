/**
 * Command-line flags from a settings table (src/config/settings.ts): each row becomes `--kebab-case <value>`
 * with the row's help and default in `--help`; a switch for booleans (`--batch-norm`, and `--no-shuffle`
 * where the default is true). `readSettings` merges a --config file with the flags (flags win) and reads
 * every value through the row that declared it, so number parsing, range errors and unknown keys exist once.
 */
import { Command, Option } from 'commander';
import { flagName, type Setting, type SettingRows, type SettingsTable } from '../config/settings.js';
import { InputError } from '../errors.js';
import { readFileSync } from 'node:fs';
import { parseJson, readJsonFile } from './files.js';

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
  const flag = flagName(row.repeated?.flag ?? key);
  const values = row.values === undefined || /\bone of\b|\bor\b/.test(row.help) ? '' : ` (${row.values.join(', ')})`;
  const help =
    row.help +
    values +
    (row.default === undefined || row.control === 'toggle' ? '' : ` (default ${row.format(row.default)})`);
  if (row.repeated)
    return [new Option(`--${flag} <${row.placeholder ?? 'value'}>`, `${help}; repeatable`).argParser(collect)];
  if (row.control !== 'toggle') return [new Option(`--${flag} <${row.placeholder ?? 'value'}>`, help)];
  if (row.default !== true) return [new Option(`--${flag}`, help)];
  // Both spellings, so that "not given" stays undefined and a config file's value is not overridden.
  return [new Option(`--${flag}`, `${help} (the default)`), new Option(`--no-${flag}`, `the opposite of --${flag}`)];
}

/**
 * The settings given in the --config file and on the command line (flags override the file), for
 * `table.parse` to check and complete. A flag's text is read by its row here, so that its error names the
 * flag (`--lr must be >= 0 (got -1)`); a repeated flag's texts are passed on as the list they are.
 */
export function readSettings<R extends SettingRows>(
  table: SettingsTable<R>,
  flags: Record<string, unknown>,
): Record<string, unknown> {
  const given: Record<string, unknown> = typeof flags.config === 'string' ? configFile(flags.config) : {};
  for (const key of table.keys) {
    const row = table.rows[key];
    const flag = row.repeated?.flag ?? key;
    const value = flags[flag];
    const where = `--${flagName(flag)}`;
    if (value === undefined) continue;
    if (row.repeated) given[key] = row.repeated.items(value as string[]);
    else given[key] = typeof value === 'string' ? row.parseText(value, where) : value;
  }
  return given;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A --config file: a JSON object of settings; `-` reads it from standard input. */
export function configFile(path: string): Record<string, unknown> {
  const json = path === '-' ? parseJson(readFileSync(0, 'utf8'), 'the --config on standard input') : readJsonFile(path);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InputError(`${path} must hold a JSON object of settings`);
  return json as Record<string, unknown>;
}
