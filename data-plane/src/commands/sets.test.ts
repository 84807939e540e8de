/**
 * Set family tests: differential against a real redis-server (exact replies; intset order is exact,
 * hashtable order and random picks compared as sets or checked for validity), and SetValue unit tests.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SetValue, isIntsetMember } from '../store/set';
import { canon, captureKeyEvents, DiffPair, diffSuite, prng, type Reply } from '../testing/differential';

// -------------------------------------------------------------------------------------------------
// Helpers
// -------------------------------------------------------------------------------------------------

/** Commands whose reply order is the set's order (exact for an intset). */
const ORDERED = new Set(['smembers', 'sscan']);
/** Commands whose reply order depends on several sets: compared as sets. */
const ALGEBRA = new Set(['sinter', 'sunion', 'sdiff']);

class Pair extends DiffPair {
  /** Exact, except where Redis's order is unspecified (hashtable iteration, multi-set results). */
  override async check(args: string[]): Promise<void> {
    const name = args[0].toLowerCase();
    if (ALGEBRA.has(name)) {
      await this.same(args, 'set');
    } else if (name === 'srandmember' && args.length === 3 && !args[2].startsWith('-')) {
      // a count >= the size returns the whole set in its order; smaller counts are random
      const intset = (await this.encoding(args[1])) === 'intset';
      await this.same(args, intset ? 'exact' : 'set');
    } else if (ORDERED.has(name) && args.length >= 2) {
      const hashtable = (await this.encoding(args[1])) === 'hashtable';
      if (!hashtable) await this.same(args);
      else if (name === 'sscan') await this.scanSet(args[1]);
      else await this.same(args, 'set');
    } else {
      await this.same(args);
    }
  }

  /** A full SSCAN iteration on both; the members collected compared as sets. */
  scanSet(key: string, extra: string[] = []): Promise<void> {
    return this.scanAll(['SSCAN', key], extra);
  }
}

/** Bulk members of an array/set reply. */
function members(r: Reply): string[] {
  if (r.type === 'bulk') return [r.value.toString('latin1')];
  if (r.type !== 'array' && r.type !== 'set') return [];
  return r.items.map((x) => (x.type === 'bulk' ? x.value.toString('latin1') : canon(x)));
}

// -------------------------------------------------------------------------------------------------
// Differential tests
// -------------------------------------------------------------------------------------------------

