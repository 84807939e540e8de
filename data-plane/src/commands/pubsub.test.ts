/**
 * Pub/sub: differential tests against a real redis-server (RESP2 and RESP3, subscriber and
 * publisher on each side, every byte the subscriber receives compared), keyspace notifications
 * compared as message streams, and the bad-input case of issue 3: a subscriber that never reads is
 * disconnected by the pubsub output-buffer limit while the server's memory stays bounded.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startRedis, startStrata, type RunningProcess, type RunningServer } from '../testing/harness';
import { encodeCommand, parseReply, replyEnd, RespClient, same, type Step } from './resp-test-client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Pair {
  a: RespClient;
  b: RespClient;
}

async function pair(strataPort: number, redisPort: number): Promise<Pair> {
  const [a, b] = await Promise.all([RespClient.connect(strataPort), RespClient.connect(redisPort)]);
  return { a, b };
}

const run = (p: Pair, steps: Step[]) => same(p.a, p.b, steps);

/** Sends a command whose replies are pushes (SUBSCRIBE with n channels): compares the n replies. */
async function pushes(p: Pair, cmd: string[], n: number, sorted = false): Promise<void> {
  p.a.send(...cmd);
  p.b.send(...cmd);
  const read = async (c: RespClient) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await c.next()) ?? '<none>');
    return sorted ? out.sort() : out;
  };
  const [ra, rb] = await Promise.all([read(p.a), read(p.b)]);
  assert.deepEqual(ra, rb, `pushes after ${JSON.stringify(cmd)}`);
}

/** Waits until both subscribers have received what was published so far, then compares it. */
async function received(p: Pair, n: number, sorted = false): Promise<void> {
  const read = async (c: RespClient) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await c.next()) ?? '<none>');
    return sorted ? out.sort() : out;
  };
  const [ra, rb] = await Promise.all([read(p.a), read(p.b)]);
  assert.deepEqual(ra, rb, 'messages received');
  await sleep(5);
  assert.equal(p.a.unsolicited.length + p.b.unsolicited.length, 0, 'no extra messages');
}

