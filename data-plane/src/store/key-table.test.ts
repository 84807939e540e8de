import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyspace, ValueType } from './keyspace';
import { NO_VALUE, Segment, VALUE_PAGE, VALUE_PAGE_HEADER_BYTES, hashKey, keyRecordBytes } from './key-table';

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

// -------------------------------------------------------------------------------------------------
// Key arena (Segment-level): binary keys, long keys, collisions, compaction, resize
// -------------------------------------------------------------------------------------------------

/** A segment with its own byte counter, for tests that drive the table directly. */
function segment(): { seg: Segment; counter: { bytes: number; keyBytes: number } } {
  const counter = { bytes: 0, keyBytes: 0 };
  return { seg: new Segment(counter), counter };
}

test('binary keys with every byte value, the empty key and long keys round-trip', () => {
  const { seg } = segment();
  const keys: string[] = [''];
  for (let b = 0; b < 256; b++) keys.push(String.fromCharCode(b), 'k' + String.fromCharCode(b) + 'k');
  let all = '';
  for (let b = 0; b < 256; b++) all += String.fromCharCode(b);
  keys.push(all, all.repeat(300), 'x'.repeat(127), 'x'.repeat(128), 'y'.repeat(70_000));
  keys.forEach((k, i) => assert.equal(seg.insert(k, hashKey(k), 0, i), i));
  keys.forEach((k, i) => {
    const id = seg.find(k, hashKey(k));
    assert.equal(id, i, `find key #${i}`);
    assert.equal(seg.keyAt(id), k);
    assert.equal(seg.keyLength(id), k.length);
  });
  // A key that differs only in its last byte, or in length, is not found.
  assert.equal(seg.find(all.slice(0, -1) + 'x', hashKey(all.slice(0, -1) + 'x')), -1);
  assert.equal(seg.find('x'.repeat(129), hashKey('x'.repeat(129))), -1);
});

test('colliding hashes are told apart by length and bytes', () => {
  const { seg } = segment();
  // Same hash for all: find must compare the key bytes.
  const h = 0x12345678;
  const keys = ['a', 'b', 'ab', 'ba', 'abc', 'a'.repeat(200), 'b'.repeat(200)];
  keys.forEach((k, i) => seg.insert(k, h, 0, i));
  keys.forEach((k, i) => assert.equal(seg.valueAt(seg.find(k, h)), i));
  assert.equal(seg.find('c', h), -1);
  seg.remove(seg.find('ab', h));
  assert.equal(seg.find('ab', h), -1);
  for (const k of keys) if (k !== 'ab') assert.equal(seg.keyAt(seg.find(k, h)), k);
});

test('non-latin1 keys are refused without changing the segment', () => {
  const { seg, counter } = segment();
  seg.insert('a', hashKey('a'), 0, 1);
  const before = { ...counter, count: seg.count };
  assert.throws(() => seg.insert('caf\u20ac', hashKey('caf\u20ac'), 0, 2), /latin1/);
  assert.deepEqual({ ...counter, count: seg.count }, before);
  assert.equal(seg.keyAt(seg.find('a', hashKey('a'))), 'a');
});

test('deletes trigger an incremental arena compaction that keeps every key findable', () => {
  const { seg, counter } = segment();
  const live = new Map<string, number>();
  for (let i = 0; i < 20_000; i++) {
    const k = 'key:' + i + ':' + 'p'.repeat(i % 40);
    seg.insert(k, hashKey(k), 0, i);
    live.set(k, i);
  }
  const arenaFull = counter.bytes;
  let sawCompaction = false;
  let i = 0;
  for (const k of [...live.keys()]) {
    if (i++ % 4 === 0) continue; // keep a quarter
    seg.remove(seg.find(k, hashKey(k)));
    live.delete(k);
    if (seg.compacting) {
      sawCompaction = true;
      // Mid-compaction, keys in both arenas are found and decoded.
      if (i % 97 === 0) for (const [lk, v] of live) assert.equal(seg.valueAt(seg.find(lk, hashKey(lk))), v);
    }
  }
  assert.ok(sawCompaction, 'a compaction ran');
  // Churn until the compaction finished (steps ride on inserts and removes).
  for (let j = 0; seg.compacting && j < 100_000; j++) {
    const k = 'churn' + j;
    seg.insert(k, hashKey(k), 0, -1);
    seg.remove(seg.find(k, hashKey(k)));
  }
  assert.equal(seg.compacting, false);
  assert.equal(seg.count, live.size);
  for (const [k, v] of live) {
    const id = seg.find(k, hashKey(k));
    assert.equal(seg.valueAt(id), v);
    assert.equal(seg.keyAt(id), k);
  }
  let recBytes = 0;
  for (const k of live.keys()) recBytes += keyRecordBytes(k.length);
  assert.equal(counter.keyBytes, recBytes, 'live key bytes are counted exactly');
  assert.ok(seg.garbageBytes * 2 <= recBytes + 4096, 'garbage is bounded');
  assert.ok(counter.bytes < arenaFull, `the table got smaller (${counter.bytes} < ${arenaFull})`);
});

