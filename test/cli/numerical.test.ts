/**
 * Numerical failures as a user meets them in `downhill trace` and `downhill race`: one line on stderr naming
 * the failure and the step, exit code 4, no stack trace, nothing on stdout and no file written.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIT_NUMERICAL } from '../../src/cli/run.js';
import { runDownhill } from '../helpers/cli.js';

const SINGULAR = 'newton: the damped Hessian H + λI is singular (λ = 0); set damping > 0 or adaptiveDamping';

function assertNumericalFailure(args: string[], message: string): void {
  const { status, stdout, stderr } = runDownhill(args);
  assert.equal(status, EXIT_NUMERICAL, stderr);
  assert.equal(EXIT_NUMERICAL, 4);
  assert.equal(stdout, '');
  assert.equal(stderr, `downhill: ${message}\n`);
}

test('trace: Newton at the minimum of x⁴ + y⁴, where the Hessian 12·diag(x², y²) is 0, fails at step 1', () => {
  assertNumericalFailure(
    ['trace', '--fn', 'x^4 + y^4', '--start', '0,0', '--optimizer', 'newton'],
    `step 1: ${SINGULAR}`,
  );
});

test('trace: Newton on x² + y², where H = 2I is regular everywhere, runs to the end', () => {
  // The control case: H = 2I is positive definite everywhere, so three steps succeed, each landing on
  // x − H⁻¹∇L = x − x = 0 up to the rounding of the Cholesky factor √2 (a few ε of the previous point).
  const { status, stdout, stderr } = runDownhill([
    'trace',
    '--fn',
    'x^2 + y^2',
    '--start',
    '1,2',
    '--steps',
    '3',
    '--optimizer',
    'newton',
  ]);
  assert.deepEqual([status, stderr], [0, '']);
  const points: [number, number][] = JSON.parse(stdout).points;
  assert.equal(points.length, 4);
  for (const [x, y] of points.slice(1)) assert.ok(Math.abs(x) < 1e-15 && Math.abs(y) < 1e-15, `${x}, ${y}`);
});

test('trace: adaptive damping that no λ up to 10⁵⁶ can make positive definite', () => {
  // H = diag(−2e300, 2): λ grows tenfold from 1e-3 for 60 tries, to 1e56, far short of 2e300.
  assertNumericalFailure(
    ['trace', '--fn', '-1e300*x^2 + y^2', '--start', '1,1', '--optimizer', 'newton:adaptiveDamping=true'],
    'step 1: newton: no damping up to λ = 1e+56 makes the Hessian positive definite',
  );
});

test('trace: a Hessian with a NaN entry (√(x²) at x = 0, where 0/0 appears in its derivatives)', () => {
  const { status, stderr } = runDownhill([
    'trace',
    '--fn',
    'sqrt(x^2) + y^2',
    '--start',
    '0,1',
    '--optimizer',
    'newton',
  ]);
  assert.equal(status, EXIT_NUMERICAL);
  assert.match(stderr, /^downhill: step 1: newton: the Hessian has a non-finite entry \(NaN at \[\d, \d\]\)\n$/);
});

test('race: a numerical failure of one optimizer stops the race with one line and writes no file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'downhill-numerical-'));
  const out = join(dir, 'race.svg');
  assertNumericalFailure(
    ['race', '--fn', 'x^4 + y^4', '--start', '0,0', '--optimizer', 'adam', '--optimizer', 'newton', '--out', out],
    `step 1: ${SINGULAR}`,
  );
  assert.deepEqual(readdirSync(dir), []);
});
