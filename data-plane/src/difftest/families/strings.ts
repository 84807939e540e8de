// Strings: GET/SET and its options, GETEX, counters, INCRBYFLOAT, ranges, bit operations, LCS.
import { Gen, wrongArity } from '../gen';
import type { Arg } from '../resp';
import type { Check, Family, Step } from '../step';
import { APPROX_TTL, shortExpiry } from './ttl';

const POOL = 'str';

/** Redis 7.0 arities (command name included; negative: at least). */
export const STRING_ARITIES: Record<string, number> = {
  get: 2,
  set: -3,
  setnx: 3,
  setex: 4,
  psetex: 4,
  getset: 3,
  getdel: 2,
  getex: -2,
  mget: -2,
  mset: -3,
  msetnx: -3,
  strlen: 2,
  append: 3,
  setrange: 4,
  getrange: 4,
  substr: 4,
  incr: 2,
  decr: 2,
  incrby: 3,
  decrby: 3,
  incrbyfloat: 3,
  setbit: 4,
  getbit: 3,
  bitcount: -2,
  bitpos: -3,
  lcs: -3,
};

/** A SET expiry option, valid or not (long TTLs only: short ones belong to the expiry scenario). */
function expiryOption(g: Gen, cmd: string): Arg[] {
  switch (g.rng.int(0, 9)) {
    case 0:
      return ['EX', String(g.rng.int(100, 100000))];
    case 1:
      return ['PX', String(g.rng.int(100000, 10000000))];
    case 2:
      return ['EXAT', g.unixSeconds(g.rng.chance(0.8))];
    case 3:
      return ['PXAT', String(Number(g.unixSeconds(g.rng.chance(0.8))) * 1000 + g.rng.int(0, 999))];
    case 4:
      return ['KEEPTTL'];
    case 5:
      return [g.rng.pick(['EX', 'PX', 'EXAT', 'PXAT'])];
    case 6:
      return [
        g.rng.pick(['EX', 'PX', 'EXAT', 'PXAT']),
        g.rng.pick(['0', '-1', '1.5', 'abc', '9223372036854775807', '-9223372036854775808', '']),
      ];
    case 7:
      return cmd === 'set' ? ['EX', '100', 'PX', '100000'] : ['PERSIST'];
    default:
      return [];
  }
}

function set(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('SET'), k, g.rng.chance(0.3) ? g.integer(-20, 20) : g.value()];
  const opts: Arg[][] = [];
  if (g.rng.chance(0.25)) opts.push([g.rng.pick(['NX', 'XX'])]);
  if (g.rng.chance(0.2)) opts.push(['GET']);
  if (g.rng.chance(0.35)) opts.push(expiryOption(g, 'set'));
  if (g.rng.chance(0.04)) opts.push([g.rng.pick(['NX', 'XX', 'GET', 'KEEPTTL', 'BOGUS'])]);
  for (const o of g.rng.shuffle(opts)) args.push(...o);
  return g.cmd(args, [k]);
}

function getex(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('GETEX'), k, ...expiryOption(g, 'getex')];
  if (g.rng.chance(0.05)) args.push(...expiryOption(g, 'getex'));
  return g.cmd(args, [k]);
}

function keysAndValues(g: Gen, n: number): { args: Arg[]; keys: string[] } {
  const args: Arg[] = [];
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = g.key(POOL);
    keys.push(k);
    args.push(k, g.value());
  }
  return { args, keys };
}

function rangeUnit(g: Gen): Arg[] {
  if (!g.rng.chance(0.4)) return [];
  return [g.rng.pick(['BYTE', 'BIT', 'byte', 'bit', 'WORD'])];
}

function lcs(g: Gen): Step {
  const a = g.key(POOL);
  const b = g.key(POOL);
  const args: Arg[] = [g.name('LCS'), a, b];
  const opts: Arg[][] = [];
  if (g.rng.chance(0.3)) opts.push(['LEN']);
  if (g.rng.chance(0.4)) opts.push(['IDX']);
  if (g.rng.chance(0.3)) opts.push(['MINMATCHLEN', g.integer(0, 4)]);
  if (g.rng.chance(0.3)) opts.push(['WITHMATCHLEN']);
  if (g.rng.chance(0.03)) opts.push(['BOGUS']);
  for (const o of g.rng.shuffle(opts)) args.push(...o);
  return g.cmd(args, [a, b]);
}

/** A string whose letters overlap with other such strings, so that LCS finds real matches. */
function lcsValue(g: Gen): string {
  let s = '';
  const n = g.rng.int(0, 24);
  for (let i = 0; i < n; i++) s += g.rng.pick(['a', 'b', 'c', 'o', 'h', 'e', 'l']);
  return s;
}

