/**
 * Hash family tests: differential against a real redis-server (the same command sequences sent to
 * both, replies compared exactly; unordered only where Redis's order is unspecified: hashtable
 * iteration and random picks), and unit tests of HashValue (encodings, order, accounting, scan
 * guarantees, the serialised form used by tiering).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { RespConnection } from '../difftest/connection';
import { ReplyReader } from '../difftest/resp';
import { ReplyWriter } from '../protocol/reply';
import type { Client } from '../server/client';
import { HashValue } from '../store/hash';
import { decodeHashRecord } from '../tiering/hashes';
import { hashReaders, type HashLoader } from './hashes';
import {
  canon,
  captureKeyEvents,
  DiffPair,
  diffSuite,
  prng,
  type Compare,
  type Reply,
} from '../testing/differential';

// -------------------------------------------------------------------------------------------------
// Helpers
// -------------------------------------------------------------------------------------------------

interface Step {
  args: string[];
  compare: Compare;
}

/** Commands whose reply order follows the hash's iteration order (unspecified for a hashtable). */
const ORDERED = new Set(['hgetall', 'hkeys', 'hvals', 'hscan']);

class Pair extends DiffPair {
  /**
   * Sends a command; for commands whose order is the hash's order, first compares OBJECT ENCODING and
   * compares unordered when Redis's hash is a hashtable.
   */
  override async check(args: string[]): Promise<void> {
    const name = args[0].toLowerCase();
    if (!ORDERED.has(name) || args.length < 2) {
      await this.same(args);
      return;
    }
    const hashtable = (await this.encoding(args[1])) === 'hashtable';
    if (!hashtable) await this.same(args);
    else if (name === 'hkeys' || name === 'hvals') await this.same(args, 'set');
    else if (name === 'hgetall') await this.same(args, 'pairs');
    else await this.scanHash(args[1]);
  }

  /** A full HSCAN iteration on both; the collected field/value pairs compared as sets. */
  scanHash(key: string, extra: string[] = []): Promise<void> {
    return this.scanAll(['HSCAN', key], extra, 2);
  }

  override async run(steps: (string[] | Step)[]): Promise<void> {
    for (const s of steps) {
      if (Array.isArray(s)) await this.check(s);
      else await this.same(s.args, s.compare);
    }
  }
}

// -------------------------------------------------------------------------------------------------
// Differential tests
// -------------------------------------------------------------------------------------------------