describe('pub/sub, differential against redis-server', () => {
  let strata: RunningServer;
  let redis: RunningProcess;
  let pub: Pair;
  let sub: Pair;

  before(async () => {
    [strata, redis] = await Promise.all([startStrata(), startRedis()]);
    pub = await pair(strata.port, redis.port);
  });
  after(async () => {
    pub?.a.close();
    pub?.b.close();
    await Promise.all([strata?.close(), redis?.close()]);
  });

  for (const resp of ['2', '3']) {
    const diff = (name: string, body: () => Promise<void>) =>
      test(`RESP${resp}: ${name}`, async () => {
        sub = await pair(strata.port, redis.port);
        try {
          await run(sub, [{ quiet: ['HELLO', resp] }]);
          await run(pub, [{ quiet: ['HELLO', resp] }]);
          await body();
        } finally {
          sub.a.close();
          sub.b.close();
          await sleep(10);
        }
      });

    diff('SUBSCRIBE, PUBLISH, UNSUBSCRIBE with counts; duplicates; non-subscribed channels', async () => {
      await pushes(sub, ['SUBSCRIBE', 'c1', 'c2', 'c1'], 3);
      await run(pub, [
        ['PUBLISH', 'c1', 'hello'],
        ['PUBLISH', 'c2', 'world'],
        ['PUBLISH', 'c3', 'none'],
      ]);
      await received(sub, 2);
      await pushes(sub, ['UNSUBSCRIBE', 'c1', 'nope'], 2);
      await run(pub, [
        ['PUBLISH', 'c1', 'x'],
        ['PUBLISH', 'c2', 'y'],
      ]);
      await received(sub, 1);
      await pushes(sub, ['UNSUBSCRIBE'], 1);
      await pushes(sub, ['UNSUBSCRIBE'], 1);
      await run(pub, [['PUBLISH', 'c2', 'z']]);
      await pushes(sub, ['UNSUBSCRIBE', 'a', 'b'], 2);
    });

    diff('PSUBSCRIBE, PUBLISH to patterns, PUNSUBSCRIBE, mixed with channels', async () => {
      await pushes(sub, ['PSUBSCRIBE', 'news.*', 'h?llo', 'x[ab]y'], 3);
      await pushes(sub, ['SUBSCRIBE', 'news.art'], 1);
      await run(pub, [
        ['PUBLISH', 'news.art', 'a'],
        ['PUBLISH', 'hello', 'b'],
        ['PUBLISH', 'hallo', 'c'],
        ['PUBLISH', 'xay', 'd'],
        ['PUBLISH', 'xcy', 'e'],
      ]);
      await received(sub, 5);
      await pushes(sub, ['PUNSUBSCRIBE', 'h?llo', 'zz'], 2);
      await pushes(sub, ['PUNSUBSCRIBE'], 2);
      await pushes(sub, ['PUNSUBSCRIBE'], 1);
      await pushes(sub, ['UNSUBSCRIBE'], 1);
    });

    diff('PING and the command restriction of a subscribed client', async () => {
      await pushes(sub, ['SUBSCRIBE', 'c'], 1);
      await run(sub, [
        ['PING'],
        ['PING', 'msg'],
        ['GET', 'x'],
        ['SET', 'x', '1'],
        ['CONFIG', 'GET', 'maxmemory'],
      ]);
      await run(sub, [['MULTI'], ['DISCARD'], ['CLIENT', 'NOSUCH'], ['NOSUCHCOMMAND']]);
      await pushes(sub, ['UNSUBSCRIBE', 'c'], 1);
      await run(sub, [['PING'], ['PING', 'msg']]);
    });

    diff('SSUBSCRIBE, SPUBLISH, SUNSUBSCRIBE: a namespace of their own', async () => {
      await pushes(sub, ['SSUBSCRIBE', 's1', 's2', 's1'], 3);
      await pushes(sub, ['PSUBSCRIBE', 's*'], 1);
      await pushes(sub, ['SUBSCRIBE', 's1'], 1);
      await run(pub, [
        ['SPUBLISH', 's1', 'hi'],
        ['PUBLISH', 's1', 'global'],
        ['SPUBLISH', 'nope', 'x'],
        ['PUBSUB', 'SHARDCHANNELS', 's1'],
        ['PUBSUB', 'SHARDCHANNELS', '*2'],
        ['PUBSUB', 'SHARDNUMSUB', 's1', 's2', 'nope'],
        ['PUBSUB', 'NUMSUB', 's1', 's2'],
      ]);
      await received(sub, 3);
      const counts = async (c: RespClient) =>
        (parseReply(await c.call('INFO', 'stats')) as string)
          .split('\r\n')
          .filter((l) => l.startsWith('pubsub'));
      const [ia, ib] = await Promise.all([counts(pub.a), counts(pub.b)]);
      assert.deepEqual(ia, ib);
      assert.equal(ib.length, 3);
      await pushes(sub, ['SUNSUBSCRIBE', 's1'], 1);
      await pushes(sub, ['SUNSUBSCRIBE', 's2'], 1);
      await pushes(sub, ['SUNSUBSCRIBE'], 1);
      await pushes(sub, ['PING'], 1);
      await pushes(sub, ['UNSUBSCRIBE'], 1);
      await pushes(sub, ['PUNSUBSCRIBE'], 1);
      await run(sub, [['PING']]);
    });

    diff('PUBSUB CHANNELS/NUMSUB/NUMPAT/HELP and their errors', async () => {
      await pushes(sub, ['SUBSCRIBE', 'chan'], 1);
      await pushes(sub, ['PSUBSCRIBE', 'p*', 'q*'], 2);
      await run(pub, [
        ['PUBSUB', 'CHANNELS'],
        ['PUBSUB', 'CHANNELS', 'ch*'],
        ['PUBSUB', 'CHANNELS', 'x*'],
        ['PUBSUB', 'CHANNELS', 'a', 'b'],
        ['PUBSUB', 'NUMSUB'],
        ['PUBSUB', 'NUMSUB', 'chan', 'other'],
        ['PUBSUB', 'NUMPAT'],
        ['PUBSUB', 'NUMPAT', 'x'],
        ['PUBSUB', 'HELP'],
        ['PUBSUB', 'NOSUCH'],
        ['PUBSUB'],
        ['PUBLISH', 'onlyone'],
        ['SUBSCRIBE'],
        ['PSUBSCRIBE'],
        ['SSUBSCRIBE'],
        ['SPUBLISH', 'x'],
      ]);
    });

    diff('RESET and QUIT of a subscribed client', async () => {
      await pushes(sub, ['SUBSCRIBE', 'a', 'b'], 2);
      await pushes(sub, ['PSUBSCRIBE', 'x*'], 1);
      await run(sub, [['RESET'], ['PING'], ['GET', 'k']]);
      await run(pub, [
        ['PUBLISH', 'a', 'm'],
        ['PUBSUB', 'NUMPAT'],
      ]);
      await pushes(sub, ['SUBSCRIBE', 'a'], 1);
      await run(sub, [['QUIT']]);
      await sleep(20);
      await run(pub, [
        ['PUBLISH', 'a', 'm'],
        ['PUBSUB', 'NUMSUB', 'a'],
      ]);
    });
  }

  test('subscribe confirmations and messages reach a client with CLIENT REPLY OFF', async () => {
    sub = await pair(strata.port, redis.port);
    try {
      await run(sub, [{ quiet: ['HELLO', '3'] }]);
      sub.a.send('CLIENT', 'REPLY', 'OFF');
      sub.b.send('CLIENT', 'REPLY', 'OFF');
      await pushes(sub, ['SUBSCRIBE', 'channel'], 1);
      await pushes(sub, ['PSUBSCRIBE', 'ch*'], 1);
      await run(pub, [['PUBLISH', 'channel', 'hello']]);
      await received(sub, 2);
      sub.a.send('GET', 'x');
      sub.b.send('GET', 'x');
      await pushes(sub, ['UNSUBSCRIBE', 'channel'], 1);
      await pushes(sub, ['PUNSUBSCRIBE', 'ch*'], 1);
    } finally {
      sub.a.close();
      sub.b.close();
    }
  });

  test('COMMAND INFO of the pub/sub commands (arity, flags, key range, categories)', async () => {
    await run(pub, [{ quiet: ['HELLO', '2'] }]);
    const names = ['subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe', 'publish', 'pubsub'];
    names.push('ssubscribe', 'sunsubscribe', 'spublish');
    for (const name of names) {
      const [ra, rb] = await Promise.all([
        pub.a.call('COMMAND', 'INFO', name),
        pub.b.call('COMMAND', 'INFO', name),
      ]);
      const summary = (raw: string) => ((parseReply(raw) as unknown[][])[0] ?? []).slice(0, 7);
      assert.deepEqual(summary(ra), summary(rb), name);
    }
  });
});

