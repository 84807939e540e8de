// Geo: GEOADD (NX/XX/CH, 130+ members for a skiplist), GEOPOS, GEOHASH, GEODIST in every unit,
// GEOSEARCH/GEOSEARCHSTORE and the GEORADIUS family with every option (FROMMEMBER/FROMLONLAT,
// BYRADIUS/BYBOX, ASC/DESC, COUNT [ANY], WITH*, STORE/STOREDIST) and their errors. Positions cluster in
// one region so searches find members, with some anywhere on the globe and some at the edges (the
// antimeridian, +-85.05112878, invalid pairs). Keys of the zset pool hold arbitrary scores: geo
// commands must decode them as Redis does.
//
// STOREDIST stores distances with all their digits: Redis computes them with glibc's sin/cos/asin,
// strata-server with correctly rounded ones, which differ in the last bit for about 0.2% of distances.
// So STOREDIST writes to a key outside the pools, read back by member order only.
import { Gen, wrongArity } from '../gen';
import type { Arg } from '../resp';
import type { Family, Step } from '../step';

const POOL = 'geo';
/** Where STOREDIST results go (not a pool key: nothing else reads their scores). */
const DIST_KEY = 'geodist';

export const GEO_ARITIES: Record<string, number> = {
  geoadd: -5,
  geopos: -2,
  geohash: -2,
  geodist: -4,
  geosearch: -7,
  geosearchstore: -8,
  georadius: -6,
  georadius_ro: -6,
  georadiusbymember: -5,
  georadiusbymember_ro: -5,
};

function member(g: Gen): Arg {
  if (g.rng.chance(0.5)) return g.rng.pick(['a', 'b', 'c', 'd']);
  if (g.rng.chance(0.85)) return g.rng.pick(['e', 'f', 'g', 'h', 'i', 'j']);
  return g.rng.pick(['', 'A', '1', 'long-member-' + 'm'.repeat(70), Buffer.from([0, 200, 255])]);
}

/** A coordinate with up to six decimals between lo and hi. */
function coord(g: Gen, lo: number, hi: number): string {
  const v = lo + (g.rng.int(0, 1000000) / 1000000) * (hi - lo);
  return v.toFixed(g.rng.int(0, 6));
}

/** A longitude/latitude pair: mostly in one region, sometimes anywhere, at an edge or invalid. */
function lonLat(g: Gen): [string, string] {
  const r = g.rng.float();
  if (r < 0.7) return [coord(g, 12, 16), coord(g, 36, 40)];
  if (r < 0.85) return [coord(g, -180, 180), coord(g, -85.05, 85.05)];
  if (r < 0.95)
    return [
      g.rng.pick(['180', '-180', '0', '-0', '179.9999', '-179.9999', '13']),
      g.rng.pick(['85.05112878', '-85.05112878', '0', '85', '-85', '38']),
    ];
  return g.rng.chance(0.5)
    ? [g.rng.pick(['180.000001', '200', '-181', '13', 'abc']), g.rng.pick(['38', '85.06', '-90', '1e400'])]
    : [g.float(0.5), g.float(0.5)];
}

function unit(g: Gen): string {
  if (g.rng.chance(0.03)) return g.rng.pick(['parsec', '', 'kms']);
  return g.rng.pick(['m', 'km', 'ft', 'mi', 'KM', 'Mi']);
}

/** A distance in `u`: usually tens to hundreds of kilometres, sometimes 0, huge or invalid. */
function radius(g: Gen, u: string): string {
  if (g.rng.chance(0.06)) return g.rng.pick(['0', '-1', 'abc', 'inf', '1e400', '20000000']);
  const km = g.rng.pick([1, 10, 50, 100, 200, 500, 2000]) * (0.5 + g.rng.float());
  const scale =
    u.toLowerCase() === 'm'
      ? 1000
      : u.toLowerCase() === 'ft'
        ? 3280.84
        : u.toLowerCase() === 'mi'
          ? 0.621
          : 1;
  return (km * scale).toFixed(g.rng.int(0, 3));
}

// GEOADD key [NX|XX] [CH] lon lat member ...
function geoadd(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('GEOADD'), k];
  if (g.rng.chance(0.2)) args.push(g.rng.pick(['NX', 'XX']));
  if (g.rng.chance(0.2)) args.push('CH');
  if (g.rng.chance(0.02)) args.push(g.rng.pick(['NX', 'XX', 'GT']));
  const n = g.rng.chance(0.03) ? g.rng.int(130, 150) : g.rng.int(1, 6);
  for (let i = 0; i < n; i++) {
    const [lon, lat] = n > 100 ? [coord(g, 12, 16), coord(g, 36, 40)] : lonLat(g);
    args.push(lon, lat, n > 100 ? `m${i}` : member(g));
  }
  if (g.rng.chance(0.03)) args.pop(); // a triple without its member
  return g.cmd(args, [k]);
}

/** The member a search starts from: mostly one that GEOADD writes often. */
function centreMember(g: Gen): Arg {
  return g.rng.chance(0.9) ? g.rng.pick(['a', 'b']) : member(g);
}

function membersOf(g: Gen, cmd: string): Step {
  const k = g.key(POOL);
  return g.cmd([g.name(cmd), k, ...Array.from({ length: g.rng.int(1, 4) }, () => member(g))], [k]);
}

