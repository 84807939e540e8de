/**
 * Bitmap commands on string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO.
 * Strings are latin1 JS strings, so a byte is a char code. JS strings are immutable: a write builds a
 * new string from slices of the old one (V8 joins them as a rope, flattened on the next read), so a
 * write costs one copy of the string at worst, where Redis writes in place.
 */
import { CommandError, Err } from '../protocol/errors';
import type { Client } from '../server/client';
import { ValueType } from '../store/keyspace';
import { bothNegativeReversed, checkStringLength, MAX_STRING_LENGTH, smallInt } from './strings';
import { parseI64, parseInteger } from './args';
import { deleted, written } from './ritual';
import { KEY1, type CommandSpec } from './table';

// -------------------------------------------------------------------------------------------------
// Helpers
// -------------------------------------------------------------------------------------------------

/** Bits set in each byte value. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1];

/** A long long argument; values beyond 2^53 clamp to the safe range (same meaning for any string length). */
function llArg(s: string, error: string = Err.notInteger): number {
  const n = smallInt(s);
  if (n === n) return n;
  const v = parseInteger(s);
  if (v === null) throw new CommandError(error);
  return v;
}

/**
 * getBitOffsetFromArgument: a bit offset, optionally "#n" (n * bits) for BITFIELD; negative or
 * beyond proto-max-bulk-len bytes is an error.
 */
function bitOffset(c: Client, arg: string, hash: boolean, bits: number): number {
  const useHash = hash && bits > 0 && arg.charCodeAt(0) === 35; /* # */
  const text = useHash ? arg.slice(1) : arg;
  let off = smallInt(text);
  if (off !== off) {
    const big = parseI64(text);
    if (big === null) throw new CommandError(Err.bitOffset);
    const v = useHash ? BigInt.asIntN(64, big * BigInt(bits)) : big;
    if (v < 0n || v >> 3n >= BigInt(c.server.protoMaxBulkLen)) throw new CommandError(Err.bitOffset);
    return Number(v);
  }
  if (useHash) off *= bits;
  if (off < 0 || Math.floor(off / 8) >= c.server.protoMaxBulkLen) throw new CommandError(Err.bitOffset);
  return off;
}

/** The string with byte i replaced. */
function withByte(s: string, i: number, byte: number): string {
  return s.slice(0, i) + String.fromCharCode(byte) + s.slice(i + 1);
}

/** A 32-bit view of a buffer's whole words, or null when it is not 4-byte aligned. */
function words(b: Buffer): Uint32Array | null {
  return b.byteOffset % 4 === 0 ? new Uint32Array(b.buffer, b.byteOffset, b.length >>> 2) : null;
}

