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
