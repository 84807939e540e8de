/**
 * HyperLogLog commands: PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST.
 *
 * A HyperLogLog is a string value in Redis's own format, so GET/SET, DUMP/RESTORE and replication
 * tools move it between strata and Redis unchanged, and PFCOUNT gives the same estimate on both:
 *
 * - a 16-byte header: "HYLL", the encoding (0 dense, 1 sparse), 3 unused bytes, the cached
 *   cardinality as 8 bytes little-endian, whose top bit set means "stale";
 * - dense: 16384 registers of 6 bits packed least significant bit first (12,288 bytes);
 * - sparse: run-length opcodes over the registers, ZERO 00xxxxxx (1-64 zero registers), XZERO
 *   01xxxxxx yyyyyyyy (1-16384 zero registers) and VAL 1vvvvvxx (1-4 registers of value 1-32). A
 *   sparse value becomes dense when a register needs more than 32 or it would grow past
 *   hll-sparse-max-bytes.
 *
 * An element goes to register (MurmurHash64A(element, seed 0xadc83b19) & 16383), whose value is the
 * position of the first 1 bit in the remaining 50 bits (at most 51). PFCOUNT uses Ertl's improved
 * raw estimator over the registers' histogram, as Redis 5 and later do.
 *
 * Strings are latin1 JS strings (a byte per char); a command decodes the value into bytes, works on
 * them as Redis works in place, and stores the result as a new string.
 */
import { CommandError } from '../protocol/errors';
import type { Client } from '../server/client';
import { ValueType } from '../store/keyspace';
import { written } from './ritual';
import { familySpec, KEYS_ALL, type CommandSpec } from './table';

const P = 14;
const REGISTERS = 1 << P;
const Q = 64 - P;
const REGISTER_MAX = 63;
const HDR = 16;
const DENSE_SIZE = HDR + ((REGISTERS * 6 + 7) >> 3);
const DENSE = 0;
const SPARSE = 1;
const VAL_MAX_VALUE = 32;
const VAL_MAX_LEN = 4;
const ZERO_MAX_LEN = 64;
const ALPHA_INF = 0.5 / Math.LN2;

const MAGIC = 'HYLL';
/** An empty sparse value: the header, then XZERO of 16384 registers (01 111111 11111111). */
const EMPTY = MAGIC + String.fromCharCode(SPARSE) + '\0'.repeat(HDR - 5) + '\x7f\xff';
const NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
const INVALID = 'INVALIDOBJ Corrupted HLL object detected';

// -------------------------------------------------------------------------------------------------
// MurmurHash64A on 32-bit halves (64-bit products modulo 2^64 without BigInt)
// -------------------------------------------------------------------------------------------------

const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const SEED = 0xadc83b19;

/** The result of mulM and murmur64a: high and low 32 bits. */
let hi = 0;
let lo = 0;

/** (hi, lo) = (ah, al) * m modulo 2^64. */
function mulM(ah: number, al: number): void {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = M_LO & 0xffff;
  const b1 = M_LO >>> 16;
  const mid = a1 * b0 + a0 * b1; // < 2^33: exact
  const low = a0 * b0 + (mid % 65536) * 65536; // < 2^33: exact
  const carry = Math.floor(low / 4294967296);
  const high = a1 * b1 + Math.floor(mid / 65536) + carry + Math.imul(ah, M_LO) + Math.imul(al, M_HI);
  hi = high >>> 0;
  lo = low >>> 0;
}

/** MurmurHash64A of bytes[0, len) with Redis's HyperLogLog seed; the hash is left in (hi, lo). */
function murmur64a(bytes: Uint8Array, len: number): void {
  mulM(0, len);
  let hh = hi;
  let hl = (lo ^ SEED) >>> 0;
  const whole = len - (len & 7);
  for (let i = 0; i < whole; i += 8) {
    mulM(
      (bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] << 24)) >>> 0,
      (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0,
    );
    mulM(hi, (lo ^ (hi >>> 15)) >>> 0); // k ^= k >> 47; k *= m
    mulM((hh ^ hi) >>> 0, (hl ^ lo) >>> 0); // h ^= k; h *= m
    hh = hi;
    hl = lo;
  }
  const rest = len & 7;
  if (rest > 0) {
    let th = 0;
    let tl = 0;
    for (let j = rest - 1; j >= 0; j--) {
      const b = bytes[whole + j];
      if (j >= 4) th |= b << ((j - 4) * 8);
      else tl |= b << (j * 8);
    }
    mulM((hh ^ th) >>> 0, (hl ^ tl) >>> 0);
    hh = hi;
    hl = lo;
  }
  mulM(hh, (hl ^ (hh >>> 15)) >>> 0);
  hi = hi >>> 0;
  lo = (lo ^ (hi >>> 15)) >>> 0;
}