test('a compaction step copies a bounded number of keys', () => {
  const { seg } = segment();
  for (let i = 0; i < 50_000; i++) seg.insert('k' + i, hashKey('k' + i), 0, i);
  // Remove the oldest keys (their records are not at the arena's end) until a compaction starts.
  let removed = 0;
  while (!seg.compacting && removed < 50_000) seg.remove(seg.find('k' + removed, hashKey('k' + removed++)));
  assert.ok(seg.compacting, 'compaction started');
  assert.ok(
    removed >= 20_000,
    `compaction started once about half the arena was garbage (${removed} removed)`,
  );
  let steps = 0;
  while (seg.compacting) {
    seg.compactStep();
    steps++;
  }
  // About 16,000 live keys at most 256 per step: dozens of steps, not one.
  assert.ok(steps >= 40, `compaction took ${steps} steps`);
  assert.equal(seg.count, 50_000 - removed);
  for (let i = removed; i < 50_000; i++)
    assert.equal(seg.keyAt(seg.find('k' + i, hashKey('k' + i))), 'k' + i);
});

test('SCAN misses no stable key while deletes compact the arenas and segments resize', () => {
  const ks = new Keyspace(1);
  const db = ks.dbs[0];
  for (let i = 0; i < 30_000; i++) db.set('stable:' + i, ValueType.String, 'x');
  for (let i = 0; i < 60_000; i++) db.set('gone:' + i + ':' + 'z'.repeat(30), ValueType.String, 'x');
  const seen = new Set<string>();
  let cursor = 0;
  let next = 0;
  do {
    cursor = db.scan(cursor, 50, (k) => seen.add(k));
    for (let j = 0; j < 300 && next < 60_000; j++) db.delete('gone:' + next++ + ':' + 'z'.repeat(30));
  } while (cursor !== 0);
  const compactions = db.table.segments.reduce((n, s) => n + s.compactions, 0);
  assert.ok(compactions > 0, 'compactions ran during the scan');
  for (let i = 0; i < 30_000; i++) assert.ok(seen.has('stable:' + i), 'missing stable:' + i);
});

test('sizes of 4 GiB and more are kept exactly and follow their entry', () => {
  const ks = new Keyspace(1);
  const db = ks.dbs[0];
  const huge = { bytes: 5 * 2 ** 32 + 7, clone: () => huge, encoding: () => 'hashtable' };
  const start = ks.dataBytes;
  // Many keys so that removing one moves another entry into its place.
  for (let i = 0; i < 1000; i++) db.set('s' + i, ValueType.String, 'v');
  db.set('big', ValueType.Hash, huge);
  const withBig = ks.dataBytes;
  for (let i = 0; i < 1000; i++) db.delete('s' + i);
  assert.equal(ks.dataBytes - withBig, -(withBig - start - (5 * 2 ** 32 + 7) - keyRecordBytes(3)));
  db.delete('big');
  assert.equal(ks.dataBytes, start);
});

test('arena records and table memory are counted, and empty segments give their arena back', () => {
  const ks = new Keyspace(1);
  const db = ks.dbs[0];
  const over0 = db.table.overheadBytes();
  for (let i = 0; i < 100_000; i++) db.set('m' + i, ValueType.String, '');
  const over1 = db.table.overheadBytes();
  assert.ok(over1 > over0 + 100_000 * 8, 'columns and value slots are counted');
  for (let i = 0; i < 100_000; i++) db.delete('m' + i);
  assert.equal(db.size, 0);
  assert.ok(db.table.overheadBytes() < over1 / 4, 'columns shrink and arenas are released');
});

test('find is right whichever key was hashed last (the probe-bytes shortcut)', () => {
  const { seg } = segment();
  seg.insert('alpha', hashKey('alpha'), 0, 1);
  seg.insert('alphb', hashKey('alphb'), 0, 2);
  hashKey('alphb');
  assert.equal(seg.valueAt(seg.find('alpha', hashKey('alpha'))), 1);
  // Same (forced) hash and length: only the bytes differ, and the other key was hashed last.
  seg.insert('x1', 7, 0, 3);
  seg.insert('x2', 7, 0, 4);
  hashKey('x2');
  assert.equal(seg.valueAt(seg.find('x1', 7)), 3);
  hashKey('x1');
  assert.equal(seg.valueAt(seg.find('x2', 7)), 4);
  assert.equal(seg.find('x3', 7), -1);
  // Keys longer than the probe buffer, differing only in their last byte.
  const long1 = 'L'.repeat(999) + 'A';
  const long2 = 'L'.repeat(999) + 'B';
  seg.insert(long1, 9, 0, 5);
  seg.insert(long2, 9, 0, 6);
  hashKey('L'.repeat(300));
  assert.equal(seg.valueAt(seg.find(long2, 9)), 6);
  assert.equal(seg.valueAt(seg.find(long1, 9)), 5);
});

