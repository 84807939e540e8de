/**
 * Generic key commands: differential tests against a real redis-server (exact reply bytes, RESP2
 * and RESP3), plus in-process tests for what a diff cannot show (collections copied deep, keyspace
 * notifications, LFU counters, active expiry, eviction and used_memory).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis, startStrata, type RunningServer } from '../testing/harness';
import { type CollectionValue, ValueType, lfuDecayed, lfuInit, lfuTouch, Keyspace } from '../store/keyspace';
import {
  diffTest,
  openRawPair,
  openStrataClient,
  parseReply,
  RespClient,
  same,
  type RawPair,
  type Cmd,
  type Reply,
  type Step,
} from '../testing/resp-client';

/** Like same() but compares parsed replies as sorted arrays (KEYS, SCAN results). */
async function sameSorted(a: RespClient, b: RespClient, cmd: Cmd): Promise<void> {
  const [ra, rb] = await Promise.all([a.call(...cmd), b.call(...cmd)]);
  const sort = (r: Reply) => (Array.isArray(r) ? [...(r as string[])].sort() : r);
  assert.deepEqual(sort(parseReply(ra)), sort(parseReply(rb)), JSON.stringify(cmd));
}

/** Every key SCAN returns when iterated to the end with the given options. */
async function scanAll(c: RespClient, opts: string[] = []): Promise<string[]> {
  let cursor = '0';
  const out = new Set<string>();
  let rounds = 0;
  do {
    const r = parseReply(await c.call('SCAN', cursor, ...opts)) as [string, string[]];
    cursor = r[0];
    for (const k of r[1]) out.add(k);
    assert.ok(++rounds < 10_000, 'SCAN terminates');
  } while (cursor !== '0');
  return [...out].sort();
}

