import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, parseSize } from './units';
import { parseInfo, statsFromInfo } from './stats';

test('sizes: binary units, case-insensitive, invalid is null', () => {
  assert.equal(parseSize('8gb'), 8 * 1024 ** 3);
  assert.equal(parseSize('512MiB'), 512 * 1024 ** 2);
  assert.equal(parseSize('1.5g'), 1.5 * 1024 ** 3);
  assert.equal(parseSize('1048576'), 1048576);
  assert.equal(parseSize('8 lots'), null);
  assert.equal(parseSize('-1gb'), null);
  assert.equal(parseSize(''), null);
});

test('durations: ms, s, m, h; bare numbers are milliseconds', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('10s'), 10_000);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('250'), 250);
  assert.equal(parseDuration('soon'), null);
});

test('INFO: memory, keyspace summed over databases, ops, tiered fields, raw', () => {
  const info = [
    '# Memory',
    'used_memory:1048576',
    'maxmemory:67108864',
    '',
    '# Stats',
    'total_commands_processed:42',
    'instantaneous_ops_per_sec:7',
    '',
    '# Tiered',
    'tiered_entries:5',
    'tiered_entries_bytes_human:1.2K',
    'tiered_ram_hits:9',
    '',
    '# Keyspace',
    'db0:keys=3,expires=1,avg_ttl=0',
    'db2:keys=4,expires=0,avg_ttl=0',
  ].join('\r\n');
  const stats = statsFromInfo(parseInfo(info));
  assert.equal(stats.usedMemory, 1048576);
  assert.equal(stats.maxmemory, 67108864);
  assert.equal(stats.keys, 7);
  assert.equal(stats.expires, 1);
  assert.equal(stats.totalCommandsProcessed, 42);
  assert.equal(stats.instantaneousOpsPerSec, 7);
  assert.equal(stats.tiered?.tieredEntries, 5);
  assert.equal(stats.tiered?.tieredRamHits, 9);
  assert.equal(stats.tiered?.tieredTotalStashes, 0);
  assert.equal(stats.raw?.tiered_entries_bytes_human, '1.2K');
});
