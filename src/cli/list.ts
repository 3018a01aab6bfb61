/**
 * `downhill list [what] [--json]`: what exists — optimizers, schedules, functions, data sets, models,
 * activations and figures — with each one's summary and options (defaults; `required` where there is
 * none). Everything comes from the registries, so the list is never out of date; the fixture generators
 * read `downhill list --json` for the PyTorch class behind each name, and a test checks the README against it.
 */
import { Command } from 'commander';
import type { Registry, RegistryEntry } from '../config/registry.js';
import { boolean, choice, settingsTable, type Setting } from '../config/settings.js';
import { dataSources } from '../data/sources.js';
import { activations } from '../nn/activations.js';
import { optimizers } from '../optim/registry.js';
import { transforms } from '../optim/transforms.js';
import { figures } from '../plot/figures/registry.js';
import { surfaces } from '../problems/registry.js';
import { schedules } from '../schedules/registry.js';
import { models } from '../train/modelSpec.js';
import { addSettingFlags, readSettings } from './flags.js';

export interface CatalogEntry {
  name: string;
  summary: string;
  aliases?: string[];
  /** Options with their defaults; those without one are `required`, or `optional` (left out when not given). */
  options?: Record<string, unknown>;
  required?: string[];
  optional?: string[];
  [detail: string]: unknown;
}

/** Every registry, as `downhill list --json` prints it. */
export function catalog(): Record<string, CatalogEntry[]> {
  return {
    optimizers: describe(optimizers, (e) => ({
      kind: e.kind,
      ...(e.pytorch ? { pytorch: e.pytorch } : {}),
      ...fromRows(e.rows),
    })),
    transforms: describe(transforms, (e) => options(e.defaults)),
    schedules: describe(schedules, (e) => ({ pytorch: { className: e.className }, ...fromRows(e.rows) })),
    functions: describe(surfaces, (e) => fromRows(e.options.rows)),
    datasets: describe(dataSources, (e) => ({ origin: e.origin })),
    models: describe(models, () => ({})),
    activations: describe(activations, () => ({})),
    figures: describe(figures, (e) => ({ caption: e.caption })),
  };
}

const WHAT = [
  'optimizers',
  'transforms',
  'schedules',
  'functions',
  'datasets',
  'models',
  'activations',
  'figures',
] as const;

export const listSettings = settingsTable('list', {
  json: boolean({ default: false, help: 'print JSON (what the fixture generators and the lab read)' }),
});

export function listCommand(): Command {
  const command = new Command('list')
    .description(
      'list the optimizers, gradient transforms, schedules, functions, datasets, models, activations and figures, with their options',
    )
    .argument('[what]', WHAT.join(', ') + ' (default: all)');
  return addSettingFlags(command, listSettings).action((what: string | undefined, raw: Record<string, unknown>) => {
    const { json } = listSettings.parse(readSettings(listSettings, raw));
    const all = catalog();
    const chosen = what === undefined ? all : { [what]: all[choice(WHAT, { help: '' }).parse(what, 'list: what')] };
    process.stdout.write(json ? `${JSON.stringify(chosen, null, 2)}\n` : text(chosen));
  });
}

function describe<E extends RegistryEntry>(
  registry: Registry<E>,
  details: (entry: E) => Record<string, unknown>,
): CatalogEntry[] {
  return registry.entries().map(([name, entry]) => ({
    name,
    summary: entry.summary,
    ...(entry.aliases && entry.aliases.length > 0 ? { aliases: [...entry.aliases] } : {}),
    ...details(entry),
  }));
}

/** Defaults as JSON: NaN or undefined mark an option that must be given. */
function options(defaults: object): { options: Record<string, unknown>; required?: string[] } {
  const out: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [key, value] of Object.entries(defaults)) {
    if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) required.push(key);
    else out[key] = value;
  }
  return { options: out, ...(required.length === 0 ? {} : { required }) };
}

/** Options declared as rows: defaults, the required and optional ones, and each one's range and control. */
function fromRows(rows: Readonly<Record<string, Setting>>): Partial<CatalogEntry> {
  const entries = Object.entries(rows);
  const keysWhere = (test: (row: Setting) => boolean) => entries.filter(([, row]) => test(row)).map(([key]) => key);
  const required = keysWhere((row) => row.required);
  const optional = keysWhere((row) => !row.required && !('default' in row));
  return {
    options: Object.fromEntries(entries.filter(([, row]) => 'default' in row).map(([key, row]) => [key, row.default])),
    ...(required.length === 0 ? {} : { required }),
    ...(optional.length === 0 ? {} : { optional }),
    ranges: Object.fromEntries(entries.map(([key, row]) => [key, { range: row.range, control: row.control }])),
  };
}

function text(chosen: Record<string, CatalogEntry[]>): string {
  const lines: string[] = [];
  for (const [what, entries] of Object.entries(chosen)) {
    lines.push(`${what}:`);
    const width = Math.max(...entries.map((e) => e.name.length));
    for (const entry of entries) {
      const opts = [
        ...(entry.required ?? []).map((key) => `${key} (required)`),
        ...(entry.optional ?? []).map((key) => `${key} (optional)`),
        ...Object.entries(entry.options ?? {}).map(([key, value]) => `${key}=${JSON.stringify(value)}`),
      ];
      lines.push(`  ${entry.name.padEnd(width)}  ${entry.summary}`.trimEnd());
      if (opts.length > 0) lines.push(`  ${' '.repeat(width)}    ${opts.join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
