/**
 * The README's tables against the registries: every optimizer, schedule and function the package has is a
 * row of its table, and every option an optimizer or schedule declares is named in its row (or in the row
 * it says it is "as"); every toy data set and every `downhill train` setting is named. Adding a name or an
 * option without documenting it fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { flagName } from '../src/config/settings.js';
import { catalog } from '../src/cli/list.js';
import { trainSettings } from '../src/train/runConfig.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The rows of the table under `## heading`, keyed by the name in the first column's backticks. */
function tableRows(heading: string): Map<string, string> {
  const section = README.split(/^## /m).find((part) => part.startsWith(heading));
  assert.ok(section, `README has a '## ${heading}' section`);
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const match = /^\| `([^`]+)` \|(.*)$/.exec(line);
    if (match) rows.set(match[1], match[2]);
  }
  return rows;
}

function checkTable(heading: string, kind: 'optimizers' | 'transforms' | 'schedules' | 'functions'): void {
  const rows = tableRows(heading);
  for (const entry of catalog()[kind]) {
    const row = rows.get(entry.name);
    assert.ok(row !== undefined, `README's '${heading}' table has no row for ${entry.name}`);
    // "as adam, weightDecay 1e-2": the options of the row it refers to count too.
    const as = /\bas `?(\w+)`?/.exec(row)?.[1];
    const text = `${row} ${as === undefined ? '' : (rows.get(as) ?? '')}`;
    for (const option of [...(entry.required ?? []), ...Object.keys(entry.options ?? {})]) {
      if (kind === 'functions') continue;
      assert.match(
        text,
        new RegExp(`\\b${option}\\b`),
        `README's row for ${entry.name} does not name its option ${option}`,
      );
    }
  }
  const known = new Set(catalog()[kind].map((entry) => entry.name));
  for (const name of rows.keys())
    assert.ok(known.has(name), `README's '${heading}' table has a row for ${name}, which does not exist`);
}

test('the optimizers table has every optimizer and every option', () => checkTable('Optimizers', 'optimizers'));
test('the gradient transforms table has every transform and every option', () =>
  checkTable('Chaining gradient transforms', 'transforms'));
test('the schedules table has every schedule and every option', () =>
  checkTable('Learning-rate schedules', 'schedules'));
test('the 2-D problems table has every function', () => checkTable('2-D problems', 'functions'));

test('every toy data set and every train setting is named', () => {
  for (const entry of catalog().datasets) {
    if (entry.origin === 'toy')
      assert.match(README, new RegExp(`\`${entry.name}\``), `README does not name the toy set ${entry.name}`);
  }
  for (const key of trainSettings.keys) {
    assert.ok(
      README.includes(`--${flagName(key)}`) || README.includes(`"${key}"`),
      `README does not name the train setting --${flagName(key)}`,
    );
  }
});
