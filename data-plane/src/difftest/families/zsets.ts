// Sorted sets: ZADD with every flag, scores at the float edges (inf, nan, 1e400, long decimals),
// listpack and skiplist encodings (beyond zset-max-listpack-entries/-value), every range form (rank,
// score, lex; REV, LIMIT, WITHSCORES), pops, set algebra with weights and aggregates (sets count as
// inputs), ZRANDMEMBER checked for validity against the content, ZSCAN full iterations compared as
// sets of pairs, and a blocking pop woken by ZADD.
import { Gen, wrongArity } from '../gen';
import { Arg, Reply, formatReply } from '../resp';
import type { Check, Family, Step } from '../step';

const POOL = 'zset';
/**
 * Keys whose members all have score 0: Redis leaves lex ranges on mixed scores unspecified (the
 * answer depends on the skiplist's random levels, so two redis-servers disagree), so the lex commands
 * run on this pool, which only ZADD ... 0 member writes.
 */
const LEX_POOL = 'zlex';
/** The key of the blocking scenario: empty before it, emptied by the woken pop. */
const BLOCK_KEY = 'bzpop:scratch';

export const ZSET_ARITIES: Record<string, number> = {
  zadd: -4,
  zincrby: 4,
  zrem: -3,
  zcard: 2,
  zscore: 3,
  zmscore: -3,
  zrank: 3,
  zrevrank: 3,
  zcount: 4,
  zlexcount: 4,
  zrange: -4,
  zrangestore: -5,
  zrevrange: -4,
  zrangebyscore: -4,
  zrevrangebyscore: -4,
  zrangebylex: -4,
  zrevrangebylex: -4,
  zremrangebyrank: 4,
  zremrangebyscore: 4,
  zremrangebylex: 4,
  zpopmin: -2,
  zpopmax: -2,
  zmpop: -4,
  zunion: -3,
  zinter: -3,
  zdiff: -3,
  zunionstore: -4,
  zinterstore: -4,
  zdiffstore: -4,
  zintercard: -3,
  zrandmember: -2,
  zscan: -3,
};

function member(g: Gen): Arg {
  const r = g.rng.float();
  if (r < 0.9) return g.rng.pick(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  return g.rng.pick(['', 'A', 'aa', '1', 'long-member-' + 'm'.repeat(70), Buffer.from([0, 200, 255])]);
}

/** A score: mostly small numbers (ties happen), sometimes long decimals and the float edge cases. */
function score(g: Gen): string {
  if (g.rng.chance(0.6)) return String(g.rng.int(-3, 5));
  return g.float(0.3);
}

function scoreBound(g: Gen): string {
  const r = g.rng.float();
  if (r < 0.25) return g.rng.pick(['-inf', '+inf', 'inf', '(-inf', '(+inf']);
  if (r < 0.3) return g.rng.pick(['abc', '(', '(abc', 'nan', '', '((1']);
  return (g.rng.chance(0.3) ? '(' : '') + String(g.rng.int(-3, 5));
}

function lexBound(g: Gen): string {
  const r = g.rng.float();
  if (r < 0.2) return g.rng.pick(['-', '+']);
  if (r < 0.25) return g.rng.pick(['a', '', '{c', '--']);
  return g.rng.pick(['[', '(']) + g.rng.pick(['a', 'b', 'c', 'd', 'e', 'h', 'z', '']);
}

/** A key of the lex pool; sometimes missing or a set (wrong type). */
function lexKey(g: Gen): string {
  const r = g.rng.float();
  if (r < 0.04) return 'zlex:none'; // not 'missing': other families write that key with any score
  if (r < 0.08 && g.pools.includes('set')) return g.poolKey('set');
  return g.poolKey(LEX_POOL);
}

/** ZADD key [NX|XX] [CH] 0 member ... on the lex pool. */
function lexAdd(g: Gen): Step {
  const k = lexKey(g);
  const args: Arg[] = [g.name('ZADD'), k];
  if (g.rng.chance(0.15)) args.push(g.rng.pick(['NX', 'XX']));
  if (g.rng.chance(0.15)) args.push('CH');
  const n = g.rng.chance(0.03) ? g.rng.int(130, 150) : g.rng.int(1, 4);
  for (let i = 0; i < n; i++) args.push('0', n > 100 ? `m${i}` : member(g));
  return g.cmd(args, [k]);
}

function zadd(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('ZADD'), k];
  if (g.rng.chance(0.2)) args.push(g.rng.pick(['NX', 'XX']));
  if (g.rng.chance(0.15)) args.push(g.rng.pick(['GT', 'LT']));
  if (g.rng.chance(0.2)) args.push('CH');
  const incr = g.rng.chance(0.1);
  if (incr) args.push('INCR');
  // Sometimes many members: beyond zset-max-listpack-entries (128), the zset becomes a skiplist.
  const n = incr ? (g.rng.chance(0.9) ? 1 : 2) : g.rng.chance(0.03) ? g.rng.int(130, 150) : g.rng.int(1, 4);
  for (let i = 0; i < n; i++) args.push(score(g), n > 100 ? `m${i}` : member(g));
  if (g.rng.chance(0.03)) args.pop(); // a score without its member
  return g.cmd(args, [k]);
}

