// Lists: pushes and pops, ranges with negative and huge indices, LPOS, LINSERT, LMOVE, LMPOP, and the
// blocking commands with short timeouts and wake-ups from another connection.
import { Gen, wrongArity } from '../gen';
import type { Arg } from '../resp';
import type { Family, Step } from '../step';

const POOL = 'list';

export const LIST_ARITIES: Record<string, number> = {
  lpush: -3,
  rpush: -3,
  lpushx: -3,
  rpushx: -3,
  lpop: -2,
  rpop: -2,
  llen: 2,
  lrange: 4,
  lindex: 3,
  lset: 4,
  linsert: 5,
  lrem: 4,
  ltrim: 4,
  lpos: -3,
  lmove: 5,
  rpoplpush: 3,
  lmpop: -4,
  blpop: -3,
  brpop: -3,
  blmove: 6,
  brpoplpush: 4,
  blmpop: -5,
};

const side = (g: Gen): string => (g.rng.chance(0.03) ? 'MIDDLE' : g.rng.pick(['LEFT', 'RIGHT', 'left']));

function push(g: Gen): Step {
  const k = g.key(POOL);
  const cmd = g.rng.weighted([
    [4, 'LPUSH'],
    [4, 'RPUSH'],
    [1, 'LPUSHX'],
    [1, 'RPUSHX'],
  ] as const);
  const n = g.rng.chance(0.03) ? g.rng.int(100, 200) : g.rng.int(1, 5);
  const values: Arg[] = Array.from({ length: n }, () => (g.rng.chance(0.7) ? g.smallValue() : g.value()));
  return g.cmd([g.name(cmd), k, ...values], [k]);
}

function pop(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name(g.rng.pick(['LPOP', 'RPOP'])), k];
  if (g.rng.chance(0.4)) args.push(g.count(8));
  return g.cmd(args, [k]);
}

function lpos(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('LPOS'), k, g.smallValue()];
  const opts: Arg[][] = [];
  if (g.rng.chance(0.4))
    opts.push([
      'RANK',
      g.rng.chance(0.15)
        ? g.rng.pick(['0', '-9223372036854775808', 'x'])
        : String(g.rng.pick([1, 2, 3, -1, -2, -3])),
    ]);
  if (g.rng.chance(0.4)) opts.push(['COUNT', g.integer(0, 4)]);
  if (g.rng.chance(0.3)) opts.push(['MAXLEN', g.integer(0, 10)]);
  if (g.rng.chance(0.03)) opts.push(['BOGUS']);
  for (const o of g.rng.shuffle(opts)) args.push(...o);
  return g.cmd(args, [k]);
}

function lmpop(g: Gen): Step {
  const n = g.rng.int(1, 3);
  const keys = Array.from({ length: n }, () => g.key(POOL));
  const numkeys = g.rng.chance(0.08) ? g.rng.pick(['0', '-1', String(n + 1), 'x']) : String(n);
  const args: Arg[] = [g.name('LMPOP'), numkeys, ...keys, side(g)];
  if (g.rng.chance(0.5)) args.push('COUNT', g.count(5));
  return g.cmd(args, keys);
}

/** A timeout argument for a blocking command that returns quickly even when nothing arrives. */
function shortTimeout(g: Gen): string {
  if (g.rng.chance(0.1)) return g.rng.pick(['-1', 'abc', '1e400', '-0.5', '']);
  return g.rng.pick(['0.01', '0.02', '0.05']);
}

/** The blocking command forms, with `timeout` in the right position. */
function blockingCommand(g: Gen, keys: string[], timeout: string, dest: string): Arg[] {
  switch (g.rng.int(0, 4)) {
    case 0:
      return ['BLPOP', ...keys, timeout];
    case 1:
      return ['BRPOP', ...keys, timeout];
    case 2:
      return ['BLMOVE', keys[0], dest, side(g), side(g), timeout];
    case 3:
      return ['BRPOPLPUSH', keys[0], dest, timeout];
    default: {
      const args: Arg[] = ['BLMPOP', timeout, String(keys.length), ...keys, side(g)];
      if (g.rng.chance(0.5)) args.push('COUNT', g.count(4));
      return args;
    }
  }
}