describe('hashes: differential vs redis-server', () => {
  const { servers: srv, fresh } = diffSuite(Pair, {
    'hash-max-listpack-entries': '128',
    'hash-max-listpack-value': '64',
  });

  test('basic commands on a small hash keep listpack (insertion) order', async () => {
    const p = await fresh();
    await p.run([
      ['HSET', 'h', 'b', '1', 'a', '2', 'c', '3'],
      ['HSET', 'h', 'a', '20', 'd', '4'], // update keeps a's place
      ['HGETALL', 'h'],
      ['HKEYS', 'h'],
      ['HVALS', 'h'],
      ['HGET', 'h', 'a'],
      ['HGET', 'h', 'zz'],
      ['HGET', 'nokey', 'a'],
      ['HMGET', 'h', 'a', 'zz', 'b', 'a'],
      ['HMGET', 'nokey', 'a', 'b'],
      ['HLEN', 'h'],
      ['HLEN', 'nokey'],
      ['HSTRLEN', 'h', 'a'],
      ['HSTRLEN', 'h', 'zz'],
      ['HSTRLEN', 'nokey', 'a'],
      ['HEXISTS', 'h', 'a'],
      ['HEXISTS', 'h', 'zz'],
      ['HEXISTS', 'nokey', 'a'],
      ['HDEL', 'h', 'a', 'zz', 'a'],
      ['HGETALL', 'h'],
      ['HSET', 'h', 'a', 'again'],
      ['HGETALL', 'h'],
      ['HSETNX', 'h', 'a', 'nope'],
      ['HSETNX', 'h', 'e', '5'],
      ['HSETNX', 'new', 'f', 'v'],
      ['HMSET', 'h', 'x', '1', 'y', '2'],
      ['HMSET', 'h2', 'x', '1'],
      ['HGETALL', 'h'],
      ['HSCAN', 'h', '0'],
      ['HSCAN', 'h', '0', 'MATCH', '[a-c]*'],
      ['HSCAN', 'h', '0', 'COUNT', '1'],
      ['HSCAN', 'h', '12345', 'count', '2', 'match', '*'],
      ['HSCAN', 'nokey', '0'],
      ['HGETALL', 'nokey'],
      ['HKEYS', 'nokey'],
      ['HVALS', 'nokey'],
      ['OBJECT', 'ENCODING', 'h'],
      ['TYPE', 'h'],
      ['HDEL', 'h', 'b', 'c', 'd', 'e', 'x', 'y', 'a'],
      ['EXISTS', 'h'],
      ['HDEL', 'nokey', 'a'],
      ['HSET', 'bin', '', '', '\x00\xff', 'v\r\n'],
      ['HGETALL', 'bin'],
      ['HGET', 'bin', ''],
      ['HSTRLEN', 'bin', '\x00\xff'],
    ]);
  });

  test('argument errors, wrong arity and wrong types', async () => {
    const p = await fresh();
    await p.run([
      ['SET', 's', 'string'],
      ['HSET', 'h', 'f', '1'],
      ['HSET', 'h', 'f'],
      ['HSET', 'h', 'f', 'v', 'g'],
      ['HMSET', 'h', 'f', 'v', 'g'],
      ['HSET', 's', 'f', 'v', 'g'], // odd pairs are reported before WRONGTYPE
      ['HSET', 'h'],
      ['HSETNX', 'h', 'f'],
      ['HGET', 'h'],
      ['HMGET', 'h'],
      ['HDEL', 'h'],
      ['HLEN'],
      ['HSTRLEN', 'h'],
      ['HEXISTS', 'h'],
      ['HKEYS'],
      ['HINCRBY', 'h', 'f'],
      ['HINCRBYFLOAT', 'h', 'f'],
      ['HRANDFIELD'],
      ['HSCAN', 'h'],
      ...[
        ['HSET', 's', 'f', 'v'],
        ['HSETNX', 's', 'f', 'v'],
        ['HMSET', 's', 'f', 'v'],
        ['HGET', 's', 'f'],
        ['HMGET', 's', 'f'],
        ['HDEL', 's', 'f'],
        ['HLEN', 's'],
        ['HSTRLEN', 's', 'f'],
        ['HEXISTS', 's', 'f'],
        ['HKEYS', 's'],
        ['HVALS', 's'],
        ['HGETALL', 's'],
        ['HINCRBY', 's', 'f', '1'],
        ['HINCRBY', 's', 'f', 'x'], // the increment is parsed first
        ['HINCRBYFLOAT', 's', 'f', '1'],
        ['HINCRBYFLOAT', 's', 'f', 'x'],
        ['HINCRBYFLOAT', 's', 'f', 'inf'],
        ['HRANDFIELD', 's'],
        ['HRANDFIELD', 's', '2'],
        ['HRANDFIELD', 's', 'x'],
        ['HRANDFIELD', 's', '2', 'bad'],
        ['HSCAN', 's', '0'],
        ['HSCAN', 's', 'x'],
        ['HSCAN', 's', '0', 'COUNT', '0'],
      ],
      ['HSCAN', 'h', 'x'],
      ['HSCAN', 'h', ' 1'],
      ['HSCAN', 'h', '-1'],
      ['HSCAN', 'h', '18446744073709551616'],
      ['HSCAN', 'h', '0', 'COUNT'],
      ['HSCAN', 'h', '0', 'COUNT', '0'],
      ['HSCAN', 'h', '0', 'COUNT', '-1'],
      ['HSCAN', 'h', '0', 'COUNT', 'x'],
      ['HSCAN', 'h', '0', 'MATCH'],
      ['HSCAN', 'h', '0', 'TYPE', 'hash'],
      ['HSCAN', 'h', '0', 'NOVALUES'],
      ['HSCAN', 'nokey', '0', 'COUNT', '0'], // options are not parsed for a missing key
      ['HSCAN', 'nokey', 'x'],
      ['GET', 'h'],
    ]);
  });

  test('HINCRBY: integers, overflow, bad values', async () => {
    const p = await fresh();
    await p.run([
      ['HINCRBY', 'h', 'n', '5'],
      ['HINCRBY', 'h', 'n', '-12'],
      ['HINCRBY', 'h', 'n', '0'],
      ['HINCRBY', 'h', 'n', '9223372036854775807'],
      ['HINCRBY', 'h', 'n', '9223372036854775807'],
      ['HSET', 'h', 'max', '9223372036854775807', 'min', '-9223372036854775808'],
      ['HINCRBY', 'h', 'max', '1'],
      ['HINCRBY', 'h', 'max', '-1'],
      ['HINCRBY', 'h', 'min', '-1'],
      ['HINCRBY', 'h', 'min', '1'],
      ['HINCRBY', 'h', 'min', '9223372036854775807'],
      [
        'HSET',
        'h',
        's',
        'abc',
        'f',
        '1.5',
        'sp',
        ' 1',
        'plus',
        '+1',
        'z',
        '01',
        'neg0',
        '-0',
        'big',
        '9223372036854775808',
        'e',
        '',
      ],
      ['HINCRBY', 'h', 's', '1'],
      ['HINCRBY', 'h', 'f', '1'],
      ['HINCRBY', 'h', 'sp', '1'],
      ['HINCRBY', 'h', 'plus', '1'],
      ['HINCRBY', 'h', 'z', '1'],
      ['HINCRBY', 'h', 'neg0', '1'],
      ['HINCRBY', 'h', 'big', '1'],
      ['HINCRBY', 'h', 'e', '1'],
      ['HINCRBY', 'h', 'n', '1.0'],
      ['HINCRBY', 'h', 'n', ''],
      ['HINCRBY', 'h', 'n', '+1'],
      ['HINCRBY', 'h', 'n', '9223372036854775808'],
      ['HINCRBY', 'h', 'n', '-9223372036854775809'],
      ['HINCRBY', 'h', 'n', '-9223372036854775808'],
      ['HINCRBY', 'h', 'n', ' 1'],
      ['HINCRBY', 'fresh', 'x', 'abc'],
      ['EXISTS', 'fresh'],
      ['HGETALL', 'h'],
    ]);
  });

  test('HINCRBYFLOAT: long double arithmetic and %.17Lf formatting like Redis', async () => {
    const p = await fresh();
    const increments = [
      '0.1',
      '0.2',
      '1',
      '-1',
      '3.0e3',
      '1.5e-5',
      '10.5',
      '-0',
      '0',
      '1e10',
      '-1e10',
      '17179869184',
      '1.1',
      '2.2',
      '3.3',
      '0x10',
      '0x1.8p1',
      '.5',
      '5.',
      '+2',
      '1E2',
      '1e-20',
      '123456789.123456789',
      '-0.0000001',
      '1e18',
      '9.99999999999999999',
      '0.30000000000000004',
      '1e300',
      '-1e300',
      '4.9e-324',
      '1.7976931348623157e308',
      '1e4000',
      '-1e4000',
      '1e-4000',
    ];
    for (const incr of increments) await p.same(['HINCRBYFLOAT', 'h', 'x', incr]);
    for (const incr of increments) await p.same(['HINCRBYFLOAT', 'h', 'y' + incr, incr]);
    await p.run([
      ['HINCRBYFLOAT', 'h', 'x', 'inf'],
      ['HINCRBYFLOAT', 'h', 'x', '-inf'],
      ['HINCRBYFLOAT', 'h', 'x', 'infinity'],
      ['HINCRBYFLOAT', 'h', 'x', 'nan'],
      ['HINCRBYFLOAT', 'h', 'x', 'abc'],
      ['HINCRBYFLOAT', 'h', 'x', ''],
      ['HINCRBYFLOAT', 'h', 'x', ' 1'],
      ['HINCRBYFLOAT', 'h', 'x', '1 '],
      ['HINCRBYFLOAT', 'h', 'x', '1e'],
      ['HINCRBYFLOAT', 'h', 'x', '1e5000'],
      ['HINCRBYFLOAT', 'h', 'x', '1e-5000'],
      ['HINCRBYFLOAT', 'h', 'x', '0x'],
      ['HSET', 'h', 'bad', 'abc', 'inf', 'inf', 'ninf', '-inf', 'int', '17179869184', 'huge', '1e4930'],
      ['HINCRBYFLOAT', 'h', 'bad', '1'],
      ['HINCRBYFLOAT', 'h', 'inf', '1'],
      ['HINCRBYFLOAT', 'h', 'ninf', '1'],
      ['HINCRBYFLOAT', 'h', 'int', '1.5'],
      ['HINCRBYFLOAT', 'h', 'huge', '1e4930'],
      ['HINCRBYFLOAT', 'h', 'huge', '1e4932'],
      ['HINCRBY', 'h', 'int', '1'],
      ['HGETALL', 'h'],
    ]);
    // Random sums: the digits of every intermediate value must match.
    const rnd = prng(7);
    for (let i = 0; i < 300; i++) {
      const kind = (rnd() * 5) | 0;
      const sign = rnd() < 0.3 ? '-' : '';
      const incr =
        kind === 0
          ? sign + (rnd() * 1000).toFixed((rnd() * 6) | 0)
          : kind === 1
            ? sign + String((rnd() * 1e6) | 0)
            : kind === 2
              ? sign +
                rnd()
                  .toExponential((rnd() * 10) | 0)
                  .replace('e+', 'e')
              : kind === 3
                ? sign + '0.' + String((rnd() * 1e9) | 0)
                : sign + String(rnd() * 10 ** ((rnd() * 30) | 0));
      await p.same(['HINCRBYFLOAT', 'r', 'f' + (i % 3), incr]);
    }
  });

  test('encoding conversions: entries and value length limits, never back', async () => {
    const p = await fresh();
    const long = 'x'.repeat(65);
    const edge = 'y'.repeat(64);
    await p.run([
      ['HSET', 'a', 'f', edge],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'a', 'g', long],
      ['OBJECT', 'ENCODING', 'a'],
      ['HDEL', 'a', 'g'],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'b', long, '1'],
      ['OBJECT', 'ENCODING', 'b'],
      ['HSETNX', 'c', 'f', long],
      ['OBJECT', 'ENCODING', 'c'],
      ['HSETNX', 'c2', 'f', 'v'],
      ['HSETNX', 'c2', 'f', long], // exists: no conversion
      ['OBJECT', 'ENCODING', 'c2'],
      ['HINCRBYFLOAT', 'd', long, '1'],
      ['OBJECT', 'ENCODING', 'd'],
      ['HINCRBY', 'd2', long, '1'],
      ['OBJECT', 'ENCODING', 'd2'],
      ['HSET', 'e', 'f', '1', 'g', long], // conversion is decided over all arguments first
      ['OBJECT', 'ENCODING', 'e'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '3'],
      ['HSET', 'g', 'f1', '1', 'f2', '2', 'f3', '3'],
      ['OBJECT', 'ENCODING', 'g'],
      ['HSET', 'g', 'f4', '4'],
      ['OBJECT', 'ENCODING', 'g'],
      ['HDEL', 'g', 'f1', 'f2'],
      ['OBJECT', 'ENCODING', 'g'],
      ['HGETALL', 'g'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'],
      ['HSET', 'z', 'f', 'v'],
      ['OBJECT', 'ENCODING', 'z'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '128'],
      ['CONFIG', 'SET', 'hash-max-ziplist-value', '3'],
      ['HSET', 'w', 'abc', 'abc'],
      ['OBJECT', 'ENCODING', 'w'],
      ['HSET', 'w', 'abcd', '1'],
      ['OBJECT', 'ENCODING', 'w'],
    ]);
    const big: string[] = ['HSET', 'big'];
    for (let i = 0; i < 200; i++) big.push('field:' + i, 'value:' + i);
    await p.same(['CONFIG', 'SET', 'hash-max-listpack-value', '64']);
    await p.same(big);
    await p.run([
      ['OBJECT', 'ENCODING', 'big'],
      ['HLEN', 'big'],
      ['HGETALL', 'big'],
      ['HKEYS', 'big'],
      ['HVALS', 'big'],
      ['HSCAN', 'big', '0'],
      ['HMGET', 'big', 'field:0', 'field:199', 'nope'],
      ['HDEL', 'big', 'field:0', 'field:5', 'field:199'],
      ['HLEN', 'big'],
      ['HGETALL', 'big'],
      ['OBJECT', 'ENCODING', 'big'],
    ]);
    await p.scanHash('big', ['COUNT', '7']);
    await p.scanHash('big', ['MATCH', 'field:1*']);
    await p.scanHash('big', ['MATCH', '*9', 'COUNT', '1000']);
  });

  test('HRANDFIELD: errors, counts, shapes (RESP2 and RESP3)', async () => {
    for (const resp3 of [false, true]) {
      const p = await fresh(resp3);
      await p.run([
        ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'],
        ['HRANDFIELD', 'nokey'],
        ['HRANDFIELD', 'nokey', '5'],
        ['HRANDFIELD', 'nokey', '-5', 'WITHVALUES'],
        ['HRANDFIELD', 'h', '0'],
        ['HRANDFIELD', 'h', '0', 'withvalues'],
        ['HRANDFIELD', 'h', 'x'],
        ['HRANDFIELD', 'h', '1.5'],
        ['HRANDFIELD', 'h', '5', 'WITHVALUE'],
        ['HRANDFIELD', 'h', '5', 'WITHVALUES', 'x'],
        ['HRANDFIELD', 'h', '-9223372036854775808'],
        ['HRANDFIELD', 'h', '-9223372036854775808', 'WITHVALUES'],
        ['HRANDFIELD', 'h', '-9223372036854770000', 'withvalues'],
        ['HRANDFIELD', 'h', '4611686018427387904', 'withvalues'],
        ['HRANDFIELD', 'h', '9223372036854775808'],
        ['HRANDFIELD', 'nokey', '-9223372036854775808'],
        // count >= size: the whole hash in its order
        ['HRANDFIELD', 'h', '5'],
        ['HRANDFIELD', 'h', '100', 'WITHVALUES'],
        ['HRANDFIELD', 'h', '9223372036854775807'],
      ]);
      // Random picks: shape and length compared, contents checked against the hash.
      const all = new Map([
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
        ['d', '4'],
        ['e', '5'],
      ]);
      for (const [count, withValues] of [
        [undefined, false],
        [1, false],
        [1, true],
        [2, false],
        [2, true],
        [4, true],
        [-3, false],
        [-20, true],
      ] as const) {
        const args = ['HRANDFIELD', 'h'];
        if (count !== undefined) args.push(String(count));
        if (withValues) args.push('WITHVALUES');
        const [s, r] = await Promise.all([p.strata.call(args), p.redis.call(args)]);
        assert.equal(shape(s), shape(r), args.join(' '));
        for (const [f, v] of picks(s, withValues))
          assert.equal(all.get(f), v ?? all.get(f), `${args.join(' ')}: ${f}`);
        if (count !== undefined && count > 0) {
          const fields = picks(s, withValues).map(([f]) => f);
          assert.equal(new Set(fields).size, fields.length, 'positive count gives distinct fields');
        }
      }
    }
  });

  test("HRANDFIELD on a hashtable: every case of Redis's algorithm", async () => {
    const p = await fresh();
    const args = ['HSET', 'h'];
    for (let i = 0; i < 300; i++) args.push('f' + i, 'v' + i);
    await p.same(args);
    for (const count of [1, 2, 50, 99, 100, 101, 250, 299, 300, 1000, -1, -5, -400]) {
      for (const withValues of [false, true]) {
        const a = ['HRANDFIELD', 'h', String(count), ...(withValues ? ['WITHVALUES'] : [])];
        const [s, r] = await Promise.all([p.strata.call(a), p.redis.call(a)]);
        assert.equal(shape(s), shape(r), a.join(' '));
        const got = picks(s, withValues);
        for (const [f, v] of got) if (withValues) assert.equal(v, 'v' + f.slice(1));
        if (count > 0) assert.equal(new Set(got.map(([f]) => f)).size, got.length);
        if (count >= 300) assert.equal(new Set(got.map(([f]) => f)).size, 300);
      }
    }
  });

  test('an HRANDFIELD reply too large to build closes only that client', async () => {
    const conn = await RespConnection.connect('127.0.0.1', srv.strata.port);
    try {
      await conn.call(['HSET', 'huge', 'a', '1', 'b', '2']);
      const r = await conn.call(['HRANDFIELD', 'huge', '-9223372036854775807'], 60_000);
      assert.equal(r.type, 'error');
      assert.match(canon(r), /connection closed/);
    } finally {
      conn.close();
    }
    const other = await RespConnection.connect('127.0.0.1', srv.strata.port);
    try {
      assert.equal(canon(await other.call(['HLEN', 'huge'])), ':2');
    } finally {
      other.close();
    }
  });

  test('RESP3 replies: map for HGETALL, nulls, nested HRANDFIELD pairs', async () => {
    const p = await fresh(true);
    await p.run([
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HGETALL', 'h'],
      ['HGETALL', 'nokey'],
      ['HGET', 'h', 'zz'],
      ['HGET', 'nokey', 'zz'],
      ['HMGET', 'h', 'a', 'zz'],
      ['HRANDFIELD', 'nokey'],
      ['HRANDFIELD', 'h', '2', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '10', 'WITHVALUES'],
      ['HINCRBYFLOAT', 'h', 'a', '0.5'],
      ['HSCAN', 'h', '0'],
      ['HKEYS', 'nokey'],
    ]);
  });

  test('random sequences over small and converted hashes', async () => {
    const p = await fresh();
    const rnd = prng(42);
    const pick = <T>(xs: readonly T[]): T => xs[(rnd() * xs.length) | 0];
    const keys = ['h1', 'h2', 'h3', 's'];
    const field = () => (rnd() < 0.05 ? 'F'.repeat(70) : rnd() < 0.03 ? '' : 'f' + ((rnd() * 8) | 0));
    const value = () =>
      rnd() < 0.05
        ? 'V'.repeat(80)
        : rnd() < 0.4
          ? String(((rnd() * 200) | 0) - 100)
          : 'v' + ((rnd() * 100) | 0);
    await p.same(['SET', 's', 'str']);
    for (let i = 0; i < 1500; i++) {
      const k = pick(keys);
      const op = (rnd() * 20) | 0;
      let args: string[];
      switch (op) {
        case 0:
        case 1:
        case 2: {
          args = ['HSET', k];
          const n = 1 + ((rnd() * 3) | 0);
          for (let j = 0; j < n; j++) args.push(field(), value());
          break;
        }
        case 3:
          args = ['HSETNX', k, field(), value()];
          break;
        case 4:
          args = ['HMSET', k, field(), value()];
          break;
        case 5:
        case 6:
          args = ['HDEL', k, field(), field()];
          break;
        case 7:
          args = ['HINCRBY', k, field(), pick(['1', '-3', '100', 'x', '9223372036854775807'])];
          break;
        case 8:
          args = ['HINCRBYFLOAT', k, field(), pick(['0.1', '-1.5', '2', '1e3', 'y', '3.0e-2'])];
          break;
        case 9:
          args = ['HGET', k, field()];
          break;
        case 10:
          args = ['HMGET', k, field(), field(), field()];
          break;
        case 11:
          args = [pick(['HLEN', 'HKEYS', 'HVALS', 'HGETALL']), k];
          break;
        case 12:
          args = [pick(['HSTRLEN', 'HEXISTS']), k, field()];
          break;
        case 13:
          args = ['HSCAN', k, '0', ...(rnd() < 0.5 ? ['MATCH', 'f[0-3]'] : [])];
          break;
        case 14:
          args = ['HRANDFIELD', k, String(10 + ((rnd() * 5) | 0)), 'WITHVALUES'];
          break;
        case 15:
          if (rnd() < 0.3) args = ['DEL', k];
          else args = ['OBJECT', 'ENCODING', k];
          break;
        case 16:
          args = ['EXISTS', k];
          break;
        default:
          args = ['HGETALL', k];
      }
      if (args[0] === 'HRANDFIELD') {
        // count >= size: the whole hash; listpack order is kept, a hashtable is compared as a set
        const enc = await p.same(['OBJECT', 'ENCODING', k]);
        await p.same(args, enc.type === 'bulk' && enc.value.toString() === 'listpack' ? 'exact' : 'pairs');
      } else {
        await p.check(args);
      }
    }
  });

  test('keyspace notifications: hset, hdel, hincrby, hincrbyfloat, del when emptied', async () => {
    const p = await fresh();
    await p.same(['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']);
    const { got, stop } = captureKeyEvents(srv.strata.server);
    const sub = await subscribe(srv.redis.port, '__keyevent@*');
    try {
      await p.run([
        ['HSET', 'h', 'a', '1', 'b', '2'],
        ['HMSET', 'h', 'c', '3'],
        ['HSETNX', 'h', 'a', '1'],
        ['HSETNX', 'h', 'd', '1'],
        ['HINCRBY', 'h', 'a', '1'],
        ['HINCRBYFLOAT', 'h', 'a', '1.5'],
        ['HINCRBY', 'h', 'b', 'x'],
        ['HDEL', 'h', 'zz'],
        ['HDEL', 'h', 'a'],
        ['HDEL', 'h', 'b', 'c', 'd'],
        ['HSET', 'h2', 'f', 'v'],
      ]);
      await p.same(['CONFIG', 'SET', 'notify-keyspace-events', '']);
      const expected = await sub.until(9);
      assert.deepEqual(got, expected);
      assert.deepEqual(expected, [
        '__keyevent@0__:hset h',
        '__keyevent@0__:hset h',
        '__keyevent@0__:hset h',
        '__keyevent@0__:hincrby h',
        '__keyevent@0__:hincrbyfloat h',
        '__keyevent@0__:hdel h',
        '__keyevent@0__:hdel h',
        '__keyevent@0__:del h',
        '__keyevent@0__:hset h2',
      ]);
    } finally {
      stop();
      sub.close();
    }
  });

  test('COPY keeps encoding and contents; MEMORY-relevant bytes are non-zero', async () => {
    const p = await fresh();
    await p.run([
      ['HSET', 'h', 'b', '1', 'a', '2'],
      ['COPY', 'h', 'h2'],
      ['HSET', 'h2', 'c', '3'],
      ['HGETALL', 'h'],
      ['HGETALL', 'h2'],
      ['HSET', 'big', 'f', 'x'.repeat(100)],
      ['COPY', 'big', 'big2'],
      ['OBJECT', 'ENCODING', 'big2'],
      ['HGETALL', 'big2'],
    ]);
  });
});