/** Scratch bytes for hashing string elements. */
let scratch = Buffer.alloc(256);

/** The register an element goes to (in `patIndex`) and the count it brings (returned). */
let patIndex = 0;
function patLenOf(bytes: Uint8Array, len: number): number {
  murmur64a(bytes, len);
  patIndex = lo & (REGISTERS - 1);
  // The first 1 bit at or above bit P, counted from 1; bit 64 stands in when there is none.
  const low = lo >>> P;
  if (low !== 0) return 32 - Math.clz32(low & -low);
  if (hi !== 0) return 32 - P + 32 - Math.clz32(hi & -hi);
  return Q + 1;
}

function patLen(element: string): number {
  if (element.length > scratch.length) scratch = Buffer.alloc(Math.max(element.length, scratch.length * 2));
  return patLenOf(scratch, scratch.write(element, 0, 'latin1'));
}

// -------------------------------------------------------------------------------------------------
// The value: header, dense registers, sparse opcodes
// -------------------------------------------------------------------------------------------------

/** A HyperLogLog being worked on: its bytes (with spare room at the end) and their length. */
class Hll {
  constructor(
    public bytes: Uint8Array,
    public len: number,
  ) {}

  static fromString(s: string): Hll {
    const bytes = Buffer.alloc(s.length + 8);
    bytes.write(s, 0, 'latin1');
    return new Hll(bytes, s.length);
  }

  /** createHLLObject: an empty sparse HyperLogLog (one XZERO opcode for the 16384 registers). */
  static empty(): Hll {
    return Hll.fromString(EMPTY);
  }

  get encoding(): number {
    return this.bytes[4];
  }

  toString(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.len).toString('latin1');
  }

  /** The cached estimate in the header (valid when cacheValid()). */
  get cached(): bigint {
    return new DataView(this.bytes.buffer, this.bytes.byteOffset).getBigUint64(8, true);
  }

  set cached(card: bigint) {
    new DataView(this.bytes.buffer, this.bytes.byteOffset).setBigUint64(8, card, true);
  }

  invalidateCache(): void {
    this.bytes[15] |= 0x80;
  }

  cacheValid(): boolean {
    return (this.bytes[15] & 0x80) === 0;
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.len + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.len + n, this.bytes.length * 2));
    next.set(this.bytes.subarray(0, this.len));
    this.bytes = next;
  }
}

/** The value at `key` as a HyperLogLog (isHLLObjectOrReply), or undefined when the key is missing. */
function lookup(c: Client, key: string, write: boolean): Hll | undefined {
  const s = write ? c.db.getForWrite<string>(key, ValueType.String) : c.db.get<string>(key, ValueType.String);
  if (s === undefined) return undefined;
  const encoding = s.charCodeAt(4);
  if (
    s.length < HDR ||
    !s.startsWith(MAGIC) ||
    encoding > SPARSE ||
    (encoding === DENSE && s.length !== DENSE_SIZE)
  )
    throw new CommandError(NOT_HLL);
  return Hll.fromString(s);
}

/** Stores a HyperLogLog worked on back at `key`, keeping its TTL. */
function save(c: Client, key: string, h: Hll): void {
  c.db.set(key, ValueType.String, h.toString(), true);
}

function denseGet(b: Uint8Array, regnum: number): number {
  const bit = regnum * 6;
  const at = HDR + (bit >>> 3);
  const fb = bit & 7;
  return ((b[at] >>> fb) | (b[at + 1] << (8 - fb))) & REGISTER_MAX;
}

function denseSetRaw(b: Uint8Array, regnum: number, val: number): void {
  const bit = regnum * 6;
  const at = HDR + (bit >>> 3);
  const fb = bit & 7;
  b[at] = (b[at] & ~(REGISTER_MAX << fb)) | (val << fb);
  if (at + 1 < b.length) b[at + 1] = (b[at + 1] & ~(REGISTER_MAX >>> (8 - fb))) | (val >>> (8 - fb));
}