test('turning tiering on keeps every entry and gives it zeroed tier columns', () => {
  const { seg } = segment();
  for (let i = 0; i < 5000; i++) {
    const id = seg.insert('t' + i, hashKey('t' + i), 2, i);
    seg.access[id] = i + 1;
    seg.setSize(id, i * 3);
    if (i % 10 === 0) seg.setExpire(id, 1e12 + i);
  }
  seg.enableTier();
  const t = seg.tier!;
  for (let i = 0; i < 5000; i++) {
    const id = seg.find('t' + i, hashKey('t' + i));
    assert.equal(seg.valueAt(id), i);
    assert.equal(seg.types[id], 2);
    assert.equal(seg.access[id], i + 1);
    assert.equal(seg.sizeOf(id), i * 3);
    assert.equal(seg.expireOf(id), i % 10 === 0 ? 1e12 + i : 0);
    assert.equal(seg.vol.subarray(0, seg.volCount).includes(id), i % 10 === 0);
    assert.deepEqual(
      [t.state[id], t.offOf(id), t.len[id], t.crc[id], t.epoch[id], t.auxOf(id)],
      [0, 0, 0, 0, 0, 0],
    );
  }
  assert.equal(seg.volCount, 500);
});

// -------------------------------------------------------------------------------------------------
// Values pages, expiry beside the volatile column, the lazily allocated aux column
// -------------------------------------------------------------------------------------------------

/** Checks a segment against a model: every key's value and expiry, the volatile column, the byte count. */
function checkModel(
  seg: Segment,
  counter: { bytes: number },
  model: Map<string, { v: unknown; exp: number; aux: number; size: number }>,
): void {
  assert.equal(seg.count, model.size);
  const pagesWithValue = new Set<number>();
  let volatile = 0;
  for (const [k, m] of model) {
    const id = seg.find(k, hashKey(k));
    assert.ok(id >= 0, 'missing ' + k);
    assert.equal(seg.valueAt(id), m.v, 'value of ' + k);
    assert.equal(seg.expireOf(id), m.exp, 'expiry of ' + k);
    assert.equal(seg.sizeOf(id), m.size, 'size of ' + k);
    if (seg.tier !== null) assert.equal(seg.tier.auxOf(id), m.aux, 'aux of ' + k);
    if (m.v !== NO_VALUE || m.size !== 0) pagesWithValue.add(Math.floor(id / VALUE_PAGE));
    if (m.exp !== 0) volatile++;
  }
  assert.equal(seg.volCount, volatile);
  for (let i = 0; i < seg.volCount; i++) {
    const id = seg.vol[i];
    assert.ok(id < seg.count, 'a volatile id is a live entry');
    assert.equal(seg.expireOf(id), seg.volExpireAt(i));
    assert.equal(
      model.get(seg.keyAt(id))!.exp,
      seg.volExpireAt(i),
      'the volatile column names the right key',
    );
  }
  assert.equal(new Set(seg.vol.subarray(0, seg.volCount)).size, seg.volCount, 'volatile ids are distinct');
  assert.equal(
    seg.livePages,
    pagesWithValue.size,
    'a page is allocated exactly while one of its entries has a value or a size',
  );
  assert.equal(counter.bytes, seg.typedBytes() + seg.valuePagesBytes(), 'every byte is counted');
}