function withScores(g: Gen, args: Arg[], p = 0.4): void {
  if (g.rng.chance(p)) args.push(g.rng.chance(0.03) ? 'WITHSCORE' : 'WITHSCORES');
}

function limit(g: Gen, args: Arg[], p = 0.3): void {
  if (g.rng.chance(p))
    args.push('LIMIT', g.integer(-1, 4, 0.05), g.rng.chance(0.2) ? '-1' : g.integer(0, 5, 0.05));
}

/** ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES] (or ZRANGESTORE). */
function zrange(g: Gen, store: boolean): Step {
  const by = g.rng.weighted([
    [4, ''],
    [3, 'BYSCORE'],
    [2, 'BYLEX'],
  ]);
  const k = by === 'BYLEX' ? lexKey(g) : g.key(POOL);
  const dst = by === 'BYLEX' ? lexKey(g) : g.key(POOL);
  const rev = g.rng.chance(0.3);
  let lo: string, hi: string;
  if (by === 'BYSCORE') [lo, hi] = [scoreBound(g), scoreBound(g)];
  else if (by === 'BYLEX') [lo, hi] = [lexBound(g), lexBound(g)];
  else [lo, hi] = [g.index(), g.index()];
  const args: Arg[] = store ? [g.name('ZRANGESTORE'), dst, k, lo, hi] : [g.name('ZRANGE'), k, lo, hi];
  if (by) args.push(by);
  if (rev) args.push('REV');
  limit(g, args, by ? 0.3 : 0.05);
  if (!store) withScores(g, args, by === 'BYLEX' ? 0.05 : 0.4);
  return g.cmd(args, store ? [dst, k] : [k]);
}

function legacyRange(g: Gen): Step {
  const cmd = g.rng.pick([
    'ZREVRANGE',
    'ZRANGEBYSCORE',
    'ZREVRANGEBYSCORE',
    'ZRANGEBYLEX',
    'ZREVRANGEBYLEX',
  ] as const);
  const k = cmd.endsWith('LEX') ? lexKey(g) : g.key(POOL);
  const args: Arg[] = [g.name(cmd), k];
  if (cmd === 'ZREVRANGE') {
    args.push(g.index(), g.index());
    withScores(g, args);
  } else if (cmd.endsWith('SCORE')) {
    args.push(scoreBound(g), scoreBound(g));
    withScores(g, args);
    limit(g, args);
  } else {
    args.push(lexBound(g), lexBound(g));
    limit(g, args);
  }
  return g.cmd(args, [k]);
}

function zremrange(g: Gen): Step {
  const kind = g.rng.pick(['RANK', 'SCORE', 'LEX'] as const);
  const k = kind === 'LEX' ? lexKey(g) : g.key(POOL);
  const bounds =
    kind === 'RANK'
      ? [g.index(), g.index()]
      : kind === 'SCORE'
        ? [scoreBound(g), scoreBound(g)]
        : [lexBound(g), lexBound(g)];
  return g.cmd([g.name('ZREMRANGEBY' + kind), k, ...bounds], [k]);
}

function keysFor(g: Gen, lo: number, hi: number): string[] {
  // Sets are valid inputs of the algebra commands (every member scores 1).
  return Array.from({ length: g.rng.int(lo, hi) }, () =>
    g.rng.chance(0.1) && g.pools.includes('set') ? g.poolKey('set') : g.key(POOL),
  );
}