/** hllDenseSet: raises a register to `count`; 1 when it changed. */
function denseSet(b: Uint8Array, regnum: number, count: number): number {
  if (count <= denseGet(b, regnum)) return 0;
  denseSetRaw(b, regnum, count);
  return 1;
}

const isZero = (op: number): boolean => (op & 0xc0) === 0;
const isXzero = (op: number): boolean => (op & 0xc0) === 0x40;
const isVal = (op: number): boolean => (op & 0x80) !== 0;
const valValue = (op: number): number => ((op >>> 2) & 0x1f) + 1;
const valOp = (value: number, len: number): number => (((value - 1) << 2) | (len - 1) | 0x80) & 0xff;
/** Bytes of the opcode starting with `op` (XZERO 2, the others 1). */
const opBytes = (op: number): number => (isXzero(op) ? 2 : 1);

/** Registers the opcode at `at` covers. */
function opSpan(b: Uint8Array, at: number): number {
  const op = b[at];
  if (isZero(op)) return (op & 0x3f) + 1;
  if (isVal(op)) return (op & 3) + 1;
  return (((op & 0x3f) << 8) | b[at + 1]) + 1;
}

/** Writes a ZERO or XZERO opcode for `len` registers at `at`; returns the bytes written. */
function putZeros(b: Uint8Array, at: number, len: number): number {
  if (len > ZERO_MAX_LEN) {
    b[at] = ((len - 1) >>> 8) | 0x40;
    b[at + 1] = (len - 1) & 0xff;
    return 2;
  }
  b[at] = len - 1;
  return 1;
}

/**
 * Calls `run(first, len, value)` for each opcode of a sparse value (value 0 for zero runs); false
 * when the opcodes do not cover exactly the 16384 registers or a run would pass the last one.
 */
function walkSparse(h: Hll, run: (first: number, len: number, value: number) => void): boolean {
  const b = h.bytes;
  let idx = 0;
  let p = HDR;
  while (p < h.len) {
    const op = b[p];
    const n = opSpan(b, p);
    const value = isVal(op) ? valValue(op) : 0;
    if (value !== 0 && idx + n > REGISTERS) return false;
    run(idx, n, value);
    idx += n;
    p += opBytes(op);
  }
  return idx === REGISTERS;
}

/** hllSparseToDense: false for a corrupted sparse value (left unchanged). */
function sparseToDense(h: Hll): boolean {
  if (h.encoding === DENSE) return true;
  const dense = new Uint8Array(DENSE_SIZE);
  dense.set(h.bytes.subarray(0, HDR));
  dense[4] = DENSE;
  const ok = walkSparse(h, (first, len, value) => {
    if (value !== 0) for (let i = first; i < first + len; i++) denseSetRaw(dense, i, value);
  });
  if (!ok) return false;
  h.bytes = dense;
  h.len = DENSE_SIZE;
  return true;
}

/**
 * hllSparseSet: raises register `index` to `count` in a sparse value, promoting it to dense when
 * needed. 1 when a register changed, 0 when not, -1 for a corrupted value.
 */