test('values pages, sizes, expiries and aux follow their entries through hot/cold transitions, removes and resizes', () => {
  const counter = { bytes: 0, keyBytes: 0 };
  const seg = new Segment(counter, true);
  const model = new Map<string, { v: unknown; exp: number; aux: number; size: number }>();
  const rand = rng(5);
  const keys: string[] = [];
  for (let step = 0; step < 60_000; step++) {
    const r = rand();
    // Grow to about 3000 keys, then shrink to a few, then grow again (columns resize both ways).
    const phase = Math.floor(step / 20_000);
    const target = phase === 1 ? 20 : 3000;
    if (r < 0.35 && (model.size < target || r < 0.1)) {
      const k = 'v' + step + (step % 7 === 0 ? '\u00ff\u0000' : '');
      const v = rand() < 0.5 ? NO_VALUE : step;
      const id = seg.insert(k, hashKey(k), 0, v);
      model.set(k, { v, exp: 0, aux: 0, size: 0 });
      keys.push(k);
      if (rand() < 0.2) {
        seg.setExpire(id, 1e12 + step);
        model.get(k)!.exp = 1e12 + step;
      }
    } else if (keys.length > 0) {
      const at = Math.floor(rand() * keys.length);
      const k = keys[at];
      const m = model.get(k)!;
      const id = seg.find(k, hashKey(k));
      const r2 = rand();
      if (r2 < 0.3 || (phase === 1 && model.size > target)) {
        seg.remove(id);
        model.delete(k);
        keys[at] = keys[keys.length - 1];
        keys.pop();
      } else if (r2 < 0.55) {
        // Hot <-> cold: a value leaves RAM (NO_VALUE) or comes back.
        m.v = m.v === NO_VALUE ? 'back' + step : NO_VALUE;
        seg.setValue(id, m.v);
      } else if (r2 < 0.7) {
        m.exp = rand() < 0.5 ? 0 : 2e12 + step;
        seg.setExpire(id, m.exp);
      } else if (r2 < 0.85) {
        // Sizes, including 0 on an entry without a value (its page may go) and sizes over 4 GiB.
        const r3 = rand();
        m.size = r3 < 0.3 ? 0 : r3 < 0.4 ? 5 * 2 ** 32 + step : step;
        seg.setSize(id, m.size);
      } else {
        m.aux = rand() < 0.3 ? 0 : step;
        seg.tier!.setAux(id, m.aux);
      }
    }
    if (step % 5000 === 4999) checkModel(seg, counter, model);
  }
  checkModel(seg, counter, model);
});

test('cold entries take no values pages and no expiry or aux columns', () => {
  const counter = { bytes: 0, keyBytes: 0 };
  const seg = new Segment(counter, true);
  for (let i = 0; i < 10_000; i++) seg.insert('c' + i, hashKey('c' + i), 0, NO_VALUE);
  assert.equal(seg.livePages, 0);
  assert.equal(seg.tier!.extraBytes, 0);
  const cold = counter.bytes;
  seg.setSize(6, 0);
  assert.equal(counter.bytes, cold, 'a zero size allocates nothing');
  // One hot entry allocates one page, one key with a TTL its positions column, one hash count aux.
  seg.setValue(5, 'hot');
  assert.equal(counter.bytes - cold, VALUE_PAGE_HEADER_BYTES + 6 * 2 * 8, 'a page as long as entry 5 needs');
  seg.setValue(70, 'hot');
  seg.setValue(4, 'hot');
  assert.equal(counter.bytes - cold, 2 * VALUE_PAGE_HEADER_BYTES + 6 * 2 * 8 + 7 * 2 * 8);
  seg.setValue(70, NO_VALUE);
  seg.setValue(4, NO_VALUE);
  seg.setValue(5, NO_VALUE);
  assert.equal(counter.bytes, cold);
  seg.setExpire(7, 1e12);
  assert.ok(counter.bytes - cold >= 10_000 * 4, 'positions column allocated');
  seg.setExpire(7, 0);
  seg.tier!.setAux(9, 0);
  assert.equal(seg.tier!.extraBytes, 0, 'a zero aux allocates nothing');
  seg.tier!.setAux(9, 3);
  assert.ok(seg.tier!.extraBytes >= 10_000 * 4);
  // Bytes per entry of capacity: the block (hash, access, key offset, type; tier state, offset,
  // length, checksum, epoch: 34) plus slots (4 at most), the pages index and the arena's free tail,
  // against 54 + 4 + 8 with the expiry, size, volatile position, aux and value slot of the old layout.
  const perSlot = (cold - counter.keyBytes) / seg.hashes.length;
  assert.ok(perSlot < 40, `cold entry overhead ${perSlot.toFixed(1)} bytes per entry of capacity`);
});

test('tier offsets round-trip as page and in-page offset, follow their entry, and stop at 16 TiB', () => {
  const counter = { bytes: 0, keyBytes: 0 };
  const seg = new Segment(counter, true);
  const t = seg.tier!;
  const offs = [0, 17, 4095, 4096, 123 * 4096 + 2050, 2 ** 32 + 5, 2 ** 40 + 4095, 2 ** 44 - 1 - 2 * 4096];
  for (let i = 0; i < 3000; i++) {
    const id = seg.insert('o' + i, hashKey('o' + i), 0, NO_VALUE);
    t.setOff(id, offs[i % offs.length] + (i % 3) * 4096);
  }
  // Remove every third key: entries move down from the end, with their offsets.
  for (let i = 0; i < 3000; i += 3) seg.remove(seg.find('o' + i, hashKey('o' + i)));
  for (let i = 0; i < 3000; i++) {
    const id = seg.find('o' + i, hashKey('o' + i));
    if (i % 3 === 0) assert.equal(id, -1);
    else assert.equal(t.offOf(id), offs[i % offs.length] + (i % 3) * 4096, 'offset of o' + i);
  }
  assert.throws(() => t.setOff(0, 2 ** 44), /16 TiB/);
});
