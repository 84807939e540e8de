// Lua scripts: small random scripts built from fragments that call redis.call / redis.pcall on the
// string, list and hash pools through KEYS and ARGV, run with EVAL, EVALSHA (after SCRIPT LOAD) and
// EVAL_RO, plus script errors, conversions of every reply type, and SCRIPT EXISTS. Every fragment has
// a deterministic reply (no iteration over hash tables, no clocks, no random).
import { createHash } from 'node:crypto';
import { Gen } from '../gen';
import type { Arg } from '../resp';
import type { Family, Step } from '../step';

/** Fragments of Lua, each an expression; K is a KEYS index, A an ARGV index. */
const FRAGMENTS: readonly ((k: number, a: number) => string)[] = [
  (k, a) => `redis.call('SET', KEYS[${k}], ARGV[${a}])`,
  (k) => `redis.call('GET', KEYS[${k}])`,
  (k) => `redis.pcall('INCR', KEYS[${k}])`,
  (k, a) => `redis.pcall('INCRBY', KEYS[${k}], ARGV[${a}])`,
  (k, a) => `redis.pcall('APPEND', KEYS[${k}], ARGV[${a}])`,
  (k) => `redis.pcall('STRLEN', KEYS[${k}])`,
  (k, a) => `redis.pcall('LPUSH', KEYS[${k}], ARGV[${a}])`,
  (k, a) => `redis.pcall('RPUSH', KEYS[${k}], ARGV[${a}], 'tail')`,
  (k) => `redis.pcall('RPOP', KEYS[${k}])`,
  (k) => `redis.pcall('LRANGE', KEYS[${k}], 0, -1)`,
  (k) => `redis.pcall('LLEN', KEYS[${k}])`,
  (k, a) => `redis.pcall('HSET', KEYS[${k}], ARGV[${a}], 'v')`,
  (k, a) => `redis.pcall('HGET', KEYS[${k}], ARGV[${a}])`,
  (k) => `redis.pcall('HINCRBY', KEYS[${k}], 'n', 3)`,
  (k) => `redis.pcall('HLEN', KEYS[${k}])`,
  (k) => `redis.call('EXISTS', KEYS[${k}])`,
  (k) => `redis.call('TYPE', KEYS[${k}])`,
  (k) => `redis.call('DEL', KEYS[${k}])`,
  (k) => `type(redis.call('GET', KEYS[${k}]))`,
  (k) => `#redis.pcall('LRANGE', KEYS[${k}], 0, -1)`,
  (k) => `tostring(redis.call('EXISTS', KEYS[${k}]))`,
  (k, a) => `redis.pcall('GETRANGE', KEYS[${k}], 0, ARGV[${a}])`,
  (_k, a) => `ARGV[${a}]`,
  (_k, a) => `#ARGV[${a}]`,
  (k) => `KEYS[${k}]`,
  () => `redis.status_reply('FINE')`,
  () => `redis.error_reply('MYERR scripted')`,
  () => `{1, 'two', {3}}`,
  () => `3.75`,
  () => `false`,
  () => `true`,
];

/** A script returning a table of its fragments' values (an array reply). */
function script(g: Gen, nkeys: number, nargs: number): string {
  const n = g.rng.int(1, 4);
  const parts: string[] = ['local r = {}'];
  for (let i = 0; i < n; i++) {
    const f = g.rng.pick(FRAGMENTS);
    parts.push(`r[#r + 1] = ${f(g.rng.int(1, nkeys), g.rng.int(1, nargs))}`);
  }
  // Sometimes the last statement returns one value, or fails, instead of the table.
  const end = g.rng.int(0, 9);
  if (end === 0) parts.push("return redis.call('GET', KEYS[1])");
  else if (end === 1)
    parts.push("return redis.call('INCR', KEYS[1])"); // may raise: error reply
  else if (end === 2) parts.push("error('failed here')");
  else parts.push('return r');
  return parts.join('\n');
}

function keysFor(g: Gen): string[] {
  const n = g.rng.int(1, 3);
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push(g.key(g.rng.pick(['str', 'list', 'hash'])));
  return keys;
}

function argsFor(g: Gen): Arg[] {
  const n = g.rng.int(1, 3);
  const args: Arg[] = [];
  for (let i = 0; i < n; i++) args.push(g.rng.chance(0.5) ? g.integer(-20, 20) : g.value());
  return args;
}

function evalStep(g: Gen): Step {
  const keys = keysFor(g);
  const args = argsFor(g);
  const name = g.rng.chance(0.15) ? 'EVAL_RO' : 'EVAL';
  return g.cmd(
    [g.name(name), script(g, keys.length, args.length), String(keys.length), ...keys, ...args],
    keys,
  );
}

function evalshaSteps(g: Gen): Step[] {
  const keys = keysFor(g);
  const args = argsFor(g);
  const body = script(g, keys.length, args.length);
  return [
    g.cmd(['SCRIPT', 'LOAD', body], []),
    g.cmd([g.name('EVALSHA'), sha1(body), String(keys.length), ...keys, ...args], keys),
    g.cmd(['SCRIPT', 'EXISTS', sha1(body), '0000000000000000000000000000000000000000'], []),
  ];
}

/** Argument errors: bad numkeys, unknown SHA, compile errors. */
function misuse(g: Gen): Step {
  return g.cmd(
    g.rng.pick<Arg[]>([
      ['EVAL', 'return 1', '-1'],
      ['EVAL', 'return 1', '3', 'a'],
      ['EVAL', 'return 1', 'x'],
      ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'],
      ['EVALSHA', 'short', '0'],
      ['EVAL', 'return x(', '0'],
      ['EVAL', 'return undefined_global', '0'],
      ['EVAL', "return redis.call('nosuch')", '0'],
      ['SCRIPT', 'KILL'],
      ['EVAL', "#!lua flags=no-writes\nreturn redis.call('SET', KEYS[1], 'x')", '1', g.anyKey()],
    ]),
    [],
  );
}

/** SHA1 of the script body, hex (the digest redis-server computes for SCRIPT LOAD). */
function sha1(s: string): string {
  return createHash('sha1').update(s, 'latin1').digest('hex');
}

export const scripts: Family = {
  name: 'scripts',
  weight: 0.6,
  generators: [
    [6, evalStep],
    [2, evalshaSteps],
    [1, misuse],
  ],
};
