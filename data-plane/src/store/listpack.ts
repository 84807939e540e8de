/**
 * Byte formats of Redis 7.0's compact encodings, as DUMP writes them and RESTORE reads them:
 * listpack (listpack.c), intset (intset.c) and, for payloads of older Redis versions, ziplist
 * (ziplist.c).
 *
 * Decoders always validate deeply, as Redis does with sanitize-dump-payload yes: every entry's
 * encoding and length, the back-lengths (listpack) or previous-entry lengths (ziplist), the
 * terminator, the entry count in the header, the intset's order. They return null for a malformed
 * blob and never read outside it.
 */
import { ByteWriter } from './rdb';
import { isIntsetMember } from './set';

// -------------------------------------------------------------------------------------------------
// Listpack
// -------------------------------------------------------------------------------------------------

const LP_HDR_SIZE = 6;
const LP_EOF = 0xff;
const LP_NUMELE_UNKNOWN = 0xffff;
/** Bytes of the integer that follows the encodings 0xf1-0xf4 (16, 24, 32 and 64 bits). */
const INT_WIDTHS = [2, 3, 4, 8];

/** lpEncodeBacklen: the entry length l written so it can be read backwards. */
function writeBacklen(w: ByteWriter, l: number): void {
  if (l <= 127) w.byte(l);
  else if (l < 16383) {
    w.byte(l >>> 7);
    w.byte((l & 127) | 128);
  } else if (l < 2097151) {
    w.byte(l >>> 14);
    w.byte(((l >>> 7) & 127) | 128);
    w.byte((l & 127) | 128);
  } else if (l < 268435455) {
    w.byte(l >>> 21);
    w.byte(((l >>> 14) & 127) | 128);
    w.byte(((l >>> 7) & 127) | 128);
    w.byte((l & 127) | 128);
  } else {
    w.byte(Math.floor(l / 2 ** 28));
    w.byte(((l >>> 21) & 127) | 128);
    w.byte(((l >>> 14) & 127) | 128);
    w.byte(((l >>> 7) & 127) | 128);
    w.byte((l & 127) | 128);
  }
}

