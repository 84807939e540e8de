// Keys: DEL/EXISTS/TYPE/RENAME/COPY/MOVE, KEYS and SCAN (compared as sets), RANDOMKEY (checked for
// validity), the expire family with NX/XX/GT/LT, TTL-like reads, SELECT/SWAPDB/FLUSHDB across
// databases, and short expiries observed after they passed.
import { DBS, Gen, wrongArity } from '../gen';
import { Arg, formatReply } from '../resp';
import type { Check, Family, KeyRef, Step } from '../step';
import { APPROX_TTL, shortExpiry } from './ttl';

export const KEY_ARITIES: Record<string, number> = {
  del: -2,
  unlink: -2,
  exists: -2,
  touch: -2,
  type: 2,
  rename: 3,
  renamenx: 3,
  copy: -3,
  move: 3,
  keys: 2,
  scan: -2,
  randomkey: 1,
  expire: -3,
  pexpire: -3,
  expireat: -3,
  pexpireat: -3,
  ttl: 2,
  pttl: 2,
  expiretime: 2,
  pexpiretime: 2,
  persist: 2,
  select: 2,
  dbsize: 1,
  swapdb: 3,
};

const WHOLE_DB = (db: number): KeyRef => ({ db, key: '*' });
const TYPES = ['string', 'list', 'hash', 'set', 'zset', 'stream', 'none', 'STRING', 'bogus'];

function multiKey(g: Gen, cmd: string): Step {
  const keys = Array.from({ length: g.rng.int(1, 4) }, () => g.anyKey());
  return g.cmd([g.name(cmd), ...keys], keys);
}

function dbArg(g: Gen): string {
  if (g.rng.chance(0.1)) return g.rng.pick(['16', '-1', 'x', '9223372036854775807', '1.5']);
  return String(g.rng.pick(DBS));
}

function expireFlags(g: Gen): Arg[] {
  const r = g.rng.float();
  if (r < 0.6) return [];
  if (r < 0.95) return [g.rng.pick(['NX', 'XX', 'GT', 'LT', 'nx'])];
  return g.rng.pick([['NX', 'XX'], ['GT', 'LT'], ['NX', 'GT'], ['XX', 'GT'], ['BOGUS']]);
}

/** EXPIRE-family command with a time that keeps the key for the rest of the run, or deletes it now. */
function expire(g: Gen): Step {
  const k = g.anyKey();
  const cmd = g.rng.pick(['EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT']);
  const ms = cmd.startsWith('P');
  const absolute = cmd.endsWith('AT');
  let t: string;
  const r = g.rng.float();
  if (r < 0.1)
    t = g.rng.pick(['0', '-1', '-100', 'abc', '1.5', '', '9223372036854775807', '-9223372036854775808']);
  else if (absolute) {
    const s = Number(g.unixSeconds(g.rng.chance(0.9)));
    t = String(ms ? s * 1000 + g.rng.int(0, 999) : s);
  } else t = String(ms ? g.rng.int(100000, 100000000) : g.rng.int(100, 100000));
  return g.cmd([g.name(cmd), k, t, ...expireFlags(g)], [k]);
}

/** RANDOMKEY: nil on an empty database, otherwise one of the keys KEYS * lists. */
function randomkey(g: Gen): Step {
  const check: Check = {
    kind: 'valid',
    probe: ['KEYS', '*'],
    probeCheck: { kind: 'unordered' },
    validate: (reply, probe) => {
      if (!probe || probe.type !== 'array') return 'probe KEYS * failed';
      if (reply.type !== 'bulk') return 'expected a bulk string';
      return probe.items.some((i) => formatReply(i) === formatReply(reply)) ? null : 'not an existing key';
    },
  };
  return { ...g.cmd([g.name('RANDOMKEY')], [], check), keys: [WHOLE_DB(g.db)] };
}

function scan(g: Gen): Step {
  const args: Arg[] = [g.name('SCAN'), '0'];
  const opts: Arg[][] = [];
  if (g.rng.chance(0.4))
    opts.push(['MATCH', g.rng.pick(['*', 'str:*', 'list:?', '*:[0-1]', 'nomatch', 'h*'])]);
  if (g.rng.chance(0.4))
    opts.push(['COUNT', g.rng.chance(0.1) ? g.rng.pick(['0', '-1', 'x']) : String(g.rng.int(1, 10))]);
  if (g.rng.chance(0.3)) opts.push(['TYPE', g.rng.pick(TYPES)]);
  for (const o of g.rng.shuffle(opts)) args.push(...o);
  return g.scan(args, 1, false, [WHOLE_DB(g.db)]);
}

function select(g: Gen): Step {
  const target = dbArg(g);
  const step = g.cmd([g.name('SELECT'), target], []);
  // The generator follows the database it asked for; a server that refuses a valid SELECT
  // shows up as a difference at this step.
  if (/^\d+$/.test(target) && DBS.includes(Number(target))) g.db = Number(target);
  return step;
}

