/**
 * Geohash arithmetic as Redis 7.0 does it (geohash.c, geohash_helper.c), so that scores, positions,
 * distances and the set of boxes a search visits are the same bit for bit.
 *
 * A position is stored as the score of a sorted-set member: the longitude and latitude scaled to
 * 26-bit integers over [-180, 180] and [-85.05112878, 85.05112878] (the Web-Mercator limits), then
 * interleaved (latitude in the even bits, longitude in the odd ones) into a 52-bit integer. A search
 * estimates a geohash precision (step) from the radius, and reads the score ranges of the centre's
 * box and its eight neighbours; each candidate is then checked against the exact shape.
 *
 * Hash bits are 64-bit unsigned values (bigint), as Redis keeps them in a uint64_t: a latitude at the
 * very top of the range sets bit 52, and scores that were not written by GEOADD (negative, huge,
 * infinite) decode through C's double -> uint64_t conversion on x86-64. Point decoding in the search
 * loop takes a number fast path for ordinary scores.
 */

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

/** Earth's quadratic mean radius for WGS-84, the one Redis uses. */
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const D_R = Math.PI / 180;

const degRad = (ang: number): number => ang * D_R;
const radDeg = (ang: number): number => ang / D_R;

/** A geohash: `step` bits per coordinate, interleaved into `bits`. step 0 with bits 0 is "none". */
export interface GeoHashBits {
  bits: bigint;
  step: number;
}

export interface GeoRange {
  min: number;
  max: number;
}

export interface GeoArea {
  longitude: GeoRange;
  latitude: GeoRange;
}

/** The coordinate ranges of the geohashes stored as scores. */
export const WGS84_LONG: GeoRange = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
export const WGS84_LAT: GeoRange = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };
/** The standard geohash ranges (GEOHASH re-encodes positions with these). */
export const STANDARD_LAT: GeoRange = { min: -90, max: 90 };

const U64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const EVEN_BITS = 0x5555555555555555n;
const ODD_BITS = 0xaaaaaaaaaaaaaaaan;
const TWO32 = 4294967296;
const TWO53 = 9007199254740992;
const TWO63 = 9223372036854775808;
const SIGN_BIT = 1n << 63n;

// -------------------------------------------------------------------------------------------------
// Bit interleaving
// -------------------------------------------------------------------------------------------------