// -------------------------------------------------------------------------------------------------
// Keyspace notifications: the message streams of both servers compared
// -------------------------------------------------------------------------------------------------

/** Commands of every family that exists, each write with its Redis event name(s). */
const NOTIFY_SCRIPT: Step[] = [
  // strings
  ['SET', 's', 'v'],
  ['SET', 's', 'v2', 'GET'],
  ['SET', 's', 'v3', 'KEEPTTL'],
  ['SET', 's', 'x', 'NX'],
  ['SET', 'missing', 'x', 'XX'],
  ['SETNX', 's2', 'v'],
  ['SETNX', 's2', 'v'],
  ['SETEX', 's3', '100', 'v'],
  ['PSETEX', 's4', '100000', 'v'],
  ['GETSET', 's', 'v4'],
  ['GETDEL', 's4'],
  ['GETDEL', 's4'],
  ['GETEX', 's3', 'EX', '200'],
  ['GETEX', 's3', 'PERSIST'],
  ['GETEX', 's3'],
  ['MSET', 'm1', '1', 'm2', '2'],
  ['MSETNX', 'm3', '3', 'm4', '4'],
  ['MSETNX', 'm3', '3', 'm5', '5'],
  ['APPEND', 'a', 'x'],
  ['APPEND', 'a', 'y'],
  ['SETRANGE', 'a', '5', 'z'],
  ['SETRANGE', 'a', '0', ''],
  ['INCR', 'n'],
  ['DECR', 'n'],
  ['INCRBY', 'n', '5'],
  ['DECRBY', 'n', '2'],
  ['INCRBYFLOAT', 'n', '1.5'],
  ['INCR', 's'],
  ['SETBIT', 'b', '7', '1'],
  ['SETBIT', 'b', '7', '1'],
  ['BITOP', 'OR', 'bo', 'b', 'a'],
  ['BITOP', 'AND', 'bo', 'nothing1', 'nothing2'],
  ['BITFIELD', 'bf', 'SET', 'u8', '0', '5'],
  ['BITFIELD', 'bf', 'GET', 'u8', '0'],
  ['BITFIELD', 'bf', 'INCRBY', 'u8', '0', '1'],
  ['SET', 's5', 'v', 'EX', '100'],
  // Stored already expired: expired by the next lookup (before active expiry gets to it).
  ['SET', 's5', 'v', 'PXAT', '1'],
  ['GET', 's5'],
  ['GETEX', 'n', 'PXAT', '1'],
  ['GET', 'n'],
  // lists
  ['LPUSH', 'l', 'a', 'b'],
  ['RPUSH', 'l', 'c'],
  ['LPUSHX', 'l', 'd'],
  ['RPUSHX', 'l', 'e'],
  ['LPUSHX', 'nol', 'd'],
  ['LINSERT', 'l', 'BEFORE', 'a', 'ins'],
  ['LINSERT', 'l', 'BEFORE', 'nope', 'ins'],
  ['LSET', 'l', '0', 'set'],
  ['LPOP', 'l'],
  ['RPOP', 'l'],
  ['LPOP', 'l', '2'],
  ['LREM', 'l', '0', 'a'],
  ['LREM', 'l', '0', 'nope'],
  ['RPUSH', 'l', 'x', 'y', 'z'],
  ['LTRIM', 'l', '0', '1'],
  ['LTRIM', 'l', '0', '1'],
  ['RPOPLPUSH', 'l', 'l2'],
  ['LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'],
  ['LMOVE', 'l2', 'l2', 'LEFT', 'RIGHT'],
  ['LMPOP', '2', 'nol', 'l2', 'LEFT', 'COUNT', '1'],
  ['BLPOP', 'l2', '0.01'],
  ['BLMOVE', 'l2', 'l3', 'LEFT', 'LEFT', '0.01'],
  ['RPUSH', 'l4', 'a', 'b', 'c'],
  ['LTRIM', 'l4', '5', '10'],
  ['BRPOPLPUSH', 'l3', 'l5', '0.01'],
  ['BLMPOP', '0.01', '1', 'l5', 'RIGHT'],
  // hashes
  ['HSET', 'h', 'f1', 'v1', 'f2', 'v2'],
  ['HSET', 'h', 'f1', 'v1'],
  ['HSETNX', 'h', 'f3', 'v3'],
  ['HSETNX', 'h', 'f3', 'v3'],
  ['HMSET', 'h', 'f4', 'v4'],
  ['HINCRBY', 'h', 'i', '2'],
  ['HINCRBYFLOAT', 'h', 'fl', '1.5'],
  ['HDEL', 'h', 'f1', 'nope'],
  ['HDEL', 'h', 'nope'],
  ['HDEL', 'h', 'f2', 'f3', 'f4', 'i', 'fl'],
  // sets
  ['SADD', 'st', 'a', 'b', 'c', 'd'],
  ['SADD', 'st', 'a'],
  ['SREM', 'st', 'a', 'nope'],
  ['SREM', 'st', 'nope'],
  ['SMOVE', 'st', 'st2', 'b'],
  ['SMOVE', 'st', 'st2', 'nope'],
  ['SADD', 'st3', 'c', 'x'],
  ['SINTERSTORE', 'dst', 'st', 'st3'],
  ['SUNIONSTORE', 'dst2', 'st', 'st2'],
  ['SDIFFSTORE', 'dst3', 'st', 'st'],
  ['SDIFFSTORE', 'dst', 'st', 'st'],
  ['SINTERSTORE', 'dst2', 'nothing', 'st'],
  ['SADD', 'one', 'm'],
  ['SPOP', 'one'],
  { quiet: ['SPOP', 'st3', '5'] },
  ['SPOP', 'st2', '0'],
  ['SREM', 'st', 'c', 'd'],
  // generic keys and expiry
  ['SET', 'k', 'v'],
  ['EXPIRE', 'k', '100'],
  ['PEXPIRE', 'k', '100000'],
  ['EXPIREAT', 'k', '9999999999'],
  ['PEXPIREAT', 'k', '9999999999000'],
  ['EXPIRE', 'k', '100', 'NX'],
  ['PERSIST', 'k'],
  ['PERSIST', 'k'],
  ['RENAME', 'k', 'k2'],
  ['RENAMENX', 'k2', 'k3'],
  ['SET', 'k', 'again'],
  ['RENAMENX', 'k', 'k3'],
  ['RENAME', 'k3', 'k3'],
  ['COPY', 'k3', 'k4'],
  ['COPY', 'k3', 'k4', 'REPLACE'],
  ['MOVE', 'k4', '1'],
  ['DEL', 'k3', 'nope'],
  ['UNLINK', 'k', 'nope'],
  ['TOUCH', 'k2'],
  ['EXPIRE', 'k2', '-1'],
  ['SET', 'k5', 'v'],
  ['PEXPIREAT', 'k5', '1'],
  ['GET', 'nothing'],
  ['SELECT', '1'],
  ['SET', 'db1', 'v'],
  ['SWAPDB', '0', '1'],
  ['FLUSHDB'],
  ['SELECT', '0'],
  ['FLUSHALL'],
];

