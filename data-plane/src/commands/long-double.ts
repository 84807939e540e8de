/**
 * x87 80-bit `long double` arithmetic, as Redis's INCRBYFLOAT (and HINCRBYFLOAT) computes it on
 * x86-64: operands parsed by strtold (correctly rounded to a 64-bit significand), added with one
 * rounding, and printed with "%.17Lf" with trailing zeros stripped. A JS double cannot reproduce
 * those digits (0.1 + 0.2 prints 0.3 in Redis, not 0.30000000000000004), so values are held exactly
 * as sign * m * 2^e with a BigInt significand. Integer operands take a fast path without BigInt.
 */

/** A finite long double: (-1)^neg * m * 2^e, with m < 2^64 (normalised to >= 2^63 unless subnormal). */
export interface LongDouble {
  neg: boolean;
  m: bigint;
  e: number;
}

/** Exponent of the lowest significand bit of the smallest normal/subnormal value (2^-16445). */
const E_MIN = -16445;
/** Largest exponent of the lowest significand bit of a finite value (max = (2^64-1) * 2^16320). */
const E_MAX = 16320;
const TWO63 = 1n << 63n;
const TWO64 = 1n << 64n;
/** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses inputs of this length or longer. */
const MAX_CHARS = 5 * 1024;

const DEC_RE = /^([+-]?)(?:(\d+)\.?(\d*)|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const HEX_RE = /^([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^[+-]?inf(?:inity)?$/i;

/** Result of parsing: a finite value, an infinity (valid input that makes the sum non-finite), or null. */
export type Parsed = LongDouble | 'inf' | null;

function bitLength(x: bigint): number {
  const hex = x.toString(16);
  const top = parseInt(hex[0], 16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(top));
}

/**
 * Rounds num/den * 2^e2 (num, den > 0) to the nearest long double, ties to even, with subnormals.
 * Returns null on overflow (infinity); m is 0n when the value underflows to zero.
 */
function roundScaled(neg: boolean, num: bigint, den: bigint, e2: number): LongDouble | null {
  let e = bitLength(num) - bitLength(den) + e2 - 64;
  if (e < E_MIN) e = E_MIN;
  let q = 0n;
  let r = 0n;
  let d = den;
  for (;;) {
    const s = e2 - e;
    let n = num;
    d = den;
    if (s >= 0) n <<= BigInt(s);
    else d <<= BigInt(-s);
    q = n / d;
    r = n - q * d;
    if (q >= TWO64) e++;
    else if (q < TWO63 && e > E_MIN) e--;
    else break;
  }
  const twice = r * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) {
    q++;
    if (q === TWO64) {
      q = TWO63;
      e++;
    }
  }
  if (e > E_MAX) return null;
  return { neg, m: q, e };
}

/** A canonical decimal integer of at most 15 digits (so exactly a safe JS number), else NaN. */
function smallInt(s: string): number {
  const len = s.length;
  if (len === 0 || len > 15) return NaN;
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 45 /* - */) {
    if (len === 1) return NaN;
    neg = true;
    i = 1;
  }
  let c = s.charCodeAt(i);
  if (c === 48 /* 0 */) return len === 1 ? 0 : NaN;
  let v = 0;
  for (; i < len; i++) {
    c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return neg ? -v : v;
}

/** strtold as Redis's string2ld accepts it: whole string, no leading space, no nan, no overflow or underflow to 0. */
export function parseLongDouble(s: string): Parsed {
  if (s.length === 0 || s.length >= MAX_CHARS) return null;
  let m = DEC_RE.exec(s);
  if (m) {
    const neg = m[1] === '-';
    const intDigits = m[2] ?? '';
    const fracDigits = m[3] ?? m[4] ?? '';
    let digits = (intDigits + fracDigits).replace(/^0+/, '');
    const expText = m[5];
    let exp10 = (expText === undefined ? 0 : Number(expText)) - fracDigits.length;
    if (digits.length === 0) return { neg, m: 0n, e: 0 };
    const trailing = digits.length - digits.replace(/0+$/, '').length;
    digits = digits.slice(0, digits.length - trailing);
    exp10 += trailing;
    const magnitude = digits.length + exp10; // value in [10^(magnitude-1), 10^magnitude)
    if (magnitude > 4934) return null; // overflow: ERANGE with HUGE_VALL
    if (magnitude < -4952) return null; // underflow to zero: ERANGE with 0
    const n = BigInt(digits);
    const r =
      exp10 >= 0
        ? roundScaled(neg, n * 10n ** BigInt(exp10), 1n, 0)
        : roundScaled(neg, n, 10n ** BigInt(-exp10), 0);
    return r === null || r.m === 0n ? null : r;
  }
  m = HEX_RE.exec(s);
  if (m) {
    const neg = m[1] === '-';
    const intDigits = m[2] ?? '';
    const fracDigits = m[3] ?? m[4] ?? '';
    const h = BigInt('0x' + (intDigits + fracDigits));
    if (h === 0n) return { neg, m: 0n, e: 0 };
    const e2 = (m[5] === undefined ? 0 : Number(m[5])) - 4 * fracDigits.length;
    const magnitude = bitLength(h) + e2;
    if (magnitude > 16386) return null;
    if (magnitude < -16447) return null;
    const r = roundScaled(neg, h, 1n, e2);
    return r === null || r.m === 0n ? null : r;
  }
  if (INF_RE.test(s)) return 'inf';
  return null;
}

/** a + b with one rounding; null when the sum is not finite. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.m === 0n) return b.m === 0n ? { neg: a.neg && b.neg, m: 0n, e: 0 } : b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  let sa = a.m << BigInt(a.e - e);
  let sb = b.m << BigInt(b.e - e);
  if (a.neg) sa = -sa;
  if (b.neg) sb = -sb;
  const sum = sa + sb;
  if (sum === 0n) return { neg: false, m: 0n, e: 0 };
  return roundScaled(sum < 0n, sum < 0n ? -sum : sum, 1n, e);
}

const TEN17 = 10n ** 17n;

/** printf("%.17Lf") with trailing zeros (and a bare '.') removed, "-0" written "0": Redis's LD_STR_HUMAN. */
export function formatLongDouble(v: LongDouble): string {
  let digits: string;
  let frac = '';
  if (v.e >= 0) {
    digits = (v.m << BigInt(v.e)).toString();
  } else {
    const shift = BigInt(-v.e);
    const p = v.m * TEN17;
    let q = p >> shift;
    const r = p - (q << shift);
    const half = 1n << (shift - 1n);
    if (r > half || (r === half && (q & 1n) === 1n)) q++;
    let all = q.toString();
    if (all.length < 18) all = '0'.repeat(18 - all.length) + all;
    digits = all.slice(0, all.length - 17);
    frac = all.slice(all.length - 17).replace(/0+$/, '');
  }
  const out = (v.neg ? '-' : '') + digits + (frac.length > 0 ? '.' + frac : '');
  return out === '-0' ? '0' : out;
}

/**
 * INCRBYFLOAT's arithmetic on two strings: the formatted sum, 'invalid-current'/'invalid-incr' when
 * an operand is not a valid float (as string2ld decides), or 'inf' when the sum would be NaN or
 * infinite.
 */
export function incrByFloat(
  current: string,
  increment: string,
): string | 'invalid-current' | 'invalid-incr' | 'inf' {
  const a = smallInt(current);
  const b = smallInt(increment);
  if (a === a && b === b) return String(a + b); // both exact integers below 2^50: the sum is exact
  const x = parseLongDouble(current);
  if (x === null) return 'invalid-current';
  const y = parseLongDouble(increment);
  if (y === null) return 'invalid-incr';
  if (x === 'inf' || y === 'inf') return 'inf';
  const sum = addLongDouble(x, y);
  return sum === null ? 'inf' : formatLongDouble(sum);
}