function sparseSet(h: Hll, index: number, count: number, maxBytes: number): number {
  if (count > VAL_MAX_VALUE) return promote(h, index, count);
  h.reserve(3);
  const b = h.bytes;
  let end = h.len;
  // Step 1: find the opcode covering the register.
  let p = HDR;
  let first = 0;
  let prev = -1;
  let span = 0;
  while (p < end) {
    span = opSpan(b, p);
    if (index <= first + span - 1) break;
    prev = p;
    p += opBytes(b[p]);
    first += span;
  }
  if (span === 0 || p >= end) return -1;
  const op = b[p];
  const zero = isZero(op);
  const xzero = isXzero(op);
  let split = true;
  if (isVal(op)) {
    if (valValue(op) >= count) return 0; // A: the register already holds as much
    if (span === 1) {
      b[p] = valOp(count, 1); // B
      split = false;
    }
  } else if (zero && span === 1) {
    b[p] = valOp(count, 1); // C
    split = false;
  }
  if (split) {
    // D: split the opcode into up to three (at most 5 bytes).
    const seq = new Uint8Array(5);
    let n = 0;
    const last = first + span - 1;
    if (zero || xzero) {
      if (index !== first) n += putZeros(seq, n, index - first);
      seq[n++] = valOp(count, 1);
      if (index !== last) n += putZeros(seq, n, last - index);
    } else {
      const cur = valValue(op);
      if (index !== first) seq[n++] = valOp(cur, index - first);
      seq[n++] = valOp(count, 1);
      if (index !== last) seq[n++] = valOp(cur, last - index);
    }
    const oldlen = xzero ? 2 : 1;
    const delta = n - oldlen;
    if (delta > 0 && h.len + delta > maxBytes) return promote(h, index, count);
    if (delta !== 0) b.copyWithin(p + oldlen + delta, p + oldlen, end);
    b.set(seq.subarray(0, n), p);
    end += delta;
  }
  // Step 4: merge adjacent VAL opcodes of the same value, scanning up to 5 opcodes from prev.
  let q = prev >= 0 ? prev : HDR;
  let scan = 5;
  while (q < end && scan-- > 0) {
    if (isXzero(b[q])) {
      q += 2;
      continue;
    }
    if (isZero(b[q])) {
      q++;
      continue;
    }
    if (q + 1 < end && isVal(b[q + 1])) {
      const v = valValue(b[q]);
      const len = opSpan(b, q) + opSpan(b, q + 1);
      if (v === valValue(b[q + 1]) && len <= VAL_MAX_LEN) {
        b[q + 1] = valOp(v, len);
        b.copyWithin(q, q + 1, end);
        end--;
        continue;
      }
    }
    q++;
  }
  h.len = end;
  h.invalidateCache();
  return 1;
}

function promote(h: Hll, index: number, count: number): number {
  if (!sparseToDense(h)) return -1;
  return denseSet(h.bytes, index, count);
}

/** Raises a register of `h`, dense or sparse: 1 when it changed, 0 when not, -1 for a corrupted value. */
function setRegister(h: Hll, index: number, count: number, maxBytes: number): number {
  return h.encoding === DENSE ? denseSet(h.bytes, index, count) : sparseSet(h, index, count, maxBytes);
}

/** hllAdd: 1 when a register changed, 0 when not, -1 for a corrupted value. */
function add(h: Hll, element: string, maxBytes: number): number {
  const count = patLen(element);
  return setRegister(h, patIndex, count, maxBytes);
}

/** hllMerge: raises max[i] to each register of `h`; false for a corrupted sparse value. */
function mergeInto(max: Uint8Array, h: Hll): boolean {
  if (h.encoding === DENSE) {
    for (let i = 0; i < REGISTERS; i++) {
      const v = denseGet(h.bytes, i);
      if (v > max[i]) max[i] = v;
    }
    return true;
  }
  return walkSparse(h, (first, len, value) => {
    for (let i = first; i < first + len; i++) if (value > max[i]) max[i] = value;
  });
}

// -------------------------------------------------------------------------------------------------
// Cardinality
// -------------------------------------------------------------------------------------------------

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let zPrime;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let zPrime;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (zPrime !== z);
  return z / 3;
}

/** hllCount over a histogram of register values (Ertl's improved raw estimator). */
function estimate(histo: Int32Array): number {
  const m = REGISTERS;
  let z = m * tau((m - histo[Q + 1]) / m);
  for (let j = Q; j >= 1; j--) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * sigma(histo[0] / m);
  return Math.round((ALPHA_INF * m * m) / z);
}

/** The estimate of a HyperLogLog, or -1 for a corrupted sparse value. */
function count(h: Hll): number {
  const histo = new Int32Array(64);
  if (h.encoding === DENSE) {
    for (let i = 0; i < REGISTERS; i++) histo[denseGet(h.bytes, i)]++;
  } else {
    const ok = walkSparse(h, (_first, len, value) => {
      histo[value] += len;
    });
    if (!ok) return -1;
  }
  return estimate(histo);
}

function countRegisters(regs: Uint8Array): number {
  const histo = new Int32Array(64);
  for (let i = 0; i < REGISTERS; i++) histo[regs[i]]++;
  return estimate(histo);
}

function hllSparseMaxBytes(c: Client): number {
  return c.server.config.num('hll-sparse-max-bytes');
}

// -------------------------------------------------------------------------------------------------
// Commands
// -------------------------------------------------------------------------------------------------

