// Sets: writes and reads on intsets and hashtables (beyond set-max-intset-entries, non-integer
// members), set algebra (results compared as multisets: Redis's order is the hashtable's), SRANDMEMBER
// and SPOP checked for validity against the set's content, SSCAN full iterations compared as sets.
import { Gen, wrongArity } from '../gen';
import { Arg, Reply, formatReply } from '../resp';
import type { Check, Family, Step } from '../step';

const POOL = 'set';
/** Scratch key of the SPOP scenarios: filled, popped at random, counted and deleted in one scenario. */
const SCRATCH = 'spop:scratch';

export const SET_ARITIES: Record<string, number> = {
  sadd: -3,
  srem: -3,
  sismember: 3,
  smismember: -3,
  scard: 2,
  smembers: 2,
  srandmember: -2,
  spop: -2,
  smove: 4,
  sinter: -2,
  sunion: -2,
  sdiff: -2,
  sintercard: -3,
  sinterstore: -3,
  sunionstore: -3,
  sdiffstore: -3,
  sscan: -3,
};

const UNORDERED: Check = { kind: 'unordered' };

/** A member: mostly small integers (intset), sometimes strings or integers an intset cannot hold. */
function member(g: Gen): Arg {
  const r = g.rng.float();
  if (r < 0.6) return String(g.rng.int(-3, 12));
  if (r < 0.85) return g.rng.pick(['a', 'b', 'c', 'd', 'e']);
  return g.rng.pick([
    '',
    '007',
    '-0',
    '1.5',
    '9223372036854775807',
    '-9223372036854775808',
    '9223372036854775808',
    ' 1',
    'long-member-' + 'm'.repeat(70),
    Buffer.from([0, 1, 255]),
  ]);
}

function members(g: Gen, lo = 1, hi = 4): Arg[] {
  return Array.from({ length: g.rng.int(lo, hi) }, () => member(g));
}

function sadd(g: Gen): Step {
  const k = g.key(POOL);
  // Sometimes many integers: beyond set-max-intset-entries (512), the set becomes a hashtable.
  if (g.rng.chance(0.03)) {
    const base = g.rng.int(0, 100);
    const n = g.rng.int(505, 530);
    return g.cmd([g.name('SADD'), k, ...Array.from({ length: n }, (_, i) => String(base + i))], [k]);
  }
  return g.cmd([g.name('SADD'), k, ...members(g)], [k]);
}

/** The members of an SMEMBERS probe (array or RESP3 set), formatted; null if it is not one. */
function setContent(r: Reply | undefined): Set<string> | null {
  if (!r || (r.type !== 'array' && r.type !== 'set')) return null;
  return new Set(r.items.map(formatReply));
}

/**
 * SRANDMEMBER key [count] and SPOP key [count] against the set's content just before: without count
 * one member; count >= 0: min(count, size) distinct members; (SRANDMEMBER) count < 0: exactly -count
 * members, repeats allowed.
 */
export function randomPickCheck(key: string, count: bigint | undefined): Check {
  return {
    kind: 'valid',
    probe: ['SMEMBERS', key],
    probeCheck: UNORDERED,
    validate: (reply, probe) => {
      const set = setContent(probe);
      if (!set) return `probe SMEMBERS gave ${probe ? formatReply(probe) : 'nothing'}`;
      if (count === undefined) {
        if (reply.type !== 'bulk') return 'expected a bulk string';
        return set.has(formatReply(reply)) ? null : 'member not in the set';
      }
      if (reply.type !== 'array' && reply.type !== 'set') return 'expected an array';
      const expected =
        count >= 0n || set.size === 0
          ? Math.min(Number(count < 0n ? -count : count), set.size)
          : Number(-count);
      if (reply.items.length !== expected) return `expected ${expected} members, got ${reply.items.length}`;
      const seen = new Set<string>();
      for (const item of reply.items) {
        const m = formatReply(item);
        if (!set.has(m)) return `member ${m} not in the set`;
        if (count >= 0n && seen.has(m)) return `member ${m} repeated with a positive count`;
        seen.add(m);
      }
      return null;
    },
  };
}

function countArg(g: Gen): string {
  return g.rng.chance(0.1)
    ? g.rng.pick(['abc', '1.5', '-9223372036854775808', '9223372036854775807', ''])
    : String(g.rng.int(-8, 8));
}

const isInteger = (s: string): boolean => /^-?\d+$/.test(s);

