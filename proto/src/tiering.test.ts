import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TIERING_DEFAULTS,
  TIERING_FIELDS,
  diffTiering,
  mergeTiering,
  tieringServerArgs,
  validateTiering,
} from './tiering';

test('defaults match Dragonfly flag defaults, tiering off', () => {
  assert.deepEqual(TIERING_DEFAULTS, {
    enabled: false,
    offloadThreshold: 0.5,
    uploadThreshold: 0.1,
    minValueSize: 64,
    maxFileSize: 0,
    cooling: true,
    maxPendingStashBytes: 262144,
    minTtlToOffloadMs: 5000,
    lists: { enabled: false, threshold: 0 },
    hashes: { enabled: false, maxBytes: 1024, maxFieldLen: 64 },
  });
});

test('merge: defaults <- tenant <- datastore, absent fields inherit', () => {
  const tenant = { enabled: true, offloadThreshold: 0.3, lists: { enabled: true } };
  const datastore = { offloadThreshold: 0.7, lists: { threshold: 2 }, hashes: null };
  const merged = mergeTiering(tenant, datastore);
  assert.equal(merged.enabled, true);
  assert.equal(merged.offloadThreshold, 0.7);
  assert.deepEqual(merged.lists, { enabled: true, threshold: 2 });
  assert.deepEqual(merged.hashes, TIERING_DEFAULTS.hashes);
  // a false/0 override is a value, not an absence
  assert.equal(mergeTiering({ cooling: false, minValueSize: 0 }).cooling, false);
  assert.equal(mergeTiering({ minValueSize: 0 }).minValueSize, 0);
  assert.equal(mergeTiering({ maxFileSize: '2097152' }).maxFileSize, 2097152);
});

test('validation names the offending field', () => {
  assert.equal(validateTiering(undefined), null);
  assert.equal(validateTiering({ offloadThreshold: 0, uploadThreshold: 1, lists: null }), null);
  const cases: [unknown, string][] = [
    [{ offloadThreshold: 1.5 }, 'tiering.offload_threshold'],
    [{ uploadThreshold: -0.1 }, 'tiering.upload_threshold'],
    [{ minValueSize: 1.5 }, 'tiering.min_value_size'],
    [{ maxFileSize: 1000 }, 'tiering.max_file_size'],
    [{ maxPendingStashBytes: 0 }, 'tiering.max_pending_stash_bytes'],
    [{ cooling: 'yes' }, 'tiering.cooling'],
    [{ lists: { threshold: -1 } }, 'tiering.lists.threshold'],
    [{ lists: { threshold: 2 ** 31 } }, 'tiering.lists.threshold'],
    [{ hashes: { maxFieldLen: 0 } }, 'tiering.hashes.max_field_len'],
    [{ hashes: { bogus: 1 } }, 'tiering.hashes.bogus'],
    [{ offload: 1 }, 'tiering.offload'],
    [{ minTtlToOffloadMs: 'soon' }, 'tiering.min_ttl_to_offload_ms'],
  ];
  for (const [input, field] of cases) {
    const violation = validateTiering(input, 'tiering');
    assert.equal(violation?.field, field, JSON.stringify(input));
    assert.match(violation.message, new RegExp(`^${field.replace(/\./g, '\\.')}: `));
  }
  assert.equal(
    validateTiering({ hashes: { maxFieldLen: 0 } }, 'tiering')?.jsonField,
    'tiering.hashes.maxFieldLen',
  );
  assert.equal(validateTiering({ maxFileSize: 0 }), null);
});

test('server flags: tiered_prefix only when enabled, every other flag by its Dragonfly name', () => {
  const off = tieringServerArgs(TIERING_DEFAULTS, '/nvme/x/tier');
  assert.ok(!off.includes('--tiered_prefix'));
  const on = tieringServerArgs(mergeTiering({ enabled: true, hashes: { enabled: true } }), '/nvme/x/tier');
  assert.deepEqual(on.slice(0, 2), ['--tiered_prefix', '/nvme/x/tier']);
  const flags = new Map<string, string>();
  for (let i = 2; i < on.length; i += 2) flags.set(on[i], on[i + 1]);
  assert.deepEqual(Object.fromEntries(flags), {
    '--tiered_offload_threshold': '0.5',
    '--tiered_upload_threshold': '0.1',
    '--tiered_min_value_size': '64',
    '--tiered_max_file_size': '0',
    '--tiered_experimental_cooling': 'true',
    '--tiered_max_pending_stash_bytes': '262144',
    '--tiered_min_ttl_to_offload_ms': '5000',
    '--tiered_experimental_list_support': 'false',
    '--list_tiering_threshold': '0',
    '--tiered_experimental_hash_support': 'true',
    '--listpack_max_bytes': '1024',
    '--listpack_max_field_len': '64',
  });
  assert.equal(TIERING_FIELDS.length, 13);
});

test('diff: live CONFIG SETs and the fields that need a restart', () => {
  const from = mergeTiering({ enabled: true });
  const to = mergeTiering({
    enabled: false,
    offloadThreshold: 0.25,
    maxFileSize: 1 << 30,
    lists: { threshold: 3 },
  });
  const change = diffTiering(from, to);
  assert.deepEqual(
    change.live.map((s) => [s.name, s.value]),
    [
      ['tiered_offload_threshold', '0.25'],
      ['tiered_max_file_size', String(1 << 30)],
      ['list_tiering_threshold', '3'],
    ],
  );
  assert.deepEqual(
    change.restart.map((r) => r.protoPath),
    ['enabled'],
  );
  assert.deepEqual(diffTiering(from, from), { live: [], restart: [] });
});
