/**
 * Functions tests: FUNCTION LOAD/LIST/DELETE/FLUSH/STATS/HELP and FCALL/FCALL_RO compared byte for
 * byte with redis-server 7.0.15 (RESP2 and RESP3), then BUSY with FUNCTION KILL, SCRIPT FLUSH
 * keeping libraries, and functions over offloaded values (tiering forced on).
 * FUNCTION LIST lists one library at a time in the differential steps: Redis prints libraries in
 * its dict's hash order.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { diffTest, openRawPair, RespClient, untilReply, type RawPair } from '../testing/resp-client';
import { forcedTieringFlags, startStrata, type RunningServer } from '../testing/harness';

/** A library of one function whose body is `body` (positional register_function). */
function lib(name: string, fn: string, body: string): string {
  return `#!lua name=${name}\nredis.register_function('${fn}', function(KEYS, ARGV)\n${body}\nend)`;
}

describe('functions: differential against redis-server', () => {
  let pair: RawPair;
  before(async () => {
    pair = await openRawPair();
  });
  after(() => pair.close());
  const t = (name: string, steps: Parameters<typeof diffTest>[2]) =>
    diffTest(() => pair, name, [{ quiet: ['FUNCTION', 'FLUSH'] }, ...steps]);

  t('FUNCTION LOAD, REPLACE, and its errors', [
    ['FUNCTION', 'LOAD', lib('mylib', 'f1', "return 'hello'")],
    ['FCALL', 'f1', '0'],
    ['FCALL', 'F1', '0'],
    ['FUNCTION', 'LOAD', lib('MYLIB', 'f2', 'return 2')],
    ['FUNCTION', 'DELETE', 'MYLIB'],
    ['FUNCTION', 'LOAD', lib('caselib', 'F1', 'return 2')],
    ['FUNCTION', 'LOAD', lib('mylib', 'f1', 'return 2')],
    ['FUNCTION', 'LOAD', 'REPLACE', lib('mylib', 'f1', 'return 2')],
    ['FUNCTION', 'LOAD', 'replace', 'REPLACE', lib('mylib', 'f1', 'return 3')],
    ['FCALL', 'f1', '0'],
    ['FUNCTION', 'LOAD', lib('other', 'f1', 'return 4')],
    ['FUNCTION', 'LOAD', 'BOGUS', lib('other', 'f2', 'return 4')],
    ['FUNCTION', 'LOAD', 'REPLACE'],
    ['FUNCTION', 'LOAD', 'no metadata'],
    ['FUNCTION', 'LOAD', '#!lua name=x'],
    ['FUNCTION', 'LOAD', '#!lua\nreturn 1'],
    ['FUNCTION', 'LOAD', '#!lua2 name=x\nreturn 1'],
    ['FUNCTION', 'LOAD', '#!LUA name=up\nredis.register_function("up", function() return 1 end)'],
    ['FUNCTION', 'LOAD', '#!lua name=x foo=bar\nreturn 1'],
    ['FUNCTION', 'LOAD', '#!lua name=x name=y\nreturn 1'],
    ['FUNCTION', 'LOAD', '#!lua name=a-b\nreturn 1'],
    ['FUNCTION', 'LOAD', '#!lua name=x\nreturn 1'],
    ['FUNCTION', 'LOAD', '#!lua name=x\nreturn 1 +'],
    ['FUNCTION', 'LOAD', '#!lua name=x\nredis.register_function()'],
    ['FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('f')"],
    ['FUNCTION', 'LOAD', '#!lua name=x\nredis.register_function(nil, function() end)'],
    ['FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('f', 'notfn')"],
    ['FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('f', function() end, 3)"],
    ['FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('a-b', function() end)"],
    ['FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('', function() end)"],
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=x\nredis.register_function('g', function() end)\nredis.register_function('g', function() end)",
    ],
    ['FUNCTION', 'LOAD', "#!lua name=x\nredis.call('ping')"],
    ['FUNCTION', 'LOAD', '#!lua name=x\nredis.setresp(3)'],
    ['FUNCTION', 'LOAD', '#!lua name=x\nlocal x = math.floor(1)'],
    ['FUNCTION', 'LOAD', '#!lua name=x\nx = 1'],
    ['FUNCTION', 'LOAD', '#!lua name=x\nredis.y = 1'],
    ['FUNCTION', 'LOAD', "#!lua name=x\nerror('boom')"],
    ['FUNCTION', 'LOAD', '#!lua name=x\nlocal a = nil; a.b = 1'],
    ['FUNCTION', 'LOAD', "#!lua name=x\nredis.log(redis.LOG_NOTICE, 'loading', redis.REDIS_VERSION)"],
  ]);

  t('register_function with named arguments and flags', [
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=named\nredis.register_function{function_name='nf', callback=function() return 1 end, " +
        "flags={'NO-WRITES', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}, description='desc'}",
    ],
    ['FUNCTION', 'LIST'],
    ['FUNCTION', 'LIST', 'WITHCODE'],
    ['FCALL', 'nf', '0'],
    ['FCALL_RO', 'nf', '0'],
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=x\nredis.register_function{function_name='f', callback=function() end, flags={'bad'}}",
    ],
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=x\nredis.register_function{function_name='f', callback=function() end, flags='x'}",
    ],
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=x\nredis.register_function{function_name='f', callback=function() end, foo=1}",
    ],
    ['FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function{function_name='f'}"],
    ['FUNCTION', 'LOAD', '#!lua name=x\nredis.register_function{callback=function() end}'],
    ['FUNCTION', 'LOAD', '#!lua name=x\nredis.register_function{function_name={}, callback=function() end}'],
    ['FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function{function_name='f', callback=1}"],
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=x\nredis.register_function{function_name='f', callback=function() end, description={}}",
    ],
    ['FUNCTION', 'LOAD', '#!lua name=x\nredis.register_function{[1]=1}'],
    ['FUNCTION', 'LOAD', '#!lua name=x\nredis.register_function{[true]=1}'],
  ]);

  t('FCALL and FCALL_RO: keys, arguments, errors, read-only', [
    ['FUNCTION', 'LOAD', lib('kv', 'kv', 'return {KEYS[1], ARGV[1], #KEYS, #ARGV}')],
    ['FCALL', 'kv', '1', 'k', 'a', 'b'],
    ['FCALL', 'kv', '0'],
    ['FCALL', 'kv', '2', 'only'],
    ['FCALL', 'kv', '-1'],
    ['FCALL', 'kv', 'x'],
    ['FCALL', 'kv', '01'],
    ['FCALL', 'nope', '0'],
    ['FCALL', 'nope', 'x'],
    ['FCALL'],
    ['FUNCTION', 'LOAD', lib('w', 'setter', "return redis.call('set', KEYS[1], ARGV[1])")],
    ['FCALL', 'setter', '1', 'k', 'v'],
    ['GET', 'k'],
    ['FCALL_RO', 'setter', '1', 'k', 'v'],
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=ro\nredis.register_function{function_name='ro', callback=function(KEYS) return redis.call('set', KEYS[1], 'x') end, flags={'no-writes'}}",
    ],
    ['FCALL_RO', 'ro', '1', 'k'],
    ['FCALL', 'ro', '1', 'k'],
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=ro2\nredis.register_function{function_name='ro2', callback=function(KEYS) return redis.call('get', KEYS[1]) end, flags={'no-writes'}}",
    ],
    ['FCALL_RO', 'ro2', '1', 'k'],
    ['FUNCTION', 'LOAD', lib('e1', 'e1', 'return nonexistent')],
    ['FCALL', 'e1', '0'],
    ['FUNCTION', 'LOAD', lib('e2', 'e2', "return redis.call('nocommand')")],
    ['FCALL', 'e2', '0'],
    ['FUNCTION', 'LOAD', lib('e3', 'e3', 'local t = nil return t.x')],
    ['FCALL', 'e3', '0'],
    ['FUNCTION', 'LOAD', lib('e4', 'e4', "return redis.error_reply('MY failure')")],
    ['FCALL', 'e4', '0'],
    ['FUNCTION', 'LOAD', lib('e5', 'e5', "redis.register_function('zz', function() end)")],
    ['FCALL', 'e5', '0'],
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=e6\nlocal rf = redis.register_function\nrf('e6', function() rf('zz', function() end) end)",
    ],
    ['FCALL', 'e6', '0'],
    ['FUNCTION', 'LOAD', lib('e7', 'e7', 'KEYS = 1')],
    ['FCALL', 'e7', '0'],
    ['FUNCTION', 'LOAD', lib('e8', 'e8', 'x = 1')],
    ['FCALL', 'e8', '0'],
    [
      'FUNCTION',
      'LOAD',
      lib(
        'e9',
        'e9',
        "return {cjson.encode({1, 2}), string.format('%d', 5), math.floor(2.5), redis.sha1hex('')}",
      ),
    ],
    ['FCALL', 'e9', '0'],
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=h\nlocal function helper() return 'h' end\nredis.register_function('h', function() return helper() end)",
    ],
    ['FCALL', 'h', '0'],
    ['FUNCTION', 'LOAD', lib('fcallin', 'fcallin', "return redis.call('fcall', 'h', 0)")],
    ['FCALL', 'fcallin', '0'],
    ['EVAL', "return redis.call('fcall', 'h', 0)", '0'],
    ['MULTI'],
    ['FCALL', 'h', '0'],
    ['FCALL', 'kv', '1', 'a'],
    ['EXEC'],
  ]);

  t('FUNCTION LIST, DELETE, FLUSH, STATS, HELP', [
    ['FUNCTION', 'LIST'],
    ['FUNCTION', 'STATS'],
    ['FUNCTION', 'LOAD', lib('one', 'f1', 'return 1')],
    ['FUNCTION', 'LIST'],
    ['FUNCTION', 'LIST', 'WITHCODE'],
    ['FUNCTION', 'LIST', 'LIBRARYNAME', 'o*'],
    ['FUNCTION', 'LIST', 'libraryname', 'O?E', 'withcode'],
    ['FUNCTION', 'LIST', 'LIBRARYNAME', 'x*'],
    ['FUNCTION', 'LIST', 'LIBRARYNAME'],
    ['FUNCTION', 'LIST', 'WITHCODE', 'WITHCODE'],
    ['FUNCTION', 'LIST', 'BOGUS'],
    ['FUNCTION', 'LOAD', lib('two', 'f2', 'return 2')],
    ['FUNCTION', 'STATS'],
    ['FUNCTION', 'DELETE', 'one'],
    ['FUNCTION', 'DELETE', 'one'],
    ['FCALL', 'f1', '0'],
    ['FUNCTION', 'LIST'],
    ['FUNCTION', 'KILL'],
    ['FUNCTION', 'FLUSH', 'BOGUS'],
    ['FUNCTION', 'FLUSH', 'SYNC', 'ASYNC'],
    ['FUNCTION', 'FLUSH', 'async'],
    ['FUNCTION', 'LIST'],
    ['FUNCTION', 'STATS'],
    ['FUNCTION', 'HELP'],
    ['FUNCTION', 'HELP', 'x'],
    ['FUNCTION', 'BOGUS'],
    ['COMMAND', 'GETKEYS', 'FCALL', 'f', '2', 'a', 'b', 'c'],
    ['COMMAND', 'GETKEYS', 'FCALL_RO', 'f', '1', 'a'],
  ]);

  t('SCRIPT FLUSH keeps functions, FUNCTION FLUSH keeps scripts', [
    ['FUNCTION', 'LOAD', lib('keep', 'keep', "return 'kept'")],
    ['SCRIPT', 'LOAD', 'return 1'],
    ['SCRIPT', 'FLUSH'],
    ['FCALL', 'keep', '0'],
    ['SCRIPT', 'LOAD', 'return 1'],
    ['FUNCTION', 'FLUSH'],
    ['SCRIPT', 'EXISTS', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db'],
    ['FCALL', 'keep', '0'],
  ]);

  t('out of memory: function flags as shebang flags', [
    ['SET', 'x', '1'],
    ['FUNCTION', 'LOAD', lib('oom', 'plain', "return redis.call('get', 'x')")],
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=oom2\nredis.register_function{function_name='nw', callback=function() return redis.call('get', 'x') end, flags={'no-writes'}}\n" +
        "redis.register_function{function_name='ao', callback=function() return redis.call('set', 'a', 'c') end, flags={'allow-oom'}}",
    ],
    ['CONFIG', 'SET', 'maxmemory', '1'],
    ['FCALL', 'plain', '0'],
    ['FCALL', 'nw', '0'],
    ['FCALL_RO', 'nw', '0'],
    ['FCALL', 'ao', '0'],
    ['FUNCTION', 'LOAD', lib('oom3', 'x3', 'return 1')],
    ['FUNCTION', 'DELETE', 'oom'],
    ['CONFIG', 'SET', 'maxmemory', '0'],
  ]);

  t('FUNCTION LOAD time limit', [
    ['FUNCTION', 'LOAD', '#!lua name=spin\nlocal i = 0 while true do i = i + 1 end'],
    ['FUNCTION', 'LIST'],
    ['PING'],
  ]);
});

