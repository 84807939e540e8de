/**
 * Transactions: differential tests against a real redis-server (exact reply bytes, RESP2 and
 * RESP3, a second client on each side for concurrent modifications), and the bad-input cases of
 * issue 3: a MULTI with many thousands of queued commands, queuing past maxmemory.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis, startStrata, type RunningProcess, type RunningServer } from '../testing/harness';
import { encodeCommand, parseReply, RespClient, same, type Step } from './resp-test-client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One connection to each server; steps run on both and every reply must be byte-identical. */
interface Pair {
  a: RespClient;
  b: RespClient;
}

async function pair(strataPort: number, redisPort: number): Promise<Pair> {
  const [a, b] = await Promise.all([RespClient.connect(strataPort), RespClient.connect(redisPort)]);
  return { a, b };
}

const run = (p: Pair, steps: Step[]) => same(p.a, p.b, steps);

/** The value of an INFO field (a number). */
async function infoField(c: RespClient, section: string, field: string): Promise<number> {
  const text = parseReply(await c.call('INFO', section)) as string;
  const m = new RegExp(`^${field}:(\\d+)`, 'm').exec(text);
  assert.ok(m, `INFO ${section} has ${field}`);
  return Number(m[1]);
}

describe('transactions, differential against redis-server', () => {
  let strata: RunningServer;
  let redis: RunningProcess;
  let main: Pair;
  let other: Pair;

  before(async () => {
    const flags = ['--enable-debug-command', 'yes'];
    [strata, redis] = await Promise.all([startStrata(flags), startRedis(flags)]);
    main = await pair(strata.port, redis.port);
    other = await pair(strata.port, redis.port);
  });
  after(async () => {
    for (const p of [main, other]) {
      p?.a.close();
      p?.b.close();
    }
    await Promise.all([strata?.close(), redis?.close()]);
  });

  for (const resp of ['2', '3']) {
    const diff = (name: string, body: () => Promise<void>) =>
      test(`RESP${resp}: ${name}`, async () => {
        await run(main, [
          ['FLUSHALL'],
          ['SELECT', '0'],
          { quiet: ['HELLO', resp] },
          ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
        ]);
        await run(other, [['SELECT', '0'], { quiet: ['HELLO', resp] }]);
        await body();
      });

    diff('MULTI/EXEC basics, runtime errors do not abort', () =>
      run(main, [
        ['MULTI'],
        ['SET', 'a', '1'],
        ['INCR', 'a'],
        ['LPUSH', 'a', 'x'],
        ['GET', 'a'],
        ['HSET', 'h', 'f', 'v'],
        ['HGETALL', 'h'],
        ['PING'],
        ['ECHO', 'e'],
        ['EXEC'],
        ['GET', 'a'],
        ['MULTI'],
        ['EXEC'],
      ]),
    );

    diff('DISCARD, nested MULTI, EXEC/DISCARD without MULTI, WATCH inside MULTI', () =>
      run(main, [
        ['EXEC'],
        ['DISCARD'],
        ['MULTI'],
        ['SET', 'a', '1'],
        ['DISCARD'],
        ['GET', 'a'],
        ['MULTI'],
        ['MULTI'],
        ['WATCH', 'a'],
        ['SET', 'a', '2'],
        ['EXEC'],
        ['GET', 'a'],
        ['MULTI'],
        ['UNWATCH'],
        ['EXEC'],
      ]),
    );

    diff('queuing errors abort EXEC (unknown command, wrong arity, wrong subcommand)', () =>
      run(main, [
        ['MULTI'],
        ['SET', 'a', '1'],
        ['NOSUCHCOMMAND', 'x'],
        ['SET', 'b', '1'],
        ['EXEC'],
        ['EXISTS', 'a', 'b'],
        ['MULTI'],
        ['GET'],
        ['EXEC'],
        ['MULTI'],
        ['CONFIG', 'NOSUCH'],
        ['EXEC'],
        ['MULTI'],
        ['SAVE'],
        ['EXEC'],
        ['MULTI'],
        ['SHUTDOWN'],
        ['DISCARD'],
        ['EXEC', 'extra'],
        ['MULTI'],
        ['SET', 'c', '1'],
        ['EXEC', 'extra'],
        ['EXEC'],
        ['EXISTS', 'c'],
      ]),
    );

    diff('WATCH: modified by another client, by itself, untouched, UNWATCH, DISCARD', async () => {
      await run(main, [['SET', 'w', '1'], ['WATCH', 'w', 'x', 'y'], ['MULTI'], ['INCR', 'w']]);
      await run(other, [['SET', 'w', '5']]);
      await run(main, [
        ['EXEC'],
        ['GET', 'w'],
        ['WATCH', 'w'],
        ['SET', 'w', '6'],
        ['MULTI'],
        ['INCR', 'w'],
        ['EXEC'],
        ['WATCH', 'w'],
        ['MULTI'],
        ['INCR', 'w'],
        ['EXEC'],
        ['WATCH', 'w'],
        ['SET', 'w', '1'],
        ['UNWATCH'],
        ['MULTI'],
        ['INCR', 'w'],
        ['EXEC'],
        ['WATCH', 'w'],
        ['SET', 'w', '1'],
        ['MULTI'],
        ['DISCARD'],
        ['MULTI'],
        ['INCR', 'w'],
        ['EXEC'],
      ]);
      // A failed EXEC unwatches: the next transaction is not affected by old modifications.
      await run(main, [['WATCH', 'w'], ['MULTI']]);
      await run(other, [['DEL', 'w']]);
      await run(main, [['EXEC'], ['MULTI'], ['SET', 'w', 'x'], ['EXEC']]);
      await run(other, [['SET', 'w', 'y']]);
      await run(main, [['MULTI'], ['GET', 'w'], ['EXEC']]);
    });

    diff('WATCH sees every kind of write: collections, EXPIRE, RENAME, DEL of a missing key', async () => {
      const cases: Step[][] = [
        [['RPUSH', 'k', 'a']],
        [['HSET', 'k', 'f', 'v']],
        [['SADD', 'k', 'm']],
        [['EXPIRE', 'k', '100']],
        [['RENAME', 'src', 'k']],
        [['DEL', 'k']],
        [['DEL', 'missing']],
        [
          ['SELECT', '1'],
          ['SET', 'k', 'other-db'],
          ['SELECT', '0'],
        ],
        [['GET', 'k']],
      ];
      for (const mutation of cases) {
        await run(main, [['FLUSHALL'], ['SET', 'src', 's'], ['WATCH', 'k', 'missing'], ['MULTI'], ['PING']]);
        await run(other, mutation);
        await run(main, [['EXEC']]);
      }
    });

    diff('WATCH and expiry: lazily expired keys fail EXEC, stale keys do not', async () => {
      // Long enough to be watched while live even on a busy machine.
      await run(main, [
        ['SET', 'x', 'foo', 'PX', '150'],
        ['WATCH', 'x'],
      ]);
      await sleep(250);
      await run(main, [['MULTI'], ['PING'], ['EXEC']]);
      // A key already expired (not yet removed) when watched is no change when it goes.
      await run(main, [
        ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
        ['SET', 'x', 'foo', 'PX', '1'],
      ]);
      await sleep(10);
      await run(main, [['WATCH', 'x'], ['MULTI'], ['PING'], ['EXEC']]);
      await run(main, [['SET', 'x', 'foo', 'PX', '1']]);
      await sleep(10);
      await run(main, [['WATCH', 'x'], ['DEL', 'x'], ['MULTI'], ['PING'], ['EXEC']]);
      await run(main, [['SET', 'x', 'foo', 'PX', '1']]);
      await sleep(10);
      await run(main, [['WATCH', 'x'], ['FLUSHDB'], ['MULTI'], ['PING'], ['EXEC']]);
      // EXPIRE in the past deletes: a modification.
      await run(main, [
        ['SET', 'x', 'foo'],
        ['WATCH', 'x'],
        ['EXPIRE', 'x', '-1'],
        ['MULTI'],
        ['PING'],
        ['EXEC'],
      ]);
      await run(main, [['DEBUG', 'SET-ACTIVE-EXPIRE', '1']]);
    });

    diff('FLUSHALL, FLUSHDB and SWAPDB touch watched keys that exist, only those', async () => {
      const scenario = async (setup: Step[], watch: string, by: Step[]) => {
        await run(main, [['FLUSHALL'], ...setup, ['WATCH', watch], ['MULTI'], ['PING']]);
        await run(other, by);
        await run(main, [['EXEC']]);
      };
      await scenario([['SET', 'x', '1']], 'x', [['FLUSHALL']]);
      await scenario([['SET', 'x', '1']], 'y', [['FLUSHALL']]);
      await scenario([['SET', 'x', '1']], 'x', [['FLUSHDB']]);
      await scenario([['SET', 'x', '1']], 'y', [['FLUSHDB']]);
      await scenario([['SET', 'x', '1']], 'x', [['SELECT', '1'], ['FLUSHDB'], ['SELECT', '0']]);
      await scenario([['SET', 'x', '1']], 'x', [['SWAPDB', '0', '1']]);
      await scenario(
        [
          ['SELECT', '1'],
          ['SET', 'x', '1'],
          ['SELECT', '0'],
        ],
        'x',
        [['SWAPDB', '0', '1']],
      );
      await scenario([['SET', 'z', '1']], 'x', [['SWAPDB', '0', '1']]);
    });

    diff('SWAPDB and stale keys', async () => {
      await run(main, [['DEBUG', 'SET-ACTIVE-EXPIRE', '0']]);
      // A stale watched key swapped away: no change.
      await run(main, [['FLUSHALL'], ['SET', 'x', 'foo', 'PX', '1']]);
      await sleep(10);
      await run(main, [['WATCH', 'x'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC']]);
      // A missing watched key replaced by a stale key: no change.
      await run(main, [['FLUSHALL'], ['SELECT', '1'], ['SET', 'x', 'foo', 'PX', '1'], ['SELECT', '0']]);
      await sleep(10);
      await run(main, [['WATCH', 'x'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC']]);
      // A stale key replaced by another stale key: no change.
      await run(main, [
        ['FLUSHALL'],
        ['SET', 'x', 'foo', 'PX', '1'],
        ['SELECT', '1'],
        ['SET', 'x', 'bar', 'PX', '1'],
      ]);
      await run(main, [['SELECT', '0']]);
      await sleep(10);
      await run(main, [['WATCH', 'x'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC']]);
      // A stale key replaced by a live one: a change.
      await run(main, [['FLUSHALL'], ['SET', 'x', 'foo', 'PX', '1'], ['SELECT', '1'], ['SET', 'x', 'bar']]);
      await run(main, [['SELECT', '0']]);
      await sleep(10);
      await run(main, [['WATCH', 'x'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC']]);
      await run(main, [['DEBUG', 'SET-ACTIVE-EXPIRE', '1']]);
    });

    diff('WATCH remembers the database of a key', () =>
      run(main, [
        ['SELECT', '1'],
        ['SET', 'k', '1'],
        ['WATCH', 'k'],
        ['SELECT', '0'],
        ['SET', 'k', '2'],
        ['MULTI'],
        ['PING'],
        ['EXEC'],
        ['SELECT', '1'],
        ['WATCH', 'k'],
        ['SELECT', '0'],
        ['SELECT', '1'],
        ['SET', 'k', '3'],
        ['MULTI'],
        ['PING'],
        ['EXEC'],
        ['SELECT', '0'],
      ]),
    );

    diff('blocking commands inside MULTI answer at once; SELECT inside MULTI', () =>
      run(main, [
        ['MULTI'],
        ['BLPOP', 'empty', '0'],
        ['BRPOP', 'empty', '0'],
        ['BRPOPLPUSH', 'e1', 'e2', '0'],
        ['BLMOVE', 'e1', 'e2', 'LEFT', 'LEFT', '0'],
        ['BLMPOP', '0', '1', 'e1', 'LEFT'],
        ['SELECT', '3'],
        ['SET', 'in3', 'v'],
        ['EXEC'],
        ['GET', 'in3'],
        ['SELECT', '0'],
      ]),
    );

    diff('SUBSCRIBE and PUBLISH inside MULTI', async () => {
      await run(main, [['MULTI'], ['SUBSCRIBE', 'ch1', 'ch2'], ['PUBLISH', 'ch1', 'm'], ['EXEC']]);
      // (UNSUBSCRIBE without arguments lists channels in hash order on Redis.)
      await run(main, [['UNSUBSCRIBE', 'ch1'], ...(resp === '2' ? [['PING']] : []), ['UNSUBSCRIBE', 'ch2']]);
      await run(main, [['MULTI'], ['SSUBSCRIBE', 's'], ['EXEC']]);
    });

    diff('a queued command that is not allowed is refused when queued', () =>
      run(main, [['MULTI'], ['SET', 'a', '1'], ['MULTI'], ['EXEC'], ['GET', 'a']]),
    );

    diff(
      'EXEC refused when out of memory with a denyoom command queued, allowed with reads only',
      async () => {
        await run(main, [['SET', 'x', 'value'], ['MULTI'], ['GET', 'x'], ['PING']]);
        await run(other, [['CONFIG', 'SET', 'maxmemory', '1']]);
        await run(main, [['EXEC']]);
        await run(main, [['MULTI'], ['GET', 'x']]);
        await run(other, [['CONFIG', 'SET', 'maxmemory', '0']]);
        await run(main, [['SET', 'x', '1']]);
        await run(other, [['CONFIG', 'SET', 'maxmemory', '1']]);
        await run(main, [
          ['EXEC'],
          ['MULTI'],
          ['SET', 'y', '1'],
          ['GET', 'y'],
          ['DISCARD'],
          ['MULTI'],
          ['PING'],
          ['EXEC'],
        ]);
        await run(other, [['CONFIG', 'SET', 'maxmemory', '0']]);
        // Queued while memory was available, refused at EXEC time.
        await run(main, [['MULTI'], ['SET', 'x', '1'], ['GET', 'x']]);
        await run(other, [['CONFIG', 'SET', 'maxmemory', '1']]);
        await run(main, [['EXEC'], ['EXEC']]);
        await run(other, [['CONFIG', 'SET', 'maxmemory', '0']]);
      },
    );
  }

  test('errors inside EXEC count for the failing command, not for EXEC (commandstats, errorstats)', async () => {
    await run(main, [{ quiet: ['HELLO', '2'] }, ['FLUSHALL'], ['SET', 's', 'v'], ['CONFIG', 'RESETSTAT']]);
    await run(main, [['MULTI'], ['LPUSH', 's', 'x'], ['INCR', 's'], ['GET', 's'], ['EXEC']]);
    await run(main, [['MULTI'], ['NOSUCH'], ['EXEC']]);
    const lines = async (c: RespClient) => {
      const text = [
        parseReply(await c.call('INFO', 'commandstats')),
        parseReply(await c.call('INFO', 'errorstats')),
      ];
      return (text.join('\n') as string)
        .split('\r\n')
        .filter((l) => /^(cmdstat_(exec|multi|lpush|incr|get)|errorstat_)/.test(l))
        .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ''))
        .sort(); // (Redis lists them in hash order)
    };
    assert.deepEqual(await lines(main.a), await lines(main.b));
  });

  test('ACL rules changed between queuing and EXEC: NOPERM inside the EXEC reply', async () => {
    await run(other, [{ quiet: ['HELLO', '2'] }, ['ACL', 'SETUSER', 'tx', 'on', '>pw', '+@all', '~*', '&*']]);
    const user = await pair(strata.port, redis.port);
    try {
      await run(user, [
        ['AUTH', 'tx', 'pw'],
        ['MULTI'],
        ['SET', 'k1', 'v'],
        ['GET', 'k1'],
        ['PUBLISH', 'ch', 'm'],
      ]);
      await run(user, [
        ['SET', 'other', 'v'],
        ['INCR', 'n'],
      ]);
      await run(other, [['ACL', 'SETUSER', 'tx', '-set', 'resetkeys', '~k*', 'resetchannels']]);
      await run(user, [['EXEC'], ['GET', 'k1']]);
    } finally {
      user.a.close();
      user.b.close();
      await run(other, [['ACL', 'DELUSER', 'tx']]);
    }
  });

  test('EXEC and MULTI without authentication', async () => {
    await run(other, [{ quiet: ['HELLO', '2'] }, ['CONFIG', 'SET', 'requirepass', 'pw']]);
    const fresh = await pair(strata.port, redis.port);
    try {
      await run(fresh, [
        ['MULTI'],
        ['EXEC'],
        ['DISCARD'],
        ['AUTH', 'pw'],
        ['MULTI'],
        ['SET', 'a', '1'],
        ['EXEC'],
      ]);
    } finally {
      fresh.a.close();
      fresh.b.close();
      await run(other, [['CONFIG', 'SET', 'requirepass', '']]);
    }
  });

  test('COMMAND INFO of the transaction commands (arity, flags, key range, categories)', async () => {
    await run(main, [{ quiet: ['HELLO', '2'] }]);
    for (const name of ['multi', 'exec', 'discard', 'watch', 'unwatch']) {
      const [ra, rb] = await Promise.all([
        main.a.call('COMMAND', 'INFO', name),
        main.b.call('COMMAND', 'INFO', name),
      ]);
      // Key specifications (element 8 on) are not modelled by the command table.
      const summary = (raw: string) => ((parseReply(raw) as unknown[][])[0] ?? []).slice(0, 7);
      assert.deepEqual(summary(ra), summary(rb), name);
    }
  });
});

describe('transactions, bad input and memory', () => {
  let strata: RunningServer;

  before(async () => {
    strata = await startStrata();
  });
  after(() => strata?.close());

  test('a MULTI with 50,000 queued commands: memory counted while queued, released by DISCARD, EXEC runs all', async () => {
    const c = await RespClient.connect(strata.port);
    const watcher = await RespClient.connect(strata.port);
    try {
      const n = 50_000;
      const used = () => infoField(watcher, 'memory', 'used_memory');
      const before = strata.server.multiBytes;
      assert.equal(await c.call('MULTI'), '+OK\r\n');
      let batch = '';
      const value = 'v'.repeat(100);
      for (let i = 0; i < n; i++) batch += encodeCommand(['SET', `key:${i}`, value]);
      const queued = Promise.all(Array.from({ length: n }, () => c.read()));
      (c as unknown as { socket: { write(s: string, e: string): void } }).socket.write(batch, 'latin1');
      const replies = await queued;
      assert.ok(replies.every((r) => r === '+QUEUED\r\n'));
      const queuedBytes = strata.server.multiBytes - before;
      assert.ok(queuedBytes >= n * 100, `queued bytes counted (${queuedBytes})`);
      const usedQueued = await used();
      assert.equal(await c.call('DISCARD'), '+OK\r\n');
      assert.equal(strata.server.multiBytes, before);
      assert.ok((await used()) <= usedQueued - n * 100, 'DISCARD releases the queue from used_memory');

      await c.call('MULTI');
      const again = Promise.all(Array.from({ length: n }, () => c.read()));
      (c as unknown as { socket: { write(s: string, e: string): void } }).socket.write(batch, 'latin1');
      await again;
      const exec = await c.call('EXEC');
      assert.ok(exec.startsWith(`*${n}\r\n`));
      assert.equal(exec.length, `*${n}\r\n`.length + n * 5);
      assert.equal(parseReply(await watcher.call('DBSIZE')), n);
      assert.equal(strata.server.multiBytes, before);
    } finally {
      c.close();
      watcher.close();
    }
  });

  test('queuing past maxmemory is refused (OOM), EXEC aborts, the server and other clients carry on', async () => {
    const c = await RespClient.connect(strata.port);
    const admin = await RespClient.connect(strata.port);
    try {
      await admin.call('FLUSHALL');
      const baseline = await infoField(admin, 'memory', 'used_memory');
      await admin.call('CONFIG', 'SET', 'maxmemory', String(baseline + 4_000_000));
      await c.call('MULTI');
      const big = 'x'.repeat(10_000);
      let firstOom = -1;
      for (let i = 0; i < 2000 && firstOom < 0; i++) {
        const r = await c.call('SET', `k${i}`, big);
        if (r.startsWith('-OOM')) firstOom = i;
        else assert.equal(r, '+QUEUED\r\n');
      }
      assert.ok(firstOom > 0, 'queuing eventually refused');
      // Still out of memory and a denyoom command queued: EXEC itself is refused (as in Redis).
      assert.equal(
        await c.call('EXEC'),
        "-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n",
      );
      assert.equal(await c.call('EXEC'), '-ERR EXEC without MULTI\r\n');
      assert.equal(strata.server.multiBytes, 0);
      assert.equal(await admin.call('SET', 'after', '1'), '+OK\r\n');
    } finally {
      await admin.call('CONFIG', 'SET', 'maxmemory', '0');
      c.close();
      admin.close();
    }
  });

  test('blocked clients are served after EXEC, not during it', async () => {
    const blocked = await RespClient.connect(strata.port);
    const c = await RespClient.connect(strata.port);
    try {
      await c.call('DEL', 'q');
      const popped = blocked.call('BLPOP', 'q', '0');
      await sleep(20);
      await c.call('MULTI');
      await c.call('RPUSH', 'q', 'a', 'b');
      await c.call('LPOP', 'q');
      assert.equal(await c.call('EXEC'), '*2\r\n:2\r\n$1\r\na\r\n');
      assert.equal(await popped, '*2\r\n$1\r\nq\r\n$1\r\nb\r\n');
    } finally {
      blocked.close();
      c.close();
    }
  });

  test('a client that disconnects inside MULTI releases its queue and watched keys', async () => {
    const c = await RespClient.connect(strata.port);
    await c.call('WATCH', 'a', 'b');
    await c.call('MULTI');
    for (let i = 0; i < 100; i++) await c.call('SET', `x${i}`, 'v');
    assert.ok(strata.server.multiBytes > 0);
    c.close();
    for (let i = 0; i < 100 && strata.server.multiBytes > 0; i++) await sleep(10);
    assert.equal(strata.server.multiBytes, 0);
    assert.equal(strata.server.watch.size, 0);
  });
});