/** Spreads the 16 bits of x to the even positions of a 32-bit word. */
function spread16(x: number): number {
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/** Gathers the even bits of a 32-bit word into 16 bits. */
function squash16(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** interleave64: the bits of lat (uint32) in the even positions, of lon in the odd ones. */
function interleave(lat: number, lon: number): bigint {
  const lo = (spread16(lat & 0xffff) | (spread16(lon & 0xffff) << 1)) >>> 0;
  const hi = (spread16(lat >>> 16) | (spread16(lon >>> 16) << 1)) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** deinterleave64 of the 64-bit word hi:lo, into [lat (even bits), lon (odd bits)] as uint32s. */
function deinterleave(hi: number, lo: number): [number, number] {
  const lat = (squash16(lo) | (squash16(hi) << 16)) >>> 0;
  const lon = (squash16(lo >>> 1) | (squash16(hi >>> 1) << 16)) >>> 0;
  return [lat, lon];
}

/** C's (uint32_t) of a double in [0, 2^32). */
const toU32 = (d: number): number => Math.trunc(d) >>> 0;

// -------------------------------------------------------------------------------------------------
// Encoding and decoding
// -------------------------------------------------------------------------------------------------

/** geohashEncode: null when the position is outside the WGS84 limits or the ranges. */
export function encode(
  longRange: GeoRange,
  latRange: GeoRange,
  longitude: number,
  latitude: number,
  step: number,
): GeoHashBits | null {
  if (step > 32 || step === 0) return null;
  if (
    longitude > GEO_LONG_MAX ||
    longitude < GEO_LONG_MIN ||
    latitude > GEO_LAT_MAX ||
    latitude < GEO_LAT_MIN
  )
    return null;
  if (
    latitude < latRange.min ||
    latitude > latRange.max ||
    longitude < longRange.min ||
    longitude > longRange.max
  )
    return null;
  const scale = 2 ** step;
  const latOffset = ((latitude - latRange.min) / (latRange.max - latRange.min)) * scale;
  const longOffset = ((longitude - longRange.min) / (longRange.max - longRange.min)) * scale;
  return { bits: interleave(toU32(latOffset), toU32(longOffset)), step };
}

/** The score GEOADD stores for a position (validated by the caller): the 52-bit aligned hash. */
export function scoreOf(longitude: number, latitude: number): number {
  const hash = encode(WGS84_LONG, WGS84_LAT, longitude, latitude, GEO_STEP_MAX);
  return hash === null ? 0 : Number(align52(hash));
}

/** geohashAlign52Bits: the hash shifted to the 52-bit score scale (64-bit wrap-around). */
export function align52(hash: GeoHashBits): bigint {
  return U64(hash.bits << BigInt(52 - hash.step * 2));
}

/** The area of a geohash given its 64-bit word hi:lo and step (geohashDecode). */
function decodeWords(hi: number, lo: number, step: number, longRange: GeoRange, latRange: GeoRange): GeoArea {
  const [ilato, ilono] = deinterleave(hi, lo);
  const cells = 2 ** step;
  const latScale = latRange.max - latRange.min;
  const longScale = longRange.max - longRange.min;
  // (ilato + 1) is uint32 arithmetic in C: it wraps at 2^32.
  return {
    latitude: {
      min: latRange.min + (ilato / cells) * latScale,
      max: latRange.min + (((ilato + 1) >>> 0) / cells) * latScale,
    },
    longitude: {
      min: longRange.min + (ilono / cells) * longScale,
      max: longRange.min + (((ilono + 1) >>> 0) / cells) * longScale,
    },
  };
}

export function decode(hash: GeoHashBits, longRange = WGS84_LONG, latRange = WGS84_LAT): GeoArea {
  return decodeWords(
    Number(hash.bits >> 32n),
    Number(hash.bits & 0xffffffffn),
    hash.step,
    longRange,
    latRange,
  );
}

/**
 * C's (uint64_t) of a double as x86-64 code computes it: below 2^63 a signed truncation (negative
 * values wrap; -inf and values under -2^63 give 2^63), from 2^63 the truncation of x - 2^63 with the
 * top bit flipped (values from 2^64 and +inf give 0). Returned as the words [hi, lo].
 */
function scoreWords(score: number): [number, number] {
  if (score >= 0 && score < TWO53 && Number.isInteger(score))
    return [Math.floor(score / TWO32), score % TWO32];
  let bits: bigint;
  if (score < TWO63) {
    const t = Math.trunc(score);
    bits = t >= -TWO63 ? U64(BigInt(t)) : SIGN_BIT;
  } else {
    const t = Math.trunc(score - TWO63);
    bits = t < TWO63 ? BigInt(t) ^ SIGN_BIT : 0n;
  }
  return [Number(bits >> 32n), Number(bits & 0xffffffffn)];
}

/** decodeGeohash: the [longitude, latitude] a score stands for (every score decodes to something). */
export function positionOf(score: number): [number, number] {
  decodePosition(score);
  return [POSITION.lon, POSITION.lat];
}

/** The output of decodePosition (reused: the search loop decodes every candidate). */
export const POSITION = { lon: 0, lat: 0 };

const LAT_SCALE = GEO_LAT_MAX - GEO_LAT_MIN;
const LONG_SCALE = GEO_LONG_MAX - GEO_LONG_MIN;
const CELLS = 2 ** GEO_STEP_MAX;

/** positionOf into POSITION, without allocating for ordinary scores (the same arithmetic). */
export function decodePosition(score: number): void {
  let hi: number;
  let lo: number;
  if (score >= 0 && score < TWO53 && Number.isInteger(score)) {
    hi = Math.floor(score / TWO32);
    lo = score % TWO32;
  } else {
    [hi, lo] = scoreWords(score);
  }
  const ilato = (squash16(lo) | (squash16(hi) << 16)) >>> 0;
  const ilono = (squash16(lo >>> 1) | (squash16(hi >>> 1) << 16)) >>> 0;
  const latMin = GEO_LAT_MIN + (ilato / CELLS) * LAT_SCALE;
  const latMax = GEO_LAT_MIN + (((ilato + 1) >>> 0) / CELLS) * LAT_SCALE;
  const lonMin = GEO_LONG_MIN + (ilono / CELLS) * LONG_SCALE;
  const lonMax = GEO_LONG_MIN + (((ilono + 1) >>> 0) / CELLS) * LONG_SCALE;
  let lon = (lonMin + lonMax) / 2;
  if (lon > GEO_LONG_MAX) lon = GEO_LONG_MAX;
  if (lon < GEO_LONG_MIN) lon = GEO_LONG_MIN;
  let lat = (latMin + latMax) / 2;
  if (lat > GEO_LAT_MAX) lat = GEO_LAT_MAX;
  if (lat < GEO_LAT_MIN) lat = GEO_LAT_MIN;
  POSITION.lon = lon;
  POSITION.lat = lat;
}

const GEOALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/** GEOHASH's 11-character standard geohash of a score (re-encoded over latitude [-90, 90]). */
export function standardGeohash(score: number): string {
  const [lon, lat] = positionOf(score);
  const hash = encode(WGS84_LONG, STANDARD_LAT, lon, lat, GEO_STEP_MAX);
  const bits = hash === null ? 0n : hash.bits;
  let out = '';
  for (let i = 0; i < 10; i++) out += GEOALPHABET[Number((bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn)];
  // Only 52 bits exist; the eleventh character is always the zero one.
  return out + GEOALPHABET[0];
}

// -------------------------------------------------------------------------------------------------
// Neighbours
// -------------------------------------------------------------------------------------------------

function moveX(hash: GeoHashBits, d: number): GeoHashBits {
  if (d === 0) return hash;
  const shift = BigInt(64 - hash.step * 2);
  let x = hash.bits & ODD_BITS;
  const y = hash.bits & EVEN_BITS;
  const zz = EVEN_BITS >> shift;
  if (d > 0) x = U64(x + (zz + 1n));
  else x = U64((x | zz) - (zz + 1n));
  x &= ODD_BITS >> shift;
  return { bits: x | y, step: hash.step };
}

function moveY(hash: GeoHashBits, d: number): GeoHashBits {
  if (d === 0) return hash;
  const shift = BigInt(64 - hash.step * 2);
  const x = hash.bits & ODD_BITS;
  let y = hash.bits & EVEN_BITS;
  const zz = ODD_BITS >> shift;
  if (d > 0) y = U64(y + (zz + 1n));
  else y = U64((y | zz) - (zz + 1n));
  y &= EVEN_BITS >> shift;
  return { bits: x | y, step: hash.step };
}

const NO_HASH: GeoHashBits = { bits: 0n, step: 0 };

export const isNoHash = (h: GeoHashBits): boolean => h.bits === 0n && h.step === 0;

/** The nine boxes of a search, in Redis's order: self, N, S, E, W, NE, NW, SE, SW. */
export type SearchBoxes = GeoHashBits[];

// -------------------------------------------------------------------------------------------------
// Search shapes and the boxes covering them
// -------------------------------------------------------------------------------------------------

/** A search area: a circle (radius) or a box (width, height), in `unit`s of `conversion` metres. */
export type GeoShape =
  | { kind: 'radius'; lon: number; lat: number; conversion: number; radius: number }
  | { kind: 'box'; lon: number; lat: number; conversion: number; width: number; height: number };

/** geohashEstimateStepsByRadius: the precision whose boxes are about the size of the search. */
export function estimateSteps(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2; // make sure the range is included in most of the base cases
  // Wider range towards the poles.
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** geohashBoundingBox: [minLon, minLat, maxLon, maxLat] of a shape. */
export function boundingBox(shape: GeoShape): [number, number, number, number] {
  const { lon, lat } = shape;
  const height = shape.conversion * (shape.kind === 'radius' ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.kind === 'radius' ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / cos(degRad(lat + latDelta)));
  const longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / cos(degRad(lat - latDelta)));
  // The hemispheres bend the box the opposite ways: the wider edge is the one nearer the equator.
  const south = lat < 0;
  return [
    south ? lon - longDeltaBottom : lon - longDeltaTop,
    lat - latDelta,
    south ? lon + longDeltaBottom : lon + longDeltaTop,
    lat + latDelta,
  ];
}

/** geohashCalculateAreasByShapeWGS84: the boxes to read, with the useless ones set to none. */
export function searchBoxes(shape: GeoShape): SearchBoxes {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape);
  const { lon, lat } = shape;
  const radiusMeters =
    (shape.kind === 'radius'
      ? shape.radius
      : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))) *
    shape.conversion;
  let steps = estimateSteps(radiusMeters, lat);
  let hash = encode(WGS84_LONG, WGS84_LAT, lon, lat, steps) ?? { bits: 0n, step: steps };
  let n = neighbours(hash);
  let area = decode(hash);

  // Near the edge of the centre box one neighbour may not reach far enough: one step coarser then.
  const north = decode(n[1]);
  const south = decode(n[2]);
  const east = decode(n[3]);
  const west = decode(n[4]);
  const decrease =
    north.latitude.max < maxLat ||
    south.latitude.min > minLat ||
    east.longitude.max < maxLon ||
    west.longitude.min > minLon;
  if (steps > 1 && decrease) {
    steps--;
    hash = encode(WGS84_LONG, WGS84_LAT, lon, lat, steps) ?? { bits: 0n, step: steps };
    n = neighbours(hash);
    area = decode(hash);
  }

  // Drop the neighbours the search area cannot reach.
  if (steps >= 2) {
    if (area.latitude.min < minLat) n[2] = n[8] = n[7] = NO_HASH;
    if (area.latitude.max > maxLat) n[1] = n[5] = n[6] = NO_HASH;
    if (area.longitude.min < minLon) n[4] = n[8] = n[6] = NO_HASH;
    if (area.longitude.max > maxLon) n[3] = n[7] = n[5] = NO_HASH;
  }
  return n;
}

/** The centre box and its neighbours, in the search order (self, N, S, E, W, NE, NW, SE, SW). */
function neighbours(hash: GeoHashBits): SearchBoxes {
  return [
    hash,
    moveY(hash, 1),
    moveY(hash, -1),
    moveX(hash, 1),
    moveX(hash, -1),
    moveY(moveX(hash, 1), 1),
    moveY(moveX(hash, -1), 1),
    moveY(moveX(hash, 1), -1),
    moveY(moveX(hash, -1), -1),
  ];
}

/** scoresOfGeoHashBox: the score range [min, max) holding the members of one box. */
export function scoreRangeOf(hash: GeoHashBits): [number, number] {
  const min = align52(hash);
  const max = align52({ bits: U64(hash.bits + 1n), step: hash.step });
  return [Number(min), Number(max)];
}

// -------------------------------------------------------------------------------------------------
// Correctly rounded sin, cos and asin
// -------------------------------------------------------------------------------------------------
//
// Redis computes distances with glibc's sin, cos and asin; V8's Math functions (fdlibm) round
// differently in a few calls in a hundred, which shows in the last digits of STOREDIST scores.
// glibc's results are correctly rounded in all but about 0.2% of calls, so these evaluate the
// functions in double-double arithmetic and round once: the leading Taylor terms in double-double,
// the small tail in doubles (relative error about 1e-21). The arguments here are small (|x| <= pi
// in the haversine). No allocation: results go through the registers rh/rl.

/** Result register of the double-double helpers: rh + rl. */
let rh = 0;
let rl = 0;

const SPLITTER = 134217729; // 2^27 + 1

/** (rh, rl) = a * b + c, all double-doubles (products exact to about 2^-104). */
function ddMulAdd(ah: number, al: number, bh: number, bl: number, ch: number, cl: number): void {
  const p = ah * bh;
  let t = SPLITTER * ah;
  const ahh = t - (t - ah);
  const ahl = ah - ahh;
  t = SPLITTER * bh;
  const bhh = t - (t - bh);
  const bhl = bh - bhh;
  const pe = ahh * bhh - p + ahh * bhl + ahl * bhh + ahl * bhl + (ah * bl + al * bh);
  const ph = p + pe;
  const pl = pe - (ph - p);
  const sum = ph + ch;
  const bb = sum - ph;
  const e = ph - (sum - bb) + (ch - bb) + pl + cl;
  rh = sum + e;
  rl = e - (rh - sum);
}

/** pi/2 in three parts (about 160 bits). */
const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;

/** (-1)^k / (2k+1)! (SIN) and (-1)^k / (2k)! (COS), k = 0..11, as [hi, lo] pairs, flattened. */
const SIN_C: number[] = [];
const COS_C: number[] = [];
{
  // 1/n! as a double-double, by exact-enough division steps.
  let h = 1;
  let l = 0;
  for (let n = 0; n <= 23; n++) {
    if (n > 0) {
      const q1 = h / n;
      // remainder (h + l) - q1 * n, then one correction
      ddMulAdd(q1, 0, -n, 0, h, l);
      const q2 = (rh + rl) / n;
      h = q1 + q2;
      l = q2 - (h - q1);
    }
    const sign = (n >> 1) % 2 === 0 ? 1 : -1;
    (n % 2 === 0 ? COS_C : SIN_C).push(sign * h, sign * l);
  }
}
/** Terms from this index on are summed in doubles. */
const DD_TERMS = 4;

/** (rh, rl) = sum of c_k * r2^k (the series of `c`), r2 = (r2h, r2l). */
function series(c: number[], r2h: number, r2l: number): void {
  const n = c.length / 2;
  let q = c[2 * (n - 1)];
  for (let k = n - 2; k >= DD_TERMS; k--) q = q * r2h + c[2 * k];
  let h = q;
  let l = 0;
  for (let k = DD_TERMS - 1; k >= 0; k--) {
    ddMulAdd(h, l, r2h, r2l, c[2 * k], c[2 * k + 1]);
    h = rh;
    l = rl;
  }
}

/** sin (or cos) of the double-double a = (ah, al), |a| <= pi/4, into (rh, rl). */
function kernel(ah: number, al: number, wantSin: boolean): void {
  ddMulAdd(ah, al, ah, al, 0, 0);
  series(wantSin ? SIN_C : COS_C, rh, rl);
  if (wantSin) ddMulAdd(rh, rl, ah, al, 0, 0);
}

/** sin (quadrant 0) or cos (quadrant 1) of x into (rh, rl), after reducing x by k * pi/2. */
function sinOrCos(x: number, quadrant: number): void {
  if (Math.abs(x) <= Math.PI / 4) {
    kernel(x, 0, quadrant === 0);
    return;
  }
  const k = Math.round(x / PIO2_1);
  // x - k * pi/2 as a double-double (k * PIO2_1 and k * PIO2_2 taken exactly through ddMulAdd).
  ddMulAdd(-k, 0, PIO2_1, 0, x, 0);
  ddMulAdd(-k, 0, PIO2_2, 0, rh, rl);
  ddMulAdd(-k, 0, PIO2_3, 0, rh, rl);
  const q = (((k + quadrant) % 4) + 4) % 4;
  kernel(rh, rl, q === 0 || q === 2);
  if (q >= 2) {
    rh = -rh;
    rl = -rl;
  }
}

export function sin(x: number): number {
  if (x === 0 || !(Math.abs(x) < 1e6)) return Math.sin(x);
  sinOrCos(x, 0);
  return rh + rl;
}

// The haversine takes the cosine of the search centre's latitude for every candidate, and a box
// check that of the candidate's twice: two remembered results save most of the work.
let cosX0 = NaN;
let cosY0 = NaN;
let cosX1 = NaN;
let cosY1 = NaN;
let cosNext = 0;

export function cos(x: number): number {
  if (x === cosX0) return cosY0;
  if (x === cosX1) return cosY1;
  let y: number;
  if (!(Math.abs(x) < 1e6)) y = Math.cos(x);
  else {
    sinOrCos(x, 1);
    y = rh + rl;
  }
  if (cosNext === 0) {
    cosX0 = x;
    cosY0 = y;
  } else {
    cosX1 = x;
    cosY1 = y;
  }
  cosNext ^= 1;
  return y;
}

/** asin of (zh, zl) in [0, 0.71] into (rh, rl): one Newton step on sin from Math.asin's value. */
function asinSmall(zh: number, zl: number): void {
  const y0 = Math.asin(zh);
  kernel(y0, 0, true);
  const d = rh - zh + (rl - zl);
  const corr = -d / Math.cos(y0);
  rh = y0 + corr;
  rl = corr - (rh - y0);
}

/** asin of x in [0, 1] (what the haversine needs; other inputs fall back to Math.asin). */
export function asin(x: number): number {
  if (!(x > 0 && x <= 1)) return Math.asin(x);
  if (x <= 0.5) {
    asinSmall(x, 0);
    return rh + rl;
  }
  // asin(x) = pi/2 - 2 asin(sqrt((1 - x) / 2)); 1 - x and the halving are exact here.
  const t = (1 - x) / 2;
  const zh = Math.sqrt(t);
  let zl = 0;
  if (zh > 0) {
    ddMulAdd(-zh, 0, zh, 0, t, 0); // t - zh^2
    zl = (rh + rl) / (2 * zh);
  }
  asinSmall(zh, zl);
  const yh = -2 * rh;
  const yl = -2 * rl;
  const sum = PIO2_1 + yh;
  const bb = sum - PIO2_1;
  const e = PIO2_1 - (sum - bb) + (yh - bb) + PIO2_2 + yl;
  return sum + e;
}

// -------------------------------------------------------------------------------------------------
// Distances
// -------------------------------------------------------------------------------------------------

export function latDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

/** Haversine distance in metres (geohashGetDistance). */
export function distance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = sin((lon2r - lon1r) / 2);
  // Same longitude: no trigonometry needed.
  if (v === 0) return latDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = sin((lat2r - lat1r) / 2);
  const a = u * u + cos(lat1r) * cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * asin(Math.sqrt(a));
}