// PFADD key [element ...]
function pfadd(c: Client, argv: string[]): void {
  const key = argv[1];
  const maxBytes = hllSparseMaxBytes(c);
  let h = lookup(c, key, true);
  let updated = 0;
  if (h === undefined) {
    h = Hll.empty();
    updated++;
  }
  for (let j = 2; j < argv.length; j++) {
    const r = add(h, argv[j], maxBytes);
    if (r === -1) {
      // Redis changes the value in place: what was added before the corrupted part stays.
      if (updated > 0) save(c, key, h);
      throw new CommandError(INVALID);
    }
    updated += r;
  }
  if (updated > 0) {
    h.invalidateCache();
    save(c, key, h);
    written(c, key, '$', 'pfadd');
    c.server.dirty += updated - 1;
  }
  c.reply.integer(updated > 0 ? 1 : 0);
}

// PFCOUNT key [key ...]
function pfcount(c: Client, argv: string[]): void {
  if (argv.length > 2) {
    const max = new Uint8Array(REGISTERS);
    for (let j = 1; j < argv.length; j++) {
      const h = lookup(c, argv[j], false);
      if (h !== undefined && !mergeInto(max, h)) throw new CommandError(INVALID);
    }
    c.reply.integer(countRegisters(max));
    return;
  }
  const key = argv[1];
  const h = lookup(c, key, false);
  if (h === undefined) {
    c.reply.integer(0);
    return;
  }
  if (h.cacheValid()) {
    const card = h.cached;
    c.reply.integer(card <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(card) : card);
    return;
  }
  const card = count(h);
  if (card < 0) throw new CommandError(INVALID);
  // The estimate is cached in the value (a write, as in Redis: WATCH sees it, no keyspace event).
  h.cached = BigInt(card);
  save(c, key, h);
  c.db.modified(key);
  c.server.dirty++;
  c.reply.integer(card);
}

// PFMERGE destkey [sourcekey ...]
function pfmerge(c: Client, argv: string[]): void {
  const max = new Uint8Array(REGISTERS);
  let dense = false;
  for (let j = 1; j < argv.length; j++) {
    const h = lookup(c, argv[j], false);
    if (h === undefined) continue;
    if (h.encoding === DENSE) dense = true;
    if (!mergeInto(max, h)) throw new CommandError(INVALID);
  }
  const key = argv[1];
  const h = lookup(c, key, true) ?? Hll.empty();
  if (dense && !sparseToDense(h)) throw new CommandError(INVALID);
  const maxBytes = hllSparseMaxBytes(c);
  for (let j = 0; j < REGISTERS; j++) if (max[j] !== 0) setRegister(h, j, max[j], maxBytes);
  h.invalidateCache();
  save(c, key, h);
  written(c, key, '$', 'pfadd');
  c.reply.ok();
}

// PFDEBUG GETREG|DECODE|ENCODING|TODENSE key
function pfdebug(c: Client, argv: string[]): void {
  const sub = argv[1];
  const key = argv[2];
  const h = lookup(c, key, true);
  if (h === undefined) throw new CommandError('ERR The specified key does not exist');
  const store = () => {
    save(c, key, h);
    c.server.dirty++;
  };
  switch (sub.toLowerCase()) {
    case 'getreg': {
      if (h.encoding === SPARSE) {
        if (!sparseToDense(h)) throw new CommandError(INVALID);
        store();
      }
      c.reply.arrayLen(REGISTERS);
      for (let j = 0; j < REGISTERS; j++) c.reply.integer(denseGet(h.bytes, j));
      return;
    }
    case 'decode': {
      if (h.encoding !== SPARSE) throw new CommandError('ERR HLL encoding is not sparse');
      const parts: string[] = [];
      const b = h.bytes;
      for (let p = HDR; p < h.len; p += opBytes(b[p])) {
        const op = b[p];
        const n = opSpan(b, p);
        parts.push(isZero(op) ? `z:${n}` : isXzero(op) ? `Z:${n}` : `v:${valValue(op)},${n}`);
      }
      c.reply.bulk(parts.join(' '));
      return;
    }
    case 'encoding':
      c.reply.status(h.encoding === DENSE ? 'dense' : 'sparse');
      return;
    case 'todense': {
      const sparse = h.encoding === SPARSE;
      if (sparse) {
        if (!sparseToDense(h)) throw new CommandError(INVALID);
        store();
      }
      c.reply.integer(sparse ? 1 : 0);
      return;
    }
    default:
      throw new CommandError(`ERR Unknown PFDEBUG subcommand '${sub}'`);
  }
}

