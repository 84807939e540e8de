/**
 * Geo commands (Redis 7.0 geo.c). A geo index is a sorted set whose scores are 52-bit geohashes
 * (store/geohash.ts), so TYPE says zset and every sorted-set command works on it; GEOADD is a ZADD of
 * encoded positions and fires the 'zadd' event.
 *
 * A search (GEOSEARCH, GEOSEARCHSTORE and the deprecated GEORADIUS family) reads the score ranges of
 * the nine geohash boxes covering the shape, keeps the members inside the shape, then sorts them by
 * distance: a full sort is stable (glibc's merge sort), a sort limited by COUNT is Redis's partial
 * quicksort, reproduced here so that members at equal distances come out in the same order.
 *
 * Numbers are printed as Redis prints them: distances with four decimals (fixedpoint_d2string),
 * coordinates as "%.17Lf" with trailing zeros removed, the error's coordinates as "%f".
 */
import { CommandError, Err } from '../protocol/errors';
import type { ReplyWriter } from '../protocol/reply';
import type { Client } from '../server/client';
import {
  decodePosition,
  distance,
  distanceWithin,
  formatDistance,
  GEO_LAT_MAX,
  GEO_LAT_MIN,
  GEO_LONG_MAX,
  GEO_LONG_MIN,
  humanDouble,
  isNoHash,
  positionOf,
  POSITION,
  printfFixed,
  scoreOf,
  scoreRangeOf,
  searchBoxes,
  standardGeohash,
  type GeoShape,
} from '../store/geohash';
import { ValueType } from '../store/keyspace';
import { ZSetValue } from '../store/zset';
import { isOpt, parseFloatStrict, parseI64 } from './args';
import { listpackLimits } from './listpack-limits';
import { deleted, written } from './ritual';
import { KEY1, familySpec, type CommandSpec, type Handler, type KeyRange } from './table';

// -------------------------------------------------------------------------------------------------
// Errors (geo.c's texts)
// -------------------------------------------------------------------------------------------------

const GeoErr = {
  unit: 'ERR unsupported unit provided. please use M, KM, FT, MI',
  radiusNotNumber: 'ERR need numeric radius',
  radiusNegative: 'ERR radius cannot be negative',
  widthNotNumber: 'ERR need numeric width',
  heightNotNumber: 'ERR need numeric height',
  boxNegative: 'ERR height or width cannot be negative',
  member: 'ERR could not decode requested zset member',
  countNotPositive: 'ERR COUNT must be > 0',
  anyWithoutCount: 'ERR the ANY argument requires COUNT argument',
  storeWithOptions: (what: string) =>
    `ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`,
  from: (cmd: string) => `ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${cmd}`,
  by: (cmd: string) => `ERR exactly one of BYRADIUS and BYBOX can be specified for ${cmd}`,
  invalidPair: (lon: number, lat: number) =>
    `ERR invalid longitude,latitude pair ${printfFixed(lon, 6)},${printfFixed(lat, 6)}`,
} as const;

// -------------------------------------------------------------------------------------------------
// Argument parsing
// -------------------------------------------------------------------------------------------------

const HEX_FLOAT_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INF_WORD_RE = /^[+-]?inf(inity)?$/i;

/**
 * A hex float as strtod reads it (0x1p4, 0x.8): the value, and whether its digits are all zero
 * (a zero result from non-zero digits is an underflow). Null when the text is not one.
 */
function hexFloat(s: string): [number, boolean] | null {
  const m = HEX_FLOAT_RE.exec(s);
  if (!m) return null;
  const digits = m[2] + (m[3] ?? '');
  if (digits.length === 0) return null;
  let v = 0;
  for (const ch of digits) v = v * 16 + parseInt(ch, 16);
  v *= Math.pow(2, Number(m[4] ?? 0) - 4 * (m[3] ?? '').length);
  return [m[1] === '-' ? -v : v, !/[1-9a-fA-F]/.test(digits)];
}

/**
 * getDoubleFromObject (string2d): the whole argument is one float, no leading space, not NaN, and
 * neither an overflow to infinity nor an underflow to zero.
 */
