/**
 * The small-encoding limits of hashes and sorted sets (<type>-max-listpack-entries / -value), read
 * once per server and kept current through CONFIG SET, so hot write paths do no config lookups.
 */
import type { Client } from '../server/client';
import type { Config } from '../server/config';

export interface ListpackLimits {
  entries: number;
  value: number;
}

const cache = new WeakMap<Config, Map<string, ListpackLimits>>();

export function listpackLimits(c: Client, type: 'hash' | 'zset'): ListpackLimits {
  const config = c.server.config;
  let byType = cache.get(config);
  if (byType === undefined) cache.set(config, (byType = new Map()));
  let limits = byType.get(type);
  if (limits === undefined) {
    const entriesName = `${type}-max-listpack-entries`;
    const valueName = `${type}-max-listpack-value`;
    const fresh: ListpackLimits = { entries: config.num(entriesName), value: config.num(valueName) };
    config.onChange(entriesName, () => (fresh.entries = config.num(entriesName)));
    config.onChange(valueName, () => (fresh.value = config.num(valueName)));
    byType.set(type, (limits = fresh));
  }
  return limits;
}
