/** Optional packages: loaded on first use through require, handed over by a page, or named in one line when missing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { optionalPackage, provideOptionalPackage } from '../../src/util/optionalPackage.js';

test('a missing package is one InputError line naming the package (its scope kept, its subpath dropped) and the feature', () => {
  assert.throws(
    () => optionalPackage('@downhill-missing/canvas/sub', 'PNG output'),
    (error: unknown) =>
      error instanceof InputError &&
      error.message ===
        'PNG output needs the package @downhill-missing/canvas, which is not installed: npm install @downhill-missing/canvas',
  );
  assert.throws(
    () => optionalPackage('downhill-missing-parser/number', 'formula surfaces'),
    /needs the package downhill-missing-parser, which is not installed: npm install downhill-missing-parser$/,
  );
});

test('an installed package loads synchronously, once', () => {
  const mathjs = optionalPackage<{ parse: unknown }>('mathjs/number', 'formula surfaces');
  assert.equal(typeof mathjs.parse, 'function');
  assert.equal(optionalPackage('mathjs/number', 'formula surfaces'), mathjs);
});

test('a module handed over with provideOptionalPackage is the one returned (how a browser bundle supplies it)', () => {
  const module = { createCanvas: () => 'canvas' };
  provideOptionalPackage('@downhill-missing/provided', module);
  assert.equal(optionalPackage('@downhill-missing/provided', 'PNG output'), module);
});
