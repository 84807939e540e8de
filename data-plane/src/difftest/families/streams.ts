// Streams: XADD with explicit IDs (a clock-based `*` ID differs between two servers; `<ms>-*` does
// not) and trimming, ranges, XDEL, XTRIM, XSETID, XREAD (and XREAD BLOCK woken by an XADD), consumer
// groups (XGROUP, XREADGROUP, XACK, XPENDING summary, XCLAIM, XAUTOCLAIM) and XINFO STREAM/GROUPS.
// Replies that carry idle times (extended XPENDING, XINFO CONSUMERS, XINFO STREAM FULL) are left to
// the family's own tests: they depend on when each server ran the command.
import { Gen, wrongArity } from '../gen';
import type { Arg } from '../resp';
import type { Family, Step } from '../step';

const POOL = 'stream';
const GROUPS = ['g1', 'g2'];
const CONSUMERS = ['alice', 'bob', 'carol'];

export const STREAM_ARITIES: Record<string, number> = {
  xadd: -5,
  xlen: 2,
  xrange: -4,
  xrevrange: -4,
  xdel: -3,
  xtrim: -4,
  xsetid: -3,
  xread: -4,
  xreadgroup: -7,
  xack: -4,
  xpending: -3,
  xclaim: -6,
  xautoclaim: -6,
};

/** An entry ID: small milliseconds so that IDs collide and go backwards often; sometimes malformed. */
function id(g: Gen): string {
  if (g.rng.chance(0.04))
    return g.rng.pick(['0-0', 'abc', '1-x', '-1', '18446744073709551615-18446744073709551615']);
  const ms = g.rng.int(0, 40);
  return g.rng.chance(0.3) ? String(ms) : `${ms}-${g.rng.int(0, 3)}`;
}

/** A range bound: -, +, an ID or an exclusive ID. */
function bound(g: Gen, low: boolean): string {
  const r = g.rng.float();
  if (r < 0.3) return low ? '-' : '+';
  if (r < 0.4) return `(${id(g)}`;
  return id(g);
}

function fields(g: Gen): Arg[] {
  const n = g.rng.chance(0.03) ? 0 : g.rng.int(1, 3);
  const out: Arg[] = [];
  for (let i = 0; i < n; i++)
    out.push(g.rng.pick(['f', 'name', 'n']), g.rng.chance(0.5) ? g.smallValue() : g.value());
  if (g.rng.chance(0.03)) out.pop(); // odd number of field/value arguments
  return out;
}

/** MAXLEN/MINID with = (exact trimming: deterministic) and sometimes LIMIT (only valid with ~). */
function trimOptions(g: Gen): Arg[] {
  const strategy = g.rng.pick(['MAXLEN', 'MINID', 'maxlen']);
  const out: Arg[] = [strategy];
  if (g.rng.chance(0.5)) out.push('=');
  out.push(strategy.toUpperCase() === 'MAXLEN' ? g.integer(0, 6, 0.1) : id(g));
  if (g.rng.chance(0.05)) out.push('LIMIT', g.integer(0, 5));
  return out;
}

function xadd(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('XADD'), k];
  if (g.rng.chance(0.1)) args.push('NOMKSTREAM');
  if (g.rng.chance(0.2)) args.push(...trimOptions(g));
  // `<ms>-*`: the server picks the sequence, the same way on both.
  args.push(g.rng.chance(0.25) ? `${g.rng.int(0, 40)}-*` : id(g));
  args.push(...fields(g));
  return g.cmd(args, [k]);
}

function range(g: Gen): Step {
  const k = g.key(POOL);
  const rev = g.rng.chance(0.4);
  const args: Arg[] = [g.name(rev ? 'XREVRANGE' : 'XRANGE'), k];
  const lo = bound(g, true);
  const hi = bound(g, false);
  args.push(...(rev ? [hi, lo] : [lo, hi]));
  if (g.rng.chance(0.4)) args.push('COUNT', g.integer(0, 5, 0.1));
  return g.cmd(args, [k]);
}

function xread(g: Gen): Step {
  const n = g.rng.int(1, 2);
  const keys = Array.from({ length: n }, () => g.key(POOL));
  const args: Arg[] = [g.name('XREAD')];
  if (g.rng.chance(0.5)) args.push('COUNT', g.integer(1, 4, 0.1));
  args.push('STREAMS', ...keys, ...keys.map(() => (g.rng.chance(0.2) ? '$' : id(g))));
  if (g.rng.chance(0.03)) args.pop(); // unbalanced keys and IDs
  return g.cmd(args, keys);
}