function parseDouble(s: string, error: string = Err.notFloat): number {
  let v: number | null;
  let zeroDigits: boolean;
  if (/^[+-]?0[xX]/.test(s)) {
    const hex = hexFloat(s);
    if (hex === null) throw new CommandError(error);
    [v, zeroDigits] = hex;
  } else {
    v = parseFloatStrict(s);
    zeroDigits = !/[1-9]/.test(s.replace(/[eE].*$/, ''));
  }
  if (v === null || Number.isNaN(v)) throw new CommandError(error);
  if (!Number.isFinite(v) && !INF_WORD_RE.test(s)) throw new CommandError(error);
  if (v === 0 && !zeroDigits) throw new CommandError(error);
  return v;
}

/** extractLongLatOrReply: two floats, then the WGS84 limits. */
function parseLonLat(lonArg: string, latArg: string): [number, number] {
  const lon = parseDouble(lonArg);
  const lat = parseDouble(latArg);
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX)
    throw new CommandError(GeoErr.invalidPair(lon, lat));
  return [lon, lat];
}

/** extractUnitOrReply: metres per unit. */
function parseUnit(s: string): number {
  const u = s.toLowerCase();
  if (u === 'm') return 1;
  if (u === 'km') return 1000;
  if (u === 'ft') return 0.3048;
  if (u === 'mi') return 1609.34;
  throw new CommandError(GeoErr.unit);
}

/** extractDistanceOrReply: <radius> <unit> as [radius, metres per unit]. */
function parseRadius(radiusArg: string, unitArg: string): [number, number] {
  const radius = parseDouble(radiusArg, GeoErr.radiusNotNumber);
  if (radius < 0) throw new CommandError(GeoErr.radiusNegative);
  return [radius, parseUnit(unitArg)];
}

/** extractBoxOrReply: <width> <height> <unit> as [width, height, metres per unit]. */
function parseBox(widthArg: string, heightArg: string, unitArg: string): [number, number, number] {
  const width = parseDouble(widthArg, GeoErr.widthNotNumber);
  const height = parseDouble(heightArg, GeoErr.heightNotNumber);
  if (height < 0 || width < 0) throw new CommandError(GeoErr.boxNegative);
  return [width, height, parseUnit(unitArg)];
}

// -------------------------------------------------------------------------------------------------
// Reply helpers
// -------------------------------------------------------------------------------------------------

/** addReplyHumanLongDouble: a bulk string in RESP2, a double in RESP3, both "%.17Lf" trimmed. */
function replyCoordinate(r: ReplyWriter, d: number): void {
  const text = humanDouble(d);
  if (r.resp === 3) r.raw(',' + text + '\r\n');
  else r.bulk(text);
}

const TWO63 = 9223372036854775808;

/** C's (long long) of a double on x86-64: truncation, LLONG_MIN when out of range. */
function toLongLong(d: number): bigint {
  if (!(d >= -TWO63 && d < TWO63)) return -(2n ** 63n);
  return BigInt(Math.trunc(d));
}

const readZ = (c: Client, key: string): ZSetValue | undefined => c.db.get<ZSetValue>(key, ValueType.ZSet);

// -------------------------------------------------------------------------------------------------
// GEOADD, GEOPOS, GEOHASH, GEODIST
// -------------------------------------------------------------------------------------------------

// GEOADD key [NX|XX] [CH] longitude latitude member [longitude latitude member ...]
function geoadd(c: Client, argv: string[]): void {
  let nx = false;
  let xx = false;
  let ch = false;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const o = argv[idx];
    if (isOpt(o, 'NX')) nx = true;
    else if (isOpt(o, 'XX')) xx = true;
    else if (isOpt(o, 'CH')) ch = true;
    else break;
  }
  const rest = argv.length - idx;
  // No triple at all reaches ZADD with no score/member pair, which is a syntax error too.
  if (rest % 3 !== 0 || (xx && nx) || rest === 0) throw new CommandError(Err.syntax);
  const n = rest / 3;
  const scores = new Array<number>(n);
  for (let j = 0; j < n; j++) {
    const at = idx + 3 * j;
    const [lon, lat] = parseLonLat(argv[at], argv[at + 1]);
    scores[j] = scoreOf(lon, lat);
  }

  const key = argv[1];
  let z = c.db.getForWrite<ZSetValue>(key, ValueType.ZSet);
  let created = false;
  if (z === undefined) {
    if (xx) {
      c.reply.integer(0);
      return;
    }
    z = new ZSetValue();
    created = true;
  }
  const lim = listpackLimits(c, 'zset');
  let added = 0;
  let updated = 0;
  for (let j = 0; j < n; j++) {
    const member = argv[idx + 3 * j + 2];
    const node = z.node(member);
    if (node !== undefined) {
      if (nx) continue;
      if (node.score !== scores[j]) {
        z.setScore(node, scores[j]);
        updated++;
      }
    } else if (!xx) {
      z.insert(member, scores[j], lim.entries, lim.value);
      added++;
    }
  }
  if (created && added > 0) c.db.set(key, ValueType.ZSet, z);
  c.reply.integer(ch ? added + updated : added);
  if (added + updated > 0) {
    written(c, key, 'z', 'zadd');
    c.server.dirty += added + updated - 1;
  }
}

