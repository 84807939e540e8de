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
 * "forever". Errors use Redis's texts.
 */
export function timeoutArg(s: string, now: number): number {
  const v = parseFloatStrict(s);
  if (v === null || !Number.isFinite(v)) throw new CommandError(Err.timeoutNotFloat);
  if (v < 0) throw new CommandError(Err.timeoutNegative);
  if (v === 0) return 0;
  const ms = Math.ceil(v * 1000);
  if (ms > Number.MAX_SAFE_INTEGER - now) throw new CommandError(Err.timeoutOutOfRange);
  return now + ms;
}