describe('key commands, differential against redis-server', () => {
  let pair: RawPair;
  let a: RespClient;
  let b: RespClient;

  before(async () => {
    pair = await openRawPair();
    ({ a, b } = pair);
  });
  after(() => pair?.close());

  const diff = (name: string, steps: Step[]) => diffTest(() => pair, name, steps);

  diff('DEL, UNLINK, EXISTS, TOUCH, TYPE', [
    ['SET', 'a', '1'],
    ['SET', 'b', '2'],
    ['EXISTS', 'a', 'a', 'b', 'nope'],
    ['TOUCH', 'a', 'b', 'nope'],
    ['TYPE', 'a'],
    ['TYPE', 'nope'],
    ['DEL', 'a', 'a', 'nope'],
    ['UNLINK', 'b', 'nope'],
    ['EXISTS', 'a', 'b'],
    ['DEL'],
    ['UNLINK'],
    ['EXISTS'],
    ['TOUCH'],
    ['TYPE'],
    ['TYPE', 'a', 'b'],
    ['DBSIZE'],
  ]);

  diff('RENAME and RENAMENX', [
    ['RENAME', 'nope', 'x'],
    ['RENAMENX', 'nope', 'x'],
    ['SET', 'a', 'va'],
    ['RENAME', 'a', 'a'],
    ['RENAMENX', 'a', 'a'],
    ['SET', 'b', 'vb'],
    ['RENAMENX', 'a', 'b'],
    ['EXPIRE', 'a', '100'],
    ['RENAME', 'a', 'b'],
    ['GET', 'a'],
    ['GET', 'b'],
    ['TTL', 'b'],
    ['RENAMENX', 'b', 'c'],
    ['TTL', 'c'],
    ['EXISTS', 'b'],
    ['RENAME', 'c'],
    ['RENAME', 'c', 'd', 'e'],
  ]);

  diff('COPY', [
    ['COPY', 'nope', 'x'],
    ['SET', 'a', 'va'],
    ['COPY', 'a', 'a'],
    ['COPY', 'a', 'a', 'DB', '1'],
    ['SELECT', '1'],
    ['GET', 'a'],
    ['SELECT', '0'],
    ['COPY', 'a', 'b'],
    ['COPY', 'a', 'b'],
    ['SET', 'a', 'new'],
    ['COPY', 'a', 'b', 'REPLACE'],
    ['GET', 'b'],
    ['PEXPIREAT', 'a', '99999999999999'],
    ['COPY', 'a', 'c'],
    ['PEXPIRETIME', 'c'],
    ['COPY', 'a', 'x', 'DB', '99'],
    ['COPY', 'a', 'x', 'DB', '-1'],
    ['COPY', 'a', 'x', 'DB', 'one'],
    ['COPY', 'a', 'x', 'DB'],
    ['COPY', 'a', 'x', 'REPLACE', 'BOGUS'],
    ['COPY', 'a', 'x', 'db', '2', 'replace'],
    ['SELECT', '2'],
    ['PEXPIRETIME', 'x'],
    ['COPY', 'a'],
  ]);

  diff('MOVE', [
    ['MOVE', 'nope', '1'],
    ['SET', 'a', 'va'],
    ['MOVE', 'a', '0'],
    ['MOVE', 'a', '16'],
    ['MOVE', 'a', '-1'],
    ['MOVE', 'a', 'x'],
    ['MOVE', 'a', '99999999999'],
    ['PEXPIREAT', 'a', '99999999999999'],
    ['MOVE', 'a', '1'],
    ['EXISTS', 'a'],
    ['SELECT', '1'],
    ['GET', 'a'],
    ['PEXPIRETIME', 'a'],
    ['SET', 'b', 'in1'],
    ['SELECT', '0'],
    ['SET', 'b', 'in0'],
    ['MOVE', 'b', '1'],
    ['GET', 'b'],
  ]);

  diff('EXPIRE family: options, errors and overflow', [
    ['EXPIRE', 'nope', '100'],
    ['SET', 'k', 'v'],
    ['EXPIRE', 'k', 'abc'],
    ['EXPIRE', 'k', '1.5'],
    ['EXPIRE', 'k', '100', 'NX', 'XX'],
    ['EXPIRE', 'k', '100', 'NX', 'GT'],
    ['EXPIRE', 'k', '100', 'NX', 'LT'],
    ['EXPIRE', 'k', '100', 'GT', 'LT'],
    ['EXPIRE', 'k', '100', 'FOO'],
    ['EXPIRE', 'k', 'abc', 'FOO'],
    ['EXPIRE', 'k', 'abc', 'NX', 'XX'],
    ['EXPIRE', 'k', '100', 'XX'],
    // One second less than the TTL just set: the GT answer cannot depend on milliseconds passing.
    ['EXPIRE', 'k', '99', 'GT'],
    ['EXPIRE', 'k', '100', 'LT'],
    ['TTL', 'k'],
    ['EXPIRE', 'k', '50', 'NX'],
    ['EXPIRE', 'k', '200', 'GT'],
    ['TTL', 'k'],
    ['EXPIRE', 'k', '300', 'LT'],
    ['EXPIRE', 'k', '150', 'LT', 'XX'],
    ['TTL', 'k'],
    ['EXPIRE', 'k', '149', 'gt', 'xx'],
    ['PERSIST', 'k'],
    ['PERSIST', 'k'],
    ['PERSIST', 'nope'],
    ['TTL', 'k'],
    ['PTTL', 'k'],
    ['EXPIRETIME', 'k'],
    ['PEXPIRETIME', 'k'],
    ['TTL', 'nope'],
    ['PTTL', 'nope'],
    ['EXPIRETIME', 'nope'],
    ['PEXPIRETIME', 'nope'],
    ['EXPIREAT', 'k', '4102444800'],
    ['EXPIRETIME', 'k'],
    ['PEXPIRETIME', 'k'],
    ['PEXPIREAT', 'k', '4102444800123'],
    ['EXPIRETIME', 'k'],
    ['PEXPIRETIME', 'k'],
    ['EXPIRE', 'k', '9223370399119966'],
    ['EXPIRE', 'k', '9223372036854776'],
    ['EXPIRE', 'k', '10000000000000000'],
    ['EXPIRE', 'k', '18446744073709561'],
    ['EXPIRE', 'k', '-9223372036854776'],
    ['EXPIRE', 'k', '-9999999999999999'],
    ['PEXPIRE', 'k', '9223372036854770000'],
    ['EXPIREAT', 'k', '9223372036854776'],
    ['PEXPIRE', 'k', '9223372036854775808'],
    ['PEXPIREAT', 'k', '9223372036854770000'],
    ['EXISTS', 'k'],
    ['PEXPIREAT', 'k', '-9223372036854770000'],
    ['EXISTS', 'k'],
    ['SET', 'k', 'v'],
    ['EXPIRE', 'k', '-1'],
    ['GET', 'k'],
    ['SET', 'k', 'v'],
    ['PEXPIRE', 'k', '0'],
    ['EXISTS', 'k'],
    ['SET', 'k', 'v'],
    ['EXPIREAT', 'k', '1000'],
    ['EXISTS', 'k'],
    ['SET', 'k', 'v'],
    ['EXPIRE', 'k', '-5', 'LT'],
    ['EXISTS', 'k'],
    ['EXPIRE', 'k'],
    ['TTL'],
    ['PERSIST', 'a', 'b'],
  ]);

  diff('OBJECT', [
    ['OBJECT', 'ENCODING', 'nope'],
    ['OBJECT', 'REFCOUNT', 'nope'],
    ['OBJECT', 'IDLETIME', 'nope'],
    ['OBJECT', 'FREQ', 'nope'],
    ['SET', 'i', '12345'],
    ['SET', 'small', '7'],
    ['SET', 'e', 'hello'],
    ['SET', 'r', 'x'.repeat(45)],
    ['SET', 'e44', 'x'.repeat(44)],
    ['SET', 'neg', '-9223372036854775808'],
    ['SET', 'big', '9223372036854775808'],
    ['SET', 'lead', '01'],
    ['OBJECT', 'ENCODING', 'i'],
    ['OBJECT', 'ENCODING', 'e'],
    ['OBJECT', 'ENCODING', 'r'],
    ['OBJECT', 'ENCODING', 'e44'],
    ['OBJECT', 'ENCODING', 'neg'],
    ['OBJECT', 'ENCODING', 'big'],
    ['OBJECT', 'ENCODING', 'lead'],
    ['OBJECT', 'REFCOUNT', 'e'],
    ['OBJECT', 'REFCOUNT', 'small'],
    ['OBJECT', 'REFCOUNT', 'i'],
    ['OBJECT', 'IDLETIME', 'e'],
    ['OBJECT', 'FREQ', 'e'],
    ['OBJECT', 'HELP'],
    ['OBJECT', 'help'],
    ['OBJECT', 'BOGUS', 'e'],
    ['OBJECT', 'ENCODING'],
    ['OBJECT', 'ENCODING', 'e', 'extra'],
    ['OBJECT', 'HELP', 'extra'],
    ['OBJECT'],
    { quiet: ['HELLO', '3'] },
    ['OBJECT', 'ENCODING', 'nope'],
    ['OBJECT', 'HELP'],
    ['TYPE', 'e'],
    ['TTL', 'nope'],
  ]);

  diff('KEYS with many stars stays fast (no exponential backtracking)', [
    ['SET', 'a'.repeat(40), '1'],
    ['KEYS', 'a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'],
    ['KEYS', 'a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a'],
    ['KEYS', '*a*a*?*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*[ab]'],
  ]);

  diff('RANDOMKEY', [['RANDOMKEY'], ['SET', 'only', '1'], ['RANDOMKEY'], ['RANDOMKEY', 'x']]);

  diff('SCAN and KEYS argument errors', [
    ['SCAN', 'abc'],
    ['SCAN', ' 0'],
    ['SCAN', '1.5'],
    ['SCAN', '18446744073709551616'],
    ['SCAN', '0', 'COUNT', '0'],
    ['SCAN', '0', 'COUNT', '-1'],
    ['SCAN', '0', 'COUNT', 'x'],
    ['SCAN', '0', 'COUNT'],
    ['SCAN', '0', 'MATCH'],
    ['SCAN', '0', 'BOGUS', '1'],
    ['SCAN', '0', 'TYPE', 'string'],
    ['SCAN'],
    ['KEYS'],
    ['KEYS', '*', 'x'],
  ]);

  test('KEYS and SCAN return the same keys as redis', async () => {
    await same(a, b, [['FLUSHALL'], ['SELECT', '0']]);
    const names = ['foo', 'bar', 'foobar', 'f*o', 'f?o', 'a[b]c', 'x\\y', 'FOO', 'key:1', 'key:2', 'key:10'];
    for (let i = 0; i < 300; i++) names.push(`user:${i}`);
    for (const n of names) await same(a, b, [['SET', n, 'v']]);
    for (const p of [
      '*',
      'foo*',
      '*bar',
      'f?o',
      'f\\*o',
      'a\\[b]c',
      'key:[12]',
      'key:[^1]*',
      'user:1?',
      '[a-f]*',
      'nomatch*',
    ])
      await sameSorted(a, b, ['KEYS', p]);
    for (const opts of [
      [],
      ['COUNT', '7'],
      ['MATCH', 'user:2*'],
      ['MATCH', 'key:*', 'COUNT', '1000'],
      ['TYPE', 'string'],
      ['TYPE', 'list'],
      ['TYPE', 'STRING', 'MATCH', 'f*'],
    ]) {
      assert.deepEqual(await scanAll(a, opts), await scanAll(b, opts), JSON.stringify(opts));
    }
  });
});

