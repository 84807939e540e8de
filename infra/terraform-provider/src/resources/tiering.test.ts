import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TIERING_DEFAULTS, TIERING_FIELDS } from '@strata/proto';
import { Diagnostics, apiFieldToPath } from '../plugin/diagnostics';
import { blockType } from '../schema/schema';
import { datastoreResource, formatSize, parseSize } from './datastore';
import { parseDuration } from './resource';
import {
  effectiveFromApi,
  tieringBlock,
  tieringFromApi,
  tieringToApi,
  validateTieringBlock,
} from './tiering';

const block = (over: Record<string, unknown> = {}) => ({
  enabled: null,
  offload_threshold: null,
  upload_threshold: null,
  min_value_size: null,
  max_file_size: null,
  cooling: null,
  max_pending_stash_bytes: null,
  min_ttl_to_offload_ms: null,
  lists: null,
  hashes: null,
  ...over,
});

test('the tiering block has one attribute per shared setting, with descriptions', () => {
  const type = blockType(tieringBlock('t').block) as { object: Record<string, { object?: object }> };
  const leaves = TIERING_FIELDS.map((f) => f.protoPath);
  const names: string[] = [];
  for (const [name, t] of Object.entries(type.object)) {
    if (typeof t === 'object' && 'object' in t)
      for (const leaf of Object.keys(t.object!)) names.push(`${name}.${leaf}`);
    else names.push(name);
  }
  assert.deepEqual(names.sort(), [...leaves].sort());
});

test('block values become the API partial settings and back', () => {
  const value = block({ offload_threshold: 0.3, lists: { enabled: true, threshold: null } });
  const api = tieringToApi(value);
  assert.deepEqual(api, { offloadThreshold: 0.3, lists: { enabled: true } });
  assert.deepEqual(tieringFromApi(api, value), value);
  // No overrides and no block before: no block. An empty block stays an empty block.
  assert.equal(tieringFromApi({}, null), null);
  assert.deepEqual(tieringFromApi({}, block()), block());
  const eff = effectiveFromApi({ ...TIERING_DEFAULTS }) as Record<string, unknown>;
  assert.equal(eff.offload_threshold, 0.5);
  assert.deepEqual(eff.hashes, { enabled: false, max_bytes: 1024, max_field_len: 64 });
});

test('out-of-range settings are errors on the attribute, with the shared message', () => {
  const diags = new Diagnostics();
  validateTieringBlock(block({ offload_threshold: 1.5 }), diags);
  assert.equal(diags.items.length, 1);
  assert.deepEqual(diags.items[0].path, ['tiering', 'offload_threshold']);
  assert.match(diags.items[0].detail, /tiering\.offload_threshold: must be between 0 and 1, got 1\.5/);

  const nested = new Diagnostics();
  validateTieringBlock(block({ hashes: { enabled: null, max_bytes: 0, max_field_len: null } }), nested);
  assert.deepEqual(nested.items[0].path, ['tiering', 'hashes', 'max_bytes']);

  const fine = new Diagnostics();
  validateTieringBlock(block({ max_file_size: 0, lists: { enabled: true, threshold: 3 } }), fine);
  assert.equal(fine.items.length, 0);
});

test('datastore validation: eviction policy, memory size, name', () => {
  const diags = new Diagnostics();
  datastoreResource.validate(
    {
      tenant_id: 'ten-1',
      name: 'Bad_Name',
      memory: '12 parsecs',
      eviction_policy: 'lru',
      tiering: null,
      timeouts: { create: 'soon', update: null, delete: null },
    },
    diags,
  );
  const paths = diags.items.map((d) => d.path!.join('.'));
  assert.deepEqual(paths.sort(), ['eviction_policy', 'memory', 'name', 'timeouts.create']);
  assert.match(
    diags.items.find((d) => d.path![0] === 'eviction_policy')!.detail,
    /use one of noeviction, allkeys-lru/,
  );
});

test('sizes, durations and API field names', () => {
  assert.equal(parseSize('256mb'), 256 * 1024 * 1024);
  assert.equal(parseSize('1.5gb'), 1.5 * 1024 ** 3);
  assert.equal(parseSize('1048576'), 1048576);
  assert.equal(parseSize('lots'), null);
  assert.equal(formatSize(256 * 1024 * 1024), '256mb');
  assert.equal(formatSize(1000), '1000');
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('10'), null);
  assert.deepEqual(apiFieldToPath('tiering.offloadThreshold'), ['tiering', 'offload_threshold']);
  assert.deepEqual(apiFieldToPath('hashes.maxFieldLen'), ['hashes', 'max_field_len']);
  assert.deepEqual(apiFieldToPath('memoryBytes'), ['memory']);
});
