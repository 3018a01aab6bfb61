/**
 * Reaching the Redis a queue lives on. ioredis, left to itself, retries a connection forever and queues
 * every command meanwhile, so a mistyped host would look like a sweep that waits for nothing. Both ends
 * (`tune --queue` and `worker`) therefore try the address once first, with a deadline: an unreachable
 * Redis is one line within REACH_SECONDS. Once it answered, BullMQ's own connections reconnect as usual.
 */
import { Redis } from 'ioredis';
import { InputError } from '../errors.js';
import type { RedisAddress } from '../tune/redisAddress.js';

/** How long the first connection may take before the address is reported unreachable. */
const REACH_SECONDS = 2;

/** BullMQ's connection options for `address`. */
export function connectionOptions(address: RedisAddress) {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    username: address.username,
    password: address.password,
    ...(address.tls ? { tls: { servername: address.host } } : {}),
  };
}

/** `host:port` without the password, for messages. */
export function describe(address: RedisAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `redis${address.tls ? 's' : ''}://${host}:${address.port}${address.db === 0 ? '' : `/${address.db}`}`;
}

/** Resolves once a PING to `address` is answered; an InputError naming the address and the reason otherwise. */
export async function reachRedis(address: RedisAddress): Promise<void> {
  const client = new Redis({
    ...connectionOptions(address),
    lazyConnect: true,
    connectTimeout: REACH_SECONDS * 1000,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    // Close the probe's socket at once rather than wait for a server that may never answer.
    disconnectTimeout: 0,
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => (lastError = error));
  const deadline = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer within ${REACH_SECONDS} s`)), REACH_SECONDS * 1000).unref(),
  );
  try {
    await Promise.race([client.connect().then(() => client.ping()), deadline]);
  } catch (error) {
    const reason = (lastError ?? (error as Error)).message.replace(/\.$/, '');
    throw new InputError(
      `cannot reach Redis at ${describe(address)}: ${reason}; check that redis-server runs there and the URL (redis://[:password@]host:port[/db])`,
    );
  } finally {
    // A client that failed has ended already; disconnecting it again would hold the process for ioredis's disconnectTimeout.
    if (client.status !== 'end') client.disconnect();
  }
}
