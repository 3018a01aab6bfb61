/** Every registered optimizer and schedule has an update rule on the race page, and KaTeX typesets each. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import katex from 'katex';
import { optimizerNames } from '../../src/optim/registry.js';
import { scheduleNames } from '../../src/schedules/registry.js';
import { SCHEDULE_RULES, UPDATE_RULES } from '../../lab/src/race/rules.js';

function checkRules(rules: Record<string, string>, names: readonly string[]): void {
  assert.deepEqual(Object.keys(rules).sort(), [...names].sort());
  for (const [name, tex] of Object.entries(rules)) {
    // throwOnError: an unknown command or unbalanced brace is a ParseError naming the position.
    const html = katex.renderToString(tex, { throwOnError: true, output: 'html' });
    assert.ok(html.includes('class="katex"'), name);
    assert.ok(!html.includes('katex-error'), name);
  }
}

describe('update rules', () => {
  it('one formula per registered optimizer, each typeset by KaTeX without an error', () => {
    checkRules(UPDATE_RULES, optimizerNames);
  });

  it('one formula per registered schedule, each typeset by KaTeX without an error', () => {
    checkRules(SCHEDULE_RULES, scheduleNames);
  });
});