/** Set bits in s[from..to] (bytes, inclusive); long ranges are copied out and counted a word at a time. */
function popcount(s: string, from: number, to: number): number {
  let n = 0;
  if (to - from < 1024) {
    for (let i = from; i <= to; i++) n += POPCOUNT[s.charCodeAt(i)];
    return n;
  }
  const b = Buffer.from(s.substring(from, to + 1), 'latin1');
  const w = words(b);
  let i = 0;
  if (w !== null) {
    for (let k = 0; k < w.length; k++) {
      let x = w[k];
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      n += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    i = w.length * 4;
  }
  for (; i < b.length; i++) n += POPCOUNT[b[i]];
  return n;
}

// -------------------------------------------------------------------------------------------------
// SETBIT, GETBIT
// -------------------------------------------------------------------------------------------------

// SETBIT key offset value
function setbit(c: Client, argv: string[]): void {
  const key = argv[1];
  const offset = bitOffset(c, argv[2], false, 0);
  const on = smallInt(argv[3]);
  if (on !== 0 && on !== 1) throw new CommandError(Err.bitValue);
  const db = c.db;
  const cur = db.getForWrite<string>(key, ValueType.String);
  const byte = Math.floor(offset / 8);
  const shift = 7 - (offset % 8);
  checkStringLength(c, byte, 1);
  let s = cur ?? '';
  let old = 0;
  let next: string | undefined;
  if (byte >= s.length) {
    next = s + '\0'.repeat(byte - s.length) + String.fromCharCode(on << shift);
  } else {
    const b = s.charCodeAt(byte);
    old = (b >> shift) & 1;
    if (old !== on) next = withByte(s, byte, (b & ~(1 << shift)) | (on << shift));
  }
  if (next !== undefined) {
    s = next;
    db.set(key, ValueType.String, s, true);
    written(c, key, '$', 'setbit');
  }
  c.reply.integer(old);
}

// GETBIT key offset
function getbit(c: Client, argv: string[]): void {
  const offset = bitOffset(c, argv[2], false, 0);
  const s = c.db.get<string>(argv[1], ValueType.String);
  const byte = Math.floor(offset / 8);
  if (s === undefined || byte >= s.length) c.reply.integer(0);
  else c.reply.integer((s.charCodeAt(byte) >> (7 - (offset % 8))) & 1);
}

// -------------------------------------------------------------------------------------------------
// BITCOUNT, BITPOS
// -------------------------------------------------------------------------------------------------

/** BIT or BYTE (case-insensitive); anything else is a syntax error. */
function isBitUnit(arg: string): boolean {
  const u = arg.toUpperCase();
  if (u === 'BIT') return true;
  if (u === 'BYTE') return false;
  throw new CommandError(Err.syntax);
}

// BITCOUNT key [start end [BYTE | BIT]]
function bitcount(c: Client, argv: string[]): void {
  const s = c.db.get<string>(argv[1], ValueType.String);
  if (s === undefined) {
    c.reply.integer(0);
    return;
  }
  const strlen = s.length;
  let start: number;
  let end: number;
  let firstMask = 0;
  let lastMask = 0;
  if (argv.length === 4 || argv.length === 5) {
    start = llArg(argv[2]);
    end = llArg(argv[3]);
    if (bothNegativeReversed(argv[2], argv[3])) {
      c.reply.integer(0);
      return;
    }
    const isBit = argv.length === 5 && isBitUnit(argv[4]);
    const total = isBit ? strlen * 8 : strlen;
    if (start < 0) start = total + start;
    if (end < 0) end = total + end;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
    if (isBit && start <= end) {
      firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
      lastMask = (1 << (7 - (end & 7))) - 1;
      start = Math.floor(start / 8);
      end = Math.floor(end / 8);
    }
  } else if (argv.length === 2) {
    start = 0;
    end = strlen - 1;
  } else {
    throw new CommandError(Err.syntax);
  }
  if (start > end) {
    c.reply.integer(0);
    return;
  }
  let count = popcount(s, start, end);
  if (firstMask !== 0) count -= POPCOUNT[s.charCodeAt(start) & firstMask];
  if (lastMask !== 0) count -= POPCOUNT[s.charCodeAt(end) & lastMask];
  c.reply.integer(count);
}

// BITPOS key bit [start [end [BYTE | BIT]]]
function bitpos(c: Client, argv: string[]): void {
  const bitArg = llArg(argv[2]);
  if (bitArg !== 0 && bitArg !== 1) throw new CommandError(Err.bitArgument);
  const bit = bitArg;
  const s = c.db.get<string>(argv[1], ValueType.String);
  if (s === undefined) {
    c.reply.integer(bit ? -1 : 0);
    return;
  }
  const strlen = s.length;
  let startBit: number;
  let endBit: number;
  let endGiven = false;
  if (argv.length >= 4 && argv.length <= 6) {
    let start = llArg(argv[3]);
    const isBit = argv.length === 6 && isBitUnit(argv[5]);
    let end: number;
    if (argv.length >= 5) {
      end = llArg(argv[4]);
      endGiven = true;
    } else {
      end = isBit ? strlen * 8 + 7 : strlen - 1;
    }
    const total = isBit ? strlen * 8 : strlen;
    if (start < 0) start = total + start;
    if (end < 0) end = total + end;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
    if (start > end) {
      c.reply.integer(-1);
      return;
    }
    startBit = isBit ? start : start * 8;
    endBit = isBit ? end : end * 8 + 7;
  } else if (argv.length === 3) {
    if (strlen === 0) {
      c.reply.integer(-1);
      return;
    }
    startBit = 0;
    endBit = strlen * 8 - 1;
  } else {
    throw new CommandError(Err.syntax);
  }
  // First bit equal to `bit` in [startBit, endBit]; whole bytes that cannot contain it are skipped.
  const skip = bit ? 0 : 0xff;
  const firstByte = Math.floor(startBit / 8);
  const lastByte = Math.floor(endBit / 8);
  for (let i = firstByte; i <= lastByte; i++) {
    const b = s.charCodeAt(i);
    if (b === skip) continue;
    const from = i === firstByte ? startBit & 7 : 0;
    const to = i === lastByte ? endBit & 7 : 7;
    for (let k = from; k <= to; k++) {
      if (((b >> (7 - k)) & 1) === bit) {
        c.reply.integer(i * 8 + k);
        return;
      }
    }
  }
  // Not found: no set bit is -1; a clear bit is looked for past the range unless an end was given.
  c.reply.integer(bit === 1 || endGiven ? -1 : (lastByte + 1) * 8);
}

// -------------------------------------------------------------------------------------------------
// BITOP
// -------------------------------------------------------------------------------------------------

// BITOP <AND | OR | XOR | NOT> destkey key [key ...]
function bitop(c: Client, argv: string[]): void {
  const op = argv[1].toUpperCase();
  if (op !== 'AND' && op !== 'OR' && op !== 'XOR' && op !== 'NOT') throw new CommandError(Err.syntax);
  if (op === 'NOT' && argv.length !== 4) throw new CommandError(Err.bitopNotOneKey);
  const db = c.db;
  const n = argv.length - 3;
  const srcs: Buffer[] = [];
  let maxlen = 0;
  let minlen = 0;
  for (let j = 0; j < n; j++) {
    const v = db.get<string>(argv[j + 3], ValueType.String);
    const b = v === undefined ? Buffer.alloc(0) : Buffer.from(v, 'latin1');
    srcs.push(b);
    if (b.length > maxlen) maxlen = b.length;
    if (j === 0 || b.length < minlen) minlen = b.length;
  }
  const target = argv[2];
  if (maxlen === 0) {
    if (db.delete(target)) deleted(c, target);
    c.reply.integer(0);
    return;
  }
  const res = Buffer.alloc(maxlen);
  srcs[0].copy(res);
  const rw = words(res);
  if (op === 'NOT') {
    let i = 0;
    if (rw !== null) for (; i < rw.length; i++) rw[i] = ~rw[i];
    for (i *= 4; i < maxlen; i++) res[i] = ~res[i] & 0xff;
  } else {
    for (let j = 1; j < n; j++) {
      const src = srcs[j];
      const len = src.length;
      // Whole words first when both sides are aligned, then the remaining bytes.
      const sw = rw !== null ? words(src) : null;
      let i = 0;
      if (op === 'AND') {
        if (sw !== null) for (; i < sw.length; i++) rw![i] &= sw[i];
        for (i *= 4; i < len; i++) res[i] &= src[i];
        res.fill(0, len);
      } else if (op === 'OR') {
        if (sw !== null) for (; i < sw.length; i++) rw![i] |= sw[i];
        for (i *= 4; i < len; i++) res[i] |= src[i];
      } else {
        if (sw !== null) for (; i < sw.length; i++) rw![i] ^= sw[i];
        for (i *= 4; i < len; i++) res[i] ^= src[i];
      }
    }
  }
  db.set(target, ValueType.String, res.toString('latin1'));
  written(c, target, '$', 'set');
  c.reply.integer(maxlen);
}

// -------------------------------------------------------------------------------------------------
// BITFIELD, BITFIELD_RO
// -------------------------------------------------------------------------------------------------

const OP_GET = 0;
const OP_SET = 1;
const OP_INCRBY = 2;
const OW_WRAP = 0;
const OW_SAT = 1;
const OW_FAIL = 2;

interface BitfieldOp {
  offset: number;
  value: bigint;
  opcode: number;
  overflow: number;
  bits: number;
  signed: boolean;
}

/** getBitfieldTypeFromArgument: i1..i64 or u1..u63 (the letter is case-sensitive, as in Redis). */
function bitfieldType(arg: string): { signed: boolean; bits: number } {
  const first = arg.charCodeAt(0);
  const signed = first === 105; /* i */
  if (!signed && first !== 117 /* u */) throw new CommandError(Err.bitfieldType);
  const bits = smallInt(arg.slice(1));
  if (bits !== bits || bits < 1 || (signed && bits > 64) || (!signed && bits > 63))
    throw new CommandError(Err.bitfieldType);
  return { signed, bits };
}

/** Reads `bits` bits at bit `offset` of s (zero past the end) as an unsigned value. */
function getBits(s: string, offset: number, bits: number): bigint {
  let v = 0n;
  const len = s.length;
  for (let j = 0; j < bits; j++, offset++) {
    const byte = Math.floor(offset / 8);
    const b = byte < len ? s.charCodeAt(byte) : 0;
    v = (v << 1n) | BigInt((b >> (7 - (offset & 7))) & 1);
  }
  return v;
}

/** Writes the low `bits` bits of value at bit `offset` (s is long enough). */
function setBits(s: string, offset: number, bits: number, value: bigint): string {
  const firstByte = Math.floor(offset / 8);
  const lastByte = Math.floor((offset + bits - 1) / 8);
  const window = new Uint8Array(lastByte - firstByte + 1);
  for (let i = 0; i < window.length; i++) window[i] = s.charCodeAt(firstByte + i);
  let rel = offset - firstByte * 8;
  for (let j = 0; j < bits; j++, rel++) {
    const bit = Number((value >> BigInt(bits - 1 - j)) & 1n);
    const k = rel >> 3;
    const shift = 7 - (rel & 7);
    window[k] = (window[k] & ~(1 << shift)) | (bit << shift);
  }
  return s.slice(0, firstByte) + String.fromCharCode(...window) + s.slice(lastByte + 1);
}

/** checkUnsignedBitfieldOverflow: 0, or 1/-1 with the value to store (wrapped or saturated). */
function unsignedOverflow(value: bigint, incr: bigint, bits: number, ow: number): [number, bigint] {
  const max = (1n << BigInt(bits)) - 1n;
  const maxIncr = max - value;
  const minIncr = -value;
  if (value > max || (incr > 0n && incr > maxIncr)) {
    return [1, ow === OW_SAT ? max : BigInt.asUintN(bits, value + incr)];
  }
  if (incr < 0n && incr < minIncr) {
    return [-1, ow === OW_SAT ? 0n : BigInt.asUintN(bits, value + incr)];
  }
  return [0, 0n];
}

/** checkSignedBitfieldOverflow, with C's 64-bit wrap-around in the intermediate differences. */
function signedOverflow(value: bigint, incr: bigint, bits: number, ow: number): [number, bigint] {
  const max = bits === 64 ? (1n << 63n) - 1n : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxIncr = BigInt.asIntN(64, max - value);
  const minIncr = BigInt.asIntN(64, min - value);
  if (value > max || (bits !== 64 && incr > maxIncr) || (value >= 0n && incr > 0n && incr > maxIncr)) {
    return [1, ow === OW_SAT ? max : BigInt.asIntN(bits, value + incr)];
  }
  if (value < min || (bits !== 64 && incr < minIncr) || (value < 0n && incr < 0n && incr < minIncr)) {
    return [-1, ow === OW_SAT ? min : BigInt.asIntN(bits, value + incr)];
  }
  return [0, 0n];
}

function bitfieldGeneric(c: Client, argv: string[], readonlyCommand: boolean): void {
  const ops: BitfieldOp[] = [];
  let overflow = OW_WRAP;
  let readonly = true;
  let highestWrite = 0;
  for (let j = 2; j < argv.length; j++) {
    const remaining = argv.length - j - 1;
    const sub = argv[j].toUpperCase();
    let opcode: number;
    if (sub === 'GET' && remaining >= 2) opcode = OP_GET;
    else if (sub === 'SET' && remaining >= 3) opcode = OP_SET;
    else if (sub === 'INCRBY' && remaining >= 3) opcode = OP_INCRBY;
    else if (sub === 'OVERFLOW' && remaining >= 1) {
      const t = argv[++j].toUpperCase();
      if (t === 'WRAP') overflow = OW_WRAP;
      else if (t === 'SAT') overflow = OW_SAT;
      else if (t === 'FAIL') overflow = OW_FAIL;
      else throw new CommandError(Err.bitfieldOverflowType);
      continue;
    } else {
      throw new CommandError(Err.syntax);
    }
    const { signed, bits } = bitfieldType(argv[j + 1]);
    const offset = bitOffset(c, argv[j + 2], true, bits);
    let value = 0n;
    if (opcode !== OP_GET) {
      readonly = false;
      if (highestWrite < offset + bits - 1) highestWrite = offset + bits - 1;
      const v = parseI64(argv[j + 3]);
      if (v === null) throw new CommandError(Err.notInteger);
      value = v;
    }
    ops.push({ offset, value, opcode, overflow, bits, signed });
    j += opcode === OP_GET ? 2 : 3;
  }

  const key = argv[1];
  const db = c.db;
  let s: string;
  let padded = false;
  if (readonly) {
    s = db.get<string>(key, ValueType.String) ?? '';
  } else {
    if (readonlyCommand) throw new CommandError(Err.bitfieldRoGetOnly);
    const cur = db.getForWrite<string>(key, ValueType.String);
    s = cur ?? '';
    const need = Math.floor(highestWrite / 8) + 1;
    if (need > MAX_STRING_LENGTH) throw new CommandError(Err.stringTooLong);
    if (cur === undefined || s.length < need) {
      padded = true;
      if (s.length < need) s += '\0'.repeat(need - s.length);
    }
  }

  const r = c.reply;
  r.arrayLen(ops.length);
  let changes = 0;
  for (const op of ops) {
    if (op.opcode === OP_GET) {
      const u = getBits(s, op.offset, op.bits);
      r.integer(op.signed ? BigInt.asIntN(op.bits, u) : u);
      continue;
    }
    const oldU = getBits(s, op.offset, op.bits);
    const old = op.signed ? BigInt.asIntN(op.bits, oldU) : oldU;
    let next: bigint;
    let ret: bigint;
    let over: number;
    if (op.signed) {
      if (op.opcode === OP_INCRBY) {
        const [o, limit] = signedOverflow(old, op.value, op.bits, op.overflow);
        over = o;
        next = o ? limit : old + op.value;
        ret = next;
      } else {
        const [o, limit] = signedOverflow(op.value, 0n, op.bits, op.overflow);
        over = o;
        next = o ? limit : op.value;
        ret = old;
      }
    } else {
      if (op.opcode === OP_INCRBY) {
        const [o, limit] = unsignedOverflow(old, op.value, op.bits, op.overflow);
        over = o;
        next = o ? limit : old + op.value;
        ret = next;
      } else {
        const v = BigInt.asUintN(64, op.value);
        const [o, limit] = unsignedOverflow(v, 0n, op.bits, op.overflow);
        over = o;
        next = o ? limit : v;
        ret = old;
      }
    }
    if (over !== 0 && op.overflow === OW_FAIL) {
      r.nullBulk();
      continue;
    }
    r.integer(ret);
    s = setBits(s, op.offset, op.bits, next);
    if (padded || old !== next) changes++;
  }
  if (readonly) return;
  if (changes > 0 || padded) db.set(key, ValueType.String, s, true);
  if (changes > 0) {
    written(c, key, '$', 'setbit');
    c.server.dirty += changes - 1;
  }
}

// BITFIELD key [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding offset increment> [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding offset increment> ...]]
function bitfield(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, false);
}