/**
 * PFSELFTEST: the register packing round-trips random values, and 10 million elements added to a
 * dense and a sparse HyperLogLog side by side give the same estimates, sparse while small, within
 * six standard errors at every power of ten. Blocks the server for a few seconds, as in Redis.
 */
function pfselftest(c: Client): void {
  const dense = new Uint8Array(DENSE_SIZE);
  const expect = new Uint8Array(REGISTERS);
  for (let cycle = 0; cycle < 1000; cycle++) {
    for (let i = 0; i < REGISTERS; i++) {
      expect[i] = (Math.random() * 64) | 0;
      denseSetRaw(dense, i, expect[i]);
    }
    for (let i = 0; i < REGISTERS; i++) {
      const v = denseGet(dense, i);
      if (v !== expect[i])
        throw new CommandError(`ERR TESTFAILED Register ${i} should be ${expect[i]} but is ${v}`);
    }
  }
  dense.fill(0, HDR);
  const denseHll = new Hll(dense, DENSE_SIZE);
  const sparse = Hll.empty();
  const maxBytes = hllSparseMaxBytes(c);
  const relerr = 1.04 / Math.sqrt(REGISTERS);
  const seedLo = (Math.random() * 2 ** 32) >>> 0;
  const seedHi = (Math.random() * 2 ** 32) >>> 0;
  const ele = new Uint8Array(8);
  const view = new DataView(ele.buffer);
  let checkpoint = 1;
  for (let j = 1; j <= 10_000_000; j++) {
    view.setUint32(0, (j ^ seedLo) >>> 0, true);
    view.setUint32(4, seedHi, true);
    const cnt = patLenOf(ele, 8);
    denseSet(dense, patIndex, cnt);
    setRegister(sparse, patIndex, cnt, maxBytes);
    if (j !== checkpoint) continue;
    if (j < maxBytes / 2 && sparse.encoding !== SPARSE)
      throw new CommandError('ERR TESTFAILED sparse encoding not used');
    const estimateDense = count(denseHll);
    if (estimateDense !== count(sparse)) throw new CommandError('ERR TESTFAILED dense/sparse disagree');
    const maxerr = j === 10 ? 1 : Math.ceil(relerr * 6 * checkpoint);
    const abserr = Math.abs(checkpoint - estimateDense);
    if (abserr > maxerr)
      throw new CommandError(`ERR TESTFAILED Too big error. card:${checkpoint} abserr:${abserr}`);
    checkpoint *= 10;
  }
  c.reply.ok();
}

const spec = familySpec('hyperloglog', 'hyperloglog');

export const hyperloglogCommands: CommandSpec[] = [
  spec(
    'pfadd',
    -2,
    ['write', 'denyoom', 'fast'],
    '2.8.9',
    'Adds the specified elements to the specified HyperLogLog.',
    'O(1) to add every element.',
    pfadd,
  ),
  spec(
    'pfcount',
    -2,
    ['readonly', 'may_replicate'],
    '2.8.9',
    'Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).',
    'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.',
    pfcount,
    { keys: KEYS_ALL },
  ),
  spec(
    'pfmerge',
    -2,
    ['write', 'denyoom'],
    '2.8.9',
    'Merge N different HyperLogLogs into a single one.',
    'O(N) to merge N HyperLogLogs, but with high constant times.',
    pfmerge,
    { keys: KEYS_ALL },
  ),
  spec(
    'pfdebug',
    3,
    ['write', 'denyoom', 'admin'],
    '2.8.9',
    'Internal commands for debugging HyperLogLog values',
    'N/A',
    pfdebug,
    {
      keys: { first: 2, last: 2, step: 1 },
    },
  ),
  spec(
    'pfselftest',
    1,
    ['admin'],
    '2.8.9',
    'An internal command for testing HyperLogLog values',
    'N/A',
    pfselftest,
    {},
  ),
];

/** For tests: the hash, whose result must match Redis's bit for bit. */
export const hllInternals = {
  murmur64a: (b: Uint8Array): [number, number] => (murmur64a(b, b.length), [hi, lo]),
};