describe('sets: differential vs redis-server', () => {
  const { servers: srv, fresh } = diffSuite(Pair, { 'set-max-intset-entries': '512' });

  test('basic commands, intset order and encodings', async () => {
    for (const resp3 of [false, true]) {
      const p = await fresh(resp3);
      await p.run([
        ['SADD', 'i', '5', '-3', '100', '0', '5', '-9223372036854775808', '9223372036854775807'],
        ['SMEMBERS', 'i'],
        ['OBJECT', 'ENCODING', 'i'],
        ['SADD', 'i', '9223372036854775808'],
        ['OBJECT', 'ENCODING', 'i'],
        ['SADD', 'j', '1', '2', '3'],
        ['SADD', 'j', '01'],
        ['OBJECT', 'ENCODING', 'j'],
        ['SADD', 'k', '-0'],
        ['OBJECT', 'ENCODING', 'k'],
        ['SADD', 's', 'b', 'a', 'c'],
        ['OBJECT', 'ENCODING', 's'],
        ['SCARD', 's'],
        ['SCARD', 'nokey'],
        ['SISMEMBER', 's', 'a'],
        ['SISMEMBER', 's', 'z'],
        ['SISMEMBER', 'nokey', 'a'],
        ['SISMEMBER', 'i', '5'],
        ['SISMEMBER', 'i', '05'],
        ['SMISMEMBER', 's', 'a', 'z', 'c'],
        ['SMISMEMBER', 'nokey', 'a', 'b'],
        ['SMISMEMBER', 'i', '0', '-3', 'x'],
        ['SMEMBERS', 'nokey'],
        ['SREM', 's', 'a', 'z', 'a'],
        ['SREM', 'nokey', 'a'],
        ['SREM', 'i', 'x', '5'],
        ['SMEMBERS', 'i'],
        ['SREM', 's', 'b', 'c'],
        ['EXISTS', 's'],
        ['SSCAN', 'i', '0'],
        ['SSCAN', 'i', '0', 'MATCH', '*0*', 'COUNT', '1'],
        ['SSCAN', 'nokey', '0'],
        ['SADD', 'e', ''],
        ['SMEMBERS', 'e'],
        ['SPOP', 'nokey'],
        ['SPOP', 'nokey', '3'],
        ['SPOP', 'i', '0'],
        ['SRANDMEMBER', 'nokey'],
        ['SRANDMEMBER', 'nokey', '3'],
        ['SRANDMEMBER', 'i', '0'],
        ['SRANDMEMBER', 'i', '100'],
        ['SRANDMEMBER', 'j', '-0'],
      ]);
    }
  });

  test('argument errors, wrong arity and wrong types', async () => {
    const p = await fresh();
    await p.run([
      ['SET', 'str', 'x'],
      ['SADD', 's', 'a', 'b'],
      ['SADD', 's'],
      ['SREM', 's'],
      ['SMOVE', 's', 'd'],
      ['SISMEMBER', 's'],
      ['SMISMEMBER', 's'],
      ['SCARD'],
      ['SMEMBERS'],
      ['SPOP'],
      ['SPOP', 's', '1', '2'],
      ['SPOP', 's', '-1'],
      ['SPOP', 's', 'x'],
      ['SPOP', 'str', 'x'],
      ['SPOP', 'str', '0'],
      ['SRANDMEMBER', 's', '1', '2'],
      ['SRANDMEMBER', 's', 'x'],
      ['SRANDMEMBER', 's', '-9223372036854775808'],
      ['SRANDMEMBER', 's', '9223372036854775808'],
      ['SRANDMEMBER', 'str', 'x'],
      ['SINTER'],
      ['SINTERSTORE', 'd'],
      ['SINTERCARD', '1'],
      ['SINTERCARD', '0', 's'],
      ['SINTERCARD', '-1', 's'],
      ['SINTERCARD', 'x', 's'],
      ['SINTERCARD', '3', 's', 's'],
      ['SINTERCARD', '1', 's', 'LIMIT'],
      ['SINTERCARD', '1', 's', 'LIMIT', '-1'],
      ['SINTERCARD', '1', 's', 'LIMIT', 'x'],
      ['SINTERCARD', '1', 's', 'FOO', '1'],
      ['SINTERCARD', '1', 's', 'LIMIT', '1', 'LIMIT', '0'],
      ['SSCAN', 's'],
      ['SSCAN', 's', 'x'],
      ['SSCAN', 's', '0', 'COUNT', '0'],
      ['SSCAN', 's', '0', 'TYPE', 'set'],
      ...[
        ['SADD', 'str', 'a'],
        ['SREM', 'str', 'a'],
        ['SISMEMBER', 'str', 'a'],
        ['SMISMEMBER', 'str', 'a'],
        ['SCARD', 'str'],
        ['SMEMBERS', 'str'],
        ['SPOP', 'str'],
        ['SPOP', 'str', '2'],
        ['SRANDMEMBER', 'str'],
        ['SRANDMEMBER', 'str', '2'],
        ['SINTER', 's', 'str'],
        ['SINTER', 'nokey', 'str'],
        ['SINTER', 'str', 'nokey'],
        ['SINTERCARD', '2', 's', 'str'],
        ['SINTERSTORE', 'd', 's', 'str'],
        ['SUNION', 's', 'str'],
        ['SUNIONSTORE', 'd', 'str'],
        ['SDIFF', 'nokey', 'str'],
        ['SDIFFSTORE', 'd', 's', 'str'],
        ['SSCAN', 'str', '0'],
        ['SMOVE', 'str', 's', 'a'],
        ['SMOVE', 's', 'str', 'a'],
        ['SMOVE', 'nokey', 'str', 'a'],
        ['SMOVE', 's', 'str', 'zz'],
      ],
      ['SMEMBERS', 's'],
      ['GET', 'str'],
    ]);
  });

  test('SMOVE, and the set algebra with its STORE and CARD forms', async () => {
    const p = await fresh();
    await p.run([
      ['SADD', 'a', '1', '2', '3', '4'],
      ['SADD', 'b', '3', '4', '5'],
      ['SADD', 'c', 'x', 'y', '3'],
      ['SADD', 'd', 'y', 'z'],
      ['SINTER', 'a', 'b'],
      ['SINTER', 'a', 'b', 'c'],
      ['SINTER', 'a', 'nokey'],
      ['SINTER', 'a'],
      ['SINTER', 'a', 'a'],
      ['SINTERCARD', '2', 'a', 'b'],
      ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
      ['SINTERCARD', '2', 'a', 'b', 'limit', '0'],
      ['SINTERCARD', '2', 'a', 'nokey'],
      ['SINTERCARD', '1', 'c'],
      ['SUNION', 'a', 'b'],
      ['SUNION', 'a', 'c', 'nokey'],
      ['SUNION', 'nokey'],
      ['SDIFF', 'a', 'b'],
      ['SDIFF', 'a', 'nokey', 'b'],
      ['SDIFF', 'a', 'a'],
      ['SDIFF', 'a', 'b', 'a'],
      ['SDIFF', 'nokey', 'a'],
      ['SDIFF', 'c', 'd'],
      ['SINTERSTORE', 'r1', 'a', 'b'],
      ['SMEMBERS', 'r1'],
      ['OBJECT', 'ENCODING', 'r1'],
      ['SINTERSTORE', 'r2', 'c', 'd'],
      ['SMEMBERS', 'r2'],
      ['SUNIONSTORE', 'r3', 'a', 'b'],
      ['SMEMBERS', 'r3'],
      ['OBJECT', 'ENCODING', 'r3'],
      ['SUNIONSTORE', 'r4', 'a', 'c'],
      ['OBJECT', 'ENCODING', 'r4'],
      ['SDIFFSTORE', 'r5', 'a', 'b'],
      ['SMEMBERS', 'r5'],
      ['SET', 'str', 'x'],
      ['EXPIRE', 'r5', '100'],
      ['SUNIONSTORE', 'r5', 'a'],
      ['TTL', 'r5'],
      ['SINTERSTORE', 'str', 'a', 'b'],
      ['TYPE', 'str'],
      ['SINTERSTORE', 'r1', 'a', 'nokey'],
      ['EXISTS', 'r1'],
      ['SDIFFSTORE', 'r3', 'a', 'a'],
      ['EXISTS', 'r3'],
      ['SUNIONSTORE', 'r9', 'nokey'],
      ['EXISTS', 'r9'],
      ['SINTERSTORE', 'a', 'a', 'b'],
      ['SMEMBERS', 'a'],
      // SMOVE
      ['SMOVE', 'b', 'a', '5'],
      ['SMOVE', 'b', 'a', '5'],
      ['SMOVE', 'b', 'b', '4'],
      ['SMOVE', 'b', 'b', 'zz'],
      ['SMOVE', 'nokey', 'a', '1'],
      ['SMOVE', 'b', 'newdst', '3'],
      ['SMOVE', 'b', 'newdst', '4'],
      ['EXISTS', 'b'],
      ['SMEMBERS', 'newdst'],
      ['OBJECT', 'ENCODING', 'newdst'],
      ['SMOVE', 'c', 'newdst', 'x'],
      ['OBJECT', 'ENCODING', 'newdst'],
      ['SMOVE', 'c', 'newdst2', 'y'],
      ['OBJECT', 'ENCODING', 'newdst2'],
    ]);
  });

  test('intset limits and conversions', async () => {
    const p = await fresh();
    await p.same(['CONFIG', 'SET', 'set-max-intset-entries', '4']);
    await p.run([
      ['SADD', 'a', '1', '2', '3', '4'],
      ['OBJECT', 'ENCODING', 'a'],
      ['SADD', 'a', '5'],
      ['OBJECT', 'ENCODING', 'a'],
      ['SREM', 'a', '1', '2', '3'],
      ['OBJECT', 'ENCODING', 'a'],
      ['SUNIONSTORE', 'b', 'a'],
      ['OBJECT', 'ENCODING', 'b'],
      ['SMEMBERS', 'b'],
      ['SADD', 'big', '1', '2', '3', '4', '5', '6'],
      ['SINTERSTORE', 'c', 'big', 'big'],
      ['OBJECT', 'ENCODING', 'c'],
    ]);
    await p.same(['CONFIG', 'SET', 'set-max-intset-entries', '512']);
    const many = ['SADD', 'many'];
    for (let i = 0; i < 600; i++) many.push(String(i * 7 - 1000));
    await p.same(many);
    await p.run([
      ['OBJECT', 'ENCODING', 'many'],
      ['SCARD', 'many'],
      ['SMEMBERS', 'many'],
      ['SSCAN', 'many', '0'],
    ]);
    await p.scanSet('many', ['COUNT', '13']);
    await p.scanSet('many', ['MATCH', '*5']);
  });

  test('SPOP and SRANDMEMBER: every case, replies checked against the set', async () => {
    for (const resp3 of [false, true]) {
      const p = await fresh(resp3);
      for (const [kind, base] of [
        ['int', (i: number) => String(i)],
        ['str', (i: number) => 'm' + i],
      ] as const) {
        for (const size of [5, 40, 600]) {
          for (const count of [1, 2, 4, 5, 10, 30, 39, 100, 599]) {
            const key = `${kind}:${size}:${count}`;
            const args = ['SADD', key];
            for (let i = 0; i < size; i++) args.push(base(i));
            await p.same(args);
            const all = new Set(args.slice(2));
            // SRANDMEMBER: positive (distinct) and negative (repeats) counts
            for (const c of [count, -count]) {
              const a = ['SRANDMEMBER', key, String(c)];
              const [s, r] = await Promise.all([p.strata.call(a), p.redis.call(a)]);
              assert.equal(s.type, r.type, a.join(' '));
              const got = members(s);
              assert.equal(got.length, members(r).length, a.join(' '));
              for (const m of got) assert.ok(all.has(m), `${a.join(' ')}: ${m}`);
              if (c > 0) assert.equal(new Set(got).size, got.length, `${a.join(' ')} distinct`);
              if (c >= size) await p.same(a, all.size <= 512 && kind === 'int' ? 'exact' : 'set');
            }
            // SPOP with a count: the popped members leave the set, the rest stays
            const a = ['SPOP', key, String(count)];
            const [s, r] = await Promise.all([p.strata.call(a), p.redis.call(a)]);
            assert.equal(s.type, r.type, a.join(' '));
            const popped = members(s);
            assert.equal(popped.length, members(r).length, a.join(' '));
            assert.equal(new Set(popped).size, popped.length);
            for (const m of popped) assert.ok(all.has(m));
            const rest = members(await p.strata.call(['SMEMBERS', key]));
            assert.equal(rest.length + popped.length, size);
            for (const m of popped) assert.ok(!rest.includes(m));
            await p.same(['SCARD', key]);
            await p.same(['EXISTS', key]);
            // the encoding after the pop follows Redis's case (case 3 rebuilds the set)
            await p.same(['OBJECT', 'ENCODING', key]);
          }
        }
      }
      await p.same(['SADD', 'one', 'x']);
      await p.same(['SPOP', 'one']);
      await p.same(['EXISTS', 'one']);
    }
  });

  test('random sequences', async () => {
    const p = await fresh();
    const rnd = prng(5);
    const pick = <T>(xs: readonly T[]): T => xs[(rnd() * xs.length) | 0];
    const keys = ['s1', 's2', 's3', 'str'];
    const member = () =>
      rnd() < 0.6 ? String(((rnd() * 12) | 0) - 3) : pick(['a', 'b', 'c', '', 'x'.repeat(70)]);
    await p.same(['SET', 'str', 'v']);
    for (let i = 0; i < 1500; i++) {
      const k = pick(keys);
      const op = (rnd() * 16) | 0;
      let args: string[];
      switch (op) {
        case 0:
        case 1:
        case 2:
          args = ['SADD', k, member(), member()];
          break;
        case 3:
        case 4:
          args = ['SREM', k, member(), member()];
          break;
        case 5:
          args = ['SMOVE', k, pick(keys), member()];
          break;
        case 6:
          args = [pick(['SISMEMBER', 'SMISMEMBER']), k, member()];
          break;
        case 7:
          args = [pick(['SCARD', 'SMEMBERS', 'EXISTS']), k];
          break;
        case 8:
          args = [pick(['SINTER', 'SUNION', 'SDIFF']), k, pick(keys), pick(keys)];
          break;
        case 9:
          args = [pick(['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']), pick(['d1', 'd2', k]), k, pick(keys)];
          break;
        case 10:
          args = [
            'SINTERCARD',
            '2',
            k,
            pick(keys),
            ...(rnd() < 0.5 ? ['LIMIT', String((rnd() * 4) | 0)] : []),
          ];
          break;
        case 11:
          args = ['SSCAN', k, '0'];
          break;
        case 12:
          args = ['SRANDMEMBER', k, '100'];
          break;
        case 13:
          args = rnd() < 0.2 ? ['DEL', k] : ['OBJECT', 'ENCODING', k];
          break;
        case 14:
          args = ['SPOP', k, '100'];
          break;
        default:
          args = ['SMEMBERS', pick(['d1', 'd2', k])];
      }
      if (args[0] === 'SRANDMEMBER' || args[0] === 'SPOP') {
        const enc = await p.same(['OBJECT', 'ENCODING', k]);
        await p.same(args, enc.type === 'bulk' && enc.value.toString() === 'intset' ? 'exact' : 'set');
      } else {
        await p.check(args);
      }
    }
  });

  test('keyspace notifications', async () => {
    const p = await fresh();
    await p.same(['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']);
    const { got, stop } = captureKeyEvents(srv.strata.server, true);
    try {
      for (const args of [
        ['SADD', 'a', '1', '2', '3'],
        ['SADD', 'a', '1'],
        ['SREM', 'a', '1'],
        ['SMOVE', 'a', 'b', '2'],
        ['SMOVE', 'a', 'b', '3'],
        ['SADD', 'c', 'x', 'y', 'z'],
        ['SPOP', 'c'],
        ['SPOP', 'c', '5'],
        ['SADD', 'c', 'x', 'y', 'z', 'w'],
        ['SPOP', 'c', '1'],
        ['SINTERSTORE', 'd', 'b', 'b'],
        ['SUNIONSTORE', 'd', 'b'],
        ['SDIFFSTORE', 'd', 'b'],
        ['SDIFFSTORE', 'd', 'b', 'b'],
        ['SINTERSTORE', 'd', 'nokey'],
      ])
        await p.same(args, 'none'); // SPOP picks differ; the events are compared below
    } finally {
      stop();
      await p.same(['CONFIG', 'SET', 'notify-keyspace-events', '']);
    }
    assert.deepEqual(got, [
      'sadd a',
      'srem a',
      'srem a',
      'sadd b',
      'srem a',
      'del a',
      'sadd b',
      'sadd c',
      'spop c',
      'spop c',
      'del c',
      'sadd c',
      'spop c',
      'sinterstore d',
      'sunionstore d',
      'sdiffstore d',
      'del d',
    ]);
  });
});