// GEOPOS key [member ...]
function geopos(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  c.reply.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z?.score(argv[j]);
    if (score === undefined) {
      c.reply.nullArray();
      continue;
    }
    const [lon, lat] = positionOf(score);
    c.reply.arrayLen(2);
    replyCoordinate(c.reply, lon);
    replyCoordinate(c.reply, lat);
  }
}

// GEOHASH key [member ...]
function geohash(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  c.reply.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z?.score(argv[j]);
    if (score === undefined) c.reply.nullBulk();
    else c.reply.bulk(standardGeohash(score));
  }
}

// GEODIST key member1 member2 [M|KM|FT|MI]
function geodist(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) toMeter = parseUnit(argv[4]);
  else if (argv.length > 5) throw new CommandError(Err.syntax);
  const z = readZ(c, argv[1]);
  const s1 = z?.score(argv[2]);
  const s2 = z?.score(argv[3]);
  if (s1 === undefined || s2 === undefined) {
    c.reply.nullBulk();
    return;
  }
  const [lon1, lat1] = positionOf(s1);
  const [lon2, lat2] = positionOf(s2);
  c.reply.bulk(formatDistance(distance(lon1, lat1, lon2, lat2) / toMeter));
}

// -------------------------------------------------------------------------------------------------
// Searches
// -------------------------------------------------------------------------------------------------

/** How a search command takes its centre and shape, and what it may store. */
const enum SearchKind {
  /** GEORADIUS[_RO] key longitude latitude radius unit ... */
  Coords = 1,
  /** GEORADIUSBYMEMBER[_RO] key member radius unit ... */
  Member = 2,
  /** GEOSEARCH key FROMMEMBER|FROMLONLAT ... BYRADIUS|BYBOX ... */
  Search = 3,
}

interface SearchCommand {
  kind: SearchKind;
  /** The _RO variants: no STORE/STOREDIST. */
  noStore: boolean;
  /** GEOSEARCHSTORE: the destination comes first, STOREDIST is a flag. */
  searchStore: boolean;
}

interface GeoPoint {
  member: string;
  score: number;
  lon: number;
  lat: number;
  dist: number;
}

const enum Sort {
  None,
  Asc,
  Desc,
}

/**
 * geoGetPointsInRange: the members of one score range [min, max) inside the shape. Without
 * `needDistance` (no WITHDIST, STOREDIST or sort) their dist may be left at INSIDE.
 */
function pointsInRange(
  z: ZSetValue,
  min: number,
  max: number,
  shape: GeoShape,
  out: GeoPoint[],
  limit: number,
  needDistance: boolean,
): void {
  let n = z.firstInRange({ min, max, minex: false, maxex: true });
  while (n !== null && n.score < max) {
    decodePosition(n.score);
    const { lon, lat } = POSITION;
    const dist = distanceWithin(shape, lon, lat, needDistance);
    if (dist >= 0) out.push({ member: n.member, score: n.score, lon, lat, dist });
    if (limit > 0 && out.length >= limit) break;
    n = n.next[0];
  }
}

/** membersOfAllNeighbors: the members of the nine boxes (a box equal to the previous one is skipped). */
function membersInShape(z: ZSetValue, shape: GeoShape, limit: number, needDistance: boolean): GeoPoint[] {
  const boxes = searchBoxes(shape);
  const out: GeoPoint[] = [];
  let last = 0;
  for (let i = 0; i < boxes.length; i++) {
    const box = boxes[i];
    if (isNoHash(box)) continue;
    // Redis compares with the previous box only once one other than the centre was read.
    if (last !== 0 && box.bits === boxes[last].bits && box.step === boxes[last].step) continue;
    if (limit > 0 && out.length >= limit) break;
    const [min, max] = scoreRangeOf(box);
    pointsInRange(z, min, max, shape, out, limit, needDistance);
    last = i;
  }
  return out;
}

