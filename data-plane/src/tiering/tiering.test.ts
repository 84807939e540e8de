/**
 * SSD tiering: states and races, small-bin pages and compaction, throttled writers, faults (corrupted
 * page, injected I/O errors, full tier file), and every string command on offloaded values compared
 * with a real redis-server.
 *
 * "Forced" tiering: maxmemory is large but tiered_offload_threshold is 1.0, so free memory is always
 * under the threshold and every string value is offloaded as soon as the offloader samples it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Redis from 'ioredis';
import {
  forcedTieringFlags,
  until,
  startRedis,
  startStrata,
  type RunningProcess,
  type RunningServer,
} from '../testing/harness';
import {
  allCold,
  callOrError as call,
  infoRecord as info,
  stateOf,
  tieringOf as engine,
} from '../testing/tier-probe';
import { hashKey } from '../store/key-table';
import { randomDifferential } from '../testing/differential';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-tier-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;

function forcedFlags(extra: string[] = []): string[] {
  return forcedTieringFlags(path.join(tmp, `t${n++}`), extra);
}

function diskOffset(s: RunningServer, key: string): { off: number; len: number } {
  const table = s.server.keyspace.dbs[0].table;
  const h = hashKey(key);
  const seg = table.segmentOf(h);
  const id = seg.find(key, h);
  return { off: seg.tier!.offOf(id), len: seg.tier!.len[id] };
}

describe('tiering engine', () => {
  let s: RunningServer;
  let r: Redis;
  before(async () => {
    s = await startStrata(forcedFlags());
    r = new Redis(s.port, { lazyConnect: true });
    await r.connect();
  });
  after(async () => {
    r.disconnect();
    await s.close();
  });

  test('values move to disk and back, small and large, and the tier file is there', async () => {
    const keys: string[] = [];
    const want = new Map<string, string>();
    for (let i = 0; i < 200; i++) {
      const v = (i % 4 === 0 ? 'L'.repeat(5000 + i) : 'v'.repeat(i)) + `#${i}\u00ff\u0000`;
      keys.push(`k${i}`);
      want.set(`k${i}`, v);
      await r.set(`k${i}`, Buffer.from(v, 'latin1'));
    }
    await allCold(s, keys);
    assert.ok(fs.existsSync(engine(s).path));
    const t = info(await r.info('tiered'));
    assert.equal(Number(t.tiered_entries), 200);
    assert.ok(Number(t.tiered_small_bins_cnt) < 150 / 2, 'small values share pages');
    for (const k of keys) assert.equal((await r.getBuffer(k))!.toString('latin1'), want.get(k));
  });

  test('STRLEN, EXISTS, TYPE, TTL, EXPIRE, DEL and SET need no disk read', async () => {
    await r.set('meta', 'x'.repeat(3000));
    await r.set('meta2', 'short');
    await allCold(s, ['meta', 'meta2']);
    const before = engine(s).stats.totalFetches + engine(s).stats.syncReads;
    assert.equal(await r.strlen('meta'), 3000);
    assert.equal(await r.strlen('meta2'), 5);
    assert.equal(await r.exists('meta'), 1);
    assert.equal(await r.type('meta'), 'string');
    assert.equal(await r.ttl('meta'), -1);
    assert.equal(await r.expire('meta', 100), 1);
    assert.equal(await r.del('meta2'), 1);
    assert.equal(await r.set('meta', 'new'), 'OK');
    assert.equal(engine(s).stats.totalFetches + engine(s).stats.syncReads, before);
    assert.equal(await r.get('meta'), 'new');
  });

  test('INFO TIERED has the Dragonfly fields in order, then the engine and extras', async () => {
    const text = await r.info('tiered');
    const names = Object.keys(info(text));
    const expected = [
      'tiered_entries',
      'tiered_entries_bytes',
      'tiered_entries_bytes_human',
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
      'tiered_io_engine',
    ];
    assert.deepEqual(names.slice(0, expected.length), expected);
    assert.match(info(text).tiered_io_engine, /^(io_uring|threadpool)$/);
    assert.match(await r.info('all'), /# Tiered\r\ntiered_entries:/);
  });

  test('a read in flight racing an overwrite, a delete, a rename: replies in order, newest data', async () => {
    await r.mset('ra', 'A'.repeat(100), 'rb', 'B'.repeat(3000), 'rc', 'C'.repeat(50));
    await allCold(s, ['ra', 'rb', 'rc']);
    const replies = await r
      .pipeline()
      .get('ra')
      .set('ra', 'new-a')
      .get('ra')
      .get('rb')
      .del('rb')
      .get('rb')
      .rename('rc', 'rd')
      .get('rd')
      .exists('rc')
      .exec();
    assert.deepEqual(
      replies!.map(([e, v]) => e ?? v),
      ['A'.repeat(100), 'OK', 'new-a', 'B'.repeat(3000), 1, null, 'OK', 'C'.repeat(50), 0],
    );
  });

  test('a second client is not stalled by a client waiting for disk', async () => {
    const r2 = new Redis(s.port);
    await r.set('slow', 'S'.repeat(10000));
    await allCold(s, ['slow']);
    const [a, b] = await Promise.all([r.get('slow'), r2.ping()]);
    assert.equal(a, 'S'.repeat(10000));
    assert.equal(b, 'PONG');
    r2.disconnect();
  });

  test('overwrite, delete, expire and FLUSHALL while a stash is pending discard the write', async () => {
    const e = engine(s);
    await r.set('sp', 'first'.repeat(1000));
    // Start the stash synchronously from the server side, then overwrite before it completes.
    e.offloadStep();
    e.cron();
    const st = stateOf(s, 'sp');
    await r.set('sp', 'second');
    assert.equal(await r.get('sp'), 'second');
    await allCold(s, ['sp']);
    assert.equal(await r.get('sp'), 'second');
    assert.ok(st === 1 || st === 3 || st === 2, `state ${st}`);
    await r.set('gone', 'x'.repeat(4000));
    e.offloadStep();
    const cancelsBefore = e.stats.totalCancels;
    await r.del('gone');
    await r.set('ex', 'y'.repeat(4000), 'PX', 1);
    e.offloadStep();
    await new Promise((res) => setTimeout(res, 10));
    assert.equal(await r.get('ex'), null);
    assert.ok(e.stats.totalCancels >= cancelsBefore);
    const allocated = e.alloc.allocatedBytes;
    assert.ok(allocated > 0);
    await r.flushall();
    await until('disk space freed after FLUSHALL', () => e.pendingStashCnt === 0);
    await new Promise((res) => setTimeout(res, 20));
    assert.equal(e.entries, 0);
    assert.equal(e.alloc.allocatedBytes, 0);
    assert.equal(await r.dbsize(), 0);
  });

  test('MULTI/EXEC with cold keys runs atomically, WATCH still aborts on a real change', async () => {
    await r.mset('m1', '10', 'm2', 'two'.repeat(800));
    await allCold(s, ['m1', 'm2']);
    const res = await r.multi().incr('m1').append('m2', '!').get('m2').strlen('m2').exec();
    assert.deepEqual(
      res!.map(([e, v]) => e ?? v),
      [11, 2401, 'two'.repeat(800) + '!', 2401],
    );
    await allCold(s, ['m1']);
    await r.watch('m1');
    const other = new Redis(s.port);
    await other.set('m1', 'changed');
    other.disconnect();
    const aborted = await r.multi().get('m1').exec();
    assert.equal(aborted, null);
    // A fetch (disk -> RAM) alone is not a modification for WATCH.
    await allCold(s, ['m1']);
    await r.watch('m1');
    const reader = new Redis(s.port);
    assert.equal(await reader.get('m1'), 'changed');
    reader.disconnect();
    const ok = await r.multi().get('m1').exec();
    assert.deepEqual(ok, [[null, 'changed']]);
  });

  test('a value read twice is promoted back to RAM (second read, not first)', async () => {
    await r.set('promo', 'p'.repeat(500));
    await allCold(s, ['promo']);
    const up = engine(s).stats.totalUploads;
    await r.get('promo');
    assert.equal(stateOf(s, 'promo') === 0, false, 'first read does not promote');
    await r.get('promo');
    // The second read promotes unless the offloader took it back to disk in between.
    assert.ok(engine(s).stats.totalUploads > up || stateOf(s, 'promo') !== 2);
  });

  test('with cooling, written-out values keep their RAM copy until memory is short; then copies go, oldest first', async () => {
    const e = engine(s);
    const keys = Array.from({ length: 40 }, (_, i) => `cq${i}`);
    // Cooling on and a drop threshold never reached: values go to disk and stay in RAM (COOLED).
    await r.config('SET', 'tiered_experimental_cooling', 'yes');
    await r.config('SET', 'tiered_upload_threshold', '0');
    try {
      for (const k of keys) await r.set(k, `${k}:`.padEnd(900, 'c'));
      e.kick();
      await until('all cooled', () => keys.every((k) => stateOf(s, k) === 2));
      const fetches = e.stats.totalFetches;
      const coolHits = e.stats.ramCoolHits;
      for (const k of keys) assert.equal(await r.get(k), `${k}:`.padEnd(900, 'c'));
      assert.equal(e.stats.totalFetches, fetches, 'cooled values are read from RAM');
      assert.ok(e.stats.ramCoolHits - coolHits >= keys.length, 'counted as cool hits');
      for (let i = 0; i < 10; i++) e.offloadStep();
      assert.ok(
        keys.every((k) => stateOf(s, k) === 2),
        'copies stay while memory allows',
      );
      // Memory short (free memory always under the upload threshold): the copies are dropped.
      await r.config('SET', 'tiered_upload_threshold', '1.0');
      await until('all cold', () => {
        e.offloadStep();
        return keys.every((k) => stateOf(s, k) === 3);
      });
      for (const k of keys) assert.equal(await r.get(k), `${k}:`.padEnd(900, 'c'));
    } finally {
      await r.config('SET', 'tiered_upload_threshold', '0.1');
      await r.config('SET', 'tiered_experimental_cooling', 'no');
    }
  });

  test('short of memory, a cold read serves the command and keeps no RAM copy (no I/O to drop it)', async () => {
    const e = engine(s);
    const keys = Array.from({ length: 30 }, (_, i) => `tr${i}`);
    for (const k of keys) await r.set(k, `${k}:`.padEnd(700, 'x'));
    await allCold(s, keys);
    // Never promote: every read is the first read as far as RAM is concerned.
    await r.config('SET', 'tiered_upload_threshold', '1.0');
    try {
      const data = s.server.keyspace.dataBytes;
      const stashes = e.stats.totalStashes;
      const fetches = e.stats.totalFetches;
      for (let round = 0; round < 2; round++)
        for (const k of keys) assert.equal(await r.get(k), `${k}:`.padEnd(700, 'x'));
      assert.equal(e.stats.totalFetches - fetches, 2 * keys.length, 'each read went to disk');
      for (const k of keys) assert.equal(stateOf(s, k), 3, `${k} is cold again`);
      // (Cooled copies left by earlier tests may be dropped meanwhile: RAM can only shrink.)
      assert.ok(s.server.keyspace.dataBytes <= data, 'no value bytes left in RAM');
      assert.equal(e.stats.totalStashes, stashes, 'nothing was written again');
    } finally {
      await r.config('SET', 'tiered_upload_threshold', '0.1');
    }
    // With room to promote, the second read of a key brings it back to RAM.
    assert.equal(await r.get('tr0'), 'tr0:'.padEnd(700, 'x'));
    assert.equal(stateOf(s, 'tr0'), 0, 'promoted on a later read');
  });

  test('a string promoted by reads is not offloaded again at once while there is room for it', async () => {
    const e = engine(s);
    const ks = s.server.keyspace;
    // Alone in db 9: every offload step samples it.
    const r9 = new Redis(s.port, { db: 9 });
    try {
      await r9.set('keep', 'K'.repeat(800));
      e.kick();
      await until('keep cold', () => stateOf(s, 'keep', 9) === 3);
      const clock = ks.lruClock;
      assert.equal(await r9.get('keep'), 'K'.repeat(800)); // first read: not promoted
      assert.notEqual(stateOf(s, 'keep', 9), 0);
      assert.equal(await r9.get('keep'), 'K'.repeat(800)); // second read: promoted
      assert.equal(stateOf(s, 'keep', 9), 0);
      for (let i = 0; i < 5; i++) e.offloadStep();
      // Read in this second (the LRU clock has not moved): the offloader leaves it in RAM.
      if (ks.lruClock === clock) assert.equal(stateOf(s, 'keep', 9), 0, 'recently read promoted value stays');
      // Under the upload threshold the sampled LRU decides alone: it goes back to disk.
      await r9.config('SET', 'tiered_upload_threshold', '1.0');
      try {
        e.kick();
        await until('keep cold again', () => stateOf(s, 'keep', 9) === 3);
      } finally {
        await r9.config('SET', 'tiered_upload_threshold', '0.1');
      }
      assert.equal(await r9.get('keep'), 'K'.repeat(800));
      await r9.del('keep');
    } finally {
      r9.disconnect();
    }
  });

  test('many cold keys read at once: one reply each, correct, reads submitted in batches', async () => {
    const e = engine(s);
    const keys = Array.from({ length: 120 }, (_, i) => `mb${i}`);
    const value = (k: string) => `${k}=`.padEnd(k.endsWith('7') ? 3000 : 900, k.slice(-1));
    for (const k of keys) await r.set(k, value(k));
    await allCold(s, keys);
    const before = e.io.stats();
    const got = (await r.mget(...keys)) as string[];
    const after = e.io.stats();
    assert.deepEqual(got, keys.map(value));
    const reads = after.submitted - before.submitted;
    // 108 values of 900 bytes share 27 or more pages; 12 of 3000 bytes take an extent each.
    assert.ok(reads >= 39, `${reads} reads (small values share pages)`);
    assert.ok(after.submits - before.submits < reads / 4, `${after.submits - before.submits} submissions`);
    // Concurrent clients, each waiting for its own cold key: every reply is the client's value.
    await allCold(s, keys);
    const clients = Array.from({ length: 12 }, () => new Redis(s.port));
    try {
      const replies = await Promise.all(
        clients.map((c, i) => Promise.all(keys.filter((_, j) => j % 12 === i).map((k) => c.get(k)))),
      );
      replies.forEach((vals, i) => assert.deepEqual(vals, keys.filter((_, j) => j % 12 === i).map(value)));
    } finally {
      for (const c of clients) c.disconnect();
    }
  });

  test('sparse small-bin pages are compacted and survivors stay readable', async () => {
    const e = engine(s);
    const keys: string[] = [];
    for (let i = 0; i < 400; i++) keys.push(`sb${i}`);
    await r.mset(...keys.flatMap((k, i) => [k, `val-${i}-`.padEnd(100, '.')]));
    await allCold(s, keys);
    const pagesBefore = e.smallBins;
    const defragsBefore = e.stats.totalDefrags;
    const dels = keys.filter((_, i) => i % 5 !== 0);
    await r.del(...dels);
    await until('defragmentation', () => {
      e.cron();
      return e.stats.totalDefrags > defragsBefore && e.pendingStashCnt === 0;
    });
    await until('pages reclaimed', () => {
      e.cron();
      return e.smallBins < pagesBefore;
    });
    for (let i = 0; i < 400; i += 5) assert.equal(await r.get(`sb${i}`), `val-${i}-`.padEnd(100, '.'));
  });

  test('a corrupted record answers an error and is counted; other keys still read', async () => {
    const e = engine(s);
    await r.set('bad', 'Z'.repeat(6000));
    await r.set('good', 'G'.repeat(6000));
    await allCold(s, ['bad', 'good']);
    const { off } = diskOffset(s, 'bad');
    const fd = fs.openSync(e.path, 'r+');
    fs.writeSync(fd, Buffer.from('garbage'), 0, 7, off + 100);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    const before = e.stats.checksumErrors;
    const got = await call(r, ['get', 'bad']);
    assert.deepEqual(got, { error: 'ERR tiered storage read failed: checksum mismatch' });
    assert.equal(e.stats.checksumErrors, before + 1);
    assert.equal(await r.get('good'), 'G'.repeat(6000));
    assert.match(await r.info('tiered'), /tiered_checksum_errors:[1-9]/);
    // Overwriting the damaged value heals the key.
    await r.set('bad', 'fine');
    assert.equal(await r.get('bad'), 'fine');
  });

  test('injected I/O errors answer an error, never wrong data, and are counted', async () => {
    const e = engine(s);
    await r.set('io', 'I'.repeat(100));
    await allCold(s, ['io']);
    const before = e.stats.ioErrors;
    e.injectIoError = 'EIO';
    try {
      const got = (await call(r, ['get', 'io'])) as { error: string };
      assert.match(got.error, /^ERR tiered storage read failed: injected EIO/);
      const sync = (await call(r, ['sort', 'nosuch', 'by', 'nosort', 'get', 'io'])) as unknown;
      assert.ok(sync !== undefined);
    } finally {
      e.injectIoError = null;
    }
    assert.ok(e.stats.ioErrors > before);
    assert.equal(await r.get('io'), 'I'.repeat(100));
  });
});

describe('tiering limits', () => {
  test('a full tier file keeps values in RAM (stash overflows counted)', async () => {
    const s = await startStrata(forcedFlags(['--tiered_max_file_size', '16384']));
    const r = new Redis(s.port);
    try {
      for (let i = 0; i < 20; i++) await r.set(`f${i}`, `${i}`.padEnd(5000, 'f'));
      const e = engine(s);
      await until('overflow', () => {
        e.cron();
        return e.stats.totalStashOverflows > 0 && e.pendingStashCnt === 0;
      });
      assert.ok(e.alloc.capacity <= 16384);
      for (let i = 0; i < 20; i++) assert.equal(await r.get(`f${i}`), `${i}`.padEnd(5000, 'f'));
      assert.ok(e.entries <= 4);
    } finally {
      r.disconnect();
      await s.close();
    }
  });

  test('writers are throttled while stash bytes exceed the budget; every value lands', async () => {
    const s = await startStrata(forcedFlags(['--tiered_max_pending_stash_bytes', '8192']));
    const r = new Redis(s.port);
    const e = engine(s);
    try {
      e.holdWrites = true;
      // Under memory pressure each write is stashed at once: three 3000-byte values exceed 8192.
      for (let i = 0; i < 3; i++) await r.set(`w${i}`, `${i}`.padEnd(3000, 'w'));
      assert.ok(e.pendingStashBytes > 8192, `pending ${e.pendingStashBytes}`);
      let done = false;
      const write = r.set('late', 'L'.repeat(3000)).then((v) => ((done = true), v));
      const reader = new Redis(s.port);
      assert.equal(await reader.get('w0'), '0'.padEnd(3000, 'w'), 'readers are not throttled');
      assert.equal(done, false, 'the writer waits');
      assert.equal(e.stats.totalClientsThrottled, 1);
      assert.match(await reader.info('tiered'), /tiered_clients_throttled:1/);
      reader.disconnect();
      e.releaseWrites();
      assert.equal(await write, 'OK');
      for (let i = 0; i < 3; i++) assert.equal(await r.get(`w${i}`), `${i}`.padEnd(3000, 'w'));
      assert.equal(await r.get('late'), 'L'.repeat(3000));
    } finally {
      e.releaseWrites();
      r.disconnect();
      await s.close();
    }
  });

  test('a writer still short of memory after a stash completes waits again, never spins', async () => {
    const s = await startStrata(forcedFlags());
    const r = new Redis(s.port);
    const e = engine(s);
    try {
      e.holdWrites = true;
      await r.set('h1', 'a'.repeat(3000));
      await r.set('h2', 'b'.repeat(3000));
      assert.equal(e.pendingStashCnt, 2);
      // Below the baseline: memory stays over maxmemory whatever is offloaded.
      await r.config('SET', 'maxmemory', '1mb');
      const write = call(r, ['set', 'h3', 'c'.repeat(3000)]);
      await until('writer throttled', () => e.stats.totalClientsThrottled > 0);
      e.releaseWrites(); // the first completion re-throttles the writer; the loop must end
      assert.deepEqual(await write, { error: "OOM command not allowed when used memory > 'maxmemory'." });
      await r.config('SET', 'maxmemory', '1gb');
      assert.equal(await r.get('h1'), 'a'.repeat(3000));
      assert.equal(await r.ping(), 'PONG');
    } finally {
      e.releaseWrites();
      r.disconnect();
      await s.close();
    }
  });

  test('the tier file is truncated at start and removed at shutdown; CONFIG SET works', async () => {
    const prefix = path.join(tmp, 'stale');
    fs.writeFileSync(`${prefix}-0000`, 'stale data'.repeat(1000));
    const s = await startStrata(['--tiered_prefix', prefix]);
    const r = new Redis(s.port);
    assert.equal(fs.statSync(`${prefix}-0000`).size % 4096, 0);
    assert.equal(await r.config('SET', 'tiered_offload_threshold', '0.25'), 'OK');
    assert.deepEqual(await r.config('GET', 'tiered_offload_threshold'), ['tiered_offload_threshold', '0.25']);
    r.disconnect();
    await s.close();
    assert.equal(fs.existsSync(`${prefix}-0000`), false);
  });
});

// -------------------------------------------------------------------------------------------------
// Every string command on offloaded values, compared with redis-server
// -------------------------------------------------------------------------------------------------

describe('string commands on offloaded values match redis-server', () => {
  let s: RunningServer;
  let redis: RunningProcess;
  let a: Redis;
  let b: Redis;
  before(async () => {
    s = await startStrata(forcedFlags());
    redis = await startRedis();
    a = new Redis(s.port);
    b = new Redis(redis.port);
  });
  after(async () => {
    a.disconnect();
    b.disconnect();
    await s.close();
    await redis.close();
  });

  const big = 'B'.repeat(4100);
  const setup: (string | number)[][] = [
    ['set', 's1', 'hello world'],
    ['set', 's2', big],
    ['set', 'n1', '41'],
    ['set', 'f1', '1.5'],
    ['set', 'e1', 'expiring', 'EX', 1000],
    ['lpush', 'l1', 'x'],
  ];
  const cases: (string | number)[][][] = [
    [
      ['get', 's1'],
      ['get', 's2'],
      ['get', 'nope'],
    ],
    [['mget', 's1', 's2', 'n1', 'nope', 'l1']],
    [
      ['getrange', 's1', 0, 4],
      ['getrange', 's2', -10, -1],
      ['substr', 's1', 3, 100],
    ],
    [
      ['append', 's1', '!!'],
      ['get', 's1'],
      ['append', 's2', 'tail'],
      ['strlen', 's2'],
    ],
    [
      ['setrange', 's1', 6, 'WORLD'],
      ['get', 's1'],
      ['setrange', 's2', 5000, 'z'],
      ['strlen', 's2'],
    ],
    [
      ['incr', 'n1'],
      ['incrby', 'n1', 10],
      ['decr', 'n1'],
      ['decrby', 'n1', 3],
      ['incr', 's1'],
    ],
    [
      ['incrbyfloat', 'f1', '2.25'],
      ['incrbyfloat', 's1', 1],
    ],
    [
      ['getset', 's1', 'replaced'],
      ['get', 's1'],
    ],
    [
      ['getdel', 's2'],
      ['exists', 's2'],
      ['getdel', 's2'],
    ],
    [
      ['getex', 's1', 'EX', 100],
      ['ttl', 's1'],
      ['getex', 'e1', 'PERSIST'],
      ['ttl', 'e1'],
    ],
    [
      ['set', 's1', 'viaSET', 'GET'],
      ['set', 's2', 'x', 'NX', 'GET'],
      ['get', 's2'],
    ],
    [
      ['copy', 's2', 'c2'],
      ['get', 'c2'],
      ['copy', 's1', 's2'],
      ['copy', 's1', 's2', 'REPLACE'],
      ['get', 's2'],
    ],
    [
      ['rename', 's2', 'r2'],
      ['get', 'r2'],
      ['renamenx', 'r2', 's1'],
      ['get', 'r2'],
    ],
    [
      ['move', 's2', 1],
      ['exists', 's2'],
      ['select', 1],
      ['get', 's2'],
      ['select', 0],
    ],
    [
      ['strlen', 's2'],
      ['strlen', 'n1'],
      ['type', 's2'],
      ['ttl', 'e1'],
      ['object', 'encoding', 's2'],
    ],
    [
      ['lcs', 's1', 's2', 'LEN'],
      ['setnx', 's1', 'y'],
      ['msetnx', 's1', 'a', 'zz', 'b'],
    ],
    [
      ['get', 'l1'],
      ['append', 'l1', 'x'],
      ['strlen', 'l1'],
    ],
  ];

  for (const [i, steps] of cases.entries()) {
    test(`case ${i}: ${steps.map((x) => x[0]).join(' ')}`, async () => {
      for (const c of [a, b]) {
        await c.flushall();
        for (const cmd of setup) await call(c, cmd);
      }
      await allCold(s, ['s1', 's2', 'n1', 'f1', 'e1']);
      for (const step of steps) {
        const [x, y] = [await call(a, step), await call(b, step)];
        assert.deepEqual(x, y, `${step.join(' ')}`);
      }
    });
  }
});

// -------------------------------------------------------------------------------------------------
// The random differential test (difftest) with tiering forced on: strings and keys families
// -------------------------------------------------------------------------------------------------

describe('differential test with tiering forced on', () => {
  test('strings and keys families: identical replies, values really read from disk', async () => {
    const s = await startStrata(forcedFlags());
    try {
      await randomDifferential(s.port, 'strata-tiered', 'strings,keys', 20261126, 1500);
      const e = engine(s);
      assert.ok(e.stats.ramMisses > 20, `cold reads: ${e.stats.ramMisses}`);
      assert.ok(e.stats.totalStashes > 100, `stashes: ${e.stats.totalStashes}`);
    } finally {
      await s.close();
    }
  });
});