describe('keyspace notifications, message streams against redis-server', () => {
  let strata: RunningServer;
  let redis: RunningProcess;

  before(async () => {
    [strata, redis] = await Promise.all([startStrata(), startRedis()]);
  });
  after(() => Promise.all([strata?.close(), redis?.close()]));

  /** Runs the commands on both servers and returns both streams of notifications received. */
  async function streams(flags: string, script: Step[], settle = 50): Promise<[string[], string[]]> {
    const cmd = await pair(strata.port, redis.port);
    const sub = await pair(strata.port, redis.port);
    try {
      await run(cmd, [['FLUSHALL'], ['CONFIG', 'SET', 'notify-keyspace-events', flags]]);
      const [ra, rb] = await Promise.all([
        sub.a.call('PSUBSCRIBE', '__key*__:*'),
        sub.b.call('PSUBSCRIBE', '__key*__:*'),
      ]);
      assert.equal(ra, rb);
      await run(cmd, script);
      await sleep(settle);
      const messages = (c: RespClient) =>
        c.unsolicited.splice(0).map((raw) => (parseReply(raw) as string[]).slice(2).join(' '));
      return [messages(sub.a), messages(sub.b)];
    } finally {
      await run(cmd, [['CONFIG', 'SET', 'notify-keyspace-events', '']]);
      for (const c of [cmd.a, cmd.b, sub.a, sub.b]) c.close();
    }
  }

  test('KEA: every event of strings, lists, hashes, sets, generic key commands', async () => {
    const [a, b] = await streams('KEA', NOTIFY_SCRIPT);
    assert.ok(b.length > 100, `redis sent events (${b.length})`);
    assert.deepEqual(a, b);
  });

  test('the class filter: only list events on keyevent channels (El), only generic on keyspace (Kg)', async () => {
    for (const flags of ['El', 'Kg', 'K$', 'Eh', 'Es', 'Ex', 'KEA', 'KA']) {
      const [a, b] = await streams(flags, NOTIFY_SCRIPT.slice(0, 60));
      assert.deepEqual(a, b, flags);
    }
  });

  test('expired events: lazy and active expiry', async () => {
    const script = [
      ['SET', 'e1', 'v', 'PX', '1'],
      ['SET', 'e2', 'v', 'PX', '1'],
      ['HSET', 'e3', 'f', 'v'],
      ['PEXPIRE', 'e3', '1'],
    ];
    const [a, b] = await streams('KEx', script, 600);
    assert.deepEqual([...a].sort(), [...b].sort());
    assert.equal(b.length, 6);
  });

  test('evicted events: CONFIG SET maxmemory below the usage evicts at once', async () => {
    const script: Step[] = [
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
      ['SET', 'foo', 'bar'],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
      ['EXISTS', 'foo'],
    ];
    const [a, b] = await streams('KEe', script);
    assert.deepEqual(a, b);
    assert.deepEqual(b, ['__keyspace@0__:foo evicted', '__keyevent@0__:evicted foo']);
  });

  test('new-key events (n) and key-miss events (m) are classes of their own', async () => {
    const script = [
      ['SET', 'x', '1'],
      ['SET', 'x', '2'],
      ['GET', 'nope'],
      ['LPUSH', 'l', 'a'],
      ['HGET', 'nope', 'f'],
    ];
    for (const flags of ['KEn', 'KEm', 'KEA']) {
      const [a, b] = await streams(flags, script);
      assert.deepEqual(a, b, flags);
    }
  });
});