const byDistance = (a: GeoPoint, b: GeoPoint): number => (a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1);

/**
 * Redis's pqsort (a BSD quicksort that only recurses into partitions overlapping the wanted index
 * range [lo, hi]): the elements in that range end up sorted, the others partitioned around them.
 */
function partialSort<T>(a: T[], cmp: (x: T, y: T) => number, lo: number, hi: number): void {
  const swap = (i: number, j: number): void => {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  };
  const vecswap = (i: number, j: number, n: number): void => {
    for (let k = 0; k < n; k++) swap(i + k, j + k);
  };
  const med3 = (i: number, j: number, k: number): number =>
    cmp(a[i], a[j]) < 0
      ? cmp(a[j], a[k]) < 0
        ? j
        : cmp(a[i], a[k]) < 0
          ? k
          : i
      : cmp(a[j], a[k]) > 0
        ? j
        : cmp(a[i], a[k]) < 0
          ? i
          : k;
  const outside = (from: number, count: number): boolean =>
    (lo < from && hi < from) || (lo >= from + count && hi >= from + count);
  const sort = (base: number, n: number): void => {
    for (;;) {
      if (n < 7) {
        for (let m = base + 1; m < base + n; m++)
          for (let l = m; l > base && cmp(a[l - 1], a[l]) > 0; l--) swap(l, l - 1);
        return;
      }
      let pm = base + Math.floor(n / 2);
      if (n > 7) {
        let pl = base;
        let pn = base + n - 1;
        if (n > 40) {
          const d = Math.floor(n / 8);
          pl = med3(pl, pl + d, pl + 2 * d);
          pm = med3(pm - d, pm, pm + d);
          pn = med3(pn - 2 * d, pn - d, pn);
        }
        pm = med3(pl, pm, pn);
      }
      swap(base, pm);
      let pa = base + 1;
      let pb = pa;
      let pc = base + n - 1;
      let pd = pc;
      for (;;) {
        let r: number;
        while (pb <= pc && (r = cmp(a[pb], a[base])) <= 0) {
          if (r === 0) swap(pa++, pb);
          pb++;
        }
        while (pb <= pc && (r = cmp(a[pc], a[base])) >= 0) {
          if (r === 0) swap(pc, pd--);
          pc--;
        }
        if (pb > pc) break;
        swap(pb++, pc--);
      }
      const pn = base + n;
      let r = Math.min(pa - base, pb - pa);
      vecswap(base, pb - r, r);
      r = Math.min(pd - pc, pn - pd - 1);
      vecswap(pb, pn - r, r);
      if ((r = pb - pa) > 1 && !outside(base, r)) sort(base, r);
      if ((r = pd - pc) > 1) {
        base = pn - r;
        n = r;
        if (!outside(base, n)) continue;
      }
      return;
    }
  };
  sort(0, a.length);
}

/** A parsed search: the shape (meaningless when the source key is missing) and the options. */
interface SearchRequest {
  shape: GeoShape;
  storeKey: string | null;
  storeDist: boolean;
  withDist: boolean;
  withHash: boolean;
  withCoord: boolean;
  sort: Sort;
  any: boolean;
  /** 0: no COUNT. */
  count: number;
}

/**
 * The arguments of a search in georadiusGeneric's order, so that the first error Redis would report
 * is the one thrown. A FROMMEMBER (or BYMEMBER) centre is looked up in `z`; without the key, the
 * parsing still runs to choose between the errors and the empty reply.
 */
