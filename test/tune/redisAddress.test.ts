/** `--queue` URLs: what each part of a Redis URL becomes, and each malformed kind named in one line. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { parseRedisAddress } from '../../src/tune/redisAddress.js';

test('a Redis URL: host, port (6379 when left out), database, user and password (percent-decoded), TLS', () => {
  assert.deepEqual(parseRedisAddress('redis://hostA', '--queue'), { host: 'hostA', port: 6379, db: 0, tls: false });
  assert.deepEqual(parseRedisAddress('redis://127.0.0.1:6380/', '--queue'), {
    host: '127.0.0.1',
    port: 6380,
    db: 0,
    tls: false,
  });
  assert.deepEqual(parseRedisAddress('rediss://ann:p%40ss@hostA:7000/3', '--queue'), {
    host: 'hostA',
    port: 7000,
    db: 3,
    username: 'ann',
    password: 'p@ss',
    tls: true,
  });
  assert.deepEqual(parseRedisAddress('redis://:secret@[::1]:6379', '--queue'), {
    host: '::1',
    port: 6379,
    db: 0,
    password: 'secret',
    tls: false,
  });
});

test('a malformed Redis URL is one InputError naming the flag, the form and what is wrong', () => {
  const cases: [string, string][] = [
    ['hostA:6379', 'the scheme is hosta'],
    ['localhost', 'not a URL'],
    ['http://hostA:6379', 'the scheme is http'],
    ['redis://', 'no host'],
    ['redis://hostA:65536', 'not a URL'],
    ['redis://hostA:6379/two', 'the database after the host must be an integer >= 0'],
    ['redis://hostA:6379/0?db=1', 'it has a query or fragment'],
  ];
  for (const [url, why] of cases) {
    assert.throws(
      () => parseRedisAddress(url, '--queue'),
      (error: Error) =>
        error instanceof InputError &&
        error.message ===
          `--queue must be a Redis URL such as redis://host:6379 (or rediss://user:password@host:6379/db): ${why} (got "${url}")`,
      url,
    );
  }
});
