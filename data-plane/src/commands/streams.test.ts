/**
 * Streams: differential against a real redis-server (explicit IDs wherever replies are compared
 * exactly; auto IDs compared by shape), blocking XREAD/XREADGROUP, keyspace events, and unit tests of
 * the ID helpers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bulkText, canon, DiffPair, delay, sameEvents } from '../testing/differential';
import { startRedis, startStrata, type RunningProcess, type RunningServer } from '../testing/harness';
import { RespConnection } from '../difftest/connection';
import { decrId, formatId, incrId, parseId, StreamValue } from '../store/stream';

const cmd = (line: string): string[] => line.split(' ');

describe('stream IDs and structure', () => {
  test('parse, format, increment and decrement across the 64-bit range', () => {
    const max = parseId('18446744073709551615-18446744073709551615', false, true)!;
    assert.equal(formatId(max.id), '18446744073709551615-18446744073709551615');
    assert.equal(incrId(max.id), null);
    assert.equal(formatId(incrId(parseId('5-18446744073709551615', false, true)!.id)!), '6-0');
    assert.equal(formatId(decrId(parseId('6-0', false, true)!.id)!), '5-18446744073709551615');
    assert.equal(parseId('18446744073709551616', false, true), null);
    assert.equal(parseId('-', false, true), null);
    assert.equal(formatId(parseId('7', true, false)!.id), '7-18446744073709551615');
    assert.equal(parseId('7-*', false, true, true)!.seqGiven, false);
    assert.equal(parseId('-5', false, true), null);
  });

  test('range seeks and trims over many nodes', () => {
    const s = new StreamValue();
    for (let i = 1; i <= 1000; i++) s.append(parseId(`${i}-0`, false, true)!.id, `${i}-0`, ['f', String(i)]);
    const got: string[] = [];
    s.range(parseId('500', false, false)!.id, parseId('503', true, false)!.id, 0, false, (e) =>
      got.push(e.sid),
    );
    assert.deepEqual(got, ['500-0', '501-0', '502-0', '503-0']);
    const rev: string[] = [];
    s.range(parseId('-', false, false)!.id, parseId('+', true, false)!.id, 3, true, (e) => rev.push(e.sid));
    assert.deepEqual(rev, ['1000-0', '999-0', '998-0']);
    const bytes = s.bytes;
    assert.equal(s.trim(555, null, true, 0), 400);
    assert.equal(s.length, 600);
    assert.ok(s.bytes < bytes);
    assert.equal(s.trim(555, null, false, 0), 45);
    assert.equal(s.length, 555);
    assert.equal(s.clone().length, 555);
  });
});

describe('streams differential', () => {
  let strata: RunningServer;
  let redis: RunningProcess;
  let p: DiffPair;

  before(async () => {
    [strata, redis] = await Promise.all([startStrata(), startRedis()]);
    p = await DiffPair.open(strata.port, redis.port);
  });
  after(async () => {
    p?.close();
    await Promise.all([strata?.close(), redis?.close()]);
  });

  test('XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM with explicit IDs', async () => {
    await p.run(
      [
        'FLUSHALL',
        'XADD s 1-1 a 1',
        'XADD s 1-1 a 1',
        'XADD s 1-0 a 1',
        'XADD s 0-0 a 1',
        'XADD s2 0-0 a 1',
        'XADD s2 0-* a 1',
        'XADD s 1-* b 2',
        'XADD s 1-* c 3',
        'XADD s 2-* d 4',
        'XADD s 5 e 5 f 6',
        'XADD s 18446744073709551615-18446744073709551614 x y',
        'XADD s 18446744073709551615-* x y',
        'XADD s 18446744073709551615-* x y',
        'XADD s * x y',
        'XADD s2 18446744073709551616 x y',
        'XADD s2 1-2-3 x y',
        'XADD s2 abc x y',
        'XADD s2 5 x',
        'XADD s2 5 x y z',
        'XADD s2 NOMKSTREAM 5 x y',
        'XADD nope NOMKSTREAM * x y',
        'EXISTS nope',
        'XLEN s',
        'XLEN nope',
        'TYPE s',
        'OBJECT ENCODING s',
        'XRANGE s - +',
        'XRANGE s - + COUNT 2',
        'XRANGE s - + COUNT 0',
        'XRANGE s - + COUNT -1',
        'XRANGE s (1-1 +',
        'XRANGE s 1 1',
        'XRANGE s (1 5',
        'XRANGE s 1-2 (5-0',
        'XRANGE s (18446744073709551615-18446744073709551615 +',
        'XRANGE s - (0-0',
        'XRANGE s (- +',
        'XRANGE s x +',
        'XRANGE s - + COUNT',
        'XRANGE s - + COUNT x',
        'XRANGE s - + LIMIT 1',
        'XRANGE nope - +',
        'XREVRANGE s + -',
        'XREVRANGE s + - COUNT 3',
        'XREVRANGE s (5 (1-1',
        'XREVRANGE s 2 1',
        'XDEL s 1-2 1-3 9-9',
        'XDEL s bad',
        'XDEL nope 1-1',
        'XRANGE s - +',
        'XLEN s',
        'XTRIM s MAXLEN 2',
        'XRANGE s - +',
        'XTRIM s MINID 18446744073709551615-18446744073709551615',
        'XLEN s',
        'EXISTS s',
        'XTRIM s',
        'XTRIM s MAXLEN -1',
        'XTRIM s MAXLEN = 0 LIMIT 10',
        'XTRIM s MAXLEN ~ 0 LIMIT -1',
        'XTRIM s MAXLEN 1 MINID 1',
        'XTRIM s FOO 1',
        'XTRIM nope MAXLEN 1',
        'SET str x',
        'XADD str * a b',
        'XLEN str',
        'XRANGE str - +',
        'XTRIM str MAXLEN 1',
      ].map(cmd),
    );
  });

  test('trimming: MAXLEN/MINID with = and ~ and LIMIT over many nodes', async () => {
    await p.same(cmd('FLUSHALL'));
    for (let i = 1; i <= 1000; i++) await p.same(['XADD', 't', `${i}-1`, 'xitem', String(i)]);
    await p.run(
      [
        'XTRIM t MAXLEN ~ 555',
        'XLEN t',
        'XTRIM t MAXLEN ~ 100 LIMIT 150',
        'XLEN t',
        'XTRIM t MINID ~ 700',
        'XLEN t',
        'XTRIM t MINID 750-1',
        'XLEN t',
        'XRANGE t - + COUNT 2',
        'XTRIM t MAXLEN = 240',
        'XLEN t',
        'XADD t MAXLEN 5 2000-1 a b',
        'XLEN t',
        'XADD t MINID 2000 2001 a b',
        'XRANGE t - +',
        'XADD t MAXLEN ~ 1 LIMIT 1 2002 a b',
        'XADD t LIMIT 1 2003 a b',
        'XADD t MAXLEN ~ 1 LIMIT 1',
        'XINFO STREAM t',
      ].map(cmd),
    );
  });

  test('XREAD without blocking, XSETID', async () => {
    await p.run(
      [
        'FLUSHALL',
        'XADD a 1-1 f 1',
        'XADD a 2-1 f 2',
        'XADD b 3-1 g 3',
        'XREAD STREAMS a b 0 0',
        'XREAD COUNT 1 STREAMS a b 1-1 0',
        'XREAD STREAMS a b $ $',
        'XREAD STREAMS a nope 0 0',
        'XREAD STREAMS a',
        'XREAD STREAMS a b 0',
        'XREAD COUNT x STREAMS a 0',
        'XREAD GROUP g c STREAMS a 0',
        'XREAD NOACK STREAMS a 0',
        'XREAD STREAMS a >',
        'XREAD BLOCK x STREAMS a 0',
        'XREAD BLOCK -1 STREAMS a 0',
        'XREAD FOO STREAMS a 0',
        'XREAD STREAMS a bad',
        'XREAD STREAMS a 18446744073709551615-18446744073709551615',
        // The largest ID is how Redis stores '>': XREADGROUP reads new entries with it.
        'XGROUP CREATE a gmax 0',
        'XREADGROUP GROUP gmax c1 COUNT 1 STREAMS a 18446744073709551615-18446744073709551615',
        'XREADGROUP GROUP gmax c1 STREAMS a 18446744073709551615-18446744073709551615',
        'XREADGROUP GROUP gmax c1 STREAMS a 18446744073709551615-18446744073709551615',
        'XPENDING a gmax',
        'XSETID a 1-0',
        'XSETID a 5-0',
        'XSETID a 6-0 ENTRIESADDED 1',
        'XSETID a 6-0 ENTRIESADDED 10 MAXDELETEDID 7-0',
        'XSETID a 6-0 ENTRIESADDED 10 MAXDELETEDID 1-0',
        'XSETID a 6-0 ENTRIESADDED -1',
        'XSETID nope 1-0',
        'XSETID a 6-0 FOO',
        // Redis 7.0 lets XSETID go below the stream's max_deleted_entry_id (only the top item counts).
        'XADD c 5-0 f v',
        'XADD c 6-0 f v',
        'XDEL c 6-0',
        'XSETID c 5-5',
        'XDEL c 5-0',
        'XSETID c 4-0',
        'XINFO STREAM c',
        // XTRIM checks its arguments before it looks the key up.
        'XTRIM nokey MINID abc',
        'XTRIM nokey MAXLEN 1 LIMIT 1.5',
        'XTRIM nokey MAXLEN 1 LIMIT 5',
        'XTRIM c MAXLEN 1 LIMIT 5',
        'XINFO STREAM a',
        'XADD a 6-0 x y',
        // A full '*' ID is the server's clock: compared by shape in the auto-ID test, not here.
        'XADD a 7-* x y',
      ].map(cmd),
    );
  });

  test('consumer groups: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO', async () => {
    await p.run(
      [
        'FLUSHALL',
        'XGROUP CREATE s g $',
        'XGROUP CREATE s g $ MKSTREAM',
        'XGROUP CREATE s g $ MKSTREAM',
        'XGROUP CREATE s g2 0 ENTRIESREAD -2',
        'XGROUP CREATE s g2 0 FOO',
        'XGROUP CREATE s g2 bad',
        'XADD s 1-0 a 1',
        'XADD s 2-0 b 2',
        'XADD s 3-0 c 3',
        'XADD s 4-0 d 4',
        'XGROUP CREATE s g2 0 ENTRIESREAD 1',
        'XINFO GROUPS s',
        'XREADGROUP GROUP g alice STREAMS s >',
        'XGROUP SETID s g 0',
        'XREADGROUP GROUP g alice COUNT 2 STREAMS s >',
        'XREADGROUP GROUP g bob STREAMS s >',
        'XREADGROUP GROUP g bob STREAMS s >',
        'XREADGROUP GROUP g alice STREAMS s 0',
        'XREADGROUP GROUP g alice STREAMS s (1-0',
        'XREADGROUP GROUP g alice STREAMS s 1-0',
        'XREADGROUP GROUP g alice STREAMS s $',
        'XREADGROUP GROUP nog alice STREAMS s >',
        'XREADGROUP GROUP g alice STREAMS nope >',
        'XREADGROUP STREAMS s >',
        'XREADGROUP GROUP g alice STREAMS s',
        'XREADGROUP GROUP g2 carol NOACK STREAMS s >',
        'XPENDING s g',
        'XPENDING s g2',
        'XPENDING s g IDLE 1000000 - + 10',
        'XPENDING s g IDLE 1000000 - + 10 bob',
        'XPENDING s g - + 10 nobody',
        'XPENDING s g IDLE 1000000 (1-0 + 1',
        'XPENDING s g - +',
        'XPENDING s g - + x',
        'XPENDING s g IDLE x - + 10',
        'XPENDING s nog',
        'XPENDING nope g',
        'XACK s g 1-0 9-0',
        'XACK s g bad',
        'XACK s nog 1-0',
        'XACK nope g 1-0',
        'XPENDING s g',
        'XCLAIM s g carol 0 2-0 JUSTID',
        'XCLAIM s g carol 0 3-0 4-0 RETRYCOUNT 7 JUSTID',
        'XPENDING s g',
        'XCLAIM s g dave 0 1-0',
        'XCLAIM s g dave 0 1-0 FORCE JUSTID',
        'XCLAIM s g dave 0 1-0 FOO',
        'XCLAIM s g dave x 1-0',
        'XCLAIM s g dave 0 1-0 IDLE x',
        'XCLAIM s nog dave 0 1-0',
        'XCLAIM s g dave 0 2-0 LASTID 10-0 JUSTID',
        'XINFO GROUPS s',
        'XDEL s 3-0',
        'XAUTOCLAIM s g erin 0 - COUNT 1 JUSTID',
        'XAUTOCLAIM s g erin 0 - JUSTID',
        'XAUTOCLAIM s g erin 0 0 COUNT 0',
        'XAUTOCLAIM s g erin x 0',
        'XAUTOCLAIM s g erin 0 0 FOO',
        'XAUTOCLAIM s nog erin 0 0',
        'XPENDING s g',
        'XGROUP CREATECONSUMER s g frank',
        'XGROUP CREATECONSUMER s g frank',
        'XGROUP CREATECONSUMER s nog frank',
        'XGROUP DELCONSUMER s g erin',
        'XGROUP DELCONSUMER s g nobody',
        'XPENDING s g',
        'XGROUP DESTROY s g2',
        'XGROUP DESTROY s g2',
        'XGROUP SETID s g 2-0 ENTRIESREAD 2',
        'XGROUP SETID s g $',
        'XGROUP SETID s nog $',
        'XGROUP SETID nope g $',
        'XGROUP FOO s g',
        'XINFO GROUPS s',
        'XINFO GROUPS nope',
        'XINFO CONSUMERS s nog',
        'XINFO STREAM s FOO',
        'XINFO STREAM s FULL COUNT',
        'XINFO FOO s',
        'XGROUP HELP',
        'XINFO HELP',
        'SET str x',
        'XGROUP CREATE str g $',
        'XREADGROUP GROUP g a STREAMS str >',
        'XINFO STREAM str',
      ].map(cmd),
    );
  });

  test('keyspace events of every stream write', async () => {
    await p.run([cmd('FLUSHALL'), cmd('CONFIG SET notify-keyspace-events KEA')]);
    await sameEvents([strata.port, redis.port], '__keyevent@0__:*', /xgroup-createconsumer/, async () => {
      await p.run(
        [
          'XADD s 1-1 a 1',
          'XADD s 2-1 a 2',
          'XADD s MAXLEN 1 3-1 a 3',
          'XADD s MAXLEN 5 4-1 a 4',
          'XDEL s 9-9',
          'XDEL s 3-1',
          'XTRIM s MAXLEN 0',
          'XTRIM s MAXLEN 0',
          'XSETID s 10-0',
          'XGROUP CREATE s g $',
          'XGROUP CREATE s2 g $ MKSTREAM',
          'XGROUP CREATECONSUMER s g c1',
          'XGROUP SETID s g 0',
          'XADD s 11-0 a 1',
          'XREADGROUP GROUP g c2 STREAMS s >',
          'XACK s g 11-0',
          'XCLAIM s g c3 0 11-0 FORCE JUSTID',
          'XAUTOCLAIM s g c4 0 0',
          'XGROUP DELCONSUMER s g c1',
          'XGROUP DELCONSUMER s g nobody',
          'XGROUP DESTROY s g',
          'XGROUP DESTROY s g',
          'XADD nope NOMKSTREAM * a 1',
          'CONFIG SET notify-keyspace-events ""',
        ].map(cmd),
      );
    });
  });

  test('node boundaries follow stream-node-max-entries (approximate trimming)', async () => {
    await p.run([cmd('FLUSHALL'), cmd('CONFIG SET stream-node-max-entries 10')]);
    try {
      for (let i = 1; i <= 95; i++) await p.same(['XADD', 'n', `${i}-0`, 'f', String(i)]);
      await p.run(
        [
          'XTRIM n MAXLEN ~ 42',
          'XLEN n',
          'XDEL n 51-0 52-0 53-0 54-0 55-0 56-0 57-0 58-0 59-0 60-0',
          'XTRIM n MINID ~ 65',
          'XRANGE n - + COUNT 1',
          'XADD n MAXLEN ~ 10 LIMIT 10 96-0 f 96',
          'XLEN n',
          'CONFIG GET stream-node-max-entries',
        ].map(cmd),
      );
    } finally {
      await p.same(cmd('CONFIG SET stream-node-max-entries 100'));
    }
  });

  test('node boundaries follow stream-node-max-bytes (listpack sizes of strings and integers), radix tree nodes', async () => {
    const sameNodes = (key: string) => p.same(['XINFO', 'STREAM', key]);
    await p.same(cmd('FLUSHALL'));
    // A large first entry leaves room for small ones; values that are integers take fewer bytes;
    // entries with other field names store their names too; IDs far from the master's take more.
    const values = [
      'x'.repeat(2890),
      '1',
      '-388',
      '9223372036854775808',
      '007',
      'y'.repeat(63),
      'y'.repeat(64),
    ];
    let ms = 1;
    for (let round = 0; round < 40; round++) {
      const v = values[round % values.length];
      const field = round % 3 === 0 ? 'other' : 'name';
      ms += round === 30 ? 2 ** 33 : round % 5 === 0 ? 70_000 : 1;
      assert.equal(
        bulkText(await p.same(['XADD', 'b', `${ms}-${round}`, field, v, 'n', String(round * 37)])),
        `${ms}-${round}`,
      );
      await sameNodes('b');
    }
    await p.run(['CONFIG SET stream-node-max-bytes 300', 'XADD c 1-0 f 1'].map(cmd));
    try {
      for (let i = 2; i < 60; i++) {
        await p.same(['XADD', 'c', `${i}-0`, 'f', 'v'.repeat(i)]);
        await sameNodes('c');
      }
    } finally {
      await p.same(cmd('CONFIG SET stream-node-max-bytes 4096'));
    }
    // radix-tree-nodes: master IDs that part at different bytes, then nodes removed by XDEL and XTRIM.
    await p.same(cmd('CONFIG SET stream-node-max-entries 2'));
    try {
      const ids = [1, 2, 3, 255, 256, 257, 65536, 65537, 2 ** 32, 2 ** 32 + 1, 2 ** 40, 2 ** 48 + 7];
      for (const [k, ms] of ids.entries()) {
        for (const seq of [0, 1, 256 + k]) await p.same(['XADD', 'r', `${ms}-${seq}`, 'f', 'v']);
        await sameNodes('r');
      }
      for (const id of ['3-0', '3-1', '3-259', '65536-0', '65536-1', '1-0']) {
        await p.same(['XDEL', 'r', id]);
        await sameNodes('r');
      }
      await p.run(['XTRIM r MAXLEN ~ 20', 'XINFO STREAM r', 'XTRIM r MAXLEN 3', 'XINFO STREAM r'].map(cmd));
      await p.run(['XTRIM r MAXLEN 0', 'XINFO STREAM r'].map(cmd));
    } finally {
      await p.same(cmd('CONFIG SET stream-node-max-entries 100'));
    }
  });

  test('RESP3 replies', async () => {
    const p3 = await DiffPair.open(strata.port, redis.port, true);
    try {
      await p3.run(
        [
          'FLUSHALL',
          'XADD s 1-1 a 1',
          'XADD s 2-1 b 2',
          'XRANGE s - + COUNT 0',
          'XREAD STREAMS s 0',
          'XREAD STREAMS s $',
          'XGROUP CREATE s g 0',
          'XREADGROUP GROUP g c STREAMS s >',
          'XPENDING s g',
          'XACK s g 1-1 2-1',
          'XPENDING s g',
          'XINFO GROUPS s',
          'XINFO STREAM s',
          'XADD s NOMKSTREAM 3-1 c 3',
          'XADD nope NOMKSTREAM 3-1 c 3',
        ].map(cmd),
      );
    } finally {
      p3.close();
    }
  });

  test('auto IDs compared by shape', async () => {
    await p.same(cmd('FLUSHALL'));
    const ids: string[] = [];
    for (const port of [strata.port, redis.port]) {
      const conn = await RespConnection.connect('127.0.0.1', port);
      const r = await conn.call(cmd('XADD s * a 1'));
      const r2 = await conn.call(cmd('XADD s 1-* a 1'));
      const r3 = await conn.call(cmd('XADD s2 5-* a 1'));
      const r4 = await conn.call(cmd('XADD s2 5-* a 1'));
      conn.close();
      ids.push(canon(r), canon({ type: 'array', items: [r2, r3, r4] }));
    }
    assert.match(ids[0], /\d{13}-0/);
    assert.match(ids[2], /\d{13}-0/);
    assert.equal(ids[1], ids[3]);
  });
});

describe('blocking XREAD / XREADGROUP', () => {
  let strata: RunningServer;

  before(async () => {
    strata = await startStrata();
  });
  after(async () => {
    await strata?.close();
  });

  test('XREAD BLOCK with $ wakes on XADD and sees only the new entry', async () => {
    const a = await RespConnection.connect('127.0.0.1', strata.port);
    const b = await RespConnection.connect('127.0.0.1', strata.port);
    try {
      await b.call(cmd('XADD s 1-1 old 1'));
      const pending = a.call(cmd('XREAD BLOCK 0 STREAMS s $'));
      await delay(50);
      await b.call(cmd('XDEL s 1-1'));
      await b.call(cmd('XADD s 2-1 new 2'));
      const r = await pending;
      assert.equal(canon(r), canon(await b.call(cmd('XREAD STREAMS s 1-1'))));
      assert.match(canon(r), /new/);
      assert.doesNotMatch(canon(r), /old/);
    } finally {
      a.close();
      b.close();
    }
  });

  test('XREAD BLOCK times out with a null array; a missing key then created as a string does not wake it', async () => {
    const a = await RespConnection.connect('127.0.0.1', strata.port);
    const b = await RespConnection.connect('127.0.0.1', strata.port);
    try {
      const pending = a.call(cmd('XREAD BLOCK 150 STREAMS k 0'));
      await delay(100);
      await b.call(cmd('SET k x'));
      const r = await pending;
      assert.equal(r.type, 'nullarray');
      await b.call(cmd('DEL k'));
    } finally {
      a.close();
      b.close();
    }
  });

  test('a blocked XREADGROUP is unblocked with an error when its key or group goes away', async () => {
    const a = await RespConnection.connect('127.0.0.1', strata.port);
    const b = await RespConnection.connect('127.0.0.1', strata.port);
    try {
      for (const [kill, err] of [
        ['DEL k', /UNBLOCKED the stream key no longer exists/],
        ['SET k x', /UNBLOCKED/],
        ['FLUSHALL', /UNBLOCKED/],
        ['XGROUP DESTROY k g', /NOGROUP the consumer group this client was blocked on no longer exists/],
      ] as const) {
        await b.call(cmd('DEL k'));
        await b.call(cmd('XGROUP CREATE k g $ MKSTREAM'));
        const pending = a.call(cmd('XREADGROUP GROUP g alice BLOCK 0 STREAMS k >'));
        await delay(100);
        await b.call(cmd(kill));
        assert.match(canon(await pending), err);
      }
      // XREAD stays blocked when its key is deleted, and is served by the next XADD.
      await b.call(cmd('XADD k 1-1 f v'));
      const pending = a.call(cmd('XREAD BLOCK 0 STREAMS k $'));
      await delay(100);
      await b.call(cmd('DEL k'));
      await delay(100);
      await b.call(cmd('XADD k 2-1 f w'));
      assert.match(canon(await pending), /2-1/);
    } finally {
      a.close();
      b.close();
    }
  });

  test('XREADGROUP BLOCK > is served by XADD and records the PEL', async () => {
    const a = await RespConnection.connect('127.0.0.1', strata.port);
    const b = await RespConnection.connect('127.0.0.1', strata.port);
    try {
      await b.call(cmd('XGROUP CREATE q g $ MKSTREAM'));
      const pending = a.call(cmd('XREADGROUP GROUP g alice BLOCK 0 STREAMS q >'));
      await delay(50);
      await b.call(cmd('XADD q 7-1 job 1'));
      const r = await pending;
      assert.match(canon(r), /7-1/);
      const pel = await b.call(cmd('XPENDING q g'));
      assert.match(canon(pel), /alice/);
      // Inside MULTI a blocking read answers at once.
      await a.call(['MULTI']);
      await a.call(cmd('XREADGROUP GROUP g alice BLOCK 0 STREAMS q >'));
      const ex = await a.call(['EXEC']);
      assert.equal(canon(ex), canon({ type: 'array', items: [{ type: 'nullarray' }] }));
    } finally {
      a.close();
      b.close();
    }
  });
});