function parseSearch(argv: string[], cmd: SearchCommand, z: ZSetValue | undefined): SearchRequest {
  const req: SearchRequest = {
    shape: { kind: 'radius', lon: 0, lat: 0, conversion: 0, radius: 0 },
    storeKey: null,
    storeDist: false,
    withDist: false,
    withHash: false,
    withCoord: false,
    sort: Sort.None,
    any: false,
    count: 0,
  };
  let lon = 0;
  let lat = 0;
  let base: number;
  if (cmd.kind === SearchKind.Coords) {
    base = 6;
    [lon, lat] = parseLonLat(argv[2], argv[3]);
    const [radius, conversion] = parseRadius(argv[4], argv[5]);
    req.shape = { kind: 'radius', lon, lat, conversion, radius };
  } else if (cmd.kind === SearchKind.Member) {
    base = 5;
    // Without the key, the radius is not even parsed: only the options decide the reply's shape.
    if (z !== undefined) {
      [lon, lat] = memberPosition(z, argv[2]);
      const [radius, conversion] = parseRadius(argv[3], argv[4]);
      req.shape = { kind: 'radius', lon, lat, conversion, radius };
    }
  } else {
    base = cmd.searchStore ? 3 : 2;
    if (cmd.searchStore) req.storeKey = argv[1];
  }

  const search = cmd.kind === SearchKind.Search;
  let fromMember = false;
  let fromLonLat = false;
  let byRadius = false;
  let byBox = false;
  let radius = 0;
  let width = 0;
  let height = 0;
  let conversion = 0;
  const argc = argv.length;
  for (let i = base; i < argc; i++) {
    const arg = argv[i];
    const left = argc - i - 1; // arguments after this one
    if (isOpt(arg, 'WITHDIST')) req.withDist = true;
    else if (isOpt(arg, 'WITHHASH')) req.withHash = true;
    else if (isOpt(arg, 'WITHCOORD')) req.withCoord = true;
    else if (isOpt(arg, 'ANY')) req.any = true;
    else if (isOpt(arg, 'ASC')) req.sort = Sort.Asc;
    else if (isOpt(arg, 'DESC')) req.sort = Sort.Desc;
    else if (isOpt(arg, 'COUNT') && left >= 1) {
      const v = parseI64(argv[++i]);
      if (v === null) throw new CommandError(Err.notInteger);
      if (v <= 0n) throw new CommandError(GeoErr.countNotPositive);
      req.count = v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
    } else if ((isOpt(arg, 'STORE') || isOpt(arg, 'STOREDIST')) && left >= 1 && !cmd.noStore && !search) {
      req.storeDist = arg.length === 'STOREDIST'.length;
      req.storeKey = argv[++i];
    } else if (isOpt(arg, 'STOREDIST') && search && cmd.searchStore) {
      req.storeDist = true;
    } else if (isOpt(arg, 'FROMMEMBER') && left >= 1 && search && !fromLonLat) {
      const member = argv[++i];
      if (z !== undefined) [lon, lat] = memberPosition(z, member);
      fromMember = true;
    } else if (isOpt(arg, 'FROMLONLAT') && left >= 2 && search && !fromMember) {
      [lon, lat] = parseLonLat(argv[i + 1], argv[i + 2]);
      fromLonLat = true;
      i += 2;
    } else if (isOpt(arg, 'BYRADIUS') && left >= 2 && search && !byBox) {
      [radius, conversion] = parseRadius(argv[i + 1], argv[i + 2]);
      byRadius = true;
      i += 2;
    } else if (isOpt(arg, 'BYBOX') && left >= 3 && search && !byRadius) {
      [width, height, conversion] = parseBox(argv[i + 1], argv[i + 2], argv[i + 3]);
      byBox = true;
      i += 3;
    } else {
      throw new CommandError(Err.syntax);
    }
  }
  if (search)
    req.shape = byBox
      ? { kind: 'box', lon, lat, conversion, width, height }
      : { kind: 'radius', lon, lat, conversion, radius };

  if (req.storeKey !== null && (req.withDist || req.withHash || req.withCoord))
    throw new CommandError(
      GeoErr.storeWithOptions(cmd.searchStore ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'),
    );
  if (search && !(fromMember || fromLonLat)) throw new CommandError(GeoErr.from(argv[0]));
  if (search && !(byRadius || byBox)) throw new CommandError(GeoErr.by(argv[0]));
  if (req.any && req.count === 0) throw new CommandError(GeoErr.anyWithoutCount);
  // COUNT without an order means the nearest ones (ANY takes the first found instead).
  if (req.count !== 0 && req.sort === Sort.None && !req.any) req.sort = Sort.Asc;
  return req;
}

/** longLatFromMember: a member's position, or Redis's error when it is not in the set. */
function memberPosition(z: ZSetValue, member: string): [number, number] {
  const score = z.score(member);
  if (score === undefined) throw new CommandError(GeoErr.member);
  return positionOf(score);
}

/**
 * The search itself (no client, no reply): the members inside the shape, the first `returned` of
 * them in the requested order.
 */
function searchZset(z: ZSetValue, req: SearchRequest): { found: GeoPoint[]; returned: number } {
  const needDistance = req.withDist || req.storeDist || req.sort !== Sort.None;
  const found = membersInShape(z, req.shape, req.any ? req.count : 0, needDistance);
  const returned = req.count === 0 || found.length < req.count ? found.length : req.count;
  if (req.sort !== Sort.None && found.length > 0) {
    const cmp = req.sort === Sort.Asc ? byDistance : (a: GeoPoint, b: GeoPoint) => -byDistance(a, b);
    if (returned === found.length) found.sort(cmp);
    else partialSort(found, cmp, 0, returned - 1);
  }
  return { found, returned };
}

/** The reply of a search without STORE: members, each with the WITH* items it asked for. */
function replyPoints(r: ReplyWriter, req: SearchRequest, found: GeoPoint[], returned: number): void {
  const options = (req.withDist ? 1 : 0) + (req.withCoord ? 1 : 0) + (req.withHash ? 1 : 0);
  r.arrayLen(returned);
  for (let i = 0; i < returned; i++) {
    const p = found[i];
    if (options > 0) r.arrayLen(options + 1);
    r.bulk(p.member);
    if (req.withDist) r.bulk(formatDistance(p.dist / req.shape.conversion));
    if (req.withHash) r.integer(toLongLong(p.score));
    if (req.withCoord) {
      r.arrayLen(2);
      replyCoordinate(r, p.lon);
      replyCoordinate(r, p.lat);
    }
  }
}

/** The STORE ending: the result replaces the destination (scores or distances), or deletes it. */
function storePoints(
  c: Client,
  req: SearchRequest,
  key: string,
  found: GeoPoint[],
  returned: number,
  event: string,
): void {
  if (returned === 0) {
    if (c.db.delete(key)) deleted(c, key);
    c.reply.integer(0);
    return;
  }
  const stored = found.slice(0, returned).map((p) => ({
    member: p.member,
    score: req.storeDist ? p.dist / req.shape.conversion : p.score,
  }));
  stored.sort((a, b) =>
    a.score < b.score ? -1 : a.score > b.score ? 1 : a.member < b.member ? -1 : a.member > b.member ? 1 : 0,
  );
  const lim = listpackLimits(c, 'zset');
  const value = ZSetValue.fromSorted(
    stored.map((s) => s.member),
    stored.map((s) => s.score),
    lim.entries,
    lim.value,
  );
  c.db.set(key, ValueType.ZSet, value);
  c.reply.integer(returned);
  written(c, key, 'z', event);
  c.server.dirty += returned - 1;
}

/** georadiusGeneric: every search command; `src` is the index of the source key. */
function search(c: Client, argv: string[], src: number, cmd: SearchCommand): void {
  const z = readZ(c, argv[src]);
  const req = parseSearch(argv, cmd, z);
  const storeKey = req.storeKey;
  if (z === undefined) {
    if (storeKey === null) c.reply.arrayLen(0);
    else storePoints(c, req, storeKey, [], 0, '');
    return;
  }
  const { found, returned } = searchZset(z, req);
  if (storeKey === null) replyPoints(c.reply, req, found, returned);
  else {
    const event = cmd.kind === SearchKind.Search ? 'geosearchstore' : 'georadiusstore';
    storePoints(c, req, storeKey, found, returned, event);
  }
}

const COORDS: SearchCommand = { kind: SearchKind.Coords, noStore: false, searchStore: false };
const COORDS_RO: SearchCommand = { kind: SearchKind.Coords, noStore: true, searchStore: false };
const MEMBER: SearchCommand = { kind: SearchKind.Member, noStore: false, searchStore: false };
const MEMBER_RO: SearchCommand = { kind: SearchKind.Member, noStore: true, searchStore: false };
const SEARCH: SearchCommand = { kind: SearchKind.Search, noStore: false, searchStore: false };
const SEARCH_STORE: SearchCommand = { kind: SearchKind.Search, noStore: false, searchStore: true };

// GEORADIUS key longitude latitude radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH]
//   [COUNT count [ANY]] [ASC|DESC] [STORE key|STOREDIST key]
const georadius: Handler = (c, argv) => search(c, argv, 1, COORDS);
// GEORADIUS_RO key longitude latitude radius M|KM|FT|MI [WITH...] [COUNT count [ANY]] [ASC|DESC]
const georadiusRo: Handler = (c, argv) => search(c, argv, 1, COORDS_RO);
// GEORADIUSBYMEMBER key member radius M|KM|FT|MI [WITH...] [COUNT count [ANY]] [ASC|DESC] [STORE|STOREDIST key]
const georadiusbymember: Handler = (c, argv) => search(c, argv, 1, MEMBER);
// GEORADIUSBYMEMBER_RO key member radius M|KM|FT|MI [WITH...] [COUNT count [ANY]] [ASC|DESC]
const georadiusbymemberRo: Handler = (c, argv) => search(c, argv, 1, MEMBER_RO);
// GEOSEARCH key FROMMEMBER member|FROMLONLAT lon lat BYRADIUS r unit|BYBOX w h unit [ASC|DESC]
//   [COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]
const geosearch: Handler = (c, argv) => search(c, argv, 1, SEARCH);
// GEOSEARCHSTORE destination source FROMMEMBER ...|FROMLONLAT ... BYRADIUS ...|BYBOX ... [ASC|DESC]
//   [COUNT count [ANY]] [STOREDIST]
const geosearchstore: Handler = (c, argv) => search(c, argv, 2, SEARCH_STORE);

// -------------------------------------------------------------------------------------------------
// Command table
// -------------------------------------------------------------------------------------------------

/**
 * The keys of GEORADIUS[BYMEMBER] as Redis 7.0 finds them from its key specs: the source, then the
 * argument after the first STORE and after the first STOREDIST at or after `from` (the last argument
 * is never taken as a keyword).
 */
function georadiusKeys(from: number): (argv: readonly string[]) => number[] {
  return (argv) => {
    const keys = [1];
    for (const keyword of ['STORE', 'STOREDIST']) {
      for (let i = from; i < argv.length - 1; i++) {
        if (isOpt(argv[i], keyword)) {
          keys.push(i + 1);
          break;
        }
      }
    }
    return keys;
  };
}

const KEYS_1_2: KeyRange = { first: 1, last: 2, step: 1 };

const SEARCH_N =
  'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.';
const GEOSEARCH_N =
  'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape';

const spec = familySpec('geo', 'geo');

export const geoCommands: CommandSpec[] = [
  spec(
    'geoadd',
    -5,
    ['write', 'denyoom'],
    '3.2.0',
    'Add one or more geospatial items in the geospatial index represented using a sorted set',
    'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    geoadd,
  ),
  spec(
    'geodist',
    -4,
    ['readonly'],
    '3.2.0',
    'Returns the distance between two members of a geospatial index',
    'O(log(N))',
    geodist,
  ),
  spec(
    'geohash',
    -2,
    ['readonly'],
    '3.2.0',
    'Returns members of a geospatial index as standard geohash strings',
    'O(log(N)) for each member requested, where N is the number of elements in the sorted set.',
    geohash,
  ),
  spec(
    'geopos',
    -2,
    ['readonly'],
    '3.2.0',
    'Returns longitude and latitude of members of a geospatial index',
    'O(N) where N is the number of members requested.',
    geopos,
  ),
  spec(
    'georadius',
    -6,
    ['write', 'denyoom', 'movablekeys'],
    '3.2.0',
    'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point',
    SEARCH_N,
    georadius,
    { keys: KEY1, getKeys: georadiusKeys(6) },
  ),
  spec(
    'georadius_ro',
    -6,
    ['readonly'],
    '3.2.10',
    'A read-only variant for GEORADIUS',
    SEARCH_N,
    georadiusRo,
  ),
  spec(
    'georadiusbymember',
    -5,
    ['write', 'denyoom', 'movablekeys'],
    '3.2.0',
    'Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member',
    SEARCH_N,
    georadiusbymember,
    { keys: KEY1, getKeys: georadiusKeys(5) },
  ),
  spec(
    'georadiusbymember_ro',
    -5,
    ['readonly'],
    '3.2.10',
    'A read-only variant for GEORADIUSBYMEMBER',
    SEARCH_N,
    georadiusbymemberRo,
  ),
  spec(
    'geosearch',
    -7,
    ['readonly'],
    '6.2.0',
    'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.',
    GEOSEARCH_N,
    geosearch,
  ),
  spec(
    'geosearchstore',
    -8,
    ['write', 'denyoom'],
    '6.2.0',
    'Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.',
    GEOSEARCH_N,
    geosearchstore,
    { keys: KEYS_1_2 },
  ),
];
