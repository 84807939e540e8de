// HyperLogLog: PFADD of a few or many elements (sparse values, the promotion to dense past 32 per
// register or hll-sparse-max-bytes), PFCOUNT of one key (the cached estimate) and of several (the
// merged registers), PFMERGE, PFDEBUG, and GET of the value itself, so that every byte strata-server
// stores is compared with Redis's. Now and then SETRANGE or APPEND corrupts a value, and the commands
// must then fail (or not) as Redis's do.
import { Gen, wrongArity } from '../gen';
import type { Arg } from '../resp';
import type { Family, Step } from '../step';

const POOL = 'hll';

export const HLL_ARITIES: Record<string, number> = {
  pfadd: -2,
  pfcount: -2,
  pfmerge: -2,
  pfdebug: 3,
};

function element(g: Gen): Arg {
  const r = g.rng.float();
  if (r < 0.5) return String(g.rng.int(0, 300));
  if (r < 0.8) return g.rng.pick(['a', 'b', 'c', 'foo', 'bar', '']);
  if (r < 0.95) return `e-${g.rng.int(0, 100000)}`;
  return Buffer.from([g.rng.int(0, 255), 0, g.rng.int(0, 255), 255]);
}

function pfadd(g: Gen): Step {
  const k = g.key(POOL);
  // Now and then a few thousand elements: past hll-sparse-max-bytes the value turns dense.
  const n = g.rng.chance(0.05) ? g.rng.int(500, 3000) : g.rng.int(0, 12);
  return g.cmd([g.name('PFADD'), k, ...Array.from({ length: n }, () => element(g))], [k]);
}

function pfcount(g: Gen): Step {
  const keys = Array.from({ length: g.rng.chance(0.7) ? 1 : g.rng.int(2, 4) }, () => g.key(POOL));
  return g.cmd([g.name('PFCOUNT'), ...keys], keys);
}

function pfmerge(g: Gen): Step {
  const keys = Array.from({ length: g.rng.int(1, 4) }, () => g.key(POOL));
  return g.cmd([g.name('PFMERGE'), ...keys], keys);
}

function pfdebug(g: Gen): Step {
  const k = g.key(POOL);
  const sub = g.rng.pick(['ENCODING', 'DECODE', 'TODENSE', 'GETREG', 'encoding', 'nosuch']);
  return g.cmd([g.name('PFDEBUG'), sub, k], [k]);
}

/** Overwrites a few bytes of a value (header or registers) or appends to it. */
function corrupt(g: Gen): Step {
  const k = g.poolKey(POOL);
  if (g.rng.chance(0.3)) return g.cmd(['APPEND', k, g.rng.pick(['x', '\u0080', 'HYLL'])], [k]);
  const offset = g.rng.chance(0.3) ? g.rng.int(0, 16) : g.rng.int(16, 40);
  const bytes = Buffer.from(Array.from({ length: g.rng.int(1, 3) }, () => g.rng.int(0, 255)));
  return g.cmd(['SETRANGE', k, String(offset), bytes], [k]);
}

function keyWith(g: Gen, cmd: string): Step {
  const k = g.key(POOL);
  return g.cmd([g.name(cmd), k], [k]);
}

export const hll: Family = {
  name: 'hll',
  pool: POOL,
  generators: [
    [14, pfadd],
    [8, pfcount],
    [4, pfmerge],
    [4, (g) => keyWith(g, 'GET')],
    [3, pfdebug],
    [1, corrupt],
    [1, (g) => keyWith(g, 'DEL')],
    [1, (g) => wrongArity(g, HLL_ARITIES, POOL)],
  ],
};