/** The length/type shape of a reply (for random picks whose contents differ between servers). */
function shape(r: Reply): string {
  if (r.type === 'array' || r.type === 'map') return `${r.type}(${r.items.map(shape).join(',')})`;
  return r.type;
}

/** Field/value picks of an HRANDFIELD reply, flat (RESP2) or nested pairs (RESP3). */
function picks(r: Reply, withValues: boolean): [string, string | undefined][] {
  if (r.type === 'bulk') return [[r.value.toString('latin1'), undefined]];
  if (r.type !== 'array') return [];
  const out: [string, string | undefined][] = [];
  const str = (x: Reply) => (x.type === 'bulk' ? x.value.toString('latin1') : canon(x));
  if (withValues && r.items[0]?.type === 'array') {
    for (const pair of r.items) if (pair.type === 'array') out.push([str(pair.items[0]), str(pair.items[1])]);
  } else if (withValues) {
    for (let i = 0; i < r.items.length; i += 2) out.push([str(r.items[i]), str(r.items[i + 1])]);
  } else {
    for (const x of r.items) out.push([str(x), undefined]);
  }
  return out;
}

/** A raw PSUBSCRIBE connection to redis-server collecting "channel message" strings. */
async function subscribe(
  port: number,
  pattern: string,
): Promise<{ until(n: number): Promise<string[]>; close(): void }> {
  const socket = net.connect(port, '127.0.0.1');
  const reader = new ReplyReader();
  const messages: string[] = [];
  let confirmed: () => void;
  const ready = new Promise<void>((r) => (confirmed = r));
  socket.on('data', (chunk) => {
    reader.feed(chunk);
    for (let r = reader.next(); r !== undefined; r = reader.next()) {
      if (r.type !== 'array') continue;
      const kind = r.items[0].type === 'bulk' ? r.items[0].value.toString() : '';
      if (kind === 'psubscribe') confirmed();
      else if (kind === 'pmessage' && r.items[2].type === 'bulk' && r.items[3].type === 'bulk')
        messages.push(`${r.items[2].value.toString('latin1')} ${r.items[3].value.toString('latin1')}`);
    }
  });
  socket.write(`*2\r\n$10\r\nPSUBSCRIBE\r\n$${pattern.length}\r\n${pattern}\r\n`);
  await ready;
  return {
    async until(n: number) {
      // The CONFIG SET after the commands is a barrier: Redis publishes synchronously, so every
      // message is on its way before that reply; allow the subscriber socket a moment to deliver.
      const deadline = Date.now() + 2000;
      while (messages.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50));
      return messages;
    },
    close: () => socket.destroy(),
  };
}

