/**
 * Argument parsing shared by every family, with Redis's strictness: integers as string2ll parses
 * them (no spaces, no '+', no leading zeros), floats as strtold does (inf allowed, nan refused).
 */
import { CommandError, Err } from '../protocol/errors';

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const INT_RE = /^(0|-?[1-9][0-9]*)$/;

/** A signed 64-bit integer as a bigint, or null when the text is not exactly one. */
export function parseI64(s: string): bigint | null {
  if (s.length === 0 || s.length > 20 || !INT_RE.test(s)) return null;
  const v = BigInt(s);
  return v < I64_MIN || v > I64_MAX ? null : v;
}

/**
 * An integer argument as a JS number (indices, counts, TTLs). Values beyond 2^53 are still accepted
 * when they fit in 64 bits, and clamp to the safe range (they only ever mean "very far").
 */
export function parseInteger(s: string): number | null {
  if (s.length > 0 && s.length <= 15 && INT_RE.test(s)) return Number(s);
  const v = parseI64(s);
  if (v === null) return null;
  return v > BigInt(Number.MAX_SAFE_INTEGER)
    ? Number.MAX_SAFE_INTEGER
    : v < BigInt(Number.MIN_SAFE_INTEGER)
      ? Number.MIN_SAFE_INTEGER
      : Number(v);
}

/** An integer argument or "ERR value is not an integer or out of range". */
export function intArg(s: string, error: string = Err.notInteger): number {
  const v = parseInteger(s);
  if (v === null) throw new CommandError(error);
  return v;
}

export function i64Arg(s: string): bigint {
  const v = parseI64(s);
  if (v === null) throw new CommandError(Err.notInteger);
  return v;
}

/** A non-negative integer or "ERR value is out of range, must be positive". */
export function positiveIntArg(s: string): number {
  const v = intArg(s);
  if (v < 0) throw new CommandError(Err.mustBePositive);
  return v;
}

const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INF_RE = /^[+-]?inf(inity)?$/i;

/** A float as strtold accepts it (no surrounding spaces; "inf", "-inf"; not "nan"). */
export function parseFloatStrict(s: string): number | null {
  if (s.length === 0) return null;
  if (INF_RE.test(s)) return s[0] === '-' ? -Infinity : Infinity;
  if (!FLOAT_RE.test(s)) {
    if (/^[+-]?0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s, 16);
    return null;
  }
  const v = Number(s);
  return Number.isNaN(v) ? null : v;
}

export function floatArg(s: string, error: string = Err.notFloat): number {
  const v = parseFloatStrict(s);
  if (v === null) throw new CommandError(error);
  return v;
}

/** Case-insensitive option comparison (argument against an upper-case keyword). */
export function isOpt(arg: string, keyword: string): boolean {
  return arg.length === keyword.length && arg.toUpperCase() === keyword;
}

/**
 * A blocking command's timeout in seconds (fractions allowed) as an absolute deadline in ms, 0 for
 * "forever", as Redis 7.0.15 computes it: strtold, then (long long)ceill(seconds * 1000). So
 * -0.0001 rounds to 0 (forever), a value too large for a 64-bit integer converts to LLONG_MIN
 * ("timeout is negative"), and a deadline past the clock's range never fires.
 */
export function timeoutArg(s: string, now: number): number {
  const v = s.length < MAX_LONG_DOUBLE_CHARS ? parseFloatStrict(s) : null;
  if (v === null) throw new CommandError(Err.timeoutNotFloat);
  let ms: number;
  if (v === 0 || !Number.isFinite(v)) {
    // A double over- or underflows where strtold's long double does not: judge by the exponent.
    const e10 = decimalExponent(s);
    if (e10 !== null && (e10 > 4932 || e10 < -4951)) throw new CommandError(Err.timeoutNotFloat);
    if (v === 0) ms = e10 !== null && s[0] !== '-' ? 1 : 0;
    else ms = Infinity;
  } else {
    ms = Math.ceil(v * 1000);
  }
  if (ms < 0 || ms >= 9223372036854775808) throw new CommandError(Err.timeoutNegative);
  if (ms === 0) return 0;
  const at = now + ms;
  return at > Number.MAX_SAFE_INTEGER ? 0 : at;
}

/**
 * A timeout in milliseconds (XREAD BLOCK, WAIT) as an absolute deadline, 0 for "forever", as Redis
 * 7.0.15's getTimeoutFromObjectOrReply with UNIT_MILLISECONDS: a 64-bit integer, not negative. A
 * deadline past the clock's range never fires (in Redis now + timeout wraps to a negative deadline,
 * which its timeout table, keyed by unsigned time, never reaches).
 */
export function msTimeoutArg(s: string, nowMs: number): number {
  const v = parseI64(s);
  if (v === null) throw new CommandError('ERR timeout is not an integer or out of range');
  if (v < 0n) throw new CommandError(Err.timeoutNegative);
  const at = BigInt(nowMs) + v;
  return v === 0n || at > BigInt(Number.MAX_SAFE_INTEGER) ? 0 : Number(at);
}

/** strtold's MAX_LONG_DOUBLE_CHARS limit in Redis's string2ld. */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

/** The decimal exponent of a decimal float text's first significant digit; null when it is zero. */
function decimalExponent(s: string): number | null {
  const m = /^[+-]?(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return null;
  const exp = m[3] ? Number(m[3]) : 0;
  const int = m[1].replace(/^0+/, '');
  if (int.length > 0) return exp + int.length - 1;
  const lead = m[2].search(/[1-9]/);
  return lead < 0 ? null : exp - lead - 1;
}