/** distance() with V8's Math functions: within a few ulps of it, several times cheaper. */
function roughDistance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const v = Math.sin((degRad(lon2d) - degRad(lon1d)) / 2);
  if (v === 0) return latDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

/**
 * Whether distance(...) > limit, deciding with the rough distance when it is clearly beyond the
 * limit. The margin (one millionth) covers the asin's sensitivity near antipodes (a one-ulp input
 * difference changes it by up to ~1e-8 relative); elsewhere the two differ by ~1e-15.
 */
function clearlyBeyond(lon1d: number, lat1d: number, lon2d: number, lat2d: number, limit: number): boolean {
  return roughDistance(lon1d, lat1d, lon2d, lat2d) > limit * (1 + 1e-6) + 1e-9;
}

/** Whether distance(...) <= limit for sure, judged on the rough distance (same margin). */
function clearlyWithin(lon1d: number, lat1d: number, lon2d: number, lat2d: number, limit: number): boolean {
  return roughDistance(lon1d, lat1d, lon2d, lat2d) < limit * (1 - 1e-6) - 1e-9;
}

/** What distanceWithin returns for a point inside the shape whose distance was not asked for. */
export const INSIDE = 0;

/**
 * geoWithinShape: the distance in metres from the shape's centre to (lon, lat), or -1 when the point
 * is outside the shape. A box is checked by its latitude extent first (cheaper), then longitude.
 * Candidates far outside are rejected on a rough distance, and when the caller needs no distance
 * (no WITHDIST, STOREDIST or sort) those far inside are accepted on it (INSIDE is returned); the
 * others get Redis's exact decision and distance.
 */