describe('functions: DUMP and RESTORE across strata and redis-server', () => {
  let pair: RawPair;
  before(async () => {
    pair = await openRawPair();
  });
  after(() => pair.close());

  /** The payload of a bulk reply. */
  function bulk(reply: string): string {
    const nl = reply.indexOf('\r\n');
    assert.equal(reply[0], '$', reply);
    return reply.slice(nl + 2, nl + 2 + Number(reply.slice(1, nl)));
  }

  test("each server restores the other's payload; policies and errors as Redis", async () => {
    const { a, b } = pair; // a: strata, b: redis
    for (const c of [a, b]) await c.call('FUNCTION', 'FLUSH');
    // Long enough for Redis to LZF-compress the code in its payload.
    const big = `#!lua name=big\nredis.register_function('big', function() return '${'a'.repeat(90)}' end)`;
    assert.equal(await b.call('FUNCTION', 'LOAD', big), '$3\r\nbig\r\n');
    assert.equal(await a.call('FUNCTION', 'LOAD', lib('mine', 'mine', "return 'strata'")), '$4\r\nmine\r\n');
    const fromRedis = bulk(await b.call('FUNCTION', 'DUMP'));
    const fromStrata = bulk(await a.call('FUNCTION', 'DUMP'));
    assert.equal(await a.call('FUNCTION', 'RESTORE', fromRedis), '+OK\r\n');
    assert.equal(await b.call('FUNCTION', 'RESTORE', fromStrata), '+OK\r\n');
    assert.equal(await a.call('FCALL', 'big', '0'), `$90\r\n${'a'.repeat(90)}\r\n`);
    assert.equal(await b.call('FCALL', 'mine', '0'), '$6\r\nstrata\r\n');
    // Both now hold big + mine: the same steps answer the same.
    const steps: string[][] = [
      ['FUNCTION', 'RESTORE', fromRedis],
      ['FUNCTION', 'RESTORE', fromRedis, 'APPEND'],
      ['FUNCTION', 'RESTORE', fromRedis, 'replace'],
      ['FUNCTION', 'RESTORE', fromRedis, 'bogus'],
      ['FUNCTION', 'RESTORE', fromRedis, 'FLUSH', 'x'],
      ['FUNCTION', 'RESTORE', 'bad payload'],
      [
        'FUNCTION',
        'RESTORE',
        fromRedis.slice(0, -1) + String.fromCharCode(fromRedis.charCodeAt(fromRedis.length - 1) ^ 1),
      ],
      ['FCALL', 'mine', '0'],
      ['FUNCTION', 'RESTORE', fromRedis, 'FLUSH'],
      ['FCALL', 'mine', '0'],
      ['FCALL', 'big', '0'],
      ['FUNCTION', 'LIST'],
      ['FUNCTION', 'FLUSH'],
      ['FUNCTION', 'LOAD', lib('other', 'big', 'return 1')],
      ['FUNCTION', 'RESTORE', fromRedis],
      ['FUNCTION', 'RESTORE', fromRedis, 'REPLACE'],
      ['FCALL', 'big', '0'],
    ];
    for (const step of steps)
      assert.equal(await a.call(...step), await b.call(...step), step.join(' ').slice(0, 80));
    for (const c of [a, b]) await c.call('FUNCTION', 'FLUSH');
    assert.equal(await a.call('FUNCTION', 'DUMP'), await b.call('FUNCTION', 'DUMP'));
  });
});