describe('key commands, in-process', () => {
  let strata: RunningServer;
  let c: RespClient;
  let close: () => Promise<void>;

  before(async () => ({ strata, c, close } = await openStrataClient()));
  after(() => close?.());

  /** A minimal collection value, to check that COPY deep-copies through clone(). */
  class Bag implements CollectionValue {
    constructor(readonly items: string[]) {}
    get bytes(): number {
      return 64 + this.items.length * 32;
    }
    clone(): Bag {
      return new Bag([...this.items]);
    }
    encoding(): string {
      return 'listpack';
    }
  }

  test('COPY deep-copies collections; RENAME and MOVE move them', async () => {
    await c.call('FLUSHALL');
    const db0 = strata.server.keyspace.dbs[0];
    const bag = new Bag(['a', 'b']);
    db0.set('bag', ValueType.List, bag);
    assert.equal(await c.call('COPY', 'bag', 'bag2'), ':1\r\n');
    const copied = db0.peek('bag2')!.value as Bag;
    assert.notEqual(copied, bag);
    assert.deepEqual(copied.items, ['a', 'b']);
    bag.items.push('c');
    assert.deepEqual(copied.items, ['a', 'b']);
    assert.equal(await c.call('TYPE', 'bag2'), '+list\r\n');
    assert.equal(await c.call('OBJECT', 'ENCODING', 'bag2'), '$8\r\nlistpack\r\n');
    assert.equal(await c.call('RENAME', 'bag', 'moved'), '+OK\r\n');
    assert.equal(db0.peek('moved')!.value, bag);
    assert.equal(await c.call('MOVE', 'moved', '3'), ':1\r\n');
    assert.equal(strata.server.keyspace.dbs[3].peek('moved')!.value, bag);
    assert.equal(await c.call('COPY', 'bag2', 'bag2', 'DB', '5'), ':1\r\n');
    assert.notEqual(strata.server.keyspace.dbs[5].peek('bag2')!.value, copied);
  });

  test('keyspace notifications carry Redis event names', async () => {
    await c.call('FLUSHALL');
    const events: string[] = [];
    const notifier = strata.server.notifier;
    const orig = notifier.notify.bind(notifier);
    notifier.notify = (cls, event, key, db) => {
      events.push(`${cls}:${event}:${key}@${db}`);
      orig(cls, event, key, db);
    };
    try {
      await c.call('SET', 'a', '1');
      await c.call('EXPIRE', 'a', '100');
      await c.call('PERSIST', 'a');
      await c.call('RENAME', 'a', 'b');
      await c.call('COPY', 'b', 'c', 'DB', '2');
      await c.call('MOVE', 'b', '1');
      await c.call('SET', 'd', '1');
      await c.call('EXPIRE', 'd', '-1');
      await c.call('SET', 'e', '1');
      await c.call('DEL', 'e', 'missing');
      await c.call('SET', 'f', '1');
      await c.call('PEXPIRE', 'f', '1');
      await new Promise((r) => setTimeout(r, 20));
      await c.call('GET', 'f');
    } finally {
      notifier.notify = orig;
    }
    assert.deepEqual(
      events.filter((e) => !e.startsWith('$:set')),
      [
        'g:expire:a@0',
        'g:persist:a@0',
        'g:rename_from:a@0',
        'g:rename_to:b@0',
        'g:copy_to:c@2',
        'g:move_from:b@0',
        'g:move_to:b@1',
        'g:del:d@0',
        'g:del:e@0',
        'g:expire:f@0',
        'x:expired:f@0',
      ],
    );
  });

  test('writes count in dirty and signal WATCH through the keyspace', async () => {
    await c.call('FLUSHALL');
    const before = strata.server.dirty;
    await c.call('SET', 'a', '1');
    await c.call('RENAME', 'a', 'b');
    await c.call('EXPIRE', 'b', '10');
    await c.call('PERSIST', 'b');
    await c.call('DEL', 'b');
    assert.equal(strata.server.dirty - before, 5);
  });

  test('KEYS, SCAN and EXISTS never show an expired key', async () => {
    await c.call('FLUSHALL');
    await c.call('SET', 'live', '1');
    await c.call('SET', 'dead', '1', 'PX', '1');
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(parseReply(await c.call('KEYS', '*')), ['live']);
    assert.deepEqual(await scanAll(c), ['live']);
    assert.equal(await c.call('EXISTS', 'dead'), ':0\r\n');
  });

  test('SCAN visits every key of a large keyspace exactly once without writes', async () => {
    await c.call('FLUSHALL');
    const db = strata.server.keyspace.dbs[0];
    for (let i = 0; i < 5000; i++) db.set(`k${i}`, ValueType.String, 'v');
    let cursor = '0';
    const seen: string[] = [];
    do {
      const r = parseReply(await c.call('SCAN', cursor, 'COUNT', '97')) as [string, string[]];
      cursor = r[0];
      seen.push(...r[1]);
    } while (cursor !== '0');
    assert.equal(seen.length, 5000);
    assert.equal(new Set(seen).size, 5000);
  });
});

