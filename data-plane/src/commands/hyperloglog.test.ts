/**
 * HyperLogLog: the hash against a BigInt MurmurHash64A, then differential tests against a real
 * redis-server (replies in RESP2 and RESP3 and the stored bytes themselves, sparse and dense, with
 * corrupted values, keyspace events, WATCH), and PFADD/PFCOUNT/PFMERGE on values that live on disk.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { DiffPair, diffSuite, prng, sameEvents, randomDifferential } from '../testing/differential';
import { forcedTieringFlags, startRedis, startStrata } from '../testing/harness';
import { RespClient, same } from '../testing/resp-client';
import { allCold, tieringOf } from '../testing/tier-probe';
import { hllInternals } from './hyperloglog';

/** MurmurHash64A written the obvious way, on BigInt, to check the 32-bit-halves version. */
function murmurReference(data: Uint8Array): bigint {
  const mask = (1n << 64n) - 1n;
  const m = 0xc6a4a7935bd1e995n;
  let h = (0xadc83b19n ^ (BigInt(data.length) * m)) & mask;
  const whole = data.length - (data.length & 7);
  for (let i = 0; i < whole; i += 8) {
    let k = 0n;
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(data[i + j]);
    k = (k * m) & mask;
    k ^= k >> 47n;
    k = (k * m) & mask;
    h ^= k;
    h = (h * m) & mask;
  }
  const rest = data.length & 7;
  if (rest > 0) {
    for (let j = rest - 1; j >= 0; j--) h ^= BigInt(data[whole + j]) << BigInt(8 * j);
    h = (h * m) & mask;
  }
  h ^= h >> 47n;
  h = (h * m) & mask;
  h ^= h >> 47n;
  return h;
}

test('MurmurHash64A on 32-bit halves equals the 64-bit computation, every length and byte', () => {
  const rnd = prng(7);
  for (let n = 0; n < 3000; n++) {
    const len = n < 64 ? n : Math.floor(rnd() * 64);
    const data = new Uint8Array(len);
    for (let i = 0; i < len; i++) data[i] = n % 5 === 0 ? 255 : Math.floor(rnd() * 256);
    const [hi, lo] = hllInternals.murmur64a(data);
    const got = (BigInt(hi) << 32n) | BigInt(lo);
    assert.equal(got, murmurReference(data), `bytes ${Buffer.from(data).toString('hex')}`);
  }
});

class Pair extends DiffPair {}

