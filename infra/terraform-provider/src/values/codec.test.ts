import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode, ExtData } from '@msgpack/msgpack';
import { fromJson, fromMsgpack, toMsgpack } from './codec';
import { UNKNOWN, containsUnknown, sameValue, typeToJson, type Type, type Value } from './types';

const T: Type = {
  object: {
    id: 'string',
    memory_bytes: 'number',
    enabled: 'bool',
    tags: { list: 'string' },
    labels: { map: 'string' },
    tiering: { object: { offload_threshold: 'number', lists: { object: { enabled: 'bool' } } } },
  },
};

test('msgpack round trip keeps nulls, unknowns, floats and nested objects', () => {
  const value: Value = {
    id: UNKNOWN,
    memory_bytes: 268435456,
    enabled: true,
    tags: ['a', 'b'],
    labels: { z: '1', a: '2' },
    tiering: { offload_threshold: 0.3, lists: null },
  };
  const bytes = toMsgpack(value, T);
  const back = fromMsgpack(bytes, T);
  assert.ok(sameValue(back, value));
  assert.equal((back as Record<string, unknown>).id, UNKNOWN);
});

test('unknown is msgpack extension 0 as Terraform writes it (fixext1 0x00 0x00)', () => {
  const bytes = toMsgpack(UNKNOWN, 'string');
  assert.deepEqual([...bytes], [0xd4, 0x00, 0x00]);
});

test('objects carry every attribute of their type, absent ones as nil', () => {
  const bytes = toMsgpack({ id: 'x' }, T);
  const raw = decode(bytes) as Record<string, unknown>;
  assert.deepEqual(Object.keys(raw).sort(), ['enabled', 'id', 'labels', 'memory_bytes', 'tags', 'tiering']);
  assert.equal(raw.tiering, null);
});

test('decodes refined unknowns (extension 12), big numbers as strings, and rejects wrong types', () => {
  const refined = encode({ id: new ExtData(12, new Uint8Array([0x81, 0x01, 0xc3])), memory_bytes: '1024' });
  const value = fromMsgpack(refined, T) as Record<string, unknown>;
  assert.equal(value.id, UNKNOWN);
  assert.equal(value.memory_bytes, 1024);
  assert.equal(value.tiering, null);
  assert.throws(() => fromMsgpack(encode({ enabled: 'yes' }), T), /enabled: expected a bool/);
  assert.throws(() => toMsgpack({ memory_bytes: 'big' }, T), /memory_bytes: expected a number/);
});

test('JSON state decodes with the type (missing attributes null)', () => {
  const value = fromJson('{"id":"ds-1","tiering":{"offload_threshold":0.5},"dropped":1}', T) as Record<
    string,
    unknown
  >;
  assert.equal(value.id, 'ds-1');
  assert.deepEqual(value.tiering, { offload_threshold: 0.5, lists: null });
  assert.equal('dropped' in value, false);
  assert.equal(fromMsgpack(new Uint8Array(), T), null);
});

test('type constraints in the JSON form Terraform reads', () => {
  assert.deepEqual(typeToJson({ list: { object: { b: 'bool', a: 'number' } } }), [
    'list',
    ['object', { a: 'number', b: 'bool' }],
  ]);
  assert.ok(containsUnknown({ a: [1, { b: UNKNOWN }] }));
  assert.ok(!containsUnknown({ a: [1, { b: null }] }));
});
