/**
 * The RDB primitives DUMP/RESTORE and FUNCTION DUMP/RESTORE share (Redis 7.0's rdb.c, crc64.c,
 * lzf_d.c): the payload footer (2-byte RDB version and CRC64, both little-endian), length and string
 * encodings, binary and textual doubles, LZF decompression.
 *
 * A reader works on the bytes of the whole payload, footer included, as Redis's buffer rio does: a
 * value whose lengths run into the footer is read from it (Redis accepts such a payload too).
 */

/** RDB_VERSION of Redis 7.0: what DUMP writes and the highest RESTORE accepts. */
export const RDB_VERSION = 10;

export const RDB_TYPE = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  ZSET_2: 5,
  MODULE: 6,
  MODULE_2: 7,
  HASH_ZIPMAP: 9,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  ZSET_ZIPLIST: 12,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  STREAM_LISTPACKS: 15,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  STREAM_LISTPACKS_2: 19,
} as const;

/** rdbIsObjectType of Redis 7.0 (types 8 and 20+ are not object types there). */
export function isObjectType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 19);
}

export const PAYLOAD_VERSION_ERROR = 'ERR DUMP payload version or checksum are wrong';

// -------------------------------------------------------------------------------------------------
// CRC64 (Jones polynomial, reflected, initial value 0), table-driven on two 32-bit halves
// -------------------------------------------------------------------------------------------------

const CRC_LO = new Uint32Array(256);
const CRC_HI = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let c = BigInt(i);
  for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ 0x95ac9329ac4bc9b5n : c >> 1n;
  CRC_LO[i] = Number(c & 0xffffffffn);
  CRC_HI[i] = Number(c >> 32n);
}

/** Redis's crc64 of bytes [0, end) as [low 32 bits, high 32 bits]. */
function crc64Halves(at: (i: number) => number, end: number): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < end; i++) {
    const idx = (lo ^ at(i)) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ CRC_LO[idx]) >>> 0;
    hi = ((hi >>> 8) ^ CRC_HI[idx]) >>> 0;
  }
  return [lo, hi];
}

/** Redis's crc64 of a latin1 string (one char per byte), over [0, end). */
export function crc64(data: string, end = data.length): bigint {
  const [lo, hi] = crc64Halves((i) => data.charCodeAt(i), end);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

// -------------------------------------------------------------------------------------------------
// Footer
// -------------------------------------------------------------------------------------------------

/** Appends the footer (RDB version, CRC64 of everything before it) to a payload body. */
export function withFooter(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length + 10);
  body.copy(out, 0);
  out[body.length] = RDB_VERSION & 0xff;
  out[body.length + 1] = RDB_VERSION >> 8;
  const [lo, hi] = crc64Halves((i) => out[i], body.length + 2);
  out.writeUInt32LE(lo, body.length + 2);
  out.writeUInt32LE(hi, body.length + 6);
  return out;
}

/** verifyDumpPayload: at least the footer, a version Redis 7.0 reads, a matching CRC64. */
export function footerValid(p: Buffer): boolean {
  const n = p.length;
  if (n < 10) return false;
  if ((p[n - 10] | (p[n - 9] << 8)) > RDB_VERSION) return false;
  const [lo, hi] = crc64Halves((i) => p[i], n - 8);
  return p.readUInt32LE(n - 8) === lo && p.readUInt32LE(n - 4) === hi;
}

// -------------------------------------------------------------------------------------------------
// Writing
// -------------------------------------------------------------------------------------------------

/** A growable byte buffer for payload bodies. */
export class ByteWriter {
  private buf = Buffer.allocUnsafe(256);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** A latin1 string's bytes. */
  latin1(s: string): void {
    this.room(s.length);
    this.length += this.buf.write(s, this.length, s.length, 'latin1');
  }

  bytes(b: Buffer): void {
    this.room(b.length);
    b.copy(this.buf, this.length);
    this.length += b.length;
  }

  u16le(v: number): void {
    this.room(2);
    this.buf.writeUInt16LE(v, this.length);
    this.length += 2;
  }

