import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyspace, ValueType } from './keyspace';

/** Deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('random inserts, overwrites and deletes agree with a Map model', () => {
  const ks = new Keyspace(1);
  const db = ks.dbs[0];
  const model = new Map<string, string>();
  const rand = rng(42);
  for (let i = 0; i < 200_000; i++) {
    const key = 'k' + Math.floor(rand() * 20_000);
    const r = rand();
    if (r < 0.6) {
      const v = 'v' + i;
      db.set(key, ValueType.String, v);
      model.set(key, v);
    } else if (r < 0.9) {
      assert.equal(db.delete(key), model.delete(key));
    } else {
      assert.equal(db.get(key, ValueType.String), model.get(key));
    }
  }
  assert.equal(db.size, model.size);
  for (const [k, v] of model) assert.equal(db.get(k, ValueType.String), v);
  assert.deepEqual(new Set(db.keys()), new Set(model.keys()));
});

test('SCAN returns every key present for the whole scan, despite deletes and inserts', () => {
  const ks = new Keyspace(1);
  const db = ks.dbs[0];
  for (let i = 0; i < 50_000; i++) db.set('stable' + i, ValueType.String, 'x');
  for (let i = 0; i < 20_000; i++) db.set('churn' + i, ValueType.String, 'x');
  const seen = new Set<string>();
  const rand = rng(7);
  let cursor = 0;
  let steps = 0;
  let churn = 20_000;
  do {
    cursor = db.scan(cursor, 100, (k) => seen.add(k));
    // Between calls the table changes: deletes move entries, inserts grow segments.
    for (let j = 0; j < 50; j++) {
      db.delete('churn' + Math.floor(rand() * churn));
      db.set('churn' + churn++, ValueType.String, 'y');
    }
    steps++;
  } while (cursor !== 0 && steps < 100_000);
  assert.equal(cursor, 0, 'scan terminates');
  for (let i = 0; i < 50_000; i++) assert.ok(seen.has('stable' + i), 'missing stable' + i);
});

test('expired keys disappear lazily and through active expiry', () => {
  const ks = new Keyspace(1);
  const db = ks.dbs[0];
  ks.now = 1_000_000;
  for (let i = 0; i < 1000; i++) {
    db.set('t' + i, ValueType.String, 'v');
    db.setExpireAt('t' + i, ks.now + 10);
  }
  db.set('p', ValueType.String, 'v');
  assert.equal(db.volatileSize, 1000);
  ks.now += 20;
  assert.equal(db.exists('t1'), false);
  assert.equal(ks.expiredKeys, 1);
  db.activeExpire(Date.now() + 1000);
  assert.ok(db.volatileSize < 1000 * 0.25, `active expiry removed most keys (left ${db.volatileSize})`);
  assert.equal(db.exists('p'), true);
});

test('used-memory accounting returns to its start after deleting everything', () => {
  const ks = new Keyspace(1);
  const db = ks.dbs[0];
  const start = ks.dataBytes;
  for (let i = 0; i < 10_000; i++) db.set('key' + i, ValueType.String, 'x'.repeat(i % 300));
  assert.ok(ks.dataBytes > start + 10_000 * 100);
  for (let i = 0; i < 10_000; i++) db.delete('key' + i);
  assert.equal(ks.dataBytes, start);
  assert.equal(db.size, 0);
});

test('randomKey and sample only return live keys', () => {
  const ks = new Keyspace(1);
  const db = ks.dbs[0];
  assert.equal(db.randomKey(), undefined);
  for (let i = 0; i < 100; i++) db.set('r' + i, ValueType.String, 'v');
  for (let i = 0; i < 100; i++) assert.match(db.randomKey()!, /^r\d+$/);
  let n = 0;
  db.sample(10, false, (k) => {
    assert.ok(db.exists(k));
    n++;
  });
  assert.equal(n, 10);
});