describe('pub/sub, output-buffer limit of a subscriber that never reads', () => {
  let strata: RunningServer;

  before(async () => {
    strata = await startStrata(['--client-output-buffer-limit', 'pubsub 1mb 256kb 1']);
  });
  after(() => strata?.close());

  test('the subscriber is disconnected at the hard limit; memory stays bounded; others are served', async () => {
    // A raw socket that subscribes and then stops reading (paused: the kernel buffers fill up).
    const slow = net.connect(strata.port, '127.0.0.1');
    await new Promise<void>((r) => slow.once('connect', () => r()));
    slow.on('error', () => undefined);
    let confirmed = '';
    await new Promise<void>((resolve) => {
      slow.on('data', (d) => {
        confirmed += d.toString('latin1');
        if (replyEnd(confirmed, 0) > 0) resolve();
      });
      slow.write(encodeCommand(['SUBSCRIBE', 'flood']));
    });
    slow.pause();
    // A paused socket never sees the close: watch the server side instead.
    assert.equal(strata.server.clients.size, 1);
    const slowId = [...strata.server.clients.keys()][0];
    const isClosed = () => !strata.server.clients.has(slowId);
    const good = await RespClient.connect(strata.port);
    await good.call('SUBSCRIBE', 'flood');
    const pubc = await RespClient.connect(strata.port);
    try {
      assert.equal(strata.server.clients.size, 3);
      const payload = 'x'.repeat(16 * 1024);
      let published = 0;
      let goodReceived = 0;
      // The well-behaved subscriber keeps reading everything.
      const drain = setInterval(() => {
        goodReceived += good.unsolicited.length;
        good.unsolicited.length = 0;
      }, 5);
      let maxPending = 0;
      for (let round = 0; round < 400 && !isClosed(); round++) {
        const replies = await Promise.all(
          Array.from({ length: 8 }, () => pubc.call('PUBLISH', 'flood', payload)),
        );
        published += replies.length;
        for (const c of strata.server.clients.values())
          if (c.channels.has('flood')) maxPending = Math.max(maxPending, c.socket.writableLength);
        await sleep(1);
      }
      for (let i = 0; i < 100 && !isClosed(); i++) await sleep(10);
      assert.ok(isClosed(), `the non-reading subscriber was disconnected (published ${published})`);
      // Bounded: never much more than the hard limit queued in the process for it.
      assert.ok(maxPending < 2 * 1024 * 1024, `pending output stayed bounded (${maxPending})`);
      assert.equal(parseReply(await pubc.call('PUBSUB', 'NUMSUB', 'flood'))?.toString(), 'flood,1');
      for (let i = 0; i < 200 && goodReceived + good.unsolicited.length < published; i++) await sleep(10);
      clearInterval(drain);
      goodReceived += good.unsolicited.length;
      assert.equal(goodReceived, published, 'the reading subscriber got every message');
      assert.equal(await pubc.call('PING'), '+PONG\r\n');
    } finally {
      slow.destroy();
      good.close();
      pubc.close();
    }
  });
});
