/**
 * Looks inside a tiered server started in this process (startStrata), for the tiering tests: the
 * engine, a key's entry and tier state, waiting until keys are on disk, INFO as a record.
 */
import assert from 'node:assert/strict';
import type Redis from 'ioredis';
import { parseInfo } from '../agent/stats';
import { hashKey } from '../store/key-table';
import type { TieredStorage } from '../tiering/engine';
import { until, type RunningServer } from './harness';

export function tieringOf(s: RunningServer): TieredStorage {
  assert.ok(s.server.tiering, 'tiering is on');
  return s.server.tiering;
}

/** The segment and entry id of `key` (id -1 when missing). */
export function entryOf(s: RunningServer, key: string, db = 0) {
  const table = s.server.keyspace.dbs[db].table;
  const h = hashKey(key);
  const seg = table.segmentOf(h);
  return { seg, id: seg.find(key, h) };
}

/** Tier state of a key (0 hot, 1 stashing, 2 cooled, 3 cold), -1 when missing. */
export function stateOf(s: RunningServer, key: string, db = 0): number {
  const { seg, id } = entryOf(s, key, db);
  return id < 0 ? -1 : seg.tier!.state[id] & 3;
}

/** Runs the engine's cron until every key is on disk only (db 0). */
export async function allCold(s: RunningServer, keys: string[]): Promise<void> {
  const e = tieringOf(s);
  await until(`cold: ${keys.join(',')}`, () => {
    e.cron();
    return keys.every((k) => stateOf(s, k) === 3);
  });
}

/** INFO text as a record of its fields. */
export function infoRecord(text: string): Record<string, string> {
  return Object.fromEntries(parseInfo(text));
}

/** A command's reply, or { error } with the error's text. */
export async function callOrError(r: Redis, args: (string | number)[]): Promise<unknown> {
  try {
    return await r.call(String(args[0]), ...args.slice(1).map(String));
  } catch (e) {
    return { error: (e as Error).message };
  }
}