// -------------------------------------------------------------------------------------------------
// SetValue unit tests
// -------------------------------------------------------------------------------------------------

describe('SetValue', () => {
  test('isIntsetMember follows string2ll', () => {
    for (const s of ['0', '1', '-1', '9223372036854775807', '-9223372036854775808', '123456789012345678'])
      assert.ok(isIntsetMember(s), s);
    for (const s of [
      '',
      '-',
      '-0',
      '01',
      '+1',
      ' 1',
      '1.0',
      '9223372036854775808',
      '-9223372036854775809',
      'a',
    ])
      assert.ok(!isIntsetMember(s), s);
  });

  test('intset stays sorted numerically; converts on a string or the entry limit, never back', () => {
    const s = new SetValue();
    for (const m of ['10', '-5', '3', '100', '-100', '0', '3']) s.add(m, 512);
    assert.deepEqual(
      Array.from({ length: s.size }, (_, i) => s.memberAt(i)),
      ['-100', '-5', '0', '3', '10', '100'],
    );
    assert.ok(s.has('3') && !s.has('03') && !s.has('x'));
    assert.equal(s.encoding(), 'intset');
    s.add('x', 512);
    assert.equal(s.encoding(), 'hashtable');
    s.remove('x');
    assert.equal(s.encoding(), 'hashtable');
    const t = new SetValue();
    for (let i = 0; i < 5; i++) t.add(String(i), 4);
    assert.equal(t.encoding(), 'hashtable');
    assert.equal(SetValue.forFirstMember('a').encoding(), 'hashtable');
    assert.equal(SetValue.forFirstMember('7').encoding(), 'intset');
  });

  test('model check: add/remove/has/random and bytes', () => {
    const rnd = prng(9);
    const s = new SetValue();
    const model = new Set<string>();
    const empty = s.bytes;
    for (let i = 0; i < 5000; i++) {
      const m = rnd() < 0.5 ? String(((rnd() * 600) | 0) - 300) : 'k' + ((rnd() * 300) | 0);
      if (rnd() < 0.6) {
        assert.equal(s.add(m, 512), !model.has(m));
        model.add(m);
      } else {
        assert.equal(s.remove(m), model.delete(m));
      }
    }
    assert.equal(s.size, model.size);
    assert.equal(s.encoding(), 'hashtable');
    for (const m of model) assert.ok(s.has(m));
    for (let i = 0; i < 1000; i++) assert.ok(model.has(s.memberAt(s.randomPosition())));
    for (const m of model) s.remove(m);
    assert.equal(s.size, 0);
    assert.ok(empty < s.bytes);
    assert.equal(s.bytes, SetValue.forFirstMember('x').bytes); // an empty hashtable set
  });

  test('hashtable scan never misses a member present for the whole scan', () => {
    const rnd = prng(13);
    for (let round = 0; round < 20; round++) {
      const s = new SetValue();
      for (let i = 0; i < 500; i++) s.add('m' + i, 512);
      const seen = new Set<string>();
      let cursor = 0;
      let extra = 0;
      do {
        cursor = s.scan(cursor, 1 + ((rnd() * 20) | 0), (m) => seen.add(m));
        for (let j = 0; j < 5; j++) {
          if (rnd() < 0.5) s.remove('m' + (250 + ((rnd() * 250) | 0)));
          else s.add('n' + extra++, 512);
        }
      } while (cursor !== 0);
      for (let i = 0; i < 250; i++) assert.ok(seen.has('m' + i), `round ${round}: m${i} missed`);
    }
  });

  test('clone is deep', () => {
    const s = new SetValue();
    s.add('1', 512);
    s.add('2', 512);
    const c = s.clone();
    c.add('3', 512);
    c.remove('1');
    assert.ok(s.has('1') && !s.has('3'));
    assert.equal(c.encoding(), 'intset');
  });
});
