// Short-lived connections to an instance for PING, CONFIG and INFO. A new connection per operation
// keeps the agent free of reconnect state across restarts and password rotations; the operations
// are rare (admin calls, stats every interval).

import Redis from 'ioredis';

export interface Endpoint {
  host: string;
  port: number;
  password: string;
}

/** Runs fn on a fresh connection (authenticated with the password) and closes it. */
export async function withRedis<T>(
  endpoint: Endpoint,
  fn: (redis: Redis) => Promise<T>,
  timeoutMs = 3000,
): Promise<T> {
  const redis = new Redis({
    host: endpoint.host,
    port: endpoint.port,
    password: endpoint.password || undefined,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    enableReadyCheck: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

/**
 * True when the process answering on the endpoint (after AUTH) is `pid`: INFO server's process_id.
 * A bare PING would also accept another server that happens to hold the port (a stale instance, or
 * an unrelated server without a password, since ioredis only warns when AUTH is not needed) while
 * ours failed to bind.
 */
export async function answersAs(endpoint: Endpoint, pid: number, timeoutMs = 1000): Promise<boolean> {
  try {
    const info = await withRedis(endpoint, (r) => r.info('server'), timeoutMs);
    const m = /^process_id:(\d+)\r?$/m.exec(info);
    return m !== null && Number(m[1]) === pid;
  } catch {
    return false;
  }
}

/** CONFIG SET name value; resolves to null on success or the server's error text. */
export async function configSet(redis: Redis, name: string, value: string): Promise<string | null> {
  try {
    await redis.config('SET', name, value);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