describe('functions: differential, RESP3', () => {
  let pair: RawPair;
  before(async () => {
    pair = await openRawPair();
  });
  after(() => pair.close());

  diffTest(() => pair, 'FUNCTION LIST, STATS and FCALL replies in RESP3', [
    { quiet: ['FUNCTION', 'FLUSH'] },
    { quiet: ['HELLO', '3'] },
    [
      'FUNCTION',
      'LOAD',
      "#!lua name=r3\nredis.register_function{function_name='r3', callback=function() return {1, true, false} end, flags={'no-writes', 'allow-stale'}}",
    ],
    ['FUNCTION', 'LOAD', lib('r3b', 'r3b', "redis.setresp(3) return redis.call('hgetall', 'nokey')")],
    ['FUNCTION', 'LIST', 'LIBRARYNAME', 'r3'],
    ['FUNCTION', 'LIST', 'LIBRARYNAME', 'r3b', 'WITHCODE'],
    ['FUNCTION', 'STATS'],
    ['FCALL', 'r3', '0'],
    ['FCALL_RO', 'r3', '0'],
    ['FCALL', 'r3b', '0'],
  ]);
});

// -------------------------------------------------------------------------------------------------
// Busy functions and FUNCTION KILL (strata-server; the texts are Redis 7.0.15's)
// -------------------------------------------------------------------------------------------------