// -------------------------------------------------------------------------------------------------
// HashValue unit tests
// -------------------------------------------------------------------------------------------------

describe('hash readers (the tiering seam)', () => {
  /** Runs a reader against a loader and returns the raw reply. */
  const answer = (argv: string[], load: HashLoader, resp: 2 | 3): string => {
    const c = { reply: new ReplyWriter(resp) } as unknown as Client;
    try {
      hashReaders[argv[0].toLowerCase()](c, argv, load);
    } catch (e) {
      return 'thrown: ' + (e as Error).message;
    }
    return c.reply.take();
  };

  test('every read-only command answers the same from a parsed copy as from RAM', () => {
    for (const fields of [3, 300]) {
      const h = new HashValue();
      for (let i = 0; i < fields; i++) h.set('f' + i, i % 2 ? String(i) : 'v\x00' + i, 128, 64);
      const copy = HashValue.parse(h.serialise());
      const calls = [
        ['HGET', 'k', 'f1'],
        ['HGET', 'k', 'nope'],
        ['HMGET', 'k', 'f0', 'nope', 'f2'],
        ['HLEN', 'k'],
        ['HSTRLEN', 'k', 'f2'],
        ['HEXISTS', 'k', 'f1'],
        ['HKEYS', 'k'],
        ['HVALS', 'k'],
        ['HGETALL', 'k'],
        ['HSCAN', 'k', '0', 'COUNT', '7', 'MATCH', 'f1*'],
        ['HSCAN', 'k', '0', 'COUNT', '0'],
        ['HRANDFIELD', 'k', '1000', 'WITHVALUES'],
        ['HRANDFIELD', 'k', 'x'],
      ];
      for (const resp of [2, 3] as const) {
        for (const argv of calls) {
          const fromRam = answer(argv, () => h, resp);
          assert.equal(
            answer(argv, () => copy, resp),
            fromRam,
            argv.join(' '),
          );
          assert.ok(fromRam.length > 0);
        }
      }
      assert.equal(
        answer(['HLEN', 'k'], () => undefined, 2),
        ':0\r\n',
      );
      assert.equal(
        answer(['HGETALL', 'k'], () => undefined, 3),
        '%0\r\n',
      );
    }
  });
});

