/**
 * Reply encoding for RESP2 and RESP3. Every command replies only through these helpers, so the
 * protocol version is handled in one place. Replies accumulate as one latin1 string per client and
 * are written to the socket once per batch of commands (pipelining costs one syscall, not one per
 * reply).
 */

export type RespVersion = 2 | 3;

const CRLF = '\r\n';

/** Formats a double the way Redis does for RESP3 doubles and bulk-string scores (%.17g, inf). */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  // String() prints an integer exactly only below 2^53; above, it prints the shortest digits that read
  // back (38880329163563910 for 38880329163563912), where %.17g prints the value's own digits.
  if (Number.isInteger(d) && Math.abs(d) <= Number.MAX_SAFE_INTEGER)
    return d === 0 && Object.is(d, -0) ? '-0' : String(d);
  return toG17(d);
}

/** printf("%.17g") for finite doubles: 17 significant digits, trailing zeros stripped. */
export function toG17(d: number): string {
  const e = d.toExponential(16);
  const ep = e.indexOf('e');
  let exp = parseInt(e.slice(ep + 1), 10);
  let digits = e.slice(0, ep).replace(/^-/, '').replace('.', '');
  // JS rounds a value exactly halfway between two 17-digit decimals up, glibc to the even one.
  const e17 = d.toExponential(17);
  if (e17.charAt(e17.indexOf('e') - 1) === '5') {
    const exact = exactDigits(Math.abs(d));
    if (
      exact.digits.length > 17 &&
      /^50*$/.test(exact.digits.slice(17)) &&
      Number(exact.digits[16]) % 2 === 0
    ) {
      digits = exact.digits.slice(0, 17);
      exp = exact.exp;
    }
  }
  const sign = d < 0 ? '-' : '';
  if (exp < -4 || exp >= 17) {
    const mant = stripZeros(digits[0] + '.' + digits.slice(1));
    const ae = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' + ae : ae}`;
  }
  const fixed =
    exp >= 0 ? digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1) : '0.' + '0'.repeat(-exp - 1) + digits;
  return sign + stripZeros(fixed);
}

/** The exact decimal digits of a finite positive double and the exponent of the first one. */
function exactDigits(d: number): { digits: string; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  let e2 = -1074;
  if (biased !== 0) {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  if (e2 >= 0) {
    const digits = (mant << BigInt(e2)).toString();
    return { digits, exp: digits.length - 1 };
  }
  // mant / 2^k = mant * 5^k / 10^k
  const digits = (mant * 5n ** BigInt(-e2)).toString();
  return { digits, exp: digits.length - 1 + e2 };
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

export class ReplyWriter {
  /** Pending reply bytes (latin1). Only ever appended to: reading it would flatten the rope. */
  out = '';
  /** Error replies written so far (the dispatcher counts failed calls with it). */
  errors = 0;
  /** Code of the last error reply ("ERR", "WRONGTYPE", ...). */
  lastErrorCode = '';
  constructor(public resp: RespVersion = 2) {}

  take(): string {
    const s = this.out;
    this.out = '';
    return s;
  }

  raw(s: string): void {
    this.out += s;
  }

  ok(): void {
    this.out += '+OK\r\n';
  }

  status(s: string): void {
    this.out += '+' + s + CRLF;
  }

  /** `msg` is the full error text including its code, e.g. "ERR syntax error". */
  error(msg: string): void {
    this.errors++;
    const sp = msg.indexOf(' ');
    this.lastErrorCode = sp > 0 ? msg.slice(0, sp) : msg;
    this.out += '-' + (msg.includes('\r') || msg.includes('\n') ? msg.replace(/\r|\n/g, ' ') : msg) + CRLF;
  }

  integer(n: number | bigint): void {
    this.out += ':' + n + CRLF;
  }

  bulk(s: string): void {
    this.out += '$' + s.length + CRLF + s + CRLF;
  }

  /** A bulk string, or null when undefined/null. */
  bulkOrNull(s: string | null | undefined): void {
    if (s === null || s === undefined) this.nullBulk();
    else this.bulk(s);
  }

  nullBulk(): void {
    this.out += this.resp === 3 ? '_\r\n' : '$-1\r\n';
  }

  nullArray(): void {
    this.out += this.resp === 3 ? '_\r\n' : '*-1\r\n';
  }

  arrayLen(n: number): void {
    this.out += '*' + n + CRLF;
  }

  /** A map of n pairs: RESP3 map, RESP2 flat array of 2n. */
  mapLen(n: number): void {
    this.out += this.resp === 3 ? '%' + n + CRLF : '*' + 2 * n + CRLF;
  }

  setLen(n: number): void {
    this.out += this.resp === 3 ? '~' + n + CRLF : '*' + n + CRLF;
  }

  pushLen(n: number): void {
    this.out += this.resp === 3 ? '>' + n + CRLF : '*' + n + CRLF;
  }

  /** RESP3 double; RESP2 bulk string in Redis's %.17g format. */
  double(d: number): void {
    if (this.resp === 3) this.out += ',' + formatDouble(d) + CRLF;
    else this.bulk(formatDouble(d));
  }

  bool(b: boolean): void {
    this.out += this.resp === 3 ? (b ? '#t\r\n' : '#f\r\n') : b ? ':1\r\n' : ':0\r\n';
  }

  /** RESP3 verbatim string (e.g. INFO, CLIENT LIST); RESP2 bulk string. */
  verbatim(s: string, format = 'txt'): void {
    if (this.resp === 3) {
      this.out += '=' + (s.length + 4) + CRLF + format + ':' + s + CRLF;
    } else {
      this.bulk(s);
    }
  }

  bulkArray(items: readonly string[]): void {
    this.arrayLen(items.length);
    for (const s of items) this.out += '$' + s.length + CRLF + s + CRLF;
  }

  /** Array of bulk strings or nulls. */
  bulkOrNullArray(items: readonly (string | null | undefined)[]): void {
    this.arrayLen(items.length);
    for (const s of items) this.bulkOrNull(s);
  }
}
