/**
 * The servers the framework tests run against: real redis-server (the reference: a test that fails
 * there is the test's fault, not strata's), strata-server with tiering off, and strata-server with
 * string, list-node and hash tiering on and forced (every value offloaded as soon as the offloader
 * samples it, list nodes beyond the first and last on disk).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { forcedTieringFlags, startRedis, startStrata, type RunningServer } from '../testing/harness';

export type TargetKind = 'redis-server' | 'strata' | 'strata-tiered';

export const TARGET_KINDS: readonly TargetKind[] = ['redis-server', 'strata', 'strata-tiered'];

export interface Target {
  kind: TargetKind;
  port: number;
  /** The in-process server (strata targets only). */
  strata?: RunningServer;
  close(): Promise<void>;
}

/** Room for data above the empty server's used_memory on the tiered target. */
export const TIERED_DATA_ROOM = 8 * 1024 * 1024;

/**
 * Tiering forced on: threshold 1.0 means free memory is always "too low", so the offloader moves
 * every value it samples. maxmemory is set once the server runs (see startTarget).
 */
function tieredFlags(dir: string): string[] {
  return forcedTieringFlags(path.join(dir, 'tier'), [
    '--tiered_experimental_list_support',
    'true',
    '--list_tiering_threshold',
    '1',
    '--tiered_experimental_hash_support',
    'true',
  ]);
}

export async function startTarget(kind: TargetKind): Promise<Target> {
  if (kind === 'redis-server') {
    const r = await startRedis();
    return { kind, port: r.port, close: () => r.close() };
  }
  if (kind === 'strata') {
    const s = await startStrata();
    return { kind, port: s.port, strata: s, close: () => s.close() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-frameworks-'));
  const s = await startStrata(tieredFlags(dir));
  // The in-process server's used_memory starts at the heap of this whole test process (tens of MiB);
  // maxmemory leaves a small fixed room for data above that.
  const used = Number((await infoFields(s.port, 'memory')).get('used_memory'));
  await withClient(s.port, (r) => r.config('SET', 'maxmemory', String(used + TIERED_DATA_ROOM)));
  return {
    kind,
    port: s.port,
    strata: s,
    close: async () => {
      await s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` with a fresh connection, closed afterwards. */
export async function withClient<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** INFO <section> of a server as a map of its fields. */
export async function infoFields(port: number, section: string): Promise<Map<string, string>> {
  const text = await withClient(port, (r) => r.info(section));
  const m = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}

/** Counter of INFO TIERED (0 when the field is missing). */
export async function tieredCounter(port: number, field: string): Promise<number> {
  return Number((await infoFields(port, 'tiered')).get(field) ?? 0);
}