function backlenSize(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

/** Appends one listpack entry for an integer (lpEncodeIntegerGetType). */
function writeLpInt(w: ByteWriter, v: bigint): void {
  let len: number;
  if (v >= 0n && v <= 127n) {
    w.byte(Number(v));
    len = 1;
  } else if (v >= -4096n && v <= 4095n) {
    const u = Number(v < 0n ? (1n << 13n) + v : v);
    w.byte((u >> 8) | 0xc0);
    w.byte(u & 0xff);
    len = 2;
  } else if (v >= -32768n && v <= 32767n) {
    w.byte(0xf1);
    w.u16le(Number(v < 0n ? (1n << 16n) + v : v));
    len = 3;
  } else if (v >= -8388608n && v <= 8388607n) {
    const u = Number(v < 0n ? (1n << 24n) + v : v);
    w.byte(0xf2);
    w.byte(u & 0xff);
    w.byte((u >> 8) & 0xff);
    w.byte(u >> 16);
    len = 4;
  } else if (v >= -2147483648n && v <= 2147483647n) {
    w.byte(0xf3);
    w.u32le(Number(v));
    len = 5;
  } else {
    w.byte(0xf4);
    w.i64le(v);
    len = 9;
  }
  writeBacklen(w, len);
}

/** Appends one listpack entry for a string (lpAppend: integer encoding when it spells one). */
export function writeLpEntry(w: ByteWriter, s: string): void {
  // string2ll's canonical 64-bit integers: the test an intset member passes.
  if (isIntsetMember(s)) {
    writeLpInt(w, BigInt(s));
    return;
  }
  const n = s.length;
  let len: number;
  if (n < 64) {
    w.byte(0x80 | n);
    len = 1 + n;
  } else if (n < 4096) {
    w.byte(0xe0 | (n >> 8));
    w.byte(n & 0xff);
    len = 2 + n;
  } else {
    w.byte(0xf0);
    w.u32le(n);
    len = 5 + n;
  }
  w.latin1(s);
  writeBacklen(w, len);
}

/** A listpack holding the strings in order (what lpAppend builds), as bytes. */
export function encodeListpack(items: Iterable<string>): Buffer {
  const w = new ByteWriter();
  w.u32le(0);
  w.u16le(0);
  let count = 0;
  for (const s of items) {
    writeLpEntry(w, s);
    count++;
  }
  w.byte(LP_EOF);
  w.setU32le(0, w.length);
  w.setU16le(4, count < LP_NUMELE_UNKNOWN ? count : LP_NUMELE_UNKNOWN);
  return Buffer.from(w.view());
}

/** lpDecodeBacklen reading backwards from p[at]; -1 when it uses more than 5 bytes. */
function readBacklen(p: Buffer, at: number, lo: number): number {
  let val = 0;
  let mul = 1;
  for (let shift = 0; ; shift += 7) {
    if (at < lo) return -1;
    const b = p[at];
    val += (b & 127) * mul;
    if ((b & 128) === 0) return val;
    mul *= 128;
    at--;
    if (shift + 7 > 28) return -1;
  }
}

/**
 * The entries of a listpack as strings (integers in decimal), validated as lpValidateIntegrity
 * with deep validation does; null when malformed. `checkCount` false skips the element count of the
 * header, as Redis's stream validation does (it walks the entries itself).
 */
export function decodeListpack(p: Buffer, checkCount = true): string[] | null {
  const size = p.length;
  if (size < LP_HDR_SIZE + 1) return null;
  if (p.readUInt32LE(0) !== size) return null;
  if (p[size - 1] !== LP_EOF) return null;
  const numele = p.readUInt16LE(4);
  const out: string[] = [];
  const last = size - 1;
  let pos = LP_HDR_SIZE;
  while (p[pos] !== LP_EOF) {
    const b = p[pos];
    let hdr: number; // encoding bytes before the data
    let dataLen: number; // data bytes (string) or integer bytes
    let isStr = false;
    if (b < 0x80) {
      hdr = 1;
      dataLen = 0;
    } else if ((b & 0xc0) === 0x80) {
      hdr = 1;
      dataLen = b & 0x3f;
      isStr = true;
    } else if ((b & 0xe0) === 0xc0) {
      hdr = 1;
      dataLen = 1;
    } else if ((b & 0xf0) === 0xe0) {
      hdr = 2;
      isStr = true;
      if (pos + 1 > last) return null;
      dataLen = ((b & 0x0f) << 8) | p[pos + 1];
    } else if (b === 0xf0) {
      hdr = 5;
      isStr = true;
      if (pos + 5 > last) return null;
      dataLen = p.readUInt32LE(pos + 1);
    } else if (b >= 0xf1 && b <= 0xf4) {
      hdr = 1;
      dataLen = INT_WIDTHS[b - 0xf1];
    } else return null;
    const entryLen = hdr + dataLen;
    const backlen = backlenSize(entryLen);
    const next = pos + entryLen + backlen;
    if (next > last) return null;
    if (readBacklen(p, next - 1, LP_HDR_SIZE) + backlen !== entryLen + backlen) return null;
    if (isStr) out.push(p.toString('latin1', pos + hdr, pos + hdr + dataLen));
    else out.push(lpIntAt(p, pos, b));
    pos = next;
  }
  if (pos !== last) return null;
  if (checkCount && numele !== LP_NUMELE_UNKNOWN && numele !== out.length) return null;
  return out;
}

/** The decimal text of the integer entry at pos (encoding byte b). */
function lpIntAt(p: Buffer, pos: number, b: number): string {
  if (b < 0x80) return String(b);
  if ((b & 0xe0) === 0xc0) {
    const u = ((b & 0x1f) << 8) | p[pos + 1];
    return String(u >= 4096 ? u - 8192 : u);
  }
  if (b === 0xf1) return String(p.readInt16LE(pos + 1));
  if (b === 0xf2) return String(p.readIntLE(pos + 1, 3));
  if (b === 0xf3) return String(p.readInt32LE(pos + 1));
  return String(p.readBigInt64LE(pos + 1));
}

// -------------------------------------------------------------------------------------------------
// Intset
// -------------------------------------------------------------------------------------------------

/**
 * An intset of the given members (canonical integers, sorted ascending, distinct), in the smallest
 * encoding that holds them all (what an intset built by adding them has).
 */
export function encodeIntset(members: readonly string[]): Buffer {
  const values = members.map((m) => BigInt(m));
  let width = 2;
  for (const v of values) {
    if (v < -2147483648n || v > 2147483647n) width = 8;
    else if (width < 4 && (v < -32768n || v > 32767n)) width = 4;
  }
  const out = Buffer.allocUnsafe(8 + width * values.length);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(values.length, 4);
  for (let i = 0; i < values.length; i++) {
    const at = 8 + i * width;
    if (width === 2) out.writeInt16LE(Number(values[i]), at);
    else if (width === 4) out.writeInt32LE(Number(values[i]), at);
    else out.writeBigInt64LE(values[i], at);
  }
  return out;
}

/** The members of an intset in order, validated deeply (intsetValidateIntegrity); null if malformed. */
export function decodeIntset(p: Buffer): string[] | null {
  if (p.length < 8) return null;
  const width = p.readUInt32LE(0);
  if (width !== 2 && width !== 4 && width !== 8) return null;
  const count = p.readUInt32LE(4);
  if (8 + count * width !== p.length) return null;
  if (count === 0) return null;
  const out: string[] = [];
  let prev: bigint | null = null;
  for (let i = 0; i < count; i++) {
    const at = 8 + i * width;
    const v =
      width === 2
        ? BigInt(p.readInt16LE(at))
        : width === 4
          ? BigInt(p.readInt32LE(at))
          : p.readBigInt64LE(at);
    if (prev !== null && v <= prev) return null;
    prev = v;
    out.push(String(v));
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Ziplist (read only: Redis 7.0 reads it from payloads of older versions)
// -------------------------------------------------------------------------------------------------

const ZL_HEADER = 10;

/** The entries of a ziplist as strings, validated as ziplistValidateIntegrity (deep); null if malformed. */
export function decodeZiplist(p: Buffer): string[] | null {
  const size = p.length;
  if (size < ZL_HEADER + 1) return null;
  if (p.readUInt32LE(0) !== size) return null;
  if (p[size - 1] !== 0xff) return null;
  const tail = p.readUInt32LE(4);
  if (tail > size - 1) return null;
  const headerCount = p.readUInt16LE(8);
  const first = ZL_HEADER;
  const last = size - 1;
  const out: string[] = [];
  let pos = first;
  let prevRaw = 0;
  let prevPos = -1;
  while (p[pos] !== 0xff) {
    if (pos < first || pos > last) return null;
    const prevSize = p[pos] < 254 ? 1 : 5;
    if (pos + prevSize > last) return null;
    const prevLen = prevSize === 1 ? p[pos] : p.readUInt32LE(pos + 1);
    const e = pos + prevSize;
    let enc = p[e];
    if (enc < 0xc0) enc &= 0xc0;
    let lenSize: number;
    let len: number;
    if (enc === 0x00) lenSize = 1;
    else if (enc === 0x40) lenSize = 2;
    else if (enc === 0x80) lenSize = 5;
    else if (enc === 0xc0 || enc === 0xd0 || enc === 0xe0 || enc === 0xf0 || enc === 0xfe) lenSize = 1;
    else if (enc >= 0xf1 && enc <= 0xfd) lenSize = 1;
    else return null;
    if (e + lenSize > last) return null;
    if (enc === 0x00) len = p[e] & 0x3f;
    else if (enc === 0x40) len = ((p[e] & 0x3f) << 8) | p[e + 1];
    else if (enc === 0x80) len = p.readUInt32BE(e + 1);
    else if (enc === 0xc0) len = 2;
    else if (enc === 0xd0) len = 4;
    else if (enc === 0xe0) len = 8;
    else if (enc === 0xf0) len = 3;
    else if (enc === 0xfe) len = 1;
    else len = 0;
    const headerSize = prevSize + lenSize;
    if (pos + headerSize + len > last) return null;
    if (pos - prevLen < first) return null;
    if (prevLen !== prevRaw) return null;
    const d = pos + headerSize;
    if (enc < 0xc0) out.push(p.toString('latin1', d, d + len));
    else if (enc === 0xc0) out.push(String(p.readInt16LE(d)));
    else if (enc === 0xd0) out.push(String(p.readInt32LE(d)));
    else if (enc === 0xe0) out.push(String(p.readBigInt64LE(d)));
    else if (enc === 0xf0) out.push(String(p.readIntLE(d, 3)));
    else if (enc === 0xfe) out.push(String(p.readInt8(d)));
    else out.push(String((enc & 0x0f) - 1));
    prevRaw = headerSize + len;
    prevPos = pos;
    pos += headerSize + len;
  }
  if (pos !== last) return null;
  if (prevPos !== -1 && prevPos !== tail) return null;
  if (headerCount !== 0xffff && headerCount !== out.length) return null;
  return out;
}