function geodist(g: Gen): Step {
  const k = g.key(POOL);
  const args: Arg[] = [g.name('GEODIST'), k, member(g), member(g)];
  if (g.rng.chance(0.6)) args.push(unit(g));
  if (g.rng.chance(0.03)) args.push('extra');
  return g.cmd(args, [k]);
}

/** The options of a search in a random order: sort, COUNT [ANY], WITH* (when not storing). */
function searchOptions(g: Gen, withs: boolean): Arg[][] {
  const opts: Arg[][] = [];
  if (g.rng.chance(0.4)) opts.push([g.rng.pick(['ASC', 'DESC'])]);
  if (g.rng.chance(0.4)) {
    const count = g.rng.chance(0.1) ? g.rng.pick(['0', '-1', 'x']) : String(g.rng.int(1, 8));
    opts.push(g.rng.chance(0.3) ? ['COUNT', count, 'ANY'] : ['COUNT', count]);
  } else if (g.rng.chance(0.03)) {
    opts.push(['ANY']);
  }
  const withP = withs ? 0.3 : 0.02;
  for (const w of ['WITHCOORD', 'WITHDIST', 'WITHHASH']) if (g.rng.chance(withP)) opts.push([w]);
  return opts;
}

function shuffled<T>(g: Gen, xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = g.rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// GEOSEARCH key FROMMEMBER m|FROMLONLAT lon lat BYRADIUS r unit|BYBOX w h unit [options]
// GEOSEARCHSTORE dst src ... [STOREDIST]
function geosearch(g: Gen, store: boolean): Step[] {
  const src = g.key(POOL);
  const parts: Arg[][] = [];
  const from = g.rng.float();
  if (from < 0.5) parts.push(['FROMMEMBER', centreMember(g)]);
  else if (from < 0.97) parts.push(['FROMLONLAT', ...lonLat(g)]);
  else if (from < 0.985) parts.push(['FROMMEMBER', member(g)], ['FROMLONLAT', ...lonLat(g)]);
  const by = g.rng.float();
  const u = unit(g);
  if (by < 0.5) parts.push(['BYRADIUS', radius(g, u), u]);
  else if (by < 0.97) parts.push(['BYBOX', radius(g, u), radius(g, u), u]);
  else if (by < 0.985) parts.push(['BYRADIUS', radius(g, u), u], ['BYBOX', radius(g, u), radius(g, u), u]);
  parts.push(...searchOptions(g, !store));
  const storeDist = store && g.rng.chance(0.3);
  if (storeDist) parts.push(['STOREDIST']);
  if (!store && g.rng.chance(0.02)) parts.push([g.rng.pick(['STORE', 'STOREDIST']), DIST_KEY]);
  const dst = storeDist ? DIST_KEY : g.key(POOL);
  const head: Arg[] = store ? [g.name('GEOSEARCHSTORE'), dst, src] : [g.name('GEOSEARCH'), src];
  const step = g.cmd([...head, ...shuffled(g, parts).flat()], store ? [dst, src] : [src]);
  return storeDist ? [step, g.cmd(['ZRANGE', DIST_KEY, '0', '-1'], [DIST_KEY])] : [step];
}

// GEORADIUS[_RO] key lon lat radius unit [options] [STORE key|STOREDIST key], and BYMEMBER
function georadius(g: Gen): Step[] {
  const byMember = g.rng.chance(0.5);
  const ro = g.rng.chance(0.3);
  const k = g.key(POOL);
  const u = unit(g);
  const args: Arg[] = [g.name(`GEORADIUS${byMember ? 'BYMEMBER' : ''}${ro ? '_RO' : ''}`), k];
  if (byMember) args.push(centreMember(g));
  else args.push(...lonLat(g));
  args.push(radius(g, u), u);
  const store = g.rng.chance(ro ? 0.05 : 0.35);
  const opts = searchOptions(g, !store);
  let dst: string | null = null;
  let dist = false;
  if (store) {
    dist = g.rng.chance(0.4);
    dst = dist ? DIST_KEY : g.key(POOL);
    opts.push([dist ? 'STOREDIST' : 'STORE', dst]);
  }
  const step = g.cmd([...args, ...shuffled(g, opts).flat()], dst === null ? [k] : [k, dst]);
  return dist ? [step, g.cmd(['ZRANGE', DIST_KEY, '0', '-1'], [DIST_KEY])] : [step];
}

function keyWith(g: Gen, cmd: string, ...rest: Arg[]): Step {
  const k = g.key(POOL);
  return g.cmd([g.name(cmd), k, ...rest], [k]);
}

export const geo: Family = {
  name: 'geo',
  pool: POOL,
  generators: [
    [12, geoadd],
    [4, (g) => membersOf(g, 'GEOPOS')],
    [4, (g) => membersOf(g, 'GEOHASH')],
    [4, geodist],
    [10, (g) => geosearch(g, false)],
    [4, (g) => geosearch(g, true)],
    [8, georadius],
    [2, (g) => keyWith(g, 'ZRANGE', '0', '-1', 'WITHSCORES')],
    [2, (g) => keyWith(g, 'ZREM', member(g))],
    [2, (g) => wrongArity(g, GEO_ARITIES, POOL)],
    [1, (g) => keyWith(g, 'DEL')],
  ],
};