function numkeys(g: Gen, n: number): string {
  return g.rng.chance(0.08) ? g.rng.pick(['0', '-1', 'x', String(n + 1)]) : String(n);
}

/** ZUNION/ZINTER/ZDIFF[STORE] and ZINTERCARD with WEIGHTS, AGGREGATE, WITHSCORES and LIMIT. */
function algebra(g: Gen): Step {
  const cmd = g.rng.pick([
    'ZUNION',
    'ZINTER',
    'ZDIFF',
    'ZUNIONSTORE',
    'ZINTERSTORE',
    'ZDIFFSTORE',
    'ZINTERCARD',
  ]);
  const store = cmd.endsWith('STORE');
  const dst = g.key(POOL);
  const ks = keysFor(g, 1, 3);
  const args: Arg[] = [g.name(cmd)];
  if (store) args.push(dst);
  args.push(numkeys(g, ks.length), ...ks);
  if (cmd === 'ZINTERCARD') {
    if (g.rng.chance(0.4)) args.push('LIMIT', g.integer(0, 4, 0.1));
  } else if (!cmd.startsWith('ZDIFF')) {
    if (g.rng.chance(0.3))
      args.push('WEIGHTS', ...ks.map(() => g.rng.pick(['1', '2', '-1', '0', '0.5', 'inf', 'x'])));
    if (g.rng.chance(0.3)) args.push('AGGREGATE', g.rng.pick(['SUM', 'MIN', 'MAX', 'AVG']));
  }
  if (!store && cmd !== 'ZINTERCARD') withScores(g, args);
  return g.cmd(args, store ? [dst, ...ks] : ks);
}

function pop(g: Gen): Step {
  const cmd = g.rng.pick(['ZPOPMIN', 'ZPOPMAX', 'ZMPOP']);
  if (cmd === 'ZMPOP') {
    const ks = keysFor(g, 1, 2);
    const args: Arg[] = [g.name('ZMPOP'), numkeys(g, ks.length), ...ks, g.rng.pick(['MIN', 'MAX', 'MID'])];
    if (g.rng.chance(0.5)) args.push('COUNT', g.integer(1, 4, 0.1));
    return g.cmd(args, ks);
  }
  const k = g.key(POOL);
  const args: Arg[] = [g.name(cmd), k];
  if (g.rng.chance(0.5)) args.push(g.integer(-1, 4, 0.1));
  return g.cmd(args, [k]);
}

/** Member/score pairs of a ZRANGE ... WITHSCORES probe (flat in RESP2, nested in RESP3). */
function zsetContent(r: Reply | undefined): Map<string, string> | null {
  if (!r || r.type !== 'array') return null;
  const items = r.items.flatMap((i) => (i.type === 'array' ? i.items : [i]));
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < items.length; i += 2) m.set(formatReply(items[i]), formatReply(items[i + 1]));
  return m;
}

/**
 * ZRANDMEMBER key [count [WITHSCORES]] against the content just before: without count one member;
 * count >= 0: min(count, size) distinct members; count < 0: exactly -count, repeats allowed;
 * WITHSCORES pairs each member with its score (nested pairs in RESP3).
 */
export function zrandmemberCheck(key: string, count: bigint | undefined, scores: boolean): Check {
  return {
    kind: 'valid',
    probe: ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
    validate: (reply, probe) => {
      const zset = zsetContent(probe);
      if (!zset) return `probe ZRANGE gave ${probe ? formatReply(probe) : 'nothing'}`;
      if (count === undefined) {
        if (reply.type !== 'bulk') return 'expected a bulk string';
        return zset.has(formatReply(reply)) ? null : 'member not in the sorted set';
      }
      if (reply.type !== 'array') return 'expected an array';
      const nested = scores && reply.items.length > 0 && reply.items[0].type === 'array';
      const items = nested ? reply.items.flatMap((i) => (i.type === 'array' ? i.items : [i])) : reply.items;
      const step = scores ? 2 : 1;
      if (items.length % step) return 'odd number of member/score items';
      const n = items.length / step;
      const expected =
        count >= 0n || zset.size === 0
          ? Math.min(Number(count < 0n ? -count : count), zset.size)
          : Number(-count);
      if (n !== expected) return `expected ${expected} members, got ${n}`;
      const seen = new Set<string>();
      for (let i = 0; i < items.length; i += step) {
        const m = formatReply(items[i]);
        if (!zset.has(m)) return `member ${m} not in the sorted set`;
        if (scores && zset.get(m) !== formatReply(items[i + 1])) return `wrong score for ${m}`;
        if (count >= 0n && seen.has(m)) return `member ${m} repeated with a positive count`;
        seen.add(m);
      }
      return null;
    },
  };
}