describe('LFU counters', () => {
  test('logarithmic increment, decay by idle minutes, 8-bit saturation', () => {
    const ks = new Keyspace(1);
    ks.lfu = true;
    ks.lruClock = 1_000_000;
    const start = lfuInit(ks);
    assert.equal(start & 0xff, 5);
    assert.equal(start >>> 8, Math.floor(1_000_000 / 60) & 0xffff);
    // At the initial value the increment is certain.
    assert.equal(lfuTouch(ks, start) & 0xff, 6);
    // Many accesses grow the counter slowly (logarithmically) and never past 255.
    let a = start;
    for (let i = 0; i < 1000; i++) a = lfuTouch(ks, a);
    const after1000 = a & 0xff;
    assert.ok(after1000 > 6 && after1000 < 40, `counter after 1000 hits: ${after1000}`);
    ks.lfuLogFactor = 0;
    for (let i = 0; i < 600; i++) a = lfuTouch(ks, a);
    assert.equal(a & 0xff, 255);
    // Decay: one per lfu-decay-time minutes of idleness.
    ks.lfuDecayTime = 1;
    ks.lruClock += 10 * 60;
    assert.equal(lfuDecayed(ks, a), 245);
    ks.lfuDecayTime = 5;
    assert.equal(lfuDecayed(ks, a), 253);
    ks.lfuDecayTime = 0;
    assert.equal(lfuDecayed(ks, a), 255);
    ks.lfuDecayTime = 1;
    ks.lruClock += 1000 * 60;
    assert.equal(lfuDecayed(ks, a), 0);
  });

  test('OBJECT FREQ and IDLETIME follow the policy, as redis does', async () => {
    const [strata, redis] = await Promise.all([
      startStrata(['--maxmemory-policy', 'allkeys-lfu']),
      startRedis(['--maxmemory-policy', 'allkeys-lfu']),
    ]);
    const [a, b] = await Promise.all([RespClient.connect(strata.port), RespClient.connect(redis.port)]);
    try {
      await same(a, b, [
        ['SET', 'k', 'v'],
        ['OBJECT', 'FREQ', 'k'],
        ['GET', 'k'],
        ['OBJECT', 'FREQ', 'k'],
        ['OBJECT', 'IDLETIME', 'k'],
        ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
        ['OBJECT', 'FREQ', 'k'],
        ['OBJECT', 'IDLETIME', 'nope'],
        ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu'],
        ['SET', 'n', '1'],
        ['OBJECT', 'FREQ', 'n'],
        ['OBJECT', 'FREQ', 'nope'],
      ]);
    } finally {
      a.close();
      b.close();
      await Promise.all([strata.close(), redis.close()]);
    }
  });

  test('allkeys-lfu evicts the rarely used keys first', async () => {
    const strata = await startStrata(['--maxmemory-policy', 'allkeys-lfu', '--maxmemory-samples', '10']);
    const c = await RespClient.connect(strata.port);
    try {
      const s = strata.server;
      const db = s.keyspace.dbs[0];
      for (let i = 0; i < 200; i++) db.set(`hot${i}`, ValueType.String, 'x'.repeat(1000));
      for (let round = 0; round < 20; round++)
        for (let i = 0; i < 200; i++) db.get(`hot${i}`, ValueType.String);
      for (let i = 0; i < 200; i++) db.set(`cold${i}`, ValueType.String, 'x'.repeat(1000));
      // Leave room for about half of the data set, then let a write trigger eviction.
      s.maxmemory = s.memoryForEviction() - 150 * 1100;
      assert.equal(await c.call('SET', 'trigger', 'v'), '+OK\r\n');
      let hot = 0;
      let cold = 0;
      for (let i = 0; i < 200; i++) {
        if (db.exists(`hot${i}`)) hot++;
        if (db.exists(`cold${i}`)) cold++;
      }
      assert.ok(s.stats.evictedKeys >= 100, `evicted ${s.stats.evictedKeys}`);
      assert.ok(hot > cold + 50, `hot kept ${hot}, cold kept ${cold}`);
    } finally {
      c.close();
      await strata.close();
    }
  });
});