/** A blocking pop that returns at once (data present, bad arguments) or times out after a few ms. */
function blockingShort(g: Gen): Step {
  const keys = Array.from({ length: g.rng.int(1, 2) }, () => g.key(POOL));
  const dest = g.key(POOL);
  const args = blockingCommand(g, keys, shortTimeout(g), dest);
  return g.cmd(args, [...keys, dest], undefined, { timeoutMs: 3000 });
}

/**
 * One or two clients block on a list (the first with a long timeout, the second with a short one),
 * then the main connection pushes: Redis serves the clients in the order they blocked.
 */
function blockingWake(g: Gen): Step {
  const key = g.key(POOL);
  const dest = g.poolKey(POOL);
  const n = g.rng.int(1, 2);
  const elements = Array.from({ length: g.rng.int(1, n + 1) }, () => g.smallValue());
  const source = g.key(POOL);
  const wake: Arg[] = g.rng.weighted([
    [3, ['LPUSH', key, ...elements]],
    [3, ['RPUSH', key, ...elements]],
    // Filling the key from another list, which may be empty (then nobody is woken).
    [1, ['LMOVE', source, key, side(g), side(g)]],
    [1, ['RPUSHX', key, ...elements]],
  ] as const);
  // Timeout 0 (wait forever) only when the wake-up surely serves every waiter. The second waiter's
  // timeout stays far above the 40 ms between sends, so a busy machine cannot make it expire on one
  // server and not on the other.
  const surelyServed = (wake[0] === 'LPUSH' || wake[0] === 'RPUSH') && elements.length >= n;
  const waiters = [];
  for (let i = 0; i < n; i++) {
    const timeout =
      i === 0 ? g.rng.pick(surelyServed ? ['1', '1.5', '0'] : ['1', '1.5']) : g.rng.pick(['0.6', '0.8']);
    waiters.push({ args: blockingCommand(g, [key], timeout, dest), timeoutMs: 6000 });
  }
  return g.blocking(waiters, wake, [key, dest, source]);
}

export const lists: Family = {
  name: 'lists',
  pool: POOL,
  generators: [
    [14, push],
    [8, pop],
    [3, (g) => keyOnly(g, 'LLEN')],
    [
      8,
      (g) => {
        const k = g.key(POOL);
        return g.cmd(
          [g.name('LRANGE'), k, g.index(), g.rng.chance(0.1) ? '9223372036854775807' : g.index()],
          [k],
        );
      },
    ],
    [4, (g) => keyWith(g, 'LINDEX', g.index())],
    [3, (g) => keyWith(g, 'LSET', g.index(), g.smallValue())],
    [
      3,
      (g) => {
        const where = g.rng.chance(0.05) ? 'MIDDLE' : g.rng.pick(['BEFORE', 'AFTER', 'after']);
        return keyWith(g, 'LINSERT', where, g.smallValue(), g.smallValue());
      },
    ],
    [3, (g) => keyWith(g, 'LREM', g.integer(-3, 3), g.smallValue())],
    [3, (g) => keyWith(g, 'LTRIM', g.index(), g.index())],
    [4, lpos],
    [
      3,
      (g) => {
        const a = g.key(POOL);
        const b = g.rng.chance(0.2) ? a : g.key(POOL);
        return g.cmd([g.name('LMOVE'), a, b, side(g), side(g)], [a, b]);
      },
    ],
    [
      2,
      (g) => {
        const a = g.key(POOL);
        const b = g.key(POOL);
        return g.cmd([g.name('RPOPLPUSH'), a, b], [a, b]);
      },
    ],
    [3, lmpop],
    [3, blockingShort],
    [2, blockingWake],
    [2, (g) => wrongArity(g, LIST_ARITIES, POOL)],
    [3, (g) => keyOnly(g, 'DEL')],
  ],
};

function keyOnly(g: Gen, cmd: string): Step {
  const k = g.key(POOL);
  return g.cmd([g.name(cmd), k], [k]);
}

function keyWith(g: Gen, cmd: string, ...rest: Arg[]): Step {
  const k = g.key(POOL);
  return g.cmd([g.name(cmd), k, ...rest], [k]);
}