export const strings: Family = {
  name: 'strings',
  pool: POOL,
  generators: [
    [10, (g) => keyOnly(g, 'GET')],
    [14, set],
    [2, (g) => setLike(g, 'SETNX', false)],
    [2, (g) => setexLike(g, 'SETEX')],
    [2, (g) => setexLike(g, 'PSETEX')],
    [2, (g) => setLike(g, 'GETSET', false)],
    [2, (g) => keyOnly(g, 'GETDEL')],
    [4, getex],
    [
      3,
      (g) => {
        const keys = Array.from({ length: g.rng.int(1, 5) }, () => g.key(POOL));
        return g.cmd([g.name('MGET'), ...keys], keys);
      },
    ],
    [
      3,
      (g) => {
        const kv = keysAndValues(g, g.rng.int(1, 4));
        if (g.rng.chance(0.05)) kv.args.pop(); // a key without its value
        return g.cmd([g.name('MSET'), ...kv.args], kv.keys);
      },
    ],
    [
      2,
      (g) => {
        const kv = keysAndValues(g, g.rng.int(1, 3));
        return g.cmd([g.name('MSETNX'), ...kv.args], kv.keys);
      },
    ],
    [3, (g) => keyOnly(g, 'STRLEN')],
    [4, (g) => setLike(g, 'APPEND', false)],
    [
      3,
      (g) => {
        const k = g.key(POOL);
        const offset = g.rng.chance(0.1)
          ? g.rng.pick(['-1', '536870912', '536870911', 'abc', '9223372036854775807'])
          : String(g.rng.int(0, g.rng.chance(0.1) ? 5000 : 30));
        // 536870911 with an empty value is valid and allocates nothing; with a value it would
        // allocate 512 MB, so the value is empty then.
        const v = offset === '536870911' ? '' : g.value();
        return g.cmd([g.name('SETRANGE'), k, offset, v], [k]);
      },
    ],
    [
      4,
      (g) => {
        const k = g.key(POOL);
        return g.cmd([g.name(g.rng.chance(0.15) ? 'SUBSTR' : 'GETRANGE'), k, g.index(), g.index()], [k]);
      },
    ],
    [5, (g) => keyOnly(g, g.rng.pick(['INCR', 'DECR']))],
    [
      5,
      (g) => {
        const k = g.key(POOL);
        return g.cmd([g.name(g.rng.pick(['INCRBY', 'DECRBY'])), k, g.integer(-1000, 1000, 0.3)], [k]);
      },
    ],
    [
      5,
      (g) => {
        const k = g.key(POOL);
        return g.cmd([g.name('INCRBYFLOAT'), k, g.float()], [k]);
      },
    ],
    [
      4,
      (g) => {
        const k = g.key(POOL);
        const offset = g.rng.chance(0.08)
          ? g.rng.pick(['-1', '4294967296', 'abc', '1.5'])
          : String(g.rng.int(0, g.rng.chance(0.1) ? 100000 : 64));
        const bit = g.rng.chance(0.08) ? g.rng.pick(['2', '-1', 'a', '']) : String(g.rng.int(0, 1));
        return g.cmd([g.name('SETBIT'), k, offset, bit], [k]);
      },
    ],
    [
      3,
      (g) => {
        const k = g.key(POOL);
        const offset = g.rng.chance(0.08)
          ? g.rng.pick(['-1', '4294967296', 'abc', '4294967295'])
          : String(g.rng.int(0, 80));
        return g.cmd([g.name('GETBIT'), k, offset], [k]);
      },
    ],
    [
      4,
      (g) => {
        const k = g.key(POOL);
        const args: Arg[] = [g.name('BITCOUNT'), k];
        if (g.rng.chance(0.7)) args.push(g.index(), g.index(), ...rangeUnit(g));
        else if (g.rng.chance(0.1)) args.push(g.index());
        return g.cmd(args, [k]);
      },
    ],
    [
      4,
      (g) => {
        const k = g.key(POOL);
        const bit = g.rng.chance(0.08) ? g.rng.pick(['2', '-1', 'x']) : String(g.rng.int(0, 1));
        const args: Arg[] = [g.name('BITPOS'), k, bit];
        if (g.rng.chance(0.6)) {
          args.push(g.index());
          if (g.rng.chance(0.6)) args.push(g.index(), ...rangeUnit(g));
        }
        return g.cmd(args, [k]);
      },
    ],
    [
      3,
      (g) => {
        // Seed LCS-friendly values into the pool.
        const k = g.key(POOL);
        return g.cmd([g.name('SET'), k, lcsValue(g)], [k]);
      },
    ],
    [3, lcs],
    [2, (g) => wrongArity(g, STRING_ARITIES, POOL)],
    [3, (g) => keyOnly(g, 'DEL')],
    [1, (g) => keyOnly(g, 'TTL', APPROX_TTL.seconds)],
    [2, (g) => shortExpiry(g, POOL)],
  ],
};

function keyOnly(g: Gen, cmd: string, check?: Check): Step {
  const k = g.key(POOL);
  return g.cmd([g.name(cmd), k], [k], check);
}

function setLike(g: Gen, cmd: string, numeric: boolean): Step {
  const k = g.key(POOL);
  return g.cmd([g.name(cmd), k, numeric ? g.integer() : g.value()], [k]);
}

function setexLike(g: Gen, cmd: 'SETEX' | 'PSETEX'): Step {
  const k = g.key(POOL);
  const ttl = g.rng.chance(0.15)
    ? g.rng.pick(['0', '-1', 'abc', '1.5', '9223372036854775807'])
    : String(cmd === 'SETEX' ? g.rng.int(100, 100000) : g.rng.int(100000, 10000000));
  return g.cmd([g.name(cmd), k, ttl, g.value()], [k]);
}