const BUSY_FN =
  '-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n';
const BUSY_EVAL =
  '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n';

describe('functions: busy functions and FUNCTION KILL', () => {
  let s: RunningServer;
  let a: RespClient;
  let b: RespClient;
  before(async () => {
    s = await startStrata();
    a = await RespClient.connect(s.port);
    b = await RespClient.connect(s.port);
    assert.equal(await a.call('CONFIG', 'SET', 'busy-reply-threshold', '100'), '+OK\r\n');
    assert.equal(
      await a.call('FUNCTION', 'LOAD', lib('spin', 'spin', 'local i = 0 while true do i = i + 1 end')),
      '$4\r\nspin\r\n',
    );
  });
  after(async () => {
    a.close();
    b.close();
    await s.close();
  });

  test('a long function: BUSY names FUNCTION KILL, SCRIPT KILL refuses, STATS shows it, FUNCTION KILL ends it', async () => {
    const pending = a.call('FCALL', 'spin', '1', 'key1', 'arg1');
    await untilReply(b, ['PING'], BUSY_FN);
    assert.equal(await b.call('GET', 'x'), BUSY_FN);
    assert.equal(await b.call('SCRIPT', 'KILL'), BUSY_FN);
    const stats = await b.call('FUNCTION', 'STATS');
    assert.match(
      stats,
      /^\*4\r\n\$14\r\nrunning_script\r\n\*6\r\n\$4\r\nname\r\n\$4\r\nspin\r\n\$7\r\ncommand\r\n\*5\r\n\$5\r\nFCALL\r\n\$4\r\nspin\r\n\$1\r\n1\r\n\$4\r\nkey1\r\n\$4\r\narg1\r\n\$11\r\nduration_ms\r\n:\d+\r\n\$7\r\nengines\r\n\*2\r\n\$3\r\nLUA\r\n\*4\r\n\$15\r\nlibraries_count\r\n:1\r\n\$15\r\nfunctions_count\r\n:1\r\n$/,
    );
    assert.equal(await b.call('FUNCTION', 'KILL'), '+OK\r\n');
    assert.equal(
      await pending,
      '-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:3.\r\n',
    );
    assert.equal(await b.call('FUNCTION', 'KILL'), '-NOTBUSY No scripts in execution right now.\r\n');
    assert.equal(await b.call('PING'), '+PONG\r\n');
  });

  test('a long EVAL: FUNCTION KILL and FUNCTION STATS refuse, SCRIPT KILL ends it', async () => {
    const pending = a.call('EVAL', 'local i = 0 while true do i = i + 1 end', '0');
    await untilReply(b, ['PING'], BUSY_EVAL);
    assert.equal(await b.call('FUNCTION', 'KILL'), BUSY_EVAL);
    assert.equal(await b.call('FUNCTION', 'STATS'), BUSY_EVAL);
    assert.equal(await b.call('SCRIPT', 'KILL'), '+OK\r\n');
    assert.match(await pending, /^-ERR Script killed by user with SCRIPT KILL\.\.\./);
  });

  test('a function that wrote is UNKILLABLE', async () => {
    assert.equal(
      await a.call(
        'FUNCTION',
        'LOAD',
        lib(
          'wspin',
          'wspin',
          "redis.call('set', 'w', 1) local t = redis.call('time') local start = t[1] * 1000000 + t[2] " +
            "local n = 0 while true do n = n + 1 if n % 100000 == 0 then local u = redis.call('time') " +
            "if (u[1] * 1000000 + u[2]) - start > 400000 then break end end end redis.call('set', 'w', 2) return 1",
        ),
      ),
      '$5\r\nwspin\r\n',
    );
    const pending = a.call('FCALL', 'wspin', '0');
    await untilReply(b, ['GET', 'w'], BUSY_FN);
    assert.match(await b.call('FUNCTION', 'KILL'), /^-UNKILLABLE /);
    assert.equal(await pending, ':1\r\n');
    assert.equal(await b.call('GET', 'w'), '$1\r\n2\r\n');
  });
});

