// Hashes: field writes and reads, counters, HRANDFIELD (checked for validity), HSCAN (full iterations
// compared as sets), small and large hashes (beyond the listpack limits).
import { Gen, wrongArity } from '../gen';
import { Arg, Reply, formatReply } from '../resp';
import type { Check, Family, Step } from '../step';

const POOL = 'hash';

export const HASH_ARITIES: Record<string, number> = {
  hset: -4,
  hsetnx: 4,
  hget: 3,
  hmget: -3,
  hmset: -4,
  hdel: -3,
  hlen: 2,
  hstrlen: 3,
  hexists: 3,
  hincrby: 4,
  hincrbyfloat: 4,
  hkeys: 2,
  hvals: 2,
  hgetall: 2,
  hrandfield: -2,
  hscan: -3,
};

function field(g: Gen): Arg {
  if (g.rng.chance(0.03)) return 'long-field-' + 'f'.repeat(70); // beyond hash-max-listpack-value
  if (g.rng.chance(0.03)) return g.rng.pick(['', Buffer.from([0, 1, 255])]);
  return 'f' + g.rng.int(0, 6);
}

function hset(g: Gen, cmd: 'HSET' | 'HMSET'): Step {
  const k = g.key(POOL);
  const n = g.rng.chance(0.03) ? g.rng.int(130, 160) : g.rng.int(1, 4); // many: beyond 128 entries
  const args: Arg[] = [g.name(cmd), k];
  for (let i = 0; i < n; i++)
    args.push(n > 100 ? `bulk${i}` : field(g), g.rng.chance(0.3) ? g.integer() : g.value());
  if (g.rng.chance(0.03)) args.pop(); // odd number of arguments
  return g.cmd(args, [k]);
}

/** The fields and values of a flat HGETALL reply (RESP2 array or RESP3 map). */
function hashContent(r: Reply | undefined): Map<string, string> | null {
  if (!r || (r.type !== 'array' && r.type !== 'map')) return null;
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < r.items.length; i += 2) m.set(formatReply(r.items[i]), formatReply(r.items[i + 1]));
  return m;
}

/**
 * HRANDFIELD key [count [WITHVALUES]]: without count one field of the hash; with count >= 0 that many
 * distinct fields (at most the hash size); with count < 0 exactly -count fields, repeats allowed;
 * WITHVALUES pairs each field with its value.
 */
function hrandfieldCheck(count: bigint | undefined, withValues: boolean): Check {
  return {
    kind: 'valid',
    probe: undefined, // filled in by the generator (needs the key)
    probeCheck: { kind: 'unordered-pairs' },
    validate: (reply, probe) => {
      const hash = hashContent(probe);
      if (!hash) return `probe HGETALL gave ${probe ? formatReply(probe) : 'nothing'}`;
      if (count === undefined) {
        if (reply.type !== 'bulk') return 'expected a bulk string';
        return hash.has(formatReply(reply)) ? null : 'field not in the hash';
      }
      if (reply.type !== 'array' && reply.type !== 'map') return 'expected an array';
      // RESP3 nests WITHVALUES pairs ([[field, value], ...]); RESP2 keeps them flat.
      const items = reply.items.flatMap((i) => (withValues && i.type === 'array' ? i.items : [i]));
      reply = { type: 'array', items };
      const step = withValues ? 2 : 1;
      const n = reply.items.length / step;
      const expected =
        count >= 0n || hash.size === 0
          ? Math.min(Number(count < 0n ? -count : count), hash.size)
          : Number(-count);
      if (n !== expected) return `expected ${expected} fields, got ${n}`;
      const seen = new Set<string>();
      for (let i = 0; i < reply.items.length; i += step) {
        const f = formatReply(reply.items[i]);
        if (!hash.has(f)) return `field ${f} not in the hash`;
        if (withValues && hash.get(f) !== formatReply(reply.items[i + 1])) return `wrong value for ${f}`;
        if (count >= 0n && seen.has(f)) return `field ${f} repeated with a positive count`;
        seen.add(f);
      }
      return null;
    },
  };
}

function hrandfield(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('HRANDFIELD'), k];
  let count: bigint | undefined;
  let withValues = false;
  if (g.rng.chance(0.7)) {
    const c = g.rng.chance(0.1)
      ? g.rng.pick(['abc', '-9223372036854775808', '9223372036854775807', '1.5'])
      : String(g.rng.int(-8, 8));
    args.push(c);
    count = /^-?\d+$/.test(c) ? BigInt(c) : undefined;
    if (g.rng.chance(0.4)) {
      args.push(g.rng.chance(0.05) ? 'WITHSCORES' : 'WITHVALUES');
      withValues = args[3] === 'WITHVALUES';
    }
  }
  // Invalid arguments and edge counts give errors: those are compared exactly by the 'valid' check.
  const check = hrandfieldCheck(count, withValues);
  if (check.kind === 'valid') check.probe = ['HGETALL', k];
  return g.cmd(args, [k], check);
}

function hscan(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('HSCAN'), k, '0'];
  if (g.rng.chance(0.4)) args.push('MATCH', g.rng.pick(['f*', '*1*', 'bulk1?', '[a-f]*', '*', 'nomatch']));
  if (g.rng.chance(0.4))
    args.push('COUNT', g.rng.chance(0.1) ? g.rng.pick(['0', '-1', 'x']) : String(g.rng.int(1, 20)));
  return g.scan(args, 2, true, [g.ref(k)]);
}

export const hashes: Family = {
  name: 'hashes',
  pool: POOL,
  generators: [
    [12, (g) => hset(g, 'HSET')],
    [3, (g) => hset(g, 'HMSET')],
    [3, (g) => keyWith(g, 'HSETNX', field(g), g.value())],
    [8, (g) => keyWith(g, 'HGET', field(g))],
    [
      4,
      (g) => {
        const fields = Array.from({ length: g.rng.int(1, 4) }, () => field(g));
        return keyWith(g, 'HMGET', ...fields);
      },
    ],
    [
      5,
      (g) => {
        const fields = Array.from({ length: g.rng.int(1, 3) }, () => field(g));
        return keyWith(g, 'HDEL', ...fields);
      },
    ],
    [3, (g) => keyWith(g, 'HLEN')],
    [3, (g) => keyWith(g, 'HSTRLEN', field(g))],
    [3, (g) => keyWith(g, 'HEXISTS', field(g))],
    [5, (g) => keyWith(g, 'HINCRBY', field(g), g.integer(-1000, 1000, 0.3))],
    [5, (g) => keyWith(g, 'HINCRBYFLOAT', field(g), g.float())],
    [2, (g) => keyCheck(g, 'HKEYS', { kind: 'unordered' })],
    [2, (g) => keyCheck(g, 'HVALS', { kind: 'unordered' })],
    [3, (g) => keyCheck(g, 'HGETALL', { kind: 'unordered-pairs' })],
    [4, hrandfield],
    [3, hscan],
    [2, (g) => wrongArity(g, HASH_ARITIES, POOL)],
    [3, (g) => keyWith(g, 'DEL')],
  ],
};

function keyWith(g: Gen, cmd: string, ...rest: Arg[]): Step {
  const k = g.key(POOL);
  return g.cmd([g.name(cmd), k, ...rest], [k]);
}

function keyCheck(g: Gen, cmd: string, check: Check): Step {
  const k = g.key(POOL);
  return g.cmd([g.name(cmd), k], [k], check);
}
