/**
 * SORT and SORT_RO: differential against a real redis-server (only orderings Redis fixes: numeric
 * sorts tie-break by element, ALPHA BY ties keep list/intset order, BY nosort keeps list/zset order),
 * keyspace notifications of STORE, COMMAND GETKEYS, and unit tests of the strtod weight parser.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Redis from 'ioredis';
import { canon, DiffPair, type Reply } from '../testing/differential';
import { startRedis, startStrata, type RunningProcess, type RunningServer } from '../testing/harness';
import { sortWeight } from './sort';

class Pair extends DiffPair {
  async all(cmds: string[][]): Promise<void> {
    for (const cmd of cmds) await this.same(cmd);
  }
}

/** Splits a command written on one line (no quoting needed in these tests). */
const cmd = (line: string): string[] => line.split(' ');

describe('SORT differential', () => {
  let strata: RunningServer;
  let redis: RunningProcess;
  let p: Pair;

  before(async () => {
    [strata, redis] = await Promise.all([startStrata(), startRedis()]);
    p = await Pair.open(strata.port, redis.port);
  });
  after(async () => {
    p?.close();
    await Promise.all([strata?.close(), redis?.close()]);
  });

  test('numeric and ALPHA sorts of lists, sets and sorted sets', async () => {
    await p.all(
      [
        'FLUSHALL',
        'RPUSH l 3 1 2 10 -5 2.5 1e2 -0 0 007 3',
        'SORT l',
        'SORT l DESC',
        'SORT l ASC',
        'SORT l ALPHA',
        'SORT l ALPHA DESC',
        'SORT_RO l',
        'SORT_RO l DESC ALPHA',
        'SADD si 5 3 9 -1 100 0',
        'SORT si',
        'SORT si DESC',
        'SORT si ALPHA',
        'SADD sh b a d c 10 2 1',
        'SORT sh ALPHA',
        'SORT sh ALPHA DESC',
        'SORT sh',
        'ZADD z 1 c 2 b 3 a 0 d',
        'SORT z ALPHA',
        'SORT z ALPHA DESC',
        'SORT z',
        'OBJECT ENCODING z',
        'ZADD zn 1 30 2 20 3 10',
        'SORT zn',
        'OBJECT ENCODING zn',
        'SORT missing',
        'SORT missing ALPHA DESC LIMIT 0 5',
      ].map(cmd),
    );
  });

  test('numeric conversion errors and accepted strtod forms', async () => {
    await p.same(cmd('FLUSHALL'));
    await p.all([cmd('RPUSH bad 1 2 x'), cmd('SORT bad'), cmd('SORT bad ALPHA'), cmd('SORT bad BY nosort')]);
    // Redis 7.0 does not clear errno before strtod, so after an ERANGE a later SORT can fail too
    // until something resets errno: INCRBYFLOAT (string2ld) does, so one runs before each SORT.
    const values = [
      'nan',
      'inf',
      '-inf',
      'infinity',
      '0x1F',
      '-0x10',
      '0x',
      '1e',
      '.5',
      '5.',
      ' 7',
      '7 ',
      '',
    ];
    for (const v of [...values, '1e400', '1e-400', '1e-310', '2.2250738585072014e-308']) {
      await p.all([
        ['DEL', 'w'],
        ['RPUSH', 'w', '1', v, '-3'],
      ]);
      for (const order of ['ASC', 'DESC']) {
        await p.same(['INCRBYFLOAT', 'errno-reset', '1']);
        await p.same(['SORT', 'w', order]);
      }
    }
    // Weights from BY keys: a bad weight is an error, a missing one is 0.
    await p.all(
      [
        'RPUSH ids a b c',
        'MSET w_a 3 w_b oops',
        'SORT ids BY w_*',
        'SET w_b 1',
        'SORT ids BY w_*',
        'SORT ids BY w_* DESC',
        'SORT ids BY w_* STORE dst',
        'EXISTS dst',
      ].map(cmd),
    );
  });

  test('wrong types, syntax and LIMIT errors, option order', async () => {
    await p.all(
      [
        'FLUSHALL',
        'SET s v',
        'HSET h f v',
        'RPUSH l 2 1',
        'SORT s',
        'SORT h',
        'SORT_RO s',
        'SORT l FOO',
        'SORT s FOO',
        'SORT l LIMIT 1',
        'SORT l LIMIT x 1',
        'SORT l LIMIT 1 x',
        'SORT s LIMIT x 1',
        'SORT l LIMIT 0 99999999999999999999',
        'SORT l BY',
        'SORT l GET',
        'SORT l STORE',
        'SORT_RO l STORE dst',
        'SORT_RO l store',
        'SORT',
        'SORT_RO',
        'sort l desc alpha limit 0 1',
        'SORT l DESC ASC',
        'SORT l ALPHA STORE s',
        'TYPE s',
      ].map(cmd),
    );
  });

  test('LIMIT edge cases, with and without sorting', async () => {
    await p.all(['FLUSHALL', 'RPUSH l 3 1 2 5 4', 'ZADD z 1 a 2 b 3 c 4 d 5 e', 'SADD s 5 4 3 2 1'].map(cmd));
    const limits = [
      '0 0',
      '0 1',
      '0 -1',
      '1 -3',
      '2 2',
      '4 1',
      '4 5',
      '5 1',
      '6 1',
      '-1 2',
      '-5 -5',
      '2 9223372036854775807',
      '9223372036854775807 2',
      '-9223372036854775808 -9223372036854775808',
      '0 9223372036854775807',
    ];
    for (const key of ['l', 'z', 's', 'nokey']) {
      for (const lim of limits) {
        for (const extra of ['', ' DESC', ' ALPHA', ' BY nosort', ' BY nosort DESC', ' GET # GET x']) {
          if (key === 's' && extra.includes('nosort')) continue; // set order without sorting
          await p.same(cmd(`SORT ${key} LIMIT ${lim}${extra}`));
        }
        await p.all([cmd(`SORT ${key} LIMIT ${lim} BY nosort STORE d`), cmd('LRANGE d 0 -1')]);
      }
    }
  });

  test('BY nosort keeps list and sorted-set order; a set is sorted when stored', async () => {
    await p.all(
      [
        'FLUSHALL',
        'RPUSH l c a b 3 1',
        'SORT l BY nosort',
        'SORT l BY nosort DESC',
        'SORT l BY constant ALPHA',
        'SORT l BY nosort GET #',
        'ZADD z 3 x 1 y 2 z 2 a',
        'SORT z BY nosort',
        'SORT z BY nosort DESC',
        'SORT z BY nosort LIMIT 1 2',
        'SORT z BY nosort DESC LIMIT 1 2',
        'SADD si 3 1 2',
        'SORT si BY nosort',
        'SADD sh z y x w 10 9',
        'SORT sh BY nosort STORE out',
        'LRANGE out 0 -1',
        'SORT sh BY nosort DESC STORE out',
        'LRANGE out 0 -1',
        'SORT sh BY nosort LIMIT 1 3 STORE out',
        'LRANGE out 0 -1',
      ].map(cmd),
    );
  });

  test('BY and GET patterns: strings, hash fields, #, missing and mistyped keys', async () => {
    await p.all(
      [
        'FLUSHALL',
        'RPUSH ids 1 2 3 4 5',
        'MSET w_1 50 w_2 10 w_3 30 w_4 10 name_1 one name_2 two name_3 three name_5 five',
        'HSET obj_1 age 40 nick ann',
        'HSET obj_2 age 20 nick bob',
        'HSET obj_3 age 30',
        'RPUSH name_4 notastring',
        'SORT ids BY w_*',
        'SORT ids BY w_* DESC',
        'SORT ids BY w_* GET name_*',
        'SORT ids BY w_* GET # GET name_* GET obj_*->nick GET obj_*->age',
        'SORT ids BY obj_*->age',
        'SORT ids BY obj_*->age DESC GET obj_*->nick',
        'SORT ids BY name_* ALPHA',
        'SORT ids BY name_* ALPHA DESC',
        'SORT ids BY obj_*->nick ALPHA GET #',
        'SORT ids BY obj_*-> GET obj_*->',
        'SORT ids BY w_*->age',
        'SORT ids GET nostar',
        'SORT ids GET * GET #',
        'SORT ids GET obj_*->missing',
        'SORT ids BY w_* LIMIT 1 2 GET name_*',
        'SORT ids BY w_* LIMIT 0 10 GET name_* GET #',
        'SADD si 3 2 1',
        'SORT si BY w_* GET name_*',
        'SORT si BY obj_*->age',
        'SORT ids BY *_w',
        'MSET 1_w 3 2_w 2 3_w 1',
        'SORT ids BY *_w',
        'SORT ids BY pre*post',
        'SET pre2post -1',
        'SORT ids BY pre*post',
        // ALPHA BY ties (missing keys) keep the list order, also in DESC and with LIMIT
        'RPUSH t h g f e d c b a j i',
        'SORT t BY nokey_* ALPHA',
        'SORT t BY nokey_* ALPHA DESC',
        'SORT t BY nokey_* ALPHA LIMIT 2 5',
        'MSET k_c 1 k_a 1 k_i 2',
        'SORT t BY k_* ALPHA',
        'SORT t BY k_* ALPHA DESC',
        'SORT t BY k_*',
        'SORT t BY k_* DESC GET k_* GET #',
      ].map(cmd),
    );
  });

  test('STORE writes a list, replaces any type, drops the TTL, deletes on empty', async () => {
    await p.all(
      [
        'FLUSHALL',
        'RPUSH l 3 1 2',
        'MSET n_1 one n_3 three',
        'SET dst old EX 100',
        'SORT l STORE dst',
        'TYPE dst',
        'TTL dst',
        'LRANGE dst 0 -1',
        'SORT l GET n_* GET # STORE dst',
        'LRANGE dst 0 -1',
        'HSET h f v',
        'SORT l DESC STORE h',
        'LRANGE h 0 -1',
        'SORT l STORE l',
        'LRANGE l 0 -1',
        'SORT l LIMIT 5 5 STORE dst',
        'EXISTS dst',
        'SORT missing STORE l',
        'EXISTS l',
        'SORT missing STORE l',
        'SORT l store a store b',
        'EXISTS a b',
        'ZADD z 2 b 1 a',
        'SORT z ALPHA DESC STORE zs',
        'LRANGE zs 0 -1',
      ].map(cmd),
    );
  });

  test('large random lists: numeric, ALPHA and BY sorts agree exactly', async () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    await p.same(cmd('FLUSHALL'));
    const values: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const kind = rand(4);
      values.push(
        kind === 0
          ? String(rand(100) - 50)
          : kind === 1
            ? `${rand(1000) / 8}`
            : kind === 2
              ? `${rand(50)}e${rand(5)}`
              : `0${rand(30)}`,
      );
    }
    await p.same(['RPUSH', 'big', ...values]);
    const words: string[] = [];
    for (let i = 0; i < 2000; i++)
      words.push(String.fromCharCode(97 + rand(26), 97 + rand(26), 97 + rand(3)));
    await p.same(['RPUSH', 'words', ...words]);
    const mset: string[] = [];
    for (let i = 0; i < 2000; i += 3) mset.push(`w_${words[i]}`, String(rand(10)));
    await p.same(['MSET', ...mset]);
    await p.all(
      [
        'SORT big',
        'SORT big DESC',
        'SORT big ALPHA',
        'SORT big ALPHA DESC',
        'SORT big LIMIT 100 50',
        'SORT big DESC LIMIT 2990 50',
        'SORT words ALPHA',
        'SORT words ALPHA DESC LIMIT 10 20',
        'SORT words BY w_*',
        'SORT words BY w_* DESC',
        'SORT words BY w_* LIMIT 7 300',
        'SORT words BY w_* ALPHA',
        'SORT words BY w_* ALPHA DESC',
        'SORT words BY w_* STORE out',
        'LRANGE out 0 -1',
      ].map(cmd),
    );
  });

  test('RESP3 replies', async () => {
    await Promise.all([p.strata.call(cmd('HELLO 3')), p.redis.call(cmd('HELLO 3'))]);
    await p.all(['FLUSHALL', 'RPUSH l 2 1', 'SORT l GET nope_* GET #', 'SORT l STORE d', 'SORT x'].map(cmd));
    await Promise.all([p.strata.call(cmd('HELLO 2')), p.redis.call(cmd('HELLO 2'))]);
  });

  test('COMMAND INFO and GETKEYS', async () => {
    // COMMAND INFO up to the ACL categories and tips; Redis's extra 'unknown' key specs (BY/GET and
    // STORE) are not modelled by the command table, which describes one key range.
    for (const name of ['sort', 'sort_ro']) {
      const [s, r] = await Promise.all([
        p.strata.call(['COMMAND', 'INFO', name]),
        p.redis.call(['COMMAND', 'INFO', name]),
      ]);
      assert.ok(s.type === 'array' && r.type === 'array');
      const head = (x: Reply): string =>
        x.type === 'array' ? x.items.slice(0, 8).map(canon).join(',') : canon(x);
      assert.equal(head(s.items[0]), head(r.items[0]), name);
    }
    await p.all(
      [
        'COMMAND GETKEYS sort a',
        'COMMAND GETKEYS sort a limit 0 1 store b by x store c get store',
        'COMMAND GETKEYS sort a STORE',
        'COMMAND GETKEYS sort a get store store d',
        'COMMAND GETKEYS sort a LIMIT store x',
        'COMMAND GETKEYS sort_ro a by b',
      ].map(cmd),
    );
  });

  test('sortstore and del notifications', async () => {
    const listen = async (port: number): Promise<{ sub: Redis; events: string[]; done: Promise<void> }> => {
      const sub = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
      await sub.connect();
      await sub.config('SET', 'notify-keyspace-events', 'KEA');
      const events: string[] = [];
      let finish = (): void => undefined;
      const done = new Promise<void>((resolve) => (finish = resolve));
      sub.on('pmessage', (_pattern: string, channel: string, message: string) => {
        events.push(`${channel} ${message}`);
        if (message === 'done') finish();
      });
      await sub.psubscribe('__key*__:*');
      return { sub, events, done };
    };
    const a = await listen(strata.port);
    const b = await listen(redis.port);
    try {
      await p.all(
        [
          'FLUSHALL',
          'RPUSH l 1 2',
          'SORT l STORE d',
          'SORT none STORE d',
          'SORT none STORE d',
          'SORT l LIMIT 0 0 STORE l',
          'SET done 1',
        ].map(cmd),
      );
      await Promise.all([a.done, b.done]);
      assert.deepEqual(a.events, b.events);
      assert.ok(a.events.includes('__keyevent@0__:sortstore d'));
    } finally {
      a.sub.disconnect();
      b.sub.disconnect();
    }
  });
});

describe('sortWeight (strtod as SORT uses it)', () => {
  test('accepted forms', () => {
    assert.equal(sortWeight(''), 0);
    assert.equal(sortWeight(' 7'), 7);
    assert.equal(sortWeight('\t-2.5e1'), -25);
    assert.equal(sortWeight('0x1F'), 31);
    assert.equal(sortWeight('-0x1.8p1'), -3);
    assert.equal(sortWeight('inf'), Infinity);
    assert.equal(sortWeight('-Infinity'), -Infinity);
    assert.equal(sortWeight('2.2250738585072014e-308'), 2.2250738585072014e-308);
    assert.equal(sortWeight('0e-400'), 0);
  });
  test('refused forms', () => {
    for (const s of ['nan', 'x', '7 ', ' ', '0x', '1e', '1e400', '1e-400', '1e-310', '--1', '1..2']) {
      assert.ok(Number.isNaN(sortWeight(s)), s);
    }
  });
});
