// INFO text -> InstanceStats: the memory, keyspace, stats and tiered figures by name, and every
// field as text in `raw`.

import type { InstanceStats, TieredStats } from '@strata/proto';

/** Fields of INFO ("name:value" lines; "# Section" headers and blank lines skipped). */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** Names of the INFO TIERED fields carried as numbers (tiered_entries_bytes_human stays in raw). */
export const TIERED_FIELDS = [
  'tiered_entries',
  'tiered_entries_bytes',
  'tiered_total_stashes',
  'tiered_total_fetches',
  'tiered_total_cancels',
  'tiered_total_deletes',
  'tiered_total_uploads',
  'tiered_total_defrags',
  'tiered_total_stash_overflows',
  'tiered_heap_buf_allocations',
  'tiered_registered_buf_allocations',
  'tiered_allocated_bytes',
  'tiered_capacity_bytes',
  'tiered_pending_read_cnt',
  'tiered_pending_stash_cnt',
  'tiered_pending_stash_bytes',
  'tiered_small_bins_cnt',
  'tiered_small_bins_entries_cnt',
  'tiered_small_bins_filling_bytes',
  'tiered_cold_storage_bytes',
  'tiered_offloading_steps',
  'tiered_offloading_stashes',
  'tiered_ram_hits',
  'tiered_ram_cool_hits',
  'tiered_ram_misses',
  'tiered_clients_throttled',
  'tiered_total_clients_throttled',
] as const;

/** Converts tiered_total_stashes -> tieredTotalStashes (the loader's lowerCamelCase field names). */
function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function num(fields: Map<string, string>, name: string): number {
  const value = Number(fields.get(name));
  return Number.isFinite(value) ? value : 0;
}

/** The figures of an INFO reply, for one instance. */
export function statsFromInfo(
  fields: Map<string, string>,
): Omit<InstanceStats, 'instanceId' | 'collectedAtMs' | 'state'> {
  let keys = 0;
  let expires = 0;
  for (const [name, value] of fields) {
    if (!/^db\d+$/.test(name)) continue;
    // db0:keys=1,expires=0,avg_ttl=0
    for (const part of value.split(',')) {
      const [k, v] = part.split('=');
      if (k === 'keys') keys += Number(v) || 0;
      if (k === 'expires') expires += Number(v) || 0;
    }
  }
  const tiered: Record<string, number> = {};
  for (const name of TIERED_FIELDS) tiered[camel(name)] = num(fields, name);
  return {
    available: true,
    error: '',
    usedMemory: num(fields, 'used_memory'),
    usedMemoryPeak: num(fields, 'used_memory_peak'),
    usedMemoryRss: num(fields, 'used_memory_rss'),
    maxmemory: num(fields, 'maxmemory'),
    keys,
    expires,
    totalCommandsProcessed: num(fields, 'total_commands_processed'),
    instantaneousOpsPerSec: num(fields, 'instantaneous_ops_per_sec'),
    keyspaceHits: num(fields, 'keyspace_hits'),
    keyspaceMisses: num(fields, 'keyspace_misses'),
    evictedKeys: num(fields, 'evicted_keys'),
    expiredKeys: num(fields, 'expired_keys'),
    connectedClients: num(fields, 'connected_clients'),
    uptimeInSeconds: num(fields, 'uptime_in_seconds'),
    tiered: tiered as TieredStats,
    raw: Object.fromEntries(fields),
  };
}
