/**
 * Server and connection administration commands: differential tests against a real redis-server
 * where replies are deterministic, and in-process tests for pausing, MONITOR, CLIENT KILL/UNBLOCK,
 * active expiry, eviction and used_memory.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStrata, type RunningProcess, type RunningServer } from '../testing/harness';
import { clientInfoLine } from './server-cmds';
import {
  diffTest,
  openRawPair,
  openStrataClient,
  parseReply,
  RespClient,
  same,
  type RawPair,
  type Step,
} from '../testing/resp-client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function infoField(info: string, field: string): string | undefined {
  const m = new RegExp(`\\r\\n${field}:([^\\r]*)\\r\\n`).exec('\r\n' + info);
  return m?.[1];
}

async function info(c: RespClient, section: string): Promise<string> {
  return parseReply(await c.call('INFO', section)) as string;
}

describe('server commands, differential against redis-server', () => {
  let pair: RawPair;
  let strata: RunningServer;
  let redis: RunningProcess;
  let a: RespClient;
  let b: RespClient;

  before(async () => {
    pair = await openRawPair(['--enable-debug-command', 'yes']);
    ({ strata, redis, a, b } = pair);
  });
  after(() => pair?.close());

  const diff = (name: string, steps: Step[]) => diffTest(() => pair, name, steps);

  // Every container's HELP goes through commands/help.ts; COMMAND HELP is compared without the
  // GETKEYSANDFLAGS entry, and LATENCY HELP is left out (GETKEYSANDFLAGS and LATENCY HISTOGRAM are
  // not built).
  diff('HELP of every container command, and the subcommand syntax errors', [
    ...['CLIENT', 'CONFIG', 'OBJECT', 'MEMORY', 'SLOWLOG', 'ACL', 'PUBSUB'].map((c) => [c, 'HELP']),
    ...['XINFO', 'XGROUP', 'SCRIPT', 'FUNCTION'].map((c) => [c, 'HELP']),
    ['ACL', 'WHOAMI', 'extra'],
    ['PUBSUB', 'NUMPAT', 'extra'],
    ['FUNCTION', 'FLUSH', 'SYNC', 'extra'],
    ['XINFO', 'STREAM', 'k', 'BOGUS'],
    ['XADD', 'k', '1-1', 'a', '1'],
    ['XINFO', 'STREAM', 'k', 'BOGUS'],
    ['XINFO', 'STREAM', 'k', 'FULL', 'COUNT'],
    ['CLIENT', 'GETNAME', 'x'.repeat(300)],
  ]);

  test('COMMAND HELP as Redis 7.0.15 without GETKEYSANDFLAGS', async () => {
    const [ra, rb] = await Promise.all([a.call('COMMAND', 'HELP'), b.call('COMMAND', 'HELP')]);
    const keysAndFlags =
      '+GETKEYSANDFLAGS <full-command>\r\n+    Return the keys and the access flags from a full Redis command.\r\n';
    assert.ok(rb.includes(keysAndFlags));
    const expected = rb.replace(keysAndFlags, '').replace(/^\*(\d+)/, (_, n) => `*${Number(n) - 2}`);
    assert.equal(ra, expected);
  });

  test('COMMAND LIST [FILTERBY]: the names Redis 7.0.15 lists, subcommands included, but for those not built', async () => {
    /** The bulk strings of a flat array reply, sorted. */
    const names = async (conn: typeof a, ...args: string[]) =>
      (await conn.call('COMMAND', 'LIST', ...args))
        .split('\r\n')
        .filter((l, i, all) => i > 0 && all[i - 1].startsWith('$'))
        .sort();
    const notBuilt = new Set(
      'asking bgrewriteaof cluster command|getkeysandflags failover latency|histogram lolwut migrate module psync replconf replicaof restore-asking slaveof sync'.split(
        ' ',
      ),
    );
    const [mine, theirs] = await Promise.all([names(a), names(b)]);
    assert.ok(
      mine.includes('config|get') && mine.includes('pfadd'),
      'subcommands and HyperLogLog are listed',
    );
    assert.deepEqual(
      mine,
      theirs.filter((n) => !notBuilt.has(n) && !notBuilt.has(n.split('|')[0])),
    );
    for (const filter of [
      ['PATTERN', 'config*'],
      ['PATTERN', '*|help'],
      ['ACLCAT', 'hyperloglog'],
      ['ACLCAT', 'nosuch'],
    ]) {
      const [x, y] = await Promise.all([names(a, 'FILTERBY', ...filter), names(b, 'FILTERBY', ...filter)]);
      assert.deepEqual(
        x,
        y.filter((n) => !notBuilt.has(n) && !notBuilt.has(n.split('|')[0])),
        filter.join(' '),
      );
    }
  });

  // Neither server has replicas: WAIT answers 0, at once or when its timeout passes.
  diff('WAIT without replicas, its errors, inside MULTI and from a script', [
    ['WAIT', '0', '0'],
    ['WAIT', '-3', '0'],
    ['WAIT', '1', '30'],
    ['WAIT', 'x', '0'],
    ['WAIT', '1', '-1'],
    ['WAIT', '1', 'abc'],
    ['WAIT', '1'],
    ['MULTI'],
    ['WAIT', '2', '0'],
    ['EXEC'],
    ['EVAL', "return redis.call('wait', 0, 0)", '0'],
  ]);

  test('WAIT with no timeout blocks until CLIENT UNBLOCK, then answers 0 (or the UNBLOCKED error)', async () => {
    for (const port of [strata.port, redis.port]) {
      for (const mode of ['TIMEOUT', 'ERROR']) {
        const w = await RespClient.connect(port);
        const ctl = await RespClient.connect(port);
        try {
          const id = parseReply(await w.call('CLIENT', 'ID')) as number;
          const waiting = w.call('WAIT', '1', '0');
          await sleep(50);
          assert.match(infoField(await info(ctl, 'clients'), 'blocked_clients') ?? '', /^1$/);
          assert.equal(await ctl.call('CLIENT', 'UNBLOCK', String(id), mode), ':1\r\n');
          assert.equal(
            await waiting,
            mode === 'TIMEOUT' ? ':0\r\n' : '-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n',
            `${port} ${mode}`,
          );
        } finally {
          w.close();
          ctl.close();
        }
      }
    }
  });

  diff('CLIENT subcommands and their errors', [
    ['CLIENT', 'GETNAME'],
    ['CLIENT', 'SETNAME', 'has space'],
    ['CLIENT', 'SETNAME', 'line\nbreak'],
    ['CLIENT', 'SETNAME', 'worker-1'],
    ['CLIENT', 'GETNAME'],
    ['CLIENT', 'SETNAME', ''],
    ['CLIENT', 'GETNAME'],
    ['CLIENT', 'SETNAME'],
    ['CLIENT', 'LIST', 'TYPE', 'bogus'],
    ['CLIENT', 'LIST', 'ID', 'abc'],
    ['CLIENT', 'LIST', 'ID', '999999'],
    ['CLIENT', 'LIST', 'BOGUS'],
    ['CLIENT', 'LIST', 'TYPE', 'master'],
    ['CLIENT', 'LIST', 'TYPE', 'replica'],
    ['CLIENT', 'KILL', '1.2.3.4:5'],
    ['CLIENT', 'KILL', 'ID', '0'],
    ['CLIENT', 'KILL', 'ID', 'abc'],
    ['CLIENT', 'KILL', 'ID', '999999'],
    ['CLIENT', 'KILL', 'TYPE', 'bogus'],
    ['CLIENT', 'KILL', 'USER', 'nobody'],
    ['CLIENT', 'KILL', 'SKIPME', 'maybe'],
    ['CLIENT', 'KILL', 'ADDR', '1.2.3.4:5', 'SKIPME', 'no'],
    ['CLIENT', 'KILL', 'ADDR'],
    ['CLIENT', 'KILL', 'ADDR', '1.2.3.4:5', 'LADDR'],
    ['CLIENT', 'KILL', 'BOGUS', 'x'],
    ['CLIENT', 'KILL'],
    ['CLIENT', 'UNBLOCK', 'abc'],
    ['CLIENT', 'UNBLOCK', '999999'],
    ['CLIENT', 'UNBLOCK', '999999', 'ERROR'],
    ['CLIENT', 'UNBLOCK', '1', 'BOGUS'],
    ['CLIENT', 'PAUSE', 'abc'],
    ['CLIENT', 'PAUSE', '-1'],
    ['CLIENT', 'PAUSE', '10', 'BOGUS'],
    ['CLIENT', 'PAUSE', '1.5'],
    ['CLIENT', 'UNPAUSE'],
    ['CLIENT', 'REPLY', 'BOGUS'],
    ['CLIENT', 'REPLY', 'ON'],
    ['CLIENT', 'NO-EVICT', 'maybe'],
    ['CLIENT', 'NO-EVICT', 'on'],
    ['CLIENT', 'NO-EVICT', 'OFF'],
    ['CLIENT', 'TRACKING', 'OFF'],
    ['CLIENT', 'TRACKING', 'MAYBE'],
    ['CLIENT', 'CACHING', 'YES'],
    ['CLIENT', 'GETREDIR'],
    ['CLIENT', 'TRACKINGINFO'],
    ['CLIENT', 'HELP'],
    ['CLIENT', 'BOGUS'],
    ['CLIENT'],
    ['CLIENT', 'ID', 'extra'],
    { quiet: ['HELLO', '3'] },
    ['CLIENT', 'TRACKINGINFO'],
    ['CLIENT', 'GETNAME'],
  ]);

  diff('SWAPDB', [
    ['SET', 'in0', 'zero'],
    ['SELECT', '1'],
    ['SET', 'in1', 'one'],
    ['SWAPDB', '0', '1'],
    ['GET', 'in0'],
    ['GET', 'in1'],
    ['SELECT', '0'],
    ['GET', 'in1'],
    ['SWAPDB', '0', '0'],
    ['SWAPDB', 'a', '1'],
    ['SWAPDB', '1', 'b'],
    ['SWAPDB', '0', '16'],
    ['SWAPDB', '-1', '0'],
    ['SWAPDB', '0', '99999999999'],
    ['SWAPDB', '0'],
    ['DBSIZE'],
  ]);

  diff('MEMORY, FUNCTION, SLOWLOG, LATENCY, DEBUG, ROLE, READONLY', [
    ['MEMORY', 'USAGE', 'nope'],
    ['SET', 'k', 'v'],
    ['MEMORY', 'USAGE', 'k', 'SAMPLES', '-1'],
    ['MEMORY', 'USAGE', 'k', 'SAMPLES', 'x'],
    ['MEMORY', 'USAGE', 'k', 'SAMPLES'],
    ['MEMORY', 'USAGE', 'k', 'BOGUS'],
    ['MEMORY', 'USAGE'],
    ['MEMORY', 'HELP'],
    ['MEMORY', 'BOGUS'],
    ['FUNCTION', 'FLUSH'],
    ['FUNCTION', 'FLUSH', 'ASYNC'],
    ['FUNCTION', 'FLUSH', 'sync'],
    ['FUNCTION', 'FLUSH', 'BOGUS'],
    ['FUNCTION', 'FLUSH', 'SYNC', 'ASYNC'],
    ['FUNCTION', 'LIST'],
    ['FUNCTION', 'LIST', 'WITHCODE', 'LIBRARYNAME', 'x*'],
    ['FUNCTION', 'LIST', 'LIBRARYNAME'],
    ['FUNCTION', 'LIST', 'BOGUS'],
    ['FUNCTION', 'LIST', 'WITHCODE', 'WITHCODE'],
    ['FUNCTION', 'DELETE', 'lib'],
    ['FUNCTION', 'KILL'],
    ['SLOWLOG', 'GET', '-2'],
    ['SLOWLOG', 'GET', 'abc'],
    ['SLOWLOG', 'RESET'],
    ['SLOWLOG', 'LEN'],
    ['SLOWLOG', 'GET'],
    ['SLOWLOG', 'HELP'],
    ['SLOWLOG', 'BOGUS'],
    ['SLOWLOG', 'LEN', 'x'],
    ['LATENCY', 'LATEST'],
    ['LATENCY', 'HISTORY', 'command'],
    ['LATENCY', 'RESET'],
    ['LATENCY', 'RESET', 'command', 'fork'],
    ['LATENCY', 'GRAPH', 'command'],
    ['DEBUG', 'BOGUS'],
    ['DEBUG', 'SLEEP', '0'],
    ['DEBUG', 'SLEEP', 'abc'],
    ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
    ['DEBUG', 'LOG', 'from the differential test'],
    ['DEBUG', 'OBJECT', 'nope'],
    ['DEBUG', 'PROTOCOL', 'string'],
    ['DEBUG', 'PROTOCOL', 'attrib'],
    ['DEBUG', 'PROTOCOL', 'bignum'],
    ['DEBUG', 'PROTOCOL', 'map'],
    ['DEBUG', 'PROTOCOL', 'set'],
    ['DEBUG', 'PROTOCOL', 'bogus'],
    ['DEBUG'],
    ['ROLE'],
    ['READONLY'],
    ['READWRITE'],
    ['SAVE', 'x'],
    { quiet: ['HELLO', '3'] },
    ['DEBUG', 'PROTOCOL', 'attrib'],
    ['DEBUG', 'PROTOCOL', 'bignum'],
    ['DEBUG', 'PROTOCOL', 'map'],
    ['DEBUG', 'PROTOCOL', 'true'],
    ['DEBUG', 'PROTOCOL', 'verbatim'],
    ['DEBUG', 'PROTOCOL', 'push'],
    ['MEMORY', 'USAGE', 'nope'],
    ['ROLE'],
  ]);

  test('CLIENT REPLY OFF and SKIP drop replies, ON brings them back', async () => {
    await same(a, b, [['FLUSHALL']]);
    for (const c of [a, b]) {
      c.send('CLIENT', 'REPLY', 'OFF');
      c.send('SET', 'x', '1');
      c.send('GET', 'nope-nope');
      c.send('CLIENT', 'REPLY', 'SKIP');
    }
    await same(a, b, [
      ['CLIENT', 'REPLY', 'ON'],
      ['GET', 'x'],
    ]);
    for (const c of [a, b]) {
      c.send('CLIENT', 'REPLY', 'SKIP');
      c.send('INCR', 'x');
    }
    await same(a, b, [['GET', 'x']]);
  });

  test('CLIENT LIST and CLIENT INFO lines have the fields of redis, in its order', async () => {
    const fields = (line: string) =>
      line
        .trim()
        .split(' ')
        .map((f) => f.slice(0, f.indexOf('=')));
    await Promise.all([a.call('HELLO', '2'), b.call('HELLO', '2')]);
    const [la, lb] = [parseReply(await a.call('CLIENT', 'INFO')), parseReply(await b.call('CLIENT', 'INFO'))];
    assert.deepEqual(fields(la as string), fields(lb as string));
    const [sa, sb] = [
      parseReply(await a.call('CLIENT', 'SETNAME', 'me')),
      parseReply(await b.call('CLIENT', 'SETNAME', 'me')),
    ];
    assert.deepEqual(sa, sb);
    const infoA = parseReply(await a.call('CLIENT', 'INFO')) as string;
    const id = parseReply(await a.call('CLIENT', 'ID'));
    assert.match(
      infoA,
      new RegExp(
        `^id=${id} addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:${strata.port} fd=\\d+ name=me age=\\d+ idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 `,
      ),
    );
    assert.match(infoA, / cmd=client\|info user=default redir=-1 resp=2\n$/);
    const listA = parseReply(await a.call('CLIENT', 'LIST', 'ID', String(id))) as string;
    assert.equal(listA.split('\n').length, 2);
    assert.deepEqual(fields(listA), fields(lb as string));
  });

  test('MONITOR lines have the format of redis', async () => {
    for (const [port, name] of [
      [strata.port, 'strata'],
      [redis.port, 'redis'],
    ] as const) {
      const m = await RespClient.connect(port);
      const w = await RespClient.connect(port);
      try {
        assert.equal(await m.call('MONITOR'), '+OK\r\n', name);
        await w.call('SELECT', '2');
        await w.call('SET', 'k y', 'a"b\\c\x01');
        await w.call('CONFIG', 'GET', 'hz');
        await w.call('GET', 'k y');
        const lines = [await m.next(), await m.next(), await m.next()];
        // The database shown is the one after the command ran, as in Redis.
        assert.match(lines[0]!, /^\+\d+\.\d{6} \[2 127\.0\.0\.1:\d+\] "SELECT" "2"\r\n$/, name);
        assert.match(
          lines[1]!,
          /^\+\d+\.\d{6} \[2 127\.0\.0\.1:\d+\] "SET" "k y" "a\\"b\\\\c\\x01"\r\n$/,
          name,
        );
        // CONFIG GET is an admin command: not shown.
        assert.match(lines[2]!, /^\+\d+\.\d{6} \[2 127\.0\.0\.1:\d+\] "GET" "k y"\r\n$/, name);
      } finally {
        m.close();
        w.close();
      }
    }
  });

  test('CLIENT UNBLOCK and SWAPDB wake blocked clients as redis does', async () => {
    await same(a, b, [['FLUSHALL']]);
    const results: string[][] = [];
    for (const port of [strata.port, redis.port]) {
      const ctl = await RespClient.connect(port);
      const x = await RespClient.connect(port);
      try {
        const out: string[] = [];
        const xid = String(parseReply(await x.call('CLIENT', 'ID')));
        const pending1 = x.call('BLPOP', 'list', '0');
        await waitBlocked(ctl, 1);
        out.push(await ctl.call('CLIENT', 'UNBLOCK', xid));
        out.push(await pending1);
        const pending2 = x.call('BLPOP', 'list', '0');
        await waitBlocked(ctl, 1);
        out.push(await ctl.call('CLIENT', 'UNBLOCK', xid, 'ERROR'));
        out.push(await pending2);
        out.push(await ctl.call('CLIENT', 'UNBLOCK', xid));
        await x.call('SELECT', '1');
        const pending3 = x.call('BLPOP', 'list', '0');
        await waitBlocked(ctl, 1);
        out.push(await ctl.call('RPUSH', 'list', 'a', 'b'));
        out.push(await ctl.call('SWAPDB', '0', '1'));
        out.push(await pending3);
        out.push(await ctl.call('SELECT', '1'));
        out.push(await ctl.call('LRANGE', 'list', '0', '-1'));
        results.push(out);
      } finally {
        ctl.close();
        x.close();
      }
    }
    assert.deepEqual(results[0], results[1]);
  });

  test('OOM error text under maxmemory noeviction matches redis', async () => {
    const outs: string[] = [];
    for (const c of [a, b]) {
      await c.call('FLUSHALL');
      await c.call('CONFIG', 'SET', 'maxmemory', '1');
      await c.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
      outs.push(await c.call('SET', 'k', 'v'));
      outs.push(await c.call('GET', 'k'));
      outs.push(await c.call('DEL', 'k'));
      await c.call('CONFIG', 'SET', 'maxmemory', '0');
    }
    assert.deepEqual(outs.slice(0, 3), outs.slice(3));
    assert.equal(outs[0], "-OOM command not allowed when used memory > 'maxmemory'.\r\n");
  });
});