describe('hyperloglog: differential vs redis-server', () => {
  const { servers, fresh } = diffSuite(Pair);

  test('PFADD, PFCOUNT, PFMERGE and PFDEBUG: replies and stored bytes, sparse and dense', async () => {
    for (const resp3 of [false, true]) {
      const p = await fresh(resp3);
      const rnd = prng(resp3 ? 2 : 1);
      await p.run([
        ['PFADD', 'h'],
        ['GET', 'h'],
        ['PFCOUNT', 'h'],
        ['PFADD', 'h', 'a', 'b', 'c', '', 'a'],
        ['PFADD', 'h', 'a'],
        ['PFCOUNT', 'h'],
        ['GET', 'h'],
        ['PFDEBUG', 'DECODE', 'h'],
        ['PFDEBUG', 'ENCODING', 'h'],
        ['PFCOUNT', 'h', 'missing'],
        ['PFCOUNT', 'missing'],
        ['PFMERGE', 'm', 'h', 'missing'],
        ['GET', 'm'],
      ]);
      // Grow one value past hll-sparse-max-bytes (dense) and keep another sparse.
      for (let round = 0; round < 12; round++) {
        const batch = Array.from({ length: 400 }, () => `el-${Math.floor(rnd() * 1e6)}`);
        await p.same(['PFADD', 'big', ...batch]);
        await p.same(['PFADD', 'small', ...batch.slice(0, 3)]);
        await p.same(['PFCOUNT', 'big']);
        await p.same(['PFDEBUG', 'ENCODING', 'big']);
      }
      await p.run([
        ['GET', 'big'],
        ['GET', 'small'],
        ['PFCOUNT', 'big', 'small', 'h'],
        ['PFMERGE', 'm', 'small', 'h'],
        ['PFDEBUG', 'ENCODING', 'm'],
        ['GET', 'm'],
        ['PFMERGE', 'm', 'big'],
        ['PFDEBUG', 'ENCODING', 'm'],
        ['GET', 'm'],
        ['PFCOUNT', 'm'],
        ['PFDEBUG', 'GETREG', 'small'],
        ['GET', 'small'],
        ['PFDEBUG', 'TODENSE', 'small'],
        ['PFDEBUG', 'TODENSE', 'h'],
        ['PFDEBUG', 'DECODE', 'h'],
        ['PFDEBUG', 'NOSUCH', 'h'],
        ['PFDEBUG', 'GETREG', 'missing'],
        ['PFDEBUG', 'GETREG'],
        ['PFADD'],
        ['PFMERGE'],
      ]);
      // A small sparse limit promotes early; a register above 32 promotes at once.
      await p.same(['CONFIG', 'SET', 'hll-sparse-max-bytes', '40']);
      await p.same(['CONFIG', 'GET', 'hll-sparse-max-bytes']);
      for (let i = 0; i < 30; i++) await p.same(['PFADD', 'tiny', `t${i}`]);
      await p.run([
        ['PFDEBUG', 'ENCODING', 'tiny'],
        ['GET', 'tiny'],
        ['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000'],
      ]);
    }
  });

  test('wrong types, non-HLL strings and corrupted values fail as in Redis', async () => {
    const p = await fresh();
    await p.run([
      ['SET', 'str', 'hello'],
      ['SET', 'num', '123'],
      ['RPUSH', 'list', 'x'],
      ['PFADD', 'str', 'a'],
      ['PFADD', 'num', 'a'],
      ['PFADD', 'list', 'a'],
      ['PFCOUNT', 'str'],
      ['PFCOUNT', 'list', 'str'],
      ['PFMERGE', 'str', 'x'],
      ['PFMERGE', 'dst', 'list'],
      ['PFDEBUG', 'ENCODING', 'str'],
      ['PFADD', 'h', 'a', 'b', 'c', 'd'],
      ['APPEND', 'h', 'xyz'], // extra opcodes at the tail
      ['PFCOUNT', 'h'],
      ['PFADD', 'h', 'e', 'f', 'g'],
      ['GET', 'h'],
      ['PFADD', 'h2', 'a'],
      ['SETRANGE', 'h2', '4', '\x05'], // unknown encoding
      ['PFADD', 'h2', 'b'],
      ['PFADD', 'h3', 'a'],
      ['SETRANGE', 'h3', '0', 'X'], // broken magic
      ['PFCOUNT', 'h3'],
      ['PFADD', 'd', ...Array.from({ length: 3000 }, (_, i) => String(i))],
      ['APPEND', 'd', 'x'], // dense of the wrong length
      ['PFCOUNT', 'd'],
    ]);
    // Random corruptions of sparse values: the same error, count or bytes in both.
    const rnd = prng(3);
    for (let i = 0; i < 200; i++) {
      await p.same(['DEL', 'f']);
      await p.same([
        'PFADD',
        'f',
        ...Array.from({ length: 1 + Math.floor(rnd() * 20) }, (_, j) => `x${i}-${j}`),
      ]);
      const at = 16 + Math.floor(rnd() * 24);
      await p.same(['SETRANGE', 'f', String(at), String.fromCharCode(Math.floor(rnd() * 128))]);
      await p.same(['PFADD', 'f', 'y', 'z']);
      await p.same(['PFCOUNT', 'f']);
      await p.same(['GET', 'f']);
      await p.same(['PFCOUNT', 'f', 'g']);
    }
  });

  test('PFADD and PFMERGE send the pfadd event; PFCOUNT recomputing the cache touches WATCH', async () => {
    const p = await fresh();
    await sameEvents([servers.strata.port, servers.redis.port], '__keyevent@0__:*', /pfadd/, async () => {
      await p.same(['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']);
      await p.run([
        ['PFADD', 'e', 'a'],
        ['PFADD', 'e', 'a'],
        ['PFCOUNT', 'e'],
        ['PFMERGE', 'e2', 'e'],
      ]);
    });
    await p.same(['CONFIG', 'SET', 'notify-keyspace-events', '']);
    for (const cached of [false, true]) {
      await p.same(['PFADD', 'w', 'x', 'y']);
      if (cached) await p.same(['PFCOUNT', 'w']);
      await p.same(['WATCH', 'w']);
      await p.same(['PFCOUNT', 'w']);
      await p.same(['MULTI']);
      await p.same(['PING']);
      await p.same(['EXEC']); // nil when PFCOUNT rewrote the cache, OK when it was cached already
    }
  });
});

describe('hyperloglog values on disk (tiering forced on)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-hll-tier-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('PFADD, PFCOUNT, PFMERGE and GET of offloaded values answer as redis-server', async () => {
    const [s, redis] = await Promise.all([
      startStrata(forcedTieringFlags(path.join(tmp, 'a'))),
      startRedis(),
    ]);
    const [a, b] = await Promise.all([RespClient.connect(s.port), RespClient.connect(redis.port)]);
    try {
      const keys = Array.from({ length: 8 }, (_, i) => `hll:${i}`);
      await same(
        a,
        b,
        keys.map((k, i) => ['PFADD', k, ...Array.from({ length: i * 400 + 5 }, (_, j) => `${k}-${j}`)]),
      );
      await allCold(s, keys);
      const st = tieringOf(s).stats;
      const readsBefore = st.totalFetches + st.syncReads;
      await same(a, b, [
        ...keys.map((k) => ['PFCOUNT', k]),
        ['PFCOUNT', ...keys],
        ['PFMERGE', 'hll:0', 'hll:3', 'hll:7'],
        ['GET', 'hll:0'],
      ]);
      await allCold(s, keys.slice(1));
      await same(a, b, [
        ...keys.slice(1).map((k) => ['PFADD', k, 'new-element', `${k}-0`]),
        ...keys.map((k) => ['GET', k]),
      ]);
      assert.ok(st.totalFetches + st.syncReads > readsBefore, 'the values were read from disk');
    } finally {
      a.close();
      b.close();
      await Promise.all([s.close(), redis.close()]);
    }
  });

  test('the hll and strings families of the differential test with every value on disk', async () => {
    const s = await startStrata(forcedTieringFlags(path.join(tmp, 'b')));
    try {
      await randomDifferential(s.port, 'strata-tiered', 'hll,strings', 20261127, 1500);
      assert.ok(tieringOf(s).stats.ramMisses > 20, `cold reads: ${tieringOf(s).stats.ramMisses}`);
    } finally {
      await s.close();
    }
  });
});