function srandmember(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('SRANDMEMBER'), k];
  let count: bigint | undefined;
  if (g.rng.chance(0.7)) {
    const c = countArg(g);
    args.push(c);
    count = isInteger(c) ? BigInt(c) : undefined;
  }
  return g.cmd(args, [k], randomPickCheck(k, count));
}

/**
 * SPOP: on the pool keys only the deterministic forms (no such key, wrong type, count 0, a negative
 * or bad count, a count covering the whole set); the random pops run on a scratch set that is counted
 * and deleted at once, so both servers hold the same data again afterwards.
 */
function spop(g: Gen): Step | Step[] {
  if (g.rng.chance(0.4)) {
    const k = g.key(POOL);
    const c = g.rng.pick(['0', '-1', 'abc', '100000', '9223372036854775807']);
    return g.cmd([g.name('SPOP'), k, c], [k], UNORDERED);
  }
  const fill = g.cmd(['SADD', SCRATCH, ...members(g, 1, 8)], [SCRATCH]);
  if (g.rng.chance(0.05)) fill.args.push(...Array.from({ length: 520 }, (_, i) => String(i)));
  const args: Arg[] = [g.name('SPOP'), SCRATCH];
  let count: bigint | undefined;
  if (g.rng.chance(0.6)) {
    const c = String(g.rng.int(0, 10));
    args.push(c);
    count = BigInt(c);
  }
  return [
    fill,
    g.cmd(args, [SCRATCH], randomPickCheck(SCRATCH, count)),
    g.cmd(['SCARD', SCRATCH], [SCRATCH]),
    g.cmd(['DEL', SCRATCH], [SCRATCH]),
  ];
}

function keysFor(g: Gen, lo: number, hi: number): string[] {
  return Array.from({ length: g.rng.int(lo, hi) }, () => g.key(POOL));
}

function algebra(g: Gen): Step {
  const cmd = g.rng.pick(['SINTER', 'SUNION', 'SDIFF']);
  const ks = keysFor(g, 1, 3);
  return g.cmd([g.name(cmd), ...ks], ks, UNORDERED);
}

function algebraStore(g: Gen): Step {
  const cmd = g.rng.pick(['SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE']);
  const dst = g.key(POOL);
  const ks = keysFor(g, 1, 3);
  return g.cmd([g.name(cmd), dst, ...ks], [dst, ...ks]);
}

function sintercard(g: Gen): Step {
  const ks = keysFor(g, 1, 3);
  const numkeys = g.rng.chance(0.1) ? g.rng.pick(['0', '-1', 'x', String(ks.length + 1)]) : String(ks.length);
  const args: Arg[] = [g.name('SINTERCARD'), numkeys, ...ks];
  if (g.rng.chance(0.4))
    args.push('LIMIT', g.rng.chance(0.15) ? g.rng.pick(['-1', 'x']) : String(g.rng.int(0, 4)));
  return g.cmd(args, ks);
}

function sscan(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('SSCAN'), k, '0'];
  if (g.rng.chance(0.4)) args.push('MATCH', g.rng.pick(['1*', '*', '[a-c]', '?', '-*', 'nomatch']));
  if (g.rng.chance(0.4))
    args.push('COUNT', g.rng.chance(0.1) ? g.rng.pick(['0', '-1', 'x']) : String(g.rng.int(1, 20)));
  return g.scan(args, 2, false, [g.ref(k)]);
}

function keyWith(g: Gen, cmd: string, ...rest: Arg[]): Step {
  const k = g.key(POOL);
  return g.cmd([g.name(cmd), k, ...rest], [k]);
}

export const sets: Family = {
  name: 'sets',
  pool: POOL,
  generators: [
    [14, sadd],
    [5, (g) => keyWith(g, 'SREM', ...members(g, 1, 3))],
    [4, (g) => keyWith(g, 'SISMEMBER', member(g))],
    [3, (g) => keyWith(g, 'SMISMEMBER', ...members(g, 1, 4))],
    [4, (g) => keyWith(g, 'SCARD')],
    [
      3,
      (g) => {
        const k = g.key(POOL);
        return g.cmd([g.name('SMEMBERS'), k], [k], UNORDERED);
      },
    ],
    [4, srandmember],
    [4, spop],
    [
      3,
      (g) => {
        const src = g.key(POOL);
        const dst = g.key(POOL);
        return g.cmd([g.name('SMOVE'), src, dst, member(g)], [src, dst]);
      },
    ],
    [4, algebra],
    [3, algebraStore],
    [2, sintercard],
    [3, sscan],
    [2, (g) => wrongArity(g, SET_ARITIES, POOL)],
    [2, (g) => keyWith(g, 'DEL')],
  ],
};