function zrandmember(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('ZRANDMEMBER'), k];
  let count: bigint | undefined;
  let scores = false;
  if (g.rng.chance(0.7)) {
    const c = g.rng.chance(0.1)
      ? g.rng.pick(['abc', '1.5', '-9223372036854775808', '9223372036854775807'])
      : String(g.rng.int(-8, 8));
    args.push(c);
    count = /^-?\d+$/.test(c) ? BigInt(c) : undefined;
    if (g.rng.chance(0.4)) {
      args.push(g.rng.chance(0.05) ? 'WITHVALUES' : 'WITHSCORES');
      scores = args[3] === 'WITHSCORES';
    }
  }
  return g.cmd(args, [k], zrandmemberCheck(k, count, scores));
}

function zscan(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('ZSCAN'), k, '0'];
  if (g.rng.chance(0.4)) args.push('MATCH', g.rng.pick(['m1*', '*', '[a-c]', '?', 'nomatch']));
  if (g.rng.chance(0.4))
    args.push('COUNT', g.rng.chance(0.1) ? g.rng.pick(['0', '-1', 'x']) : String(g.rng.int(1, 20)));
  return g.scan(args, 2, true, [g.ref(k)]);
}

/** BZPOPMIN/BZPOPMAX/BZMPOP on an empty key, woken by ZADD from the main connection. */
function blockingPop(g: Gen): Step[] {
  const cmd = g.rng.pick(['BZPOPMIN', 'BZPOPMAX', 'BZMPOP']);
  const waiter: Arg[] =
    cmd === 'BZMPOP'
      ? [cmd, '5', '1', BLOCK_KEY, g.rng.pick(['MIN', 'MAX']), 'COUNT', '2']
      : [cmd, BLOCK_KEY, '5'];
  const wake: Arg[] = ['ZADD', BLOCK_KEY, score(g), 'x', score(g), 'y'];
  // The woken pop leaves at most one member: DEL empties the key for the next scenario either way.
  return [
    g.blocking([{ args: waiter, timeoutMs: 6000 }], wake, [BLOCK_KEY]),
    g.cmd(['DEL', BLOCK_KEY], [BLOCK_KEY]),
  ];
}

function keyWith(g: Gen, cmd: string, ...rest: Arg[]): Step {
  const k = g.key(POOL);
  return g.cmd([g.name(cmd), k, ...rest], [k]);
}

export const zsets: Family = {
  name: 'zsets',
  pool: POOL,
  generators: [
    [14, zadd],
    [4, (g) => keyWith(g, 'ZINCRBY', score(g), member(g))],
    [4, (g) => keyWith(g, 'ZREM', ...Array.from({ length: g.rng.int(1, 3) }, () => member(g)))],
    [3, (g) => keyWith(g, 'ZCARD')],
    [4, (g) => keyWith(g, 'ZSCORE', member(g))],
    [2, (g) => keyWith(g, 'ZMSCORE', ...Array.from({ length: g.rng.int(1, 3) }, () => member(g)))],
    [3, (g) => keyWith(g, g.rng.pick(['ZRANK', 'ZREVRANK']), member(g))],
    [3, (g) => keyWith(g, 'ZCOUNT', scoreBound(g), scoreBound(g))],
    [
      2,
      (g) => {
        const k = lexKey(g);
        return g.cmd([g.name('ZLEXCOUNT'), k, lexBound(g), lexBound(g)], [k]);
      },
    ],
    [5, lexAdd],
    [
      1,
      (g) => {
        const k = lexKey(g);
        return g.cmd([g.name('ZRANGE'), k, '0', '-1', 'WITHSCORES'], [k]);
      },
    ],
    [8, (g) => zrange(g, false)],
    [2, (g) => zrange(g, true)],
    [5, legacyRange],
    [3, zremrange],
    [4, pop],
    [5, algebra],
    [4, zrandmember],
    [3, zscan],
    [1, blockingPop],
    [2, (g) => wrongArity(g, ZSET_ARITIES, POOL)],
    [2, (g) => keyWith(g, 'DEL')],
  ],
};