describe('functions: server integration', () => {
  let s: RunningServer;
  let a: RespClient;
  before(async () => {
    s = await startStrata();
    a = await RespClient.connect(s.port);
  });
  after(async () => {
    a.close();
    await s.close();
  });

  test('SCRIPT FLUSH reloads the libraries into the new Lua state; INFO counts functions', async () => {
    await a.call('FUNCTION', 'LOAD', lib('l1', 'f1', "return 'one'"));
    await a.call(
      'FUNCTION',
      'LOAD',
      "#!lua name=l2\nredis.register_function('f2', function() return 2 end)\nredis.register_function('f3', function() return 3 end)",
    );
    const fnBytes = (info: string) => Number(/used_memory_functions:(\d+)\r\n/.exec(info)![1]);
    const before = fnBytes(await a.call('INFO', 'memory'));
    assert.ok(before > 0);
    assert.equal(await a.call('SCRIPT', 'FLUSH'), '+OK\r\n');
    assert.equal(fnBytes(await a.call('INFO', 'memory')), before);
    assert.equal(await a.call('FCALL', 'f1', '0'), '$3\r\none\r\n');
    assert.equal(await a.call('FCALL', 'f3', '0'), ':3\r\n');
    const info = await a.call('INFO', 'memory');
    assert.match(info, /number_of_functions:3\r\n/);
    assert.match(info, /number_of_libraries:2\r\n/);
    assert.equal(await a.call('FUNCTION', 'FLUSH'), '+OK\r\n');
    assert.match(await a.call('INFO', 'memory'), /number_of_functions:0\r\n/);
    assert.equal(fnBytes(await a.call('INFO', 'memory')), 0);
  });
});