  u32le(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v >>> 0, this.length);
    this.length += 4;
  }

  i64le(v: bigint): void {
    this.room(8);
    this.buf.writeBigInt64LE(v, this.length);
    this.length += 8;
  }

  f64le(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.length);
    this.length += 8;
  }

  /** Patches a 32-bit little-endian value written earlier. */
  setU32le(at: number, v: number): void {
    this.buf.writeUInt32LE(v >>> 0, at);
  }

  setU16le(at: number, v: number): void {
    this.buf.writeUInt16LE(v, at);
  }

  /** The bytes written (a view, valid until the next write). */
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** rdbSaveLen. */
export function writeLen(w: ByteWriter, n: number): void {
  if (n < 64) w.byte(n);
  else if (n < 16384) {
    w.byte(0x40 | (n >> 8));
    w.byte(n & 0xff);
  } else if (n <= 0xffffffff) {
    w.byte(0x80);
    w.byte((n >>> 24) & 0xff);
    w.byte((n >>> 16) & 0xff);
    w.byte((n >>> 8) & 0xff);
    w.byte(n & 0xff);
  } else {
    w.byte(0x81);
    const hi = Math.floor(n / 2 ** 32);
    for (const v of [hi, n >>> 0]) {
      w.byte((v >>> 24) & 0xff);
      w.byte((v >>> 16) & 0xff);
      w.byte((v >>> 8) & 0xff);
      w.byte(v & 0xff);
    }
  }
}

/** rdbSaveLen of an unsigned 64-bit value (stream IDs and counters). */
export function writeLenBig(w: ByteWriter, v: bigint): void {
  if (v <= 0xffffffffn) {
    writeLen(w, Number(v));
    return;
  }
  w.byte(0x81);
  for (let shift = 56n; shift >= 0n; shift -= 8n) w.byte(Number((v >> shift) & 0xffn));
}

const INT_STRING = /^(0|-?[1-9][0-9]{0,9})$/;

/**
 * rdbSaveRawString without compression: a string that is an integer in canonical form fitting 32
 * bits gets the integer encoding (rdbTryIntegerEncoding), anything else is length + bytes. Redis also
 * LZF-compresses strings over 20 bytes when rdbcompression is yes; RESTORE reads both forms.
 */
export function writeString(w: ByteWriter, s: string | Buffer): void {
  if (s.length <= 11) {
    const text = typeof s === 'string' ? s : s.toString('latin1');
    if (INT_STRING.test(text)) {
      const v = Number(text);
      if (v >= -128 && v <= 127) {
        w.byte(0xc0);
        w.byte(v & 0xff);
        return;
      }
      if (v >= -32768 && v <= 32767) {
        w.byte(0xc1);
        w.u16le(v & 0xffff);
        return;
      }
      if (v >= -2147483648 && v <= 2147483647) {
        w.byte(0xc2);
        w.u32le(v);
        return;
      }
    }
  }
  writeLen(w, s.length);
  if (typeof s === 'string') w.latin1(s);
  else w.bytes(s);
}

// -------------------------------------------------------------------------------------------------
// Reading
// -------------------------------------------------------------------------------------------------

/** Thrown by RdbReader on malformed input; RESTORE turns it into "Bad data format". */
export class BadPayload extends Error {}

/** Largest length accepted for one string (Redis fails to allocate far less than this). */
const MAX_STRING = 2 ** 32;

/** rdbLoad* over a payload (footer included, see the file comment). */
export class RdbReader {
  pos = 0;
  constructor(readonly p: Buffer) {}

  fail(why: string): never {
    throw new BadPayload(why);
  }

  byte(): number {
    if (this.pos >= this.p.length) this.fail('short read');
    return this.p[this.pos++];
  }

