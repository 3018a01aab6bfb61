/**
 * The address of the Redis server a sweep's queue lives on, as `--queue` takes it: `redis://host:6379`,
 * with an optional user and password (`redis://:secret@host:6379`), database (`redis://host:6379/2`), and
 * `rediss://` for TLS. Read here, before anything connects, so that a malformed one is one line naming it.
 */
import { InputError } from '../errors.js';

export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
}

const EXAMPLE = 'redis://host:6379 (or rediss://user:password@host:6379/db)';

export function parseRedisAddress(text: string, where: string): RedisAddress {
  const bad = (why: string) =>
    new InputError(`${where} must be a Redis URL such as ${EXAMPLE}: ${why} (got "${text}")`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw bad(`the scheme is ${url.protocol.slice(0, -1)}`);
  if (url.hostname === '') throw bad('no host');
  if (url.search !== '' || url.hash !== '') throw bad('it has a query or fragment');
  const db = url.pathname === '' || url.pathname === '/' ? 0 : Number(url.pathname.slice(1));
  if (!Number.isInteger(db) || db < 0 || db > 65535) throw bad('the database after the host must be an integer >= 0');
  return {
    // The WHATWG URL keeps IPv6 hosts in brackets; sockets want them bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 6379 : Number(url.port),
    db,
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    tls: url.protocol === 'rediss:',
  };
}