function copy(g: Gen): Step {
  const a = g.anyKey();
  const b = g.rng.chance(0.1) ? a : g.anyKey();
  const args: Arg[] = [g.name('COPY'), a, b];
  const refs = [g.ref(a), g.ref(b)];
  if (g.rng.chance(0.3)) {
    const d = dbArg(g);
    args.push('DB', d);
    if (/^\d+$/.test(d)) refs.push(g.ref(b, Number(d)));
  }
  if (g.rng.chance(0.3)) args.push('REPLACE');
  return { ...g.cmd(args, []), keys: refs };
}

function move(g: Gen): Step {
  const k = g.anyKey();
  const d = dbArg(g);
  const refs = [g.ref(k)];
  if (/^\d+$/.test(d)) refs.push(g.ref(k, Number(d)));
  return { ...g.cmd([g.name('MOVE'), k, d], []), keys: refs };
}

function swapdb(g: Gen): Step {
  const a = dbArg(g);
  const b = g.rng.chance(0.2) ? a : dbArg(g);
  const refs = [a, b].filter((d) => /^\d+$/.test(d)).map((d) => WHOLE_DB(Number(d)));
  return { ...g.cmd([g.name('SWAPDB'), a, b], []), keys: refs };
}

export const keys: Family = {
  name: 'keys',
  generators: [
    [
      3,
      (g) => {
        // Creates a key of any pool with its pool's type (RENAME/COPY/MOVE then mix the types).
        const k = g.anyKey();
        const type = k.split(':')[0];
        if (type === 'list') return g.cmd(['RPUSH', k, g.smallValue(), g.smallValue()], [k]);
        if (type === 'hash') return g.cmd(['HSET', k, 'f1', g.smallValue(), 'f2', g.value()], [k]);
        return g.cmd(['SET', k, g.value()], [k]);
      },
    ],
    [5, (g) => multiKey(g, 'DEL')],
    [2, (g) => multiKey(g, 'UNLINK')],
    [6, (g) => multiKey(g, 'EXISTS')],
    [2, (g) => multiKey(g, 'TOUCH')],
    [5, (g) => oneKey(g, 'TYPE')],
    [
      4,
      (g) => {
        const a = g.anyKey();
        const b = g.rng.chance(0.15) ? a : g.anyKey();
        return g.cmd([g.name(g.rng.pick(['RENAME', 'RENAMENX'])), a, b], [a, b]);
      },
    ],
    [3, copy],
    [2, move],
    [
      3,
      (g) => {
        const pattern = g.rng.pick([
          '*',
          'str:*',
          'list:?',
          '*:[0-2]',
          '*:[^0]',
          'h?sh:*',
          'missing',
          '\\*',
          'x*',
        ]);
        return { ...g.cmd([g.name('KEYS'), pattern], [], { kind: 'unordered' }), keys: [WHOLE_DB(g.db)] };
      },
    ],
    [3, scan],
    [
      0.3,
      (g): Step[] => {
        // Glob patterns with many stars must not backtrack exponentially (Redis limits the nesting).
        const k = 'a'.repeat(g.rng.int(30, 60));
        const pattern = 'a*'.repeat(g.rng.int(15, 25)) + g.rng.pick(['b', 'a', '?']);
        return [
          g.cmd(['SET', k, '1'], [k]),
          { ...g.cmd([g.name('KEYS'), pattern], [], { kind: 'unordered' }), keys: [WHOLE_DB(g.db)] },
          g.cmd(['DEL', k], [k]),
        ];
      },
    ],
    [2, randomkey],
    [8, expire],
    [3, (g) => oneKey(g, 'TTL', APPROX_TTL.seconds)],
    [3, (g) => oneKey(g, 'PTTL', APPROX_TTL.ms)],
    [2, (g) => oneKey(g, 'EXPIRETIME', APPROX_TTL.seconds)],
    [2, (g) => oneKey(g, 'PEXPIRETIME', APPROX_TTL.ms)],
    [3, (g) => oneKey(g, 'PERSIST')],
    [4, select],
    [2, (g) => ({ ...g.cmd([g.name('DBSIZE')], []), keys: [WHOLE_DB(g.db)] })],
    [0.3, (g) => ({ ...g.cmd([g.name('FLUSHDB')], []), keys: [WHOLE_DB(g.db)], barrier: true })],
    [0.5, swapdb],
    [4, (g) => shortExpiry(g, g.rng.pick(g.pools.length ? g.pools : ['str']))],
    [2, (g) => wrongArity(g, KEY_ARITIES, g.pools[0] ?? 'str')],
  ],
};

function oneKey(g: Gen, cmd: string, check?: Check): Step {
  const k = g.anyKey();
  return g.cmd([g.name(cmd), k], [k], check);
}
