/**
 * Scripting tests: replies, errors and type conversions compared byte for byte with redis-server
 * 7.0.15 (RESP2 and RESP3), binary safety, the sandbox, shebang flags, the script cache, BUSY and
 * SCRIPT KILL, atomicity, MULTI/WATCH, tiering, and where Lua 5.4 differs from Redis's Lua 5.1.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { diffTest, openRawPair, RespClient, untilReply, type RawPair } from '../testing/resp-client';
import { forcedTieringFlags, startStrata, type RunningServer } from '../testing/harness';
import { hashKey } from '../store/key-table';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

describe('scripting: differential against redis-server', () => {
  let pair: RawPair;
  before(async () => {
    pair = await openRawPair();
  });
  after(() => pair.close());
  const t = (name: string, steps: Parameters<typeof diffTest>[2]) => diffTest(() => pair, name, steps);

  // The first math.random values of a fresh server: Redis's rand48 sequence (runs first).
  t('math.random follows Redis rand48 sequence', [
    ['EVAL', 'return {math.random(1000), math.random(10), tostring(math.random()), math.random(5, 9)}', '0'],
    ['EVAL', 'math.randomseed(42) return {math.random(1000), tostring(math.random())}', '0'],
    ['EVAL', 'return math.random(0)', '0'],
    ['EVAL', 'return math.random(3, 2)', '0'],
    ['EVAL', "return math.random('x')", '0'],
    ['EVAL', 'return math.random(1, 2, 3)', '0'],
    ['EVAL', 'return math.random(2.9)', '0'],
    ['EVAL', "return math.randomseed('y')", '0'],
  ]);

  t('Lua values to replies', [
    ['EVAL', 'return 1', '0'],
    ['EVAL', 'return -3.99', '0'],
    ['EVAL', 'return 3.99', '0'],
    ['EVAL', 'return 1e300', '0'],
    ['EVAL', 'return 0/0', '0'],
    ['EVAL', 'return 2^62', '0'],
    // Integer literals beyond 2^53 pass through a double in Redis's Lua 5.1.
    ['EVAL', 'return 9223372036854775807', '0'],
    ['EVAL', 'return -9223372036854775807', '0'],
    ['EVAL', 'return 9007199254740993', '0'],
    ['EVAL', 'return {9223372036854775807, 4611686018427387905}', '0'],
    ['EVAL', "return 'hello'", '0'],
    ['EVAL', "return ''", '0'],
    ['EVAL', 'return true', '0'],
    ['EVAL', 'return false', '0'],
    ['EVAL', 'return nil', '0'],
    ['EVAL', 'return', '0'],
    ['EVAL', "return 1, 'two'", '0'],
    ['EVAL', "return {1, 2, 3.7, 'x', nil, 4}", '0'],
    ['EVAL', "return {1, {2, {3, {'deep'}}}, {}}", '0'],
    ['EVAL', "return {ok = 'fine'}", '0'],
    ['EVAL', "return {ok = 'a\\r\\nb'}", '0'],
    ['EVAL', "return {err = 'MY thing'}", '0'],
    ['EVAL', "return {err = 'x'}", '0'],
    ['EVAL', 'return {err = 1}', '0'],
    ['EVAL', 'return {ok = 1}', '0'],
    ['EVAL', "return {err = 'E1', ok = 'O1'}", '0'],
    ['EVAL', "return redis.status_reply('FOO')", '0'],
    ['EVAL', "return redis.error_reply('MY x')", '0'],
    ['EVAL', "return redis.error_reply('x')", '0'],
    ['EVAL', "return redis.error_reply('-FOO')", '0'],
    ['EVAL', "return redis.error_reply('-FOO bar')", '0'],
    ['EVAL', 'return redis.error_reply(1)', '0'],
    ['EVAL', 'return redis.status_reply()', '0'],
    ['EVAL', "return {1, false, 'x'}", '0'],
    ['EVAL', "return {1, true, 'x'}", '0'],
    ['EVAL', 'return {double = 3.5}', '0'],
    ['EVAL', 'return {map = {a = 1}}', '0'],
    ['EVAL', 'return {set = {a = true}}', '0'],
    ['EVAL', "return {big_number = '12345678901234567890'}", '0'],
    ['EVAL', "return {verbatim_string = {format = 'txt', string = 'hi'}}", '0'],
    ['EVAL', 'return function() end', '0'],
    ['EVAL', 'return KEYS', '2', 'k1', 'k2', 'a1'],
    ['EVAL', 'return ARGV', '2', 'k1', 'k2', 'a1', 'a2'],
    ['EVAL', 'return {#KEYS, #ARGV}', '0'],
    ['EVAL', 'return cjson.null', '0'],
    ['EVAL', "return {1, cjson.null, 'x'}", '0'],
    ['EVAL', 'return type(cjson.null)', '0'],
    ['EVAL', "return cjson.decode('[null]')[1] == cjson.null", '0'],
    ['EVAL', "return redis.call('get', cjson.null)", '0'],
  ]);

  t('redis.call replies to Lua values', [
    ['EVAL', "return redis.call('set', KEYS[1], ARGV[1])", '1', 'k', 'v'],
    ['EVAL', "return type(redis.call('set', KEYS[1], ARGV[1]))", '1', 'k', 'v'],
    ['EVAL', "return redis.call('set', KEYS[1], ARGV[1])['ok']", '1', 'k', 'v'],
    ['EVAL', "return redis.call('get', KEYS[1])", '1', 'k'],
    ['EVAL', "return type(redis.call('get', 'missing'))", '0'],
    ['EVAL', "return redis.call('get', 'missing')", '0'],
    ['EVAL', "return redis.call('incr', 'n')", '0'],
    ['EVAL', "return tostring(redis.call('incr', 'n'))", '0'],
    ['EVAL', "return redis.call('incrby', 'n', 10.0)", '0'],
    ['EVAL', "return redis.call('set', 'f', 0.1)", '0'],
    ['GET', 'f'],
    ['EVAL', "return redis.call('set', 'f', 1e20)", '0'],
    ['GET', 'f'],
    ['EVAL', "redis.call('rpush', 'l', 'a', 'b', 'c') return redis.call('lrange', 'l', 0, -1)", '0'],
    ['EVAL', "redis.call('hset', 'h', 'f', 'v') return redis.call('hgetall', 'h')", '0'],
    ['EVAL', "redis.call('zadd', 'z', 1.5, 'm') return redis.call('zrange', 'z', 0, -1, 'withscores')", '0'],
    ['EVAL', "return redis.call('zscore', 'z', 'm')", '0'],
    ['EVAL', "return redis.call('ttl', 'nokey')", '0'],
    ['EVAL', "return redis.call('blpop', 'nolist', 0)", '0'],
    ['EVAL', "return redis.call('lpop', 'nolist')", '0'],
    ['EVAL', "return redis.call('ping')", '0'],
    ['EVAL', "return redis.call('ping', 'x')", '0'],
    ['EVAL', "return redis.call('PiNg')", '0'],
    ['EVAL', "return redis.call('incr', 'k')", '0'],
    ['EVAL', "return redis.pcall('incr', 'k')", '0'],
    ['EVAL', "return redis.pcall('incr', 'k')['err']", '0'],
    ['EVAL', "return redis.pcall('lpush', 'k', 'x')", '0'],
    ['EVAL', "return redis.call('lpush', 'k', 'x')", '0'],
    ['EVAL', "return redis.call('object', 'encoding', 'l')", '0'],
    ['EVAL', "return redis.call('config', 'get', 'maxmemory')", '0'],
    ['EVAL', "return redis.call('exists', 'k', 'l', 'nope')", '0'],
    ['EVAL', "redis.call('select', 1) redis.call('set', 'in1', 'x') return redis.call('dbsize')", '0'],
    ['DBSIZE'],
    ['SELECT', '1'],
    ['GET', 'in1'],
    ['SELECT', '0'],
  ]);

  t('errors from scripts and redis.call', [
    ['EVAL', "error('boom')", '0'],
    ['EVAL', "error({err = 'MY x'})", '0'],
    ['EVAL', "error({err = 'x'})", '0'],
    ['EVAL', '\n\nerror("line three")', '0'],
    ['EVAL', 'error(true)', '0'],
    ['EVAL', 'error()', '0'],
    ['EVAL', "error('lvl0', 0)", '0'],
    ['EVAL', "local function f() error('deep', 2) end f()", '0'],
    ['EVAL', 'return 1 + {}', '0'],
    ['EVAL', 'return #nil', '0'],
    ['EVAL', 'local t = nil return t.x', '0'],
    ['EVAL', 'local t = {} t.x.y = 1', '0'],
    ['EVAL', 'local x x()', '0'],
    ['EVAL', 'redis.nosuch()', '0'],
    ['EVAL', 'local t = {} return t.a + 1', '0'],
    ['EVAL', 'local u = nil local function f() return u.z end return f()', '0'],
    ['EVAL', 'local ok, e = pcall(function() local t = nil return t.x end) return e', '0'],
    ['EVAL', "return string.rep('x', -1)", '0'],
    ['EVAL', "return tonumber('0x10'), tonumber('1e2')", '0'],
    ['EVAL', "return {tonumber('0x10'), tonumber('1e2'), tonumber(' 5 '), tonumber('5x')}", '0'],
    ['EVAL', "return redis.call('nosuch')", '0'],
    ['EVAL', "return redis.pcall('nosuch')", '0'],
    ['EVAL', "return redis.call('set', 'a')", '0'],
    ['EVAL', "return redis.call('config', 'nosuch')", '0'],
    ['EVAL', "return redis.call('eval', 'return 1', 0)", '0'],
    ['EVAL', "return redis.call('multi')", '0'],
    ['EVAL', "return redis.call('subscribe', 'ch')", '0'],
    ['EVAL', "return redis.call('script', 'load', 'return 1')", '0'],
    ['EVAL', 'return redis.call()', '0'],
    ['EVAL', 'return redis.pcall()', '0'],
    ['EVAL', 'return redis.call({})', '0'],
    ['EVAL', "return redis.call('get', {})", '0'],
    ['EVAL', "return redis.call('get', nil)", '0'],
    ['EVAL', "return redis.call('get', true)", '0'],
    ['EVAL', "local ok, e = pcall(redis.call, 'nosuch') return {tostring(ok), e}", '0'],
    ['EVAL', "local ok, e = pcall(error, {err = 'X y'}) return e", '0'],
    ['EVAL', "local ok, e = pcall(error, 'plain') return e", '0'],
    ['EVAL', "redis.call('set', 's', 'x') return redis.call('hget', 's', 'f')", '0'],
    ['EVAL', 'return redis.sha1hex()', '0'],
    ['EVAL', 'return redis.setresp()', '0'],
    ['EVAL', 'return redis.setresp(4)', '0'],
    ['EVAL', 'return redis.set_repl()', '0'],
    ['EVAL', 'return redis.set_repl(99)', '0'],
    ['EVAL', 'return redis.set_repl(redis.REPL_ALL)', '0'],
    ['EVAL', 'return redis.replicate_commands()', '0'],
    ['EVAL', 'return redis.log(99, "x")', '0'],
    ['EVAL', 'return redis.log(redis.LOG_WARNING)', '0'],
    ['EVAL', "return redis.log('a', 'b')", '0'],
    ['EVAL', "return redis.log(redis.LOG_DEBUG, 'from a test')", '0'],
    ['EVAL', 'return redis.breakpoint()', '0'],
    ['EVAL', "return redis.debug('x')", '0'],
    ['EVAL', "return redis.acl_check_cmd('get', 'a')", '0'],
    ['EVAL', "return redis.acl_check_cmd('nosuch')", '0'],
    ['EVAL', 'return {redis.REDIS_VERSION, redis.REDIS_VERSION_NUM}', '0'],
    ['EVAL', 'return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}', '0'],
    [
      'EVAL',
      'return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}',
      '0',
    ],
    ['EVAL', "return redis.sha1hex('')", '0'],
    ['EVAL', "return redis.sha1hex('abc')", '0'],
  ]);

  t('argument errors and arity', [
    ['EVAL', 'return 1', '-1'],
    ['EVAL', 'return 1', '2', 'a'],
    ['EVAL', 'return 1', 'x'],
    ['EVAL', 'return 1', '1.5'],
    ['EVAL', 'return 1'],
    ['EVAL'],
    ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db'],
    ['EVALSHA', '0000000000000000000000000000000000000000', '0'],
    ['EVALSHA', 'abc', '0'],
    ['EVALSHA', 'abc', 'x'],
    ['EVAL_RO', 'return 1'],
    ['EVALSHA_RO', 'abc', '0'],
    ['SCRIPT'],
    ['SCRIPT', 'LOAD'],
    ['SCRIPT', 'LOAD', 'a', 'b'],
    ['SCRIPT', 'EXISTS'],
    ['SCRIPT', 'KILL', 'x'],
    ['SCRIPT', 'HELP', 'x'],
    ['SCRIPT', 'DEBUG'],
    ['SCRIPT', 'FOO'],
    ['SCRIPT', 'FLUSH', 'FOO'],
    ['SCRIPT', 'FLUSH', 'SYNC', 'x'],
  ]);

  t('globals protection and the removed libraries', [
    ['EVAL', 'return a', '0'],
    ['EVAL', 'a = 1', '0'],
    ['EVAL', 'local a = 1 return a', '0'],
    ['EVAL', 'string.foo = 1', '0'],
    ['EVAL', 'redis.call = 1', '0'],
    ['EVAL', 'math.random = nil', '0'],
    ['EVAL', '_G.x = 1', '0'],
    ['EVAL', "rawset(_G, 'x', 1)", '0'],
    ['EVAL', 'return os', '0'],
    ['EVAL', 'return io', '0'],
    ['EVAL', 'return debug', '0'],
    ['EVAL', 'return loadfile', '0'],
    ['EVAL', 'return dofile', '0'],
    ['EVAL', 'return print', '0'],
    ['EVAL', 'return require', '0'],
    ['EVAL', 'return package', '0'],
    ['EVAL', 'return setfenv', '0'],
    [
      'EVAL',
      'return {type(pcall), type(xpcall), type(tostring), type(tonumber), type(getmetatable), type(setmetatable), type(next), type(pairs), type(ipairs), type(select), type(rawget), type(rawequal), type(error), type(assert), type(collectgarbage), type(load), type(unpack), type(loadstring), type(gcinfo)}',
      '0',
    ],
    [
      'EVAL',
      'return {type(string), type(math), type(table), type(coroutine), type(redis), type(cjson), type(cmsgpack), type(bit), type(struct)}',
      '0',
    ],
    ['EVAL', "return loadstring('return 1 + 1')()", '0'],
    ['EVAL', "local f = loadstring('x = 1') return pcall(f)", '0'],
    ['EVAL', "local t = {} t.a = 1 t[1] = 'x' return t", '0'],
    ['EVAL', 'local t = setmetatable({}, {__index = function() return 7 end}) return t.anything', '0'],
    ['EVAL', 'local n = 0 for k, v in pairs(redis) do n = n + 1 end return n', '0'],
    ['EVAL', "local c = coroutine.wrap(function() coroutine.yield(redis.call('ping')) end) return c()", '0'],
    [
      'EVAL',
      "local t = {} for k, v in pairs(_G) do t[#t + 1] = k .. ':' .. type(v) end table.sort(t) return t",
      '0',
    ],
    ['EVAL', 'setmetatable(_G, {})', '0'],
    ['EVAL', 'local g = getmetatable(_G) g.__index = {}', '0'],
    ['EVAL', 'local t = setmetatable({}, {__index = {a = 1}}) return t.a', '0'],
    ['EVAL', 'redis.call = function() return 1 end', '0'],
  ]);

  t('shebang flags, EVAL_RO and read-only scripts', [
    ['EVAL', "#!lua flags=no-writes\nreturn redis.call('set', 'a', 'b')", '0'],
    ['EVAL', "#!lua flags=no-writes\nreturn redis.call('get', 'a')", '0'],
    ['EVAL', '#!lua\nreturn KEYS[1]', '1', 'k'],
    ['EVAL', '#!lua flags=\nreturn 1', '0'],
    ['EVAL', '#!lua flags=allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1', '0'],
    ['EVAL', '#!lua flags=foo\nreturn 1', '0'],
    ['EVAL', '#!python\nreturn 1', '0'],
    ['EVAL', '#!lua name=x\nreturn 1', '0'],
    ['EVAL', '#!lua\n\nerror("on three")', '0'],
    ['EVAL_RO', "return redis.call('set', 'a', 'b')", '0'],
    ['EVAL_RO', "return redis.call('get', 'a')", '0'],
    ['EVAL_RO', "#!lua\nreturn redis.call('get', 'a')", '0'],
    ['EVAL_RO', "#!lua flags=no-writes\nreturn redis.call('get', 'a')", '0'],
    ['SCRIPT', 'LOAD', "return redis.call('set', 'ro', '1')"],
    ['EVALSHA_RO', '5a61bf3a5f7a1b2b4d0cb8dd3c5f0df2fe0d1a9e', '0'],
    ['EVALSHA_RO', 'eebb5a4b5fae1e1dbd1c4c8ec6db4ab5e5fbb4b8', '0'],
  ]);

  t('script cache: LOAD, EXISTS, FLUSH, EVALSHA, HELP, KILL without a script', [
    ['SCRIPT', 'LOAD', 'return 1'],
    ['SCRIPT', 'LOAD', 'return x('],
    [
      'SCRIPT',
      'EXISTS',
      'e0e1f9fabfc9d4800c877a703b823ac0578ff8db',
      'E0E1F9FABFC9D4800C877A703B823AC0578FF8DB',
      'ab',
    ],
    ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'],
    ['EVALSHA', 'E0E1F9FABFC9D4800C877A703B823AC0578FF8DB', '0'],
    ['EVAL', 'return 2', '0'],
    ['SCRIPT', 'EXISTS', '7f923f79fe76194c868d7e1d0820de36700eb649'],
    ['SCRIPT', 'FLUSH'],
    [
      'SCRIPT',
      'EXISTS',
      'e0e1f9fabfc9d4800c877a703b823ac0578ff8db',
      '7f923f79fe76194c868d7e1d0820de36700eb649',
    ],
    ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'],
    ['SCRIPT', 'FLUSH', 'ASYNC'],
    ['SCRIPT', 'FLUSH', 'sync'],
    ['SCRIPT', 'KILL'],
    ['SCRIPT', 'HELP'],
    ['SCRIPT', 'DEBUG', 'NO'],
    ['SCRIPT', 'DEBUG', 'maybe'],
  ]);

  t('binary safety: every byte value through KEYS, ARGV, redis.call and replies', [
    [
      'EVAL',
      "redis.call('set', KEYS[1], ARGV[1]) return redis.call('get', KEYS[1])",
      '1',
      ALL_BYTES,
      ALL_BYTES,
    ],
    ['GET', ALL_BYTES],
    [
      'EVAL',
      'return {#KEYS[1], #ARGV[1], ARGV[1]:byte(1), ARGV[1]:byte(129), ARGV[1]:byte(256)}',
      '1',
      ALL_BYTES,
      ALL_BYTES,
    ],
    ['EVAL', 'return redis.sha1hex(ARGV[1])', '0', ALL_BYTES],
    ['EVAL', 'local t = {} for i = 0, 255 do t[#t + 1] = string.char(i) end return table.concat(t)', '0'],
    ['EVAL', "return ARGV[1] == '\\0\\1\\255'", '0', '\u0000\u0001\u00ff'],
    ['EVAL', "return redis.call('hset', 'bh', ARGV[1], ARGV[1])", '0', ALL_BYTES],
    ['EVAL', "return redis.call('hgetall', 'bh')", '0'],
    ['EVAL', 'return {ok = ARGV[1]}', '0', 'caf\u00e9'],
    ['EVAL', 'return redis.error_reply(ARGV[1])', '0', 'E \u00ff'],
    ['EVAL', "return '\\255\\0\\128'", '0'],
  ]);

  t('transactions: EVAL inside MULTI/EXEC', [
    ['MULTI'],
    ['EVAL', "return redis.call('incr', 'c')", '0'],
    ['EVAL', "return redis.call('incr', 'c')", '0'],
    ['EVAL', "error('inside')", '0'],
    ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'],
    ['EXEC'],
    ['GET', 'c'],
  ]);

  t('script-context rules: XREAD/XREADGROUP BLOCK refused, SORT BY constant of a set sorted', [
    ['XADD', 's', '1-1', 'f', 'v'],
    ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['EVAL', "return redis.pcall('xread', 'BLOCK', 0, 'STREAMS', 's', '$')", '1', 's'],
    ['EVAL', "return redis.pcall('XREAD', 'COUNT', 1, 'BLOCK', 'x', 'STREAMS', 's', '0')", '1', 's'],
    ['EVAL', "return redis.call('xreadgroup', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>')", '1', 's'],
    ['EVAL', "return redis.call('xread', 'COUNT', 1, 'STREAMS', 's', '0')", '1', 's'],
    ['SADD', 'set', 'c', 'a', 'aa', 'b', 'azz', '10', '2'],
    ['EVAL', "return redis.call('sort', KEYS[1], 'BY', 'nosort')", '1', 'set'],
    ['EVAL', "return redis.call('sort', KEYS[1], 'BY', 'nosort', 'DESC', 'LIMIT', 1, 3)", '1', 'set'],
    ['RPUSH', 'list', 'c', 'a', 'b'],
    ['EVAL', "return redis.call('sort', KEYS[1], 'BY', 'nosort')", '1', 'list'],
  ]);

  t('out of memory: compatibility mode, shebang and allow-oom', [
    ['SET', 'x', '1'],
    ['CONFIG', 'SET', 'maxmemory', '1'],
    ['EVAL', "return redis.call('set', 'a', 'b')", '0'],
    ['EVAL', "return redis.call('get', 'x')", '0'],
    ['EVAL', "redis.call('del', 'nokey') return redis.call('set', 'a', 'b')", '0'],
    ['EVAL', "#!lua\nreturn redis.call('get', 'x')", '0'],
    ['EVAL', "#!lua flags=no-writes\nreturn redis.call('get', 'x')", '0'],
    ['EVAL', "#!lua flags=allow-oom\nreturn redis.call('set', 'a', 'c')", '0'],
    ['EVAL_RO', "return redis.call('get', 'a')", '0'],
    ['CONFIG', 'SET', 'maxmemory', '0'],
  ]);
});

describe('scripting: differential, RESP3', () => {
  let pair: RawPair;
  before(async () => {
    pair = await openRawPair();
  });
  after(() => pair.close());
  const t = (name: string, steps: Parameters<typeof diffTest>[2]) =>
    diffTest(() => pair, name, [{ quiet: ['HELLO', '3'] }, ...steps]);

  t('RESP3 caller, RESP2 script (default)', [
    ['EVAL', 'return nil', '0'],
    ['EVAL', 'return false', '0'],
    ['EVAL', 'return true', '0'],
    ['EVAL', "redis.call('hset', 'h', 'f', 'v') return redis.call('hgetall', 'h')", '0'],
    ['EVAL', 'return {double = 3.5}', '0'],
    ['EVAL', 'return {double = 1/0}', '0'],
    ['EVAL', 'return {map = {a = 1}}', '0'],
    ['EVAL', 'return {set = {a = true}}', '0'],
    ['EVAL', "return {big_number = '12345678901234567890'}", '0'],
    ['EVAL', "return {verbatim_string = {format = 'txt', string = 'hi'}}", '0'],
    ['EVAL', 'return {1, false, 2}', '0'],
  ]);

  t('redis.setresp(3): RESP3 replies to Lua and back', [
    ['EVAL', "redis.setresp(3) redis.call('hset', 'h', 'f', 'v') return redis.call('hgetall', 'h')", '0'],
    ['EVAL', "redis.setresp(3) return type(redis.call('hgetall', 'h').map)", '0'],
    ['EVAL', "redis.setresp(3) redis.call('sadd', 's', 'm') return redis.call('smembers', 's')", '0'],
    ['EVAL', "redis.setresp(3) redis.call('zadd', 'z', 2.5, 'm') return redis.call('zscore', 'z', 'm')", '0'],
    ['EVAL', "redis.setresp(3) return redis.call('zscore', 'z', 'm').double", '0'],
    ['EVAL', "redis.setresp(3) return redis.call('get', 'nokey')", '0'],
    ['EVAL', "redis.setresp(3) return redis.call('get', 'nokey') == nil", '0'],
    ['EVAL', 'redis.setresp(3) return true', '0'],
    ['EVAL', 'redis.setresp(3) return false', '0'],
    ['EVAL', 'redis.setresp(3) return nil', '0'],
    ['EVAL', "redis.setresp(3) return redis.call('exists', 'h')", '0'],
  ]);

  diffTest(() => pair, 'redis.setresp(3) seen by a RESP2 caller', [
    { quiet: ['HELLO', '2'] },
    ['EVAL', "redis.setresp(3) redis.call('hset', 'h', 'f', 'v') return redis.call('hgetall', 'h')", '0'],
    ['EVAL', 'redis.setresp(3) return true', '0'],
    ['EVAL', 'redis.setresp(3) return false', '0'],
    ['EVAL', 'return {double = 3.5}', '0'],
    ['EVAL', "return {big_number = '123'}", '0'],
    ['EVAL', 'return {map = {a = 1}}', '0'],
  ]);
});

// -------------------------------------------------------------------------------------------------
// Busy scripts, SCRIPT KILL, atomicity (strata-server; texts compared with Redis's in the catalogue)
// -------------------------------------------------------------------------------------------------

const BUSY = '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n';

describe('scripting: busy scripts and SCRIPT KILL', () => {
  let s: RunningServer;
  let a: RespClient;
  let b: RespClient;
  before(async () => {
    s = await startStrata();
    a = await RespClient.connect(s.port);
    b = await RespClient.connect(s.port);
    assert.equal(await a.call('CONFIG', 'SET', 'busy-reply-threshold', '100'), '+OK\r\n');
  });
  after(async () => {
    a.close();
    b.close();
    await s.close();
  });

  test('a long script makes other clients get BUSY; SCRIPT KILL ends it with Redis error', async () => {
    const sha = (await a.call('SCRIPT', 'LOAD', 'local i = 0 while true do i = i + 1 end')).split('\r\n')[1];
    const pending = a.call('EVALSHA', sha, '0');
    await untilReply(b, ['GET', 'x'], BUSY);
    assert.equal(await b.call('PING'), BUSY);
    assert.equal(await b.call('SET', 'x', '1'), BUSY);
    assert.equal(await b.call('SCRIPT', 'KILL'), '+OK\r\n');
    assert.equal(
      await pending,
      `-ERR Script killed by user with SCRIPT KILL... script: ${sha}, on @user_script:1.\r\n`,
    );
    assert.equal(await b.call('GET', 'x'), '$-1\r\n');
    assert.equal(await b.call('SCRIPT', 'KILL'), '-NOTBUSY No scripts in execution right now.\r\n');
  });

  test('pcall in the script cannot swallow the kill', async () => {
    const pending = a.call('EVAL', 'while true do pcall(function() for i = 1, 1e9 do end end) end', '0');
    await untilReply(b, ['PING'], BUSY);
    assert.equal(await b.call('SCRIPT', 'KILL'), '+OK\r\n');
    assert.match(
      await pending,
      /^-ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\.\r\n$/,
    );
  });

  test('a script that wrote is UNKILLABLE and finishes atomically', async () => {
    await a.call('DEL', 'counter');
    // Writes, then spins for ~400 ms, then writes again: nobody sees the state in between.
    const script =
      "redis.call('set', 'counter', 1) local t = redis.call('time') local start = t[1] * 1000000 + t[2] " +
      "local n = 0 while true do n = n + 1 if n % 100000 == 0 then local u = redis.call('time') " +
      'if (u[1] * 1000000 + u[2]) - start > 400000 then break end end end ' +
      "redis.call('set', 'counter', 2) return n > 0";
    const pending = a.call('EVAL', script, '0');
    await untilReply(b, ['GET', 'counter'], BUSY);
    assert.equal(
      await b.call('SCRIPT', 'KILL'),
      '-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n',
    );
    assert.equal(await pending, ':1\r\n');
    assert.equal(await b.call('GET', 'counter'), '$1\r\n2\r\n');
  });

  test('a client paused by a busy script runs its pipelined commands afterwards, in order', async () => {
    const c = await RespClient.connect(s.port);
    try {
      const first = c.call('EVAL', "local i = 0 while i < 3e7 do i = i + 1 end return 'done'", '0');
      const second = c.call('INCR', 'after');
      await untilReply(b, ['PING'], BUSY);
      assert.equal(await first, '$4\r\ndone\r\n');
      assert.equal(await second, ':1\r\n');
      assert.equal(await b.call('PING'), '+PONG\r\n');
    } finally {
      c.close();
    }
  });

  test('the Lua state stays clean after many errors and kills', async () => {
    for (let i = 0; i < 200; i++) {
      const r = await a.call('EVAL', `local t = {} for j = 1, ${i} do t[j] = j end error('e' .. #t)`, '0');
      assert.match(r, new RegExp(`^-ERR user_script:1: e${i} script:`));
    }
    for (let i = 0; i < 3; i++) {
      const pending = a.call('EVAL', 'local x = 0 while true do x = x + 1 end', '0');
      await untilReply(b, ['PING'], BUSY);
      assert.equal(await b.call('SCRIPT', 'KILL'), '+OK\r\n');
      assert.match(await pending, /^-ERR Script killed by user/);
    }
    assert.equal(
      await a.call('EVAL', "return {1, 'two', {3}}", '0'),
      '*3\r\n:1\r\n$3\r\ntwo\r\n*1\r\n:3\r\n',
    );
    assert.equal(await a.call('EVAL', 'return #KEYS + #ARGV', '1', 'k', 'a'), ':2\r\n');
  });

  test('SHUTDOWN NOSAVE is allowed while a script is busy', async () => {
    const t = await startStrata();
    const c1 = await RespClient.connect(t.port);
    const c2 = await RespClient.connect(t.port);
    try {
      await c1.call('CONFIG', 'SET', 'busy-reply-threshold', '50');
      void c1.call('EVAL', 'while true do end', '0');
      await untilReply(c2, ['PING'], BUSY);
      assert.equal(await c2.call('SHUTDOWN', 'NOSAVE'), '<closed>');
    } finally {
      c1.close();
      c2.close();
      await t.close();
    }
  });

  test('EVAL inside MULTI/EXEC runs to its end without yielding', async () => {
    assert.equal(await a.call('MULTI'), '+OK\r\n');
    await a.call('EVAL', "local i = 0 while i < 2e7 do i = i + 1 end return 'x'", '0');
    await a.call('PING');
    const pending = a.call('EXEC');
    assert.equal(await b.call('PING'), '+PONG\r\n'); // served after EXEC, never BUSY
    assert.equal(await pending, '*2\r\n$1\r\nx\r\n+PONG\r\n');
  });

  test('WATCH: a key written by another client script makes EXEC fail', async () => {
    assert.equal(await a.call('WATCH', 'w'), '+OK\r\n');
    await b.call('EVAL', "return redis.call('set', KEYS[1], 'changed')", '1', 'w');
    await a.call('MULTI');
    await a.call('GET', 'w');
    assert.equal(await a.call('EXEC'), '*-1\r\n');
  });
});

describe('scripting: server integration', () => {
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

  test('INFO memory has the Redis 7.0 script fields', async () => {
    const before = parseInfo(await a.call('INFO', 'memory'));
    assert.ok(Number(before.used_memory_lua) > 10_000, 'the Lua heap');
    for (let i = 0; i < 20; i++) await a.call('SCRIPT', 'LOAD', `return ${i} -- ${'x'.repeat(1000)}`);
    const after = parseInfo(await a.call('INFO', 'memory'));
    assert.equal(Number(after.number_of_cached_scripts), Number(before.number_of_cached_scripts) + 20);
    assert.ok(Number(after.used_memory_scripts_eval) >= Number(before.used_memory_scripts_eval) + 20 * 1000);
    assert.ok(Number(after.used_memory_lua) > Number(before.used_memory_lua));
    assert.ok(
      'used_memory_lua_human' in after && 'used_memory_vm_eval' in after && 'used_memory_scripts' in after,
    );
    await a.call('SCRIPT', 'FLUSH');
    const flushed = parseInfo(await a.call('INFO', 'memory'));
    assert.equal(flushed.number_of_cached_scripts, '0');
    assert.equal(flushed.used_memory_scripts_eval, '0');
  });

  test('errorstats and commandstats: an error counts once, EVAL counts as failed (as Redis)', async () => {
    await a.call('SET', 'x', '1');
    await a.call('CONFIG', 'RESETSTAT');
    await a.call('CONFIG', 'SET', 'maxmemory', '1');
    try {
      assert.match(
        await a.call('EVAL', "return redis.call('set', 'x', 'y')", '1', 'x'),
        /^-OOM command not allowed/,
      );
      let info = parseInfo(await a.call('INFO', 'all'));
      assert.equal(info.errorstat_OOM, 'count=1');
      assert.equal(info.total_error_replies, '1');
      assert.match(info.cmdstat_set, /calls=0,.*rejected_calls=1,failed_calls=0/);
      assert.match(info.cmdstat_eval, /calls=1,.*rejected_calls=0,failed_calls=1/);
      await a.call('CONFIG', 'RESETSTAT');
      assert.match(
        await a.call('EVAL', "return redis.pcall('set', 'x', 'y')", '1', 'x'),
        /^-OOM command not allowed/,
      );
      info = parseInfo(await a.call('INFO', 'all'));
      assert.equal(info.errorstat_OOM, 'count=1');
      assert.equal(info.total_error_replies, '1');
    } finally {
      await a.call('CONFIG', 'SET', 'maxmemory', '0');
    }
    await a.call('CONFIG', 'RESETSTAT');
    assert.match(
      await a.call('EVAL', "return redis.call('incr', 'x', 'extra')", '0'),
      /^-ERR Wrong number of args/,
    );
    const info = parseInfo(await a.call('INFO', 'all'));
    assert.equal(info.errorstat_ERR, 'count=1');
    assert.equal(info.total_error_replies, '1');
    assert.match(info.cmdstat_incr, /rejected_calls=1/);
  });

  test('MONITOR shows the EVAL, then the commands it runs as [db lua]', async () => {
    const m = await RespClient.connect(s.port);
    try {
      assert.equal(await m.call('MONITOR'), '+OK\r\n');
      await a.call('EVAL', "return redis.call('set', 'mon', 'v')", '0');
      const first = await m.next();
      const second = await m.next();
      assert.match(
        String(first),
        /^\+\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "EVAL" "return redis\.call\('set', 'mon', 'v'\)" "0"\r\n$/i,
      );
      assert.match(String(second), /^\+\d+\.\d{6} \[0 lua\] "set" "mon" "v"\r\n$/);
    } finally {
      m.close();
    }
  });

  test('COMMAND GETKEYS and COMMAND INFO for EVAL', async () => {
    assert.equal(
      await a.call('COMMAND', 'GETKEYS', 'EVAL', 'return 1', '2', 'k1', 'k2', 'a'),
      '*2\r\n$2\r\nk1\r\n$2\r\nk2\r\n',
    );
    assert.equal(await a.call('COMMAND', 'GETKEYS', 'EVALSHA_RO', 'x', '1', 'k', 'a'), '*1\r\n$1\r\nk\r\n');
  });

  test('ACL: redis.call runs as the calling user', async () => {
    await a.call('ACL', 'SETUSER', 'scripter', 'on', 'nopass', '+eval', '+set', '~a');
    const c = await RespClient.connect(s.port);
    try {
      assert.equal(await c.call('AUTH', 'scripter', 'x'), '+OK\r\n');
      assert.match(
        await c.call('EVAL', "return redis.call('get', 'a')", '0'),
        /^-ERR The user executing the script can't run this command or subcommand script: [0-9a-f]{40}, on @user_script:1\.\r\n$/,
      );
      assert.match(
        await c.call('EVAL', "return redis.call('set', 'b', 1)", '0'),
        /^-ERR The user executing the script can't access at least one of the keys mentioned in the command arguments script:/,
      );
      assert.equal(await c.call('EVAL', "return redis.call('set', 'a', 1)", '0'), '+OK\r\n');
      assert.equal(await c.call('EVAL', "return redis.acl_check_cmd('get', 'a')", '0'), '$-1\r\n');
      assert.equal(await c.call('EVAL', "return redis.acl_check_cmd('set', 'a', 'x')", '0'), ':1\r\n');
    } finally {
      c.close();
      await a.call('ACL', 'DELUSER', 'scripter');
    }
  });
});

function parseInfo(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of raw.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Tiering: scripts see offloaded values
// -------------------------------------------------------------------------------------------------

describe('scripting: offloaded values (tiering forced on)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-lua-tier-'));
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

  function cold(key: string): boolean {
    const table = s.server.keyspace.dbs[0].table;
    const h = hashKey(key);
    const seg = table.segmentOf(h);
    const id = seg.find(key, h);
    return id >= 0 && seg.tier !== null && (seg.tier.state[id] & 3) === 3;
  }

  async function allCold(keys: string[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!keys.every(cold)) {
      s.server.tiering!.kick();
      if (Date.now() > deadline) throw new Error('values did not go cold');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  test('declared KEYS and undeclared keys read inside the script are loaded', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `tk${i}`);
    for (const k of keys) await a.call('SET', k, `${k}:${'v'.repeat(200)}${ALL_BYTES}`);
    await allCold(keys);
    const script =
      "local out = {} for i, k in ipairs(KEYS) do out[#out + 1] = redis.call('get', k) end " +
      "out[#out + 1] = redis.call('get', ARGV[1]) return out";
    const raw = await a.call('EVAL', script, '10', ...keys.slice(0, 10), keys[15]);
    const expected = [...keys.slice(0, 10), keys[15]]
      .map((k) => `${k}:${'v'.repeat(200)}${ALL_BYTES}`)
      .map((v) => `$${v.length}\r\n${v}\r\n`)
      .join('');
    assert.equal(raw, `*11\r\n${expected}`);
    // Writes inside a script over cold values: APPEND reads and rewrites.
    await allCold([keys[19]]);
    assert.equal(
      await a.call('EVAL', "return redis.call('append', KEYS[1], '!')", '1', keys[19]),
      `:${5 + 200 + 256 + 1}\r\n`,
    );
    assert.equal(
      await a.call('EVAL', "return string.sub(redis.call('get', KEYS[1]), -1)", '1', keys[19]),
      '$1\r\n!\r\n',
    );
  });
});

// -------------------------------------------------------------------------------------------------
// Lua 5.4 (strata) versus Lua 5.1 (Redis): the documented differences, as strata behaves
// -------------------------------------------------------------------------------------------------

describe('scripting: Lua 5.4 differences from Redis Lua 5.1 (docs/scripting.md)', () => {
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
  const ev = (script: string, ...args: string[]) => a.call('EVAL', script, '0', ...args);

  test('division gives a float; the integer reply truncates as in Redis', async () => {
    assert.equal(await ev('return 10/2'), ':5\r\n'); // Redis: :5 as well
    assert.equal(await ev('return math.type(10/2)'), '$5\r\nfloat\r\n'); // Redis 5.1 has no math.type: error
    assert.equal(await ev('return 7//2'), ':3\r\n'); // Redis: compile error (no // operator in 5.1)
  });

  test('tostring of floats: the compatibility layer prints integral floats as 5.1 does', async () => {
    // Redis: "5". Plain Lua 5.4 would print "5.0"; scripting/lib's compat chunk restores 5.1 output.
    assert.equal(await ev('return tostring(10/2)'), '$1\r\n5\r\n');
    assert.equal(await ev('return tostring(10/3)'), '$15\r\n3.3333333333333\r\n'); // Redis: same (%.14g)
    assert.equal(await ev("return string.format('%s', 2^53)"), '$18\r\n9.007199254741e+15\r\n'); // Redis: same
  });

  test('5.1 functions provided by the compatibility layer', async () => {
    assert.equal(await ev('return unpack({1, 2, 3})'), ':1\r\n'); // Redis: 1
    assert.equal(await ev("return loadstring('return 40 + 2')()"), ':42\r\n'); // Redis: 42
    assert.equal(await ev('return table.getn({1, 2, 3})'), ':3\r\n'); // Redis: 3
    assert.equal(await ev('return math.mod(7, 3)'), ':1\r\n'); // Redis: 1
    assert.equal(
      await ev("local n = 0 for w in string.gfind('a b c', '%a') do n = n + 1 end return n"),
      ':3\r\n',
    );
  });

  test('setfenv and getfenv do not exist', async () => {
    // Redis 7.0: setfenv/getfenv exist (5.1). Here: the nonexistent-global error.
    assert.match(
      await ev('return setfenv'),
      /^-ERR user_script:1: Script attempted to access nonexistent global variable 'setfenv'/,
    );
    assert.match(
      await ev('return getfenv'),
      /^-ERR user_script:1: Script attempted to access nonexistent global variable 'getfenv'/,
    );
  });

  test('goto and labels compile (5.2+ syntax)', async () => {
    // Redis: compile error ("goto" is a plain name in 5.1).
    assert.equal(await ev('local i = 0 ::top:: i = i + 1 if i < 5 then goto top end return i'), ':5\r\n');
  });

  test('integer arithmetic wraps around on overflow', async () => {
    // Redis (doubles only): 2^63 as a double, replied as LLONG_MIN by the (long long) cast.
    assert.equal(await ev('return math.maxinteger + 1'), ':-9223372036854775808\r\n');
    // Inside the script integers stay exact (Redis: 0 and "9.007199254741e+15"); only the reply
    // passes through a double as in Redis.
    assert.equal(await ev('return 9007199254740993 % 2'), ':1\r\n');
    assert.equal(await ev('return tostring(9007199254740993)'), '$16\r\n9007199254740993\r\n');
    assert.equal(await ev('return 9007199254740993'), ':9007199254740992\r\n');
  });

  test('# on a table with holes follows 5.4 border rules', async () => {
    // Both Lua versions may return any border; with this constructor Lua 5.4 (and 5.1) give 4.
    assert.equal(await ev('local t = {1, 2, nil, 4} return #t'), ':4\r\n');
    assert.equal(await ev('local t = {} t[1] = 1 t[2] = 2 t[4] = 4 return #t'), ':4\r\n');
  });

  test('string.format %d with a float: the compatibility layer truncates as 5.1 does', async () => {
    // Redis 5.1: "3". Plain Lua 5.4 raises "number has no integer representation"; scripting/lib's
    // compat chunk wraps string.format to truncate first.
    assert.equal(await ev("return string.format('%d', 3.5)"), '$1\r\n3\r\n');
    assert.equal(await ev("return string.format('%d', -3.0)"), '$2\r\n-3\r\n');
  });

  test('load accepts a string chunk (5.1 takes only a function)', async () => {
    // Redis: "bad argument #1 to 'load' (function expected, got string)". Here: compiled in the
    // script's protected environment, text only.
    assert.equal(await ev("local f = load('return 5') return f()"), ':5\r\n');
    assert.match(await ev("local f = load('y = 1') return f()"), /Attempt to modify a readonly table/);
  });

  test('compile errors: Lua 5.4 wording, <eof> quoted as in 5.1', async () => {
    // Redis: the same text (5.1 quotes '<eof>'; the engine restores the quotes).
    assert.equal(
      await ev('return x('),
      "-ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'\r\n",
    );
    // Lua 5.4 names the token differently for some errors (Redis 5.1: "'=' expected near 'y'").
    assert.match(
      await ev('x y'),
      /^-ERR Error compiling script \(new function\): user_script:1: syntax error near 'y'/,
    );
  });

  test('error() with a number adds no position', async () => {
    // Redis (5.1 adds the position to numbers too): "-ERR user_script:1: 42 script: ...".
    assert.match(await ev('error(42)'), /^-ERR 42 script: [0-9a-f]{40}, on @user_script:1\.\r\n$/);
  });

  test('5.2+ extra arguments and integer results of math functions', async () => {
    assert.equal(await ev("return string.rep('ab', 3, ',')"), '$8\r\nab,ab,ab\r\n'); // Redis: ababab
    assert.equal(await ev('return tostring(math.log(8, 2))'), '$1\r\n3\r\n'); // Redis: 2.0794415416798
    assert.equal(await ev('return tostring(math.ceil(-0.5))'), '$1\r\n0\r\n'); // Redis: -0
  });

  test('_VERSION names Lua 5.4', async () => {
    assert.equal(await ev('return _VERSION'), '$7\r\nLua 5.4\r\n'); // Redis: "Lua 5.1"
  });

  test('integer replies from redis.call are Lua integers', async () => {
    // Redis pushes doubles; tostring prints "3" in both, math.type shows the subtype here.
    await a.call('SET', 'n', '3');
    assert.equal(await ev("return math.type(redis.call('incr', 'n'))"), '$7\r\ninteger\r\n');
  });
});