// BITFIELD_RO key [GET encoding offset [GET encoding offset ...]]
function bitfieldRo(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, true);
}

// -------------------------------------------------------------------------------------------------
// The table (as in Redis 7.0's src/commands/*.json)
// -------------------------------------------------------------------------------------------------

export const bitCommands: CommandSpec[] = [
  {
    name: 'setbit',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: KEY1,
    acl: ['bitmap'],
    group: 'bitmap',
    summary: 'Sets or clears the bit at offset in the string value stored at key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: setbit,
  },
  {
    name: 'getbit',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: KEY1,
    acl: ['bitmap'],
    group: 'bitmap',
    summary: 'Returns the bit value at offset in the string value stored at key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: getbit,
  },
  {
    name: 'bitcount',
    arity: -2,
    flags: ['readonly'],
    keys: KEY1,
    acl: ['bitmap'],
    group: 'bitmap',
    summary: 'Count set bits in a string',
    since: '2.6.0',
    complexity: 'O(N)',
    handler: bitcount,
  },
  {
    name: 'bitpos',
    arity: -3,
    flags: ['readonly'],
    keys: KEY1,
    acl: ['bitmap'],
    group: 'bitmap',
    summary: 'Find first bit set or clear in a string',
    since: '2.8.7',
    complexity: 'O(N)',
    handler: bitpos,
  },
  {
    name: 'bitop',
    arity: -4,
    flags: ['write', 'denyoom'],
    keys: { first: 2, last: -1, step: 1 },
    acl: ['bitmap'],
    group: 'bitmap',
    summary: 'Perform bitwise operations between strings',
    since: '2.6.0',
    complexity: 'O(N)',
    handler: bitop,
  },
  {
    name: 'bitfield',
    arity: -2,
    flags: ['write', 'denyoom'],
    keys: KEY1,
    acl: ['bitmap'],
    group: 'bitmap',
    summary: 'Perform arbitrary bitfield integer operations on strings',
    since: '3.2.0',
    complexity: 'O(1) for each subcommand specified',
    handler: bitfield,
  },
  {
    name: 'bitfield_ro',
    arity: -2,
    flags: ['readonly', 'fast'],
    keys: KEY1,
    acl: ['bitmap'],
    group: 'bitmap',
    summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD',
    since: '6.0.0',
    complexity: 'O(1) for each subcommand specified',
    handler: bitfieldRo,
  },
];