/** A client blocks in XREAD BLOCK on `$`, then the main connection adds an entry (or nothing fits). */
function xreadWake(g: Gen): Step {
  const k = g.key(POOL);
  const wake: Arg[] = ['XADD', k, `${g.rng.int(41, 60)}-*`, 'f', g.smallValue()];
  return g.blocking([{ args: ['XREAD', 'BLOCK', '1500', 'STREAMS', k, '$'], timeoutMs: 6000 }], wake, [k]);
}

function xgroup(g: Gen): Step {
  const k = g.key(POOL);
  const group = g.rng.pick(GROUPS);
  switch (g.rng.int(0, 5)) {
    case 0:
    case 1: {
      const args: Arg[] = [
        g.name('XGROUP'),
        'CREATE',
        k,
        group,
        g.rng.chance(0.5) ? g.rng.pick(['$', '0']) : id(g),
      ];
      if (g.rng.chance(0.5)) args.push('MKSTREAM');
      if (g.rng.chance(0.1)) args.push('ENTRIESREAD', g.integer(0, 5));
      return g.cmd(args, [k]);
    }
    case 2:
      return g.cmd([g.name('XGROUP'), 'SETID', k, group, g.rng.chance(0.3) ? '$' : id(g)], [k]);
    case 3:
      return g.cmd([g.name('XGROUP'), 'CREATECONSUMER', k, group, g.rng.pick(CONSUMERS)], [k]);
    case 4:
      return g.cmd([g.name('XGROUP'), 'DELCONSUMER', k, group, g.rng.pick(CONSUMERS)], [k]);
    default:
      return g.cmd([g.name('XGROUP'), 'DESTROY', k, group], [k]);
  }
}

function xreadgroup(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('XREADGROUP'), 'GROUP', g.rng.pick(GROUPS), g.rng.pick(CONSUMERS)];
  if (g.rng.chance(0.6)) args.push('COUNT', g.integer(1, 3, 0.1));
  if (g.rng.chance(0.2)) args.push('NOACK');
  // '>' reads new entries; an ID reads the consumer's own pending entries from there.
  args.push('STREAMS', k, g.rng.chance(0.7) ? '>' : g.rng.pick(['0', id(g)]));
  return g.cmd(args, [k]);
}

function xack(g: Gen): Step {
  const k = g.key(POOL);
  const ids = Array.from({ length: g.rng.int(1, 3) }, () => id(g));
  return g.cmd([g.name('XACK'), k, g.rng.pick(GROUPS), ...ids], [k]);
}

function xclaim(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('XCLAIM'), k, g.rng.pick(GROUPS), g.rng.pick(CONSUMERS), '0'];
  args.push(...Array.from({ length: g.rng.int(1, 3) }, () => id(g)));
  if (g.rng.chance(0.3)) args.push('JUSTID');
  if (g.rng.chance(0.2)) args.push('RETRYCOUNT', g.integer(0, 5));
  if (g.rng.chance(0.1)) args.push('FORCE');
  return g.cmd(args, [k]);
}

function xautoclaim(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('XAUTOCLAIM'), k, g.rng.pick(GROUPS), g.rng.pick(CONSUMERS), '0'];
  args.push(g.rng.chance(0.5) ? '0-0' : id(g));
  if (g.rng.chance(0.5)) args.push('COUNT', g.integer(1, 4, 0.1));
  if (g.rng.chance(0.3)) args.push('JUSTID');
  return g.cmd(args, [k]);
}

export const streams: Family = {
  name: 'streams',
  pool: POOL,
  generators: [
    [14, xadd],
    [2, (g) => keyWith(g, 'XLEN')],
    [6, range],
    [3, (g) => keyWith(g, 'XDEL', ...Array.from({ length: g.rng.int(1, 3) }, () => id(g)))],
    [2, (g) => keyWith(g, 'XTRIM', ...trimOptions(g))],
    [1, (g) => keyWith(g, 'XSETID', id(g))],
    [4, xread],
    [1, xreadWake],
    [4, xgroup],
    [5, xreadgroup],
    [3, xack],
    [2, (g) => keyWith(g, 'XPENDING', g.rng.pick(GROUPS))],
    [2, xclaim],
    [2, xautoclaim],
    [2, (g) => keyWith(g, 'XINFO', 'STREAM')],
    [2, (g) => keyWith(g, 'XINFO', 'GROUPS')],
    [2, (g) => wrongArity(g, STREAM_ARITIES, POOL)],
    [2, (g) => keyWith(g, 'DEL')],
  ],
};

/** `cmd key ...rest`, where XINFO's subcommand comes before the key. */
function keyWith(g: Gen, cmd: string, ...rest: Arg[]): Step {
  const k = g.key(POOL);
  if (cmd === 'XINFO') return g.cmd([g.name(cmd), rest[0], k, ...rest.slice(1)], [k]);
  return g.cmd([g.name(cmd), k, ...rest], [k]);
}