describe('HashValue', () => {
  const fill = (h: HashValue, n: number, maxEntries = 128, maxValue = 64) => {
    for (let i = 0; i < n; i++) h.set('f' + i, 'v' + i, maxEntries, maxValue);
  };
  const pairsOf = (h: HashValue) => Array.from({ length: h.size }, (_, i) => [h.fieldAt(i), h.valueAt(i)]);

  test('listpack keeps insertion order through updates and deletes', () => {
    const h = new HashValue();
    assert.equal(h.set('b', '1', 128, 64), true);
    assert.equal(h.set('a', '2', 128, 64), true);
    assert.equal(h.set('c', '3', 128, 64), true);
    assert.equal(h.set('a', '20', 128, 64), false);
    assert.equal(h.delete('b'), true);
    assert.equal(h.delete('b'), false);
    h.set('b', '4', 128, 64);
    assert.deepEqual(pairsOf(h), [
      ['a', '20'],
      ['c', '3'],
      ['b', '4'],
    ]);
    assert.equal(h.encoding(), 'listpack');
  });

  test('converts on entries and value length, never back', () => {
    const h = new HashValue();
    fill(h, 3, 3);
    assert.equal(h.encoding(), 'listpack');
    fill(h, 4, 3);
    assert.equal(h.encoding(), 'hashtable');
    h.delete('f0');
    h.delete('f1');
    assert.equal(h.encoding(), 'hashtable');
    assert.equal(h.get('f2'), 'v2');
    assert.equal(h.get('f0'), undefined);

    const l = new HashValue();
    l.set('f', 'x'.repeat(64), 128, 64);
    assert.equal(l.encoding(), 'listpack');
    l.set('g', 'x'.repeat(65), 128, 64);
    assert.equal(l.encoding(), 'hashtable');

    const m = new HashValue();
    m.convertIfAnyLonger(['HSET', 'k', 'f', 'short', 'g', 'x'.repeat(65)], 2, 5, 64);
    assert.equal(m.encoding(), 'hashtable');
  });

  test('hashtable lookups, deletes and random pairs stay consistent', () => {
    const h = new HashValue();
    fill(h, 1000);
    const rnd = prng(3);
    const model = new Map<string, string>();
    for (let i = 0; i < 1000; i++) model.set('f' + i, 'v' + i);
    for (let i = 0; i < 5000; i++) {
      const f = 'f' + ((rnd() * 1500) | 0);
      if (rnd() < 0.5) {
        assert.equal(h.delete(f), model.delete(f));
      } else {
        assert.equal(h.set(f, 'w' + i, 128, 64), !model.has(f));
        model.set(f, 'w' + i);
      }
      assert.equal(h.size, model.size);
    }
    for (const [f, v] of model) assert.equal(h.get(f), v);
    assert.deepEqual(new Map(pairsOf(h) as [string, string][]), model);
    const counts = new Map<string, number>();
    for (let i = 0; i < 20000; i++) {
      const f = h.fieldAt(h.randomPair());
      assert.ok(model.has(f));
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    assert.ok(counts.size > model.size * 0.9, 'random pairs cover the hash');
  });

  test('byte count grows and shrinks with the contents', () => {
    const h = new HashValue();
    const empty = h.bytes;
    assert.ok(empty > 0);
    h.set('field', 'value', 128, 64);
    const one = h.bytes;
    assert.ok(one > empty + 10);
    h.set('field', 'a much longer value than before', 128, 64);
    assert.ok(h.bytes > one);
    h.delete('field');
    assert.equal(h.bytes, empty);
    fill(h, 200);
    const large = h.bytes;
    assert.ok(large > 200 * 40);
    for (let i = 0; i < 200; i++) h.delete('f' + i);
    assert.ok(h.bytes < large / 10);
  });

  test('clone is deep and keeps the encoding', () => {
    for (const n of [3, 300]) {
      const h = new HashValue();
      fill(h, n);
      const c = h.clone();
      assert.equal(c.encoding(), h.encoding());
      assert.equal(c.bytes, h.bytes);
      c.set('f0', 'changed', 128, 64);
      c.delete('f1');
      assert.equal(h.get('f0'), 'v0');
      assert.equal(h.get('f1'), 'v1');
      assert.equal(c.get('f2'), 'v2');
      assert.equal(c.size, n - 1);
    }
  });

  test('hashtable scan never misses a pair present for the whole scan, under changes', () => {
    const rnd = prng(11);
    for (let round = 0; round < 20; round++) {
      const h = new HashValue();
      fill(h, 500);
      const stable = new Set<string>();
      for (let i = 0; i < 250; i++) stable.add('f' + i); // never touched below
      const seen = new Set<string>();
      let cursor = 0;
      let extra = 0;
      do {
        cursor = h.scan(cursor, 1 + ((rnd() * 20) | 0), (f) => seen.add(f));
        for (let j = 0; j < 5; j++) {
          if (rnd() < 0.5) h.delete('f' + (250 + ((rnd() * 250) | 0)));
          else h.set('n' + extra++, 'x', 128, 64);
        }
      } while (cursor !== 0);
      for (const f of stable) assert.ok(seen.has(f), `round ${round}: ${f} missed`);
    }
  });

  test('listpack scan returns everything with cursor 0', () => {
    const h = new HashValue();
    fill(h, 5);
    const seen: string[] = [];
    assert.equal(
      h.scan(99, 1, (f) => seen.push(f)),
      0,
    );
    assert.deepEqual(seen, ['f0', 'f1', 'f2', 'f3', 'f4']);
  });

  test('serialise / parse round-trip, both encodings, binary and long strings', () => {
    const cases: [string, string][][] = [
      [],
      [['a', '1']],
      [
        ['', ''],
        ['\x00\xff\r\n', 'bin\x80\x7f'],
        ['long', 'z'.repeat(70000)],
        ['x'.repeat(200), 'y'],
      ],
    ];
    for (const pairs of cases) {
      for (const maxEntries of [128, 0]) {
        const h = new HashValue();
        for (const [f, v] of pairs) h.set(f, v, maxEntries, 1 << 20);
        const s = h.serialise();
        // As serialised, and as a tiered read decodes it out of a page (decodeHashRecord).
        const page = Buffer.concat([Buffer.from('head'), Buffer.from(s, 'latin1'), Buffer.from('tail')]);
        for (const back of [HashValue.parse(s), decodeHashRecord(page, 4, page.length - 4)]) {
          assert.ok(back instanceof HashValue);
          assert.equal(back.encoding(), h.encoding());
          assert.deepEqual(pairsOf(back), pairsOf(h));
          assert.equal(back.bytes, h.bytes);
          assert.equal(HashValue.serialisedSize(s), h.size);
          for (const [f, v] of pairs) assert.equal(back.get(f), v);
        }
      }
    }
  });

  test('serialised form is compact', () => {
    const h = new HashValue();
    for (let i = 0; i < 15; i++) h.set('f' + String(i).padStart(3, '0'), 'v'.repeat(30), 128, 64);
    // 3 header bytes + per pair 2 length bytes + 4 + 30
    assert.equal(h.serialise().length, 3 + 15 * (2 + 4 + 30));
  });

  test('parse rejects malformed records', () => {
    const h = new HashValue();
    h.set('field', 'value', 128, 64);
    h.set('other', 'thing', 128, 64);
    const s = h.serialise();
    const bad = [
      '',
      'X' + s.slice(1),
      s.slice(0, 1) + '\x07' + s.slice(2),
      s.slice(0, -1),
      s + 'x',
      s.slice(0, 2) + '\x05' + s.slice(3),
      s.slice(0, 2) + '\xff\xff\xff\xff\xff\xff\xff\xff' + s.slice(3),
    ];
    for (const b of bad) assert.throws(() => HashValue.parse(b), /corrupt hash record/, JSON.stringify(b));
    // A hashtable-encoded record is indexed as it is read: a duplicate field is caught there. (A
    // listpack record is trusted to its CRC, see parse.)
    const big = new HashValue();
    big.set('field', 'value', 1, 64);
    big.set('other', 'thing', 1, 64);
    assert.equal(big.encoding(), 'hashtable');
    const dup = big.serialise().replace('other', 'field');
    assert.throws(() => HashValue.parse(dup), /corrupt hash record: duplicate field/);
  });
});