async function waitBlocked(c: RespClient, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const text = parseReply(await c.call('INFO', 'clients')) as string;
    if (infoField(text, 'blocked_clients') === String(n)) return;
    await sleep(5);
  }
  throw new Error('client did not block');
}

describe('server commands, in-process', () => {
  let strata: RunningServer;
  let c: RespClient;
  let close: () => Promise<void>;

  before(async () => ({ strata, c, close } = await openStrataClient()));
  after(() => close?.());

  test('CLIENT PAUSE WRITE holds writes only; UNPAUSE releases them in order', async () => {
    await c.call('FLUSHALL');
    const w = await RespClient.connect(strata.port);
    const r = await RespClient.connect(strata.port);
    try {
      assert.equal(await c.call('CLIENT', 'PAUSE', '100000', 'WRITE'), '+OK\r\n');
      let setDone = false;
      const set = w.call('SET', 'k', 'v').then((x) => ((setDone = true), x));
      const incr = w.call('INCR', 'n');
      assert.equal(await r.call('GET', 'k'), '$-1\r\n');
      assert.equal(await r.call('PING'), '+PONG\r\n');
      assert.equal(setDone, false);
      assert.match(parseReply(await r.call('CLIENT', 'LIST')) as string, /cmd=client\|list/);
      assert.equal(await c.call('CLIENT', 'UNPAUSE'), '+OK\r\n');
      assert.equal(await set, '+OK\r\n');
      assert.equal(await incr, ':1\r\n');
      assert.equal(await r.call('GET', 'k'), '$1\r\nv\r\n');
    } finally {
      w.close();
      r.close();
    }
  });

  test('during CLIENT PAUSE expired keys read as missing but are not removed', async () => {
    await c.call('FLUSHALL');
    const r = await RespClient.connect(strata.port);
    try {
      await c.call('SET', 'gone', 'v', 'PX', '5');
      await c.call('SET', 'also', 'v', 'PX', '5');
      assert.equal(await c.call('CLIENT', 'PAUSE', '100000', 'WRITE'), '+OK\r\n');
      await sleep(250); // several cron ticks: active expiry must not run either
      assert.equal(await r.call('GET', 'gone'), '$-1\r\n');
      assert.equal(await r.call('EXISTS', 'gone', 'also'), ':0\r\n');
      assert.equal(await r.call('DBSIZE'), ':2\r\n');
      assert.equal(await c.call('CLIENT', 'UNPAUSE'), '+OK\r\n');
      assert.equal(await r.call('GET', 'gone'), '$-1\r\n');
      assert.equal(await r.call('DBSIZE'), ':1\r\n');
    } finally {
      r.close();
    }
  });

  test('CLIENT PAUSE ALL holds every command until the pause ends', async () => {
    const r = await RespClient.connect(strata.port);
    try {
      assert.equal(await c.call('CLIENT', 'PAUSE', '150'), '+OK\r\n');
      let done = false;
      const ping = r.call('PING').then((x) => ((done = true), x));
      await sleep(50);
      assert.equal(done, false);
      assert.equal(await ping, '+PONG\r\n');
    } finally {
      r.close();
    }
  });

  test('CLIENT KILL by ID, ADDR, SKIPME and the old form', async () => {
    const v1 = await RespClient.connect(strata.port);
    const v2 = await RespClient.connect(strata.port);
    try {
      const id1 = String(parseReply(await v1.call('CLIENT', 'ID')));
      assert.equal(await c.call('CLIENT', 'KILL', 'ID', id1), ':1\r\n');
      assert.equal(await v1.call('PING'), '<closed>');
      const line = parseReply(await v2.call('CLIENT', 'INFO')) as string;
      const addr = /addr=(\S+)/.exec(line)![1];
      assert.equal(await c.call('CLIENT', 'KILL', addr), '+OK\r\n');
      assert.equal(await v2.call('PING'), '<closed>');
      const myId = String(parseReply(await c.call('CLIENT', 'ID')));
      assert.equal(await c.call('CLIENT', 'KILL', 'ID', myId), ':0\r\n');
      const self = await RespClient.connect(strata.port);
      const selfId = String(parseReply(await self.call('CLIENT', 'ID')));
      assert.equal(await self.call('CLIENT', 'KILL', 'ID', selfId, 'SKIPME', 'no'), ':1\r\n');
      await sleep(20);
      assert.equal(self.closed, true);
    } finally {
      v1.close();
      v2.close();
    }
  });

  test('CLIENT LIST flags show blocked and MONITOR clients', async () => {
    const x = await RespClient.connect(strata.port);
    const m = await RespClient.connect(strata.port);
    try {
      x.send('BLPOP', 'nothing', '0');
      await waitBlocked(c, 1);
      const blocked = [...strata.server.clients.values()].find((cl) => cl.blocked !== null)!;
      assert.match(clientInfoLine(blocked), / flags=b .* cmd=blpop /);
      await m.call('MONITOR');
      const list = parseReply(await c.call('CLIENT', 'LIST')) as string;
      assert.match(list, / flags=O /);
      assert.match(list, / flags=b /);
      assert.match(list, / flags=N .* cmd=client\|list /);
    } finally {
      x.close();
      m.close();
    }
  });

  test('SLOWLOG records commands over the threshold with Redis entry layout', async () => {
    await c.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
    await c.call('SLOWLOG', 'RESET');
    await c.call('CLIENT', 'SETNAME', 'slow-one');
    await c.call('SET', 'x'.repeat(200), 'v');
    const entries = parseReply(await c.call('SLOWLOG', 'GET', '2')) as [
      number,
      number,
      number,
      string[],
      string,
      string,
    ][];
    assert.equal(entries.length, 2);
    const [id, time, usec, args, addr, name] = entries[0];
    assert.ok(id > 0 && time > 1_600_000_000 && usec >= 0);
    assert.deepEqual(args, ['SET', 'x'.repeat(128) + '... (72 more bytes)', 'v']);
    assert.match(addr, /^127\.0\.0\.1:\d+$/);
    assert.equal(name, 'slow-one');
    assert.ok((parseReply(await c.call('SLOWLOG', 'GET', '-1')) as unknown[]).length > 2);
    await c.call('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
  });

  test('DEBUG is refused unless enable-debug-command allows it', async () => {
    assert.match(await c.call('DEBUG', 'SLEEP', '0'), /^-ERR DEBUG command not allowed/);
  });

  test('SAVE and BGSAVE answer an explicit error; LASTSAVE is the start time', async () => {
    assert.match(await c.call('SAVE'), /^-ERR Persistence is not supported/);
    assert.match(await c.call('BGSAVE'), /^-ERR Persistence is not supported/);
    assert.equal(parseReply(await c.call('LASTSAVE')), Math.floor(strata.server.startedAt / 1000));
    // FUNCTION now runs on the Lua engine (commands/functions.test.ts tests it against Redis).
    assert.equal(
      await c.call('FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('f', function() end)"),
      '$1\r\nx\r\n',
    );
    assert.equal(await c.call('FUNCTION', 'DELETE', 'x'), '+OK\r\n');
  });

  test('MEMORY USAGE grows with the value and counts the key', async () => {
    await c.call('FLUSHALL');
    await c.call('SET', 'k', 'x');
    await c.call('SET', 'k2', 'x'.repeat(10_000));
    const small = parseReply(await c.call('MEMORY', 'USAGE', 'k')) as number;
    const big = parseReply(await c.call('MEMORY', 'USAGE', 'k2', 'SAMPLES', '0')) as number;
    assert.ok(small > 1 && small < 200, `small ${small}`);
    assert.ok(big >= 10_000 && big < 10_200, `big ${big}`);
    const stats = parseReply(await c.call('MEMORY', 'STATS')) as (string | number)[];
    assert.equal(stats[stats.indexOf('keys.count') + 1], 2);
  });
});

describe('expiry and eviction', () => {
  test('the cron removes expired keys that are never touched and counts expired_keys', async () => {
    const strata = await startStrata(['--hz', '50']);
    const c = await RespClient.connect(strata.port);
    try {
      for (let i = 0; i < 200; i++) await c.call('SET', `t${i}`, 'v', 'PX', '30');
      for (let i = 0; i < 20; i++) await c.call('SET', `keep${i}`, 'v');
      for (let i = 0; i < 200 && parseReply(await c.call('DBSIZE')) !== 20; i++) await sleep(20);
      assert.equal(parseReply(await c.call('DBSIZE')), 20);
      assert.equal(infoField(await info(c, 'stats'), 'expired_keys'), '200');
      assert.match(await info(c, 'keyspace'), /db0:keys=20,expires=0,/);
    } finally {
      c.close();
      await strata.close();
    }
  });

  test('DEBUG SET-ACTIVE-EXPIRE 0 leaves expired keys to lazy expiry', async () => {
    const strata = await startStrata(['--hz', '50', '--enable-debug-command', 'yes']);
    const c = await RespClient.connect(strata.port);
    try {
      assert.equal(await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0'), '+OK\r\n');
      for (let i = 0; i < 50; i++) await c.call('SET', `t${i}`, 'v', 'PX', '10');
      await sleep(150);
      assert.equal(parseReply(await c.call('DBSIZE')), 50);
      assert.equal(await c.call('GET', 't0'), '$-1\r\n');
      assert.equal(parseReply(await c.call('DBSIZE')), 49);
      await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
      for (let i = 0; i < 100 && parseReply(await c.call('DBSIZE')) !== 0; i++) await sleep(20);
      assert.equal(parseReply(await c.call('DBSIZE')), 0);
    } finally {
      c.close();
      await strata.close();
    }
  });

  test('used_memory grows with data and shrinks after deleting it', async () => {
    const strata = await startStrata();
    const c = await RespClient.connect(strata.port);
    try {
      const used = async () => Number(infoField(await info(c, 'memory'), 'used_memory'));
      const empty = await used();
      for (let i = 0; i < 2000; i++) await c.call('SET', `key:${i}`, 'x'.repeat(100));
      const full = await used();
      assert.ok(full - empty > 2000 * 100, `grew by ${full - empty}`);
      assert.ok(full - empty < 2000 * 400, `grew by ${full - empty}`);
      await c.call('FLUSHALL');
      await sleep(250); // the key table's column overhead is re-measured by the cron (hz 10)
      const after = await used();
      assert.ok(after - empty < (full - empty) / 10, `after flush ${after - empty} over empty`);
    } finally {
      c.close();
      await strata.close();
    }
  });

  const policies = [
    'allkeys-lru',
    'allkeys-lfu',
    'allkeys-random',
    'volatile-lru',
    'volatile-lfu',
    'volatile-random',
    'volatile-ttl',
  ];
  for (const policy of policies) {
    test(`maxmemory with ${policy} evicts to stay under the limit`, async () => {
      const strata = await startStrata(['--maxmemory-policy', policy]);
      const c = await RespClient.connect(strata.port);
      try {
        const s = strata.server;
        const limit = s.memoryForEviction() + 300_000;
        await c.call('CONFIG', 'SET', 'maxmemory', String(limit));
        const volatile = policy.startsWith('volatile-');
        // volatile-ttl must evict the keys closest to expiring first.
        for (let i = 0; i < 3000; i++) {
          const r = volatile
            ? await c.call('SET', `k${i}`, 'x'.repeat(200), 'EX', String(100_000 + i))
            : await c.call('SET', `k${i}`, 'x'.repeat(200));
          assert.equal(r, '+OK\r\n', `write ${i}`);
        }
        const stats = await info(c, 'stats');
        assert.ok(
          Number(infoField(stats, 'evicted_keys')) > 500,
          `evicted ${infoField(stats, 'evicted_keys')}`,
        );
        // One write may land after the last eviction, and the cron re-measures the table's columns.
        assert.ok(s.memoryForEviction() <= limit + 16_384, 'under the limit after the last write');
        if (policy === 'volatile-ttl') assert.equal(s.keyspace.dbs[0].exists('k0'), false);
        if (volatile) {
          // No volatile key left to evict: writes are refused, as in Redis.
          await c.call('FLUSHALL');
          await c.call('CONFIG', 'SET', 'maxmemory', String(s.memoryForEviction() + 50_000));
          let refused = '';
          for (let i = 0; i < 2000 && refused === ''; i++) {
            const r = await c.call('SET', `p${i}`, 'x'.repeat(200));
            if (r.startsWith('-')) refused = r;
          }
          assert.equal(refused, "-OOM command not allowed when used memory > 'maxmemory'.\r\n");
        }
      } finally {
        c.close();
        await strata.close();
      }
    });
  }

  test('noeviction refuses writes with -OOM but serves reads and deletes', async () => {
    const strata = await startStrata(['--maxmemory-policy', 'noeviction']);
    const c = await RespClient.connect(strata.port);
    try {
      await c.call('CONFIG', 'SET', 'maxmemory', String(strata.server.memoryForEviction() + 100_000));
      let refusedAt = -1;
      for (let i = 0; i < 2000 && refusedAt < 0; i++) {
        if ((await c.call('SET', `k${i}`, 'x'.repeat(200))).startsWith('-OOM')) refusedAt = i;
      }
      assert.ok(refusedAt > 0);
      assert.equal(await c.call('GET', 'k0'), `$200\r\n${'x'.repeat(200)}\r\n`);
      assert.equal(await c.call('DEL', 'k0', 'k1', 'k2'), ':3\r\n');
      assert.equal(infoField(await info(c, 'stats'), 'evicted_keys'), '0');
    } finally {
      c.close();
      await strata.close();
    }
  });
});