export function distanceWithin(shape: GeoShape, lon: number, lat: number, needDistance = true): number {
  if (shape.kind === 'radius') {
    const limit = shape.radius * shape.conversion;
    // The great-circle distance is at least the latitude difference's arc: a cheap first cut.
    if (latDistance(lat, shape.lat) > limit * (1 + 1e-6) + 1e-9) return -1;
    if (clearlyBeyond(shape.lon, shape.lat, lon, lat, limit)) return -1;
    if (!needDistance && clearlyWithin(shape.lon, shape.lat, lon, lat, limit)) return INSIDE;
    const d = distance(shape.lon, shape.lat, lon, lat);
    return d > limit ? -1 : d;
  }
  const widthM = shape.width * shape.conversion;
  const heightM = shape.height * shape.conversion;
  if (latDistance(lat, shape.lat) > heightM / 2) return -1;
  if (clearlyBeyond(lon, lat, shape.lon, lat, widthM / 2)) return -1;
  if (!clearlyWithin(lon, lat, shape.lon, lat, widthM / 2) && distance(lon, lat, shape.lon, lat) > widthM / 2)
    return -1;
  return needDistance ? distance(shape.lon, shape.lat, lon, lat) : INSIDE;
}

// -------------------------------------------------------------------------------------------------
// Number formatting
// -------------------------------------------------------------------------------------------------

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/**
 * printf("%.<digits>f") of a finite double, exactly (glibc prints the exact binary value rounded
 * half to even): the double as m * 2^e, scaled by 10^digits and rounded.
 */