describe('functions: offloaded values (tiering forced on)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-fn-tier-'));
  let s: RunningServer;
  let a: RespClient;
  before(async () => {
    s = await startStrata(forcedTieringFlags(path.join(tmp, 't')));
    a = await RespClient.connect(s.port);
  });
  after(async () => {
    a.close();
    await s.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('FCALL reads declared and undeclared offloaded keys, and appends to one', async () => {
    const value = (k: string) => `${k}:${'v'.repeat(300)}\u0000\u00ff`;
    const keys = Array.from({ length: 12 }, (_, i) => `fk${i}`);
    for (const k of keys) await a.call('SET', k, value(k));
    const deadline = Date.now() + 10_000;
    // Wait until every value is offloaded.
    while (!/tiered_entries:12\r\n/.test(await a.call('INFO', 'tiered'))) {
      s.server.tiering!.kick();
      if (Date.now() > deadline) throw new Error('values did not go cold');
      await new Promise((r) => setTimeout(r, 10));
    }
    await a.call(
      'FUNCTION',
      'LOAD',
      lib(
        'tier',
        'readall',
        "local out = {} for _, k in ipairs(KEYS) do out[#out + 1] = redis.call('get', k) end " +
          "out[#out + 1] = redis.call('get', ARGV[1]) return out",
      ),
    );
    const raw = await a.call('FCALL', 'readall', '6', ...keys.slice(0, 6), keys[10]);
    const expected = [...keys.slice(0, 6), keys[10]]
      .map((k) => `$${value(k).length}\r\n${value(k)}\r\n`)
      .join('');
    assert.equal(raw, `*7\r\n${expected}`);
    await a.call('FUNCTION', 'LOAD', lib('tier2', 'app', "return redis.call('append', KEYS[1], '!')"));
    assert.equal(await a.call('FCALL', 'app', '1', keys[11]), `:${value(keys[11]).length + 1}\r\n`);
    assert.equal(await a.call('GET', keys[11]), `$${value(keys[11]).length + 1}\r\n${value(keys[11])}!\r\n`);
  });
});