  take(n: number): Buffer {
    if (n > this.p.length - this.pos) this.fail('short read');
    const b = this.p.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** rdbLoadLenByRef: a length, or -(encoding + 1) for an encoded string (RDB_ENCVAL). */
  lenOrEnc(): number {
    const b = this.byte();
    const t = b >> 6;
    if (t === 0) return b & 0x3f;
    if (t === 1) return ((b & 0x3f) << 8) | this.byte();
    if (t === 3) return -((b & 0x3f) + 1);
    if (b === 0x80) return this.take(4).readUInt32BE(0);
    if (b === 0x81) {
      const v = this.take(8).readBigUInt64BE(0);
      return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
    }
    return this.fail('unknown length encoding');
  }

  /** rdbLoadLen: a length (for an encoded-value byte, Redis's reader returns its low 6 bits). */
  len(): number {
    const n = this.lenOrEnc();
    return n < 0 ? -n - 1 : n;
  }

  /** rdbLoadLen of an unsigned 64-bit value, exact (stream IDs and counters). */
  lenBig(): bigint {
    const b = this.p[this.pos];
    if (b === 0x81 && this.pos + 9 <= this.p.length) {
      this.pos++;
      return this.take(8).readBigUInt64BE(0);
    }
    return BigInt(this.len());
  }

  /** rdbLoadMillisecondTime: an int64, little-endian (NaN past 2^53: not exact as a number). */
  millis(): number {
    const v = this.take(8).readBigInt64LE(0);
    const n = Number(v);
    return Number.isSafeInteger(n) && BigInt(n) === v ? n : NaN;
  }

  /** rdbGenericLoadStringObject: the string's bytes (integers as their decimal text). */
  string(): Buffer {
    const n = this.lenOrEnc();
    if (n >= 0) {
      if (n > MAX_STRING) this.fail('string too long');
      return this.take(n);
    }
    switch (-n - 1) {
      case 0:
        return Buffer.from(String(this.take(1).readInt8(0)), 'latin1');
      case 1:
        return Buffer.from(String(this.take(2).readInt16LE(0)), 'latin1');
      case 2:
        return Buffer.from(String(this.take(4).readInt32LE(0)), 'latin1');
      case 3: {
        const clen = this.len();
        const olen = this.len();
        // LZF expands at most 264 bytes out of 3 in: a longer claim cannot be met (and is not allocated).
        if (clen > MAX_STRING || olen > clen * 88 + 1) this.fail('LZF string too long');
        const out = lzfDecompress(this.take(clen), olen);
        if (out === null) this.fail('invalid LZF compressed string');
        return out;
      }
      default:
        return this.fail('unknown string encoding');
    }
  }

  /** rdbLoadBinaryDoubleValue. */
  binaryDouble(): number {
    return this.take(8).readDoubleLE(0);
  }

  /** rdbLoadDoubleValue (RDB_TYPE_ZSET): a length byte (253 nan, 254 inf, 255 -inf) and "%lg" text. */
  textDouble(): number {
    const n = this.byte();
    if (n === 253) return NaN;
    if (n === 254) return Infinity;
    if (n === 255) return -Infinity;
    const v = scanDouble(this.take(n).toString('latin1'));
    if (v === null) this.fail('bad double');
    return v;
  }
}

/** sscanf("%lg"): leading spaces, the longest prefix that is a number (inf/nan too); null if none. */
export function scanDouble(s: string): number | null {
  const hex = /^[ \t\n\v\f\r]*([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?/i.exec(s);
  if (hex !== null && (hex[2] !== '' || (hex[3] ?? '') !== '')) {
    // A hexadecimal float: mantissa digits, then a binary exponent.
    const frac = hex[3] ?? '';
    let v = 0;
    for (const d of hex[2] + frac) v = v * 16 + parseInt(d, 16);
    v *= 2 ** (Number(hex[4] ?? 0) - 4 * frac.length);
    return hex[1] === '-' ? -v : v;
  }
  const m = /^[ \t\n\v\f\r]*([+-]?)(inf(inity)?|nan|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/i.exec(s);
  if (m === null) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const body = m[2].toLowerCase();
  if (body.startsWith('inf')) return sign * Infinity;
  if (body === 'nan') return NaN;
  return sign * Number(body);
}

/**
 * lzf_decompress into exactly outLen bytes; null when the data is malformed or does not produce
 * outLen bytes. As in Redis, an expected length of 0 always succeeds (liblzf reports E2BIG and
 * returns 0, which equals it).
 */
export function lzfDecompress(src: Buffer, outLen: number): Buffer | null {
  if (outLen === 0) return Buffer.alloc(0);
  const out = Buffer.allocUnsafe(outLen);
  let ip = 0;
  let op = 0;
  const inEnd = src.length;
  while (ip < inEnd) {
    const ctrl = src[ip++];
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (op + run > outLen) return null;
      if (ip + run > inEnd) return null;
      src.copy(out, op, ip, ip + run);
      op += run;
      ip += run;
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= inEnd) return null;
        len += src[ip++];
      }
      if (ip >= inEnd) return null;
      const ref = op - ((ctrl & 0x1f) << 8) - 1 - src[ip++];
      if (op + len + 2 > outLen) return null;
      if (ref < 0) return null;
      // Byte by byte: a back reference may overlap the bytes it produces.
      for (let i = 0; i < len + 2; i++) out[op + i] = out[ref + i];
      op += len + 2;
    }
  }
  return op === outLen ? out : null;
}