export function printfFixed(d: number, digits: number): string {
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'nan' : d > 0 ? 'inf' : '-inf';
  F64[0] = d;
  const hiWord = U32[1];
  const neg = hiWord >>> 31 === 1;
  const exp = (hiWord >>> 20) & 0x7ff;
  let m = (BigInt(hiWord & 0xfffff) << 32n) | BigInt(U32[0]);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = exp - 1075;
  }
  let q: bigint;
  const scaled = m * 10n ** BigInt(digits);
  if (e >= 0) {
    q = scaled << BigInt(e);
  } else {
    const shift = BigInt(-e);
    q = scaled >> shift;
    const r = scaled - (q << shift);
    const half = 1n << (shift - 1n);
    if (r > half || (r === half && (q & 1n) === 1n)) q++;
  }
  let all = q.toString();
  if (all.length <= digits) all = '0'.repeat(digits + 1 - all.length) + all;
  const int = all.slice(0, all.length - digits);
  const frac = all.slice(all.length - digits);
  return (neg ? '-' : '') + int + (digits > 0 ? '.' + frac : '');
}

/** Redis's LD_STR_HUMAN of a double: "%.17Lf" with trailing zeros (and a bare '.') removed, "-0" as "0". */
export function humanDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  const s = printfFixed(d, 17).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** llrint in the default rounding mode: to the nearest integer, ties to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** fixedpoint_d2string(d, 4): how GEODIST and WITHDIST print a distance. */
export function formatDistance(d: number): string {
  if (d === 0) return '0.0000';
  const v = roundHalfEven(d * 10000);
  const neg = v < 0;
  let digits = BigInt(Math.abs(v)).toString();
  if (digits.length < 5) digits = '0'.repeat(5 - digits.length) + digits;
  return (neg ? '-' : '') + digits.slice(0, -4) + '.' + digits.slice(-4);
}
