/**
 * String commands. A string value is a latin1 JS string (one char per byte). Bit commands live in
 * bitops.ts; INCRBYFLOAT's long double arithmetic in long-double.ts.
 */
import { constants as bufferConstants } from 'node:buffer';
import { CommandError, Err, invalidExpireTime, wrongArity } from '../protocol/errors';
import type { Client } from '../server/client';
import { ValueType } from '../store/keyspace';
import { parseI64, parseInteger } from './args';
import { incrByFloat } from './long-double';
import { deleted, written } from './ritual';
import { KEY1, KEYS_ALL, type CommandSpec, type KeyRange } from './table';

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

// -------------------------------------------------------------------------------------------------
// Shared helpers
// -------------------------------------------------------------------------------------------------

/** A canonical decimal integer of at most 15 digits (exactly a safe JS number), else NaN. */
export function smallInt(s: string): number {
  const len = s.length;
  if (len === 0 || len > 15) return NaN;
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 45 /* - */) {
    if (len === 1) return NaN;
    neg = true;
    i = 1;
  }
  if (s.charCodeAt(i) === 48 /* 0 */) return len === 1 ? 0 : NaN;
  let v = 0;
  for (; i < len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/** A signed 64-bit integer as a number when it has at most 15 digits, else as a bigint; null when invalid. */
function int64(s: string): number | bigint | null {
  const n = smallInt(s);
  return n === n ? n : parseI64(s);
}

/**
 * A long long argument for range arithmetic: exact when safe, otherwise clamped to the safe range
 * (strings are far shorter than 2^53, so a clamped index means the same position).
 */
function rangeArg(s: string): number {
  const n = smallInt(s);
  if (n === n) return n;
  const v = parseInteger(s);
  if (v === null) throw new CommandError(Err.notInteger);
  return v;
}

/** Redis's "start < 0 && end < 0 && start > end" on the exact 64-bit values. */
export function bothNegativeReversed(start: string, end: string): boolean {
  if (start.length <= 15 && end.length <= 15) {
    const a = Number(start);
    const b = Number(end);
    return a < 0 && b < 0 && a > b;
  }
  const a = BigInt(start);
  const b = BigInt(end);
  return a < 0n && b < 0n && a > b;
}

/**
 * V8's longest string (2^29 - 24 chars on 64-bit), 24 bytes short of Redis's default 512 MB limit: a
 * value that cannot be held gets the proto-max-bulk-len error instead of an internal error.
 */
export const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

/** checkStringLength: an error when a string would grow beyond proto-max-bulk-len (or V8's limit). */
export function checkStringLength(c: Client, size: number, append: number): void {
  const total = size + append;
  if (total > c.server.protoMaxBulkLen || total > MAX_STRING_LENGTH)
    throw new CommandError(Err.stringTooLong);
}

// Flags of SET and GETEX options (Redis's OBJ_* flags).
const NX = 1;
const XX = 2;
const EX = 4;
const PX = 8;
const KEEPTTL = 16;
const GET = 32;
const EXAT = 64;
const PXAT = 128;
const PERSIST = 256;
const ANY_EXPIRE = EX | PX | EXAT | PXAT;

/** Result of parseExtendedArgs (module-level: SET runs hot and should not allocate for it). */
const parsed = { flags: 0, expire: '' };

/**
 * SET's and GETEX's options with Redis's exact compatibility rules (parseExtendedStringArgumentsOrReply):
 * a repeated EX (or PX, ...) is allowed and the last value wins; mixing kinds is a syntax error.
 */
function parseExtendedArgs(argv: string[], isSet: boolean): typeof parsed {
  let flags = 0;
  let expire = '';
  for (let j = isSet ? 3 : 2; j < argv.length; j++) {
    const opt = argv[j].toUpperCase();
    const hasNext = j + 1 < argv.length;
    if (opt === 'NX' && !(flags & XX) && isSet) flags |= NX;
    else if (opt === 'XX' && !(flags & NX) && isSet) flags |= XX;
    else if (opt === 'GET' && isSet) flags |= GET;
    else if (opt === 'KEEPTTL' && !(flags & (PERSIST | ANY_EXPIRE)) && isSet) flags |= KEEPTTL;
    else if (opt === 'PERSIST' && !isSet && !(flags & (ANY_EXPIRE | KEEPTTL))) flags |= PERSIST;
    else if (opt === 'EX' && !(flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) && hasNext) {
      flags |= EX;
      expire = argv[++j];
    } else if (opt === 'PX' && !(flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) && hasNext) {
      flags |= PX;
      expire = argv[++j];
    } else if (opt === 'EXAT' && !(flags & (KEEPTTL | PERSIST | EX | PX | PXAT)) && hasNext) {
      flags |= EXAT;
      expire = argv[++j];
    } else if (opt === 'PXAT' && !(flags & (KEEPTTL | PERSIST | EX | EXAT | PX)) && hasNext) {
      flags |= PXAT;
      expire = argv[++j];
    } else {
      throw new CommandError(Err.syntax);
    }
  }
  parsed.flags = flags;
  parsed.expire = expire;
  return parsed;
}

/**
 * The absolute expiry in ms for an EX/PX/EXAT/PXAT argument (getExpireMillisecondsOrReply): not an
 * integer, not positive, or overflowing 64 bits once converted is an error naming the command.
 */
function expireAtMs(c: Client, flags: number, arg: string, cmd: string): number {
  const seconds = (flags & (EX | EXAT)) !== 0;
  const relative = (flags & (EX | PX)) !== 0;
  const now = c.server.keyspace.now;
  const n = smallInt(arg);
  if (n === n && n < 1e12) {
    if (n <= 0) throw new CommandError(invalidExpireTime(cmd));
    return (seconds ? n * 1000 : n) + (relative ? now : 0);
  }
  const big = parseI64(arg);
  if (big === null) throw new CommandError(Err.notInteger);
  if (big <= 0n || (seconds && big > I64_MAX / 1000n)) throw new CommandError(invalidExpireTime(cmd));
  let ms = seconds ? big * 1000n : big;
  if (relative) ms += BigInt(now);
  if (ms > I64_MAX) throw new CommandError(invalidExpireTime(cmd));
  return Number(ms);
}

// -------------------------------------------------------------------------------------------------
// GET, SET and their variants
// -------------------------------------------------------------------------------------------------

// GET key
function get(c: Client, argv: string[]): void {
  c.reply.bulkOrNull(c.db.get<string>(argv[1], ValueType.String));
}

/** setGenericCommand: the shared tail of SET, SETNX, SETEX and PSETEX. Returns false when NX/XX aborted. */
function setGeneric(c: Client, key: string, value: string, flags: number, expireAt: number): boolean {
  const db = c.db;
  if (flags & (NX | XX)) {
    const found = db.exists(key);
    if ((flags & NX && found) || (flags & XX && !found)) return false;
  }
  db.set(key, ValueType.String, value, (flags & KEEPTTL) !== 0);
  written(c, key, '$', 'set');
  if (expireAt !== 0) {
    db.setExpireAt(key, expireAt);
    c.server.notifier.notify('g', 'expire', key, db.index);
  }
  return true;
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
function set(c: Client, argv: string[]): void {
  const key = argv[1];
  if (argv.length === 3) {
    setGeneric(c, key, argv[2], 0, 0);
    c.reply.ok();
    return;
  }
  const { flags, expire } = parseExtendedArgs(argv, true);
  const at = flags & ANY_EXPIRE ? expireAtMs(c, flags, expire, 'set') : 0;
  if (flags & GET) {
    const old = c.db.get<string>(key, ValueType.String);
    setGeneric(c, key, argv[2], flags, at);
    c.reply.bulkOrNull(old);
    return;
  }
  if (setGeneric(c, key, argv[2], flags, at)) c.reply.ok();
  else c.reply.nullBulk();
}

// SETNX key value
function setnx(c: Client, argv: string[]): void {
  c.reply.integer(setGeneric(c, argv[1], argv[2], NX, 0) ? 1 : 0);
}

// SETEX key seconds value
function setex(c: Client, argv: string[]): void {
  const at = expireAtMs(c, EX, argv[2], 'setex');
  setGeneric(c, argv[1], argv[3], EX, at);
  c.reply.ok();
}

// PSETEX key milliseconds value
function psetex(c: Client, argv: string[]): void {
  const at = expireAtMs(c, PX, argv[2], 'psetex');
  setGeneric(c, argv[1], argv[3], PX, at);
  c.reply.ok();
}

// GETSET key value
function getset(c: Client, argv: string[]): void {
  const key = argv[1];
  const old = c.db.get<string>(key, ValueType.String);
  c.db.set(key, ValueType.String, argv[2]);
  written(c, key, '$', 'set');
  c.reply.bulkOrNull(old);
}

// GETDEL key
function getdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const old = c.db.get<string>(key, ValueType.String);
  c.reply.bulkOrNull(old);
  if (old !== undefined && c.db.delete(key)) deleted(c, key);
}

// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
function getex(c: Client, argv: string[]): void {
  const key = argv[1];
  const { flags, expire } = parseExtendedArgs(argv, false);
  const db = c.db;
  const value = db.get<string>(key, ValueType.String);
  if (value === undefined) {
    c.reply.nullBulk();
    return;
  }
  const at = flags & ANY_EXPIRE ? expireAtMs(c, flags, expire, 'getex') : 0;
  c.reply.bulk(value);
  if (flags & (EXAT | PXAT) && at <= Date.now()) {
    db.delete(key);
    deleted(c, key);
  } else if (flags & ANY_EXPIRE) {
    db.setExpireAt(key, at);
    written(c, key, 'g', 'expire');
  } else if (flags & PERSIST && db.persist(key)) {
    written(c, key, 'g', 'persist');
  }
}

// MGET key [key ...]
function mget(c: Client, argv: string[]): void {
  const db = c.db;
  c.reply.arrayLen(argv.length - 1);
  for (let j = 1; j < argv.length; j++) {
    const t = db.typeOf(argv[j]);
    if (t === ValueType.String) c.reply.bulk(db.get<string>(argv[j], ValueType.String) as string);
    else {
      if (t === -1) db.miss(argv[j]);
      else c.server.keyspace.hits++;
      c.reply.nullBulk();
    }
  }
}

/** msetGenericCommand: MSET and MSETNX (an even argument count is an arity error, like Redis). */
function msetGeneric(c: Client, argv: string[], nx: boolean, name: string): void {
  if (argv.length % 2 === 0) throw new CommandError(wrongArity(name));
  const db = c.db;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.exists(argv[j])) {
        c.reply.integer(0);
        return;
      }
    }
  }
  for (let j = 1; j < argv.length; j += 2) {
    db.set(argv[j], ValueType.String, argv[j + 1]);
    written(c, argv[j], '$', 'set');
  }
  if (nx) c.reply.integer(1);
  else c.reply.ok();
}

// MSET key value [key value ...]
function mset(c: Client, argv: string[]): void {
  msetGeneric(c, argv, false, 'mset');
}

// MSETNX key value [key value ...]
function msetnx(c: Client, argv: string[]): void {
  msetGeneric(c, argv, true, 'msetnx');
}

// -------------------------------------------------------------------------------------------------
// Lengths and ranges
// -------------------------------------------------------------------------------------------------

// STRLEN key
function strlen(c: Client, argv: string[]): void {
  // The length of an offloaded value is kept in RAM: no disk read (Db.stringLength).
  c.reply.integer(c.db.stringLength(argv[1]));
}

// APPEND key value
function append(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const cur = db.getForWrite<string>(key, ValueType.String);
  let next: string;
  if (cur === undefined) {
    next = argv[2];
  } else {
    checkStringLength(c, cur.length, argv[2].length);
    next = cur + argv[2];
  }
  db.set(key, ValueType.String, next, true);
  written(c, key, '$', 'append');
  c.reply.integer(next.length);
}

/** Writes `value` over `s` at `offset`, zero-padding the gap: the string Redis's sdsgrowzero + memcpy makes. */
export function overwrite(s: string, offset: number, value: string): string {
  if (offset > s.length) return s + '\0'.repeat(offset - s.length) + value;
  const end = offset + value.length;
  return end >= s.length ? s.slice(0, offset) + value : s.slice(0, offset) + value + s.slice(end);
}

// SETRANGE key offset value
function setrange(c: Client, argv: string[]): void {
  const key = argv[1];
  const value = argv[3];
  const offset = int64(argv[2]);
  if (offset === null) throw new CommandError(Err.notInteger);
  if (offset < 0) throw new CommandError(Err.offsetOutOfRange);
  const off = Number(offset);
  const db = c.db;
  const cur = db.getForWrite<string>(key, ValueType.String);
  if (value.length === 0) {
    c.reply.integer(cur === undefined ? 0 : cur.length);
    return;
  }
  checkStringLength(c, off, value.length);
  const next = overwrite(cur ?? '', off, value);
  db.set(key, ValueType.String, next, true);
  written(c, key, '$', 'setrange');
  c.reply.integer(next.length);
}

// GETRANGE key start end
function getrange(c: Client, argv: string[]): void {
  let start = rangeArg(argv[2]);
  let end = rangeArg(argv[3]);
  const s = c.db.get<string>(argv[1], ValueType.String);
  if (s === undefined || bothNegativeReversed(argv[2], argv[3])) {
    c.reply.bulk('');
    return;
  }
  const len = s.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) c.reply.bulk('');
  else c.reply.bulk(start === 0 && end === len - 1 ? s : s.slice(start, end + 1));
}

// -------------------------------------------------------------------------------------------------
// Counters
// -------------------------------------------------------------------------------------------------

/** incrDecrCommand: adds `by` to the integer at key; numbers stay numbers unless beyond 2^53. */
function incrDecr(c: Client, key: string, by: number | bigint): void {
  const db = c.db;
  const cur = db.getForWrite<string>(key, ValueType.String);
  let value: number | bigint = 0;
  if (cur !== undefined) {
    const n = smallInt(cur);
    if (n === n) value = n;
    else {
      const big = parseI64(cur);
      if (big === null) throw new CommandError(Err.notInteger);
      value = big;
    }
  }
  let result: number | bigint;
  if (typeof value === 'number' && typeof by === 'number' && Number.isSafeInteger(value + by)) {
    result = value + by;
  } else {
    const sum = BigInt(value) + BigInt(by);
    if (sum < I64_MIN || sum > I64_MAX) throw new CommandError(Err.incrOverflow);
    result = sum >= Number.MIN_SAFE_INTEGER && sum <= Number.MAX_SAFE_INTEGER ? Number(sum) : sum;
  }
  db.set(key, ValueType.String, String(result), true);
  written(c, key, '$', 'incrby');
  c.reply.integer(result);
}

function incrArg(s: string): number | bigint {
  const v = int64(s);
  if (v === null) throw new CommandError(Err.notInteger);
  return v;
}

// INCR key
function incr(c: Client, argv: string[]): void {
  incrDecr(c, argv[1], 1);
}

// DECR key
function decr(c: Client, argv: string[]): void {
  incrDecr(c, argv[1], -1);
}

// INCRBY key increment
function incrby(c: Client, argv: string[]): void {
  incrDecr(c, argv[1], incrArg(argv[2]));
}

// DECRBY key decrement
function decrby(c: Client, argv: string[]): void {
  const by = incrArg(argv[2]);
  if (by === I64_MIN) throw new CommandError(Err.decrOverflow);
  incrDecr(c, argv[1], typeof by === 'number' ? -by : -by);
}

// INCRBYFLOAT key increment
function incrbyfloat(c: Client, argv: string[]): void {
  const key = argv[1];
  const db = c.db;
  const cur = db.getForWrite<string>(key, ValueType.String);
  const r = incrByFloat(cur ?? '0', argv[2]);
  if (r === 'invalid-current' || r === 'invalid-incr') throw new CommandError(Err.notFloat);
  if (r === 'inf') throw new CommandError(Err.incrNanOrInf);
  db.set(key, ValueType.String, r, true);
  written(c, key, '$', 'incrbyfloat');
  c.reply.bulk(r);
}

// -------------------------------------------------------------------------------------------------
// LCS
// -------------------------------------------------------------------------------------------------

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
function lcs(c: Client, argv: string[]): void {
  const db = c.db;
  const ta = db.typeOf(argv[1]);
  const tb = db.typeOf(argv[2]);
  if ((ta !== -1 && ta !== ValueType.String) || (tb !== -1 && tb !== ValueType.String)) {
    c.server.keyspace.hits += (ta !== -1 ? 1 : 0) + (tb !== -1 ? 1 : 0); // both were looked up
    throw new CommandError(Err.lcsNotStrings);
  }
  const a = db.get<string>(argv[1], ValueType.String) ?? '';
  const b = db.get<string>(argv[2], ValueType.String) ?? '';
  let getLen = false;
  let getIdx = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toUpperCase();
    if (opt === 'IDX') getIdx = true;
    else if (opt === 'LEN') getLen = true;
    else if (opt === 'WITHMATCHLEN') withMatchLen = true;
    else if (opt === 'MINMATCHLEN' && j + 1 < argv.length) {
      minMatchLen = Math.max(0, rangeArg(argv[++j]));
    } else throw new CommandError(Err.syntax);
  }
  if (getLen && getIdx) throw new CommandError(Err.lcsLenAndIdx);
  const alen = a.length;
  const blen = b.length;
  if (alen >= 0xffffffff - 1 || blen >= 0xffffffff - 1) throw new CommandError(Err.lcsTooLong);
  const cells = (alen + 1) * (blen + 1);
  if (cells * 4 > c.server.protoMaxBulkLen) throw new CommandError(Err.lcsTooMuchMemory);
  let table: Uint32Array;
  try {
    table = new Uint32Array(cells);
  } catch {
    throw new CommandError(Err.lcsAllocFailed);
  }
  const A = Buffer.from(a, 'latin1');
  const B = Buffer.from(b, 'latin1');
  const w = blen + 1;
  // Row 0 and column 0 stay 0 (the typed array starts zeroed).
  for (let i = 1; i <= alen; i++) {
    const ai = A[i - 1];
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ai === B[j - 1]) table[row + j] = table[prev + j - 1] + 1;
      else {
        const up = table[prev + j];
        const left = table[row + j - 1];
        table[row + j] = up > left ? up : left;
      }
    }
  }
  const total = table[alen * w + blen];
  if (getLen) {
    c.reply.integer(total);
    return;
  }
  // Walk back from the end, collecting the LCS bytes and (for IDX) the matching ranges.
  const result = Buffer.allocUnsafe(total);
  const ranges: number[] = [];
  let idx = total;
  let i = alen;
  let j = blen;
  let aStart = alen; // alen: no range open
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  while (i > 0 && j > 0) {
    let emit = false;
    if (A[i - 1] === B[j - 1]) {
      result[idx - 1] = A[i - 1];
      if (aStart === alen) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      const up = table[(i - 1) * w + j];
      const left = table[i * w + j - 1];
      if (up > left) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (minMatchLen === 0 || matchLen >= minMatchLen) ranges.push(aStart, aEnd, bStart, bEnd, matchLen);
      aStart = alen;
    }
  }
  if (!getIdx) {
    c.reply.bulk(result.toString('latin1'));
    return;
  }
  const r = c.reply;
  r.mapLen(2);
  r.bulk('matches');
  r.arrayLen(ranges.length / 5);
  for (let k = 0; k < ranges.length; k += 5) {
    r.arrayLen(withMatchLen ? 3 : 2);
    r.arrayLen(2);
    r.integer(ranges[k]);
    r.integer(ranges[k + 1]);
    r.arrayLen(2);
    r.integer(ranges[k + 2]);
    r.integer(ranges[k + 3]);
    if (withMatchLen) r.integer(ranges[k + 4]);
  }
  r.bulk('len');
  r.integer(total);
}

// -------------------------------------------------------------------------------------------------
// The table (arity, flags, keys, categories and docs as in Redis 7.0's src/commands/*.json)
// -------------------------------------------------------------------------------------------------

const KEYS_PAIRS: KeyRange = { first: 1, last: -1, step: 2 };
const KEYS_1_2: KeyRange = { first: 1, last: 2, step: 1 };

export const stringCommands: CommandSpec[] = [
  {
    name: 'get',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Get the value of a key',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: get,
  },
  {
    name: 'set',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Set the string value of a key',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: set,
  },
  {
    name: 'setnx',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Set the value of a key, only if the key does not exist',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: setnx,
  },
  {
    name: 'setex',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Set the value and expiration of a key',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: setex,
  },
  {
    name: 'psetex',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Set the value and expiration in milliseconds of a key',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: psetex,
  },
  {
    name: 'getset',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Set the string value of a key and return its old value',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: getset,
  },
  {
    name: 'getdel',
    arity: 2,
    flags: ['write', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Get the value of a key and delete the key',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: getdel,
  },
  {
    name: 'getex',
    arity: -2,
    flags: ['write', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Get the value of a key and optionally set its expiration',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: getex,
  },
  {
    name: 'mget',
    arity: -2,
    flags: ['readonly', 'fast'],
    keys: KEYS_ALL,
    acl: ['string'],
    group: 'string',
    summary: 'Get the values of all the given keys',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to retrieve.',
    handler: mget,
  },
  {
    name: 'mset',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: KEYS_PAIRS,
    acl: ['string'],
    group: 'string',
    summary: 'Set multiple keys to multiple values',
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    handler: mset,
  },
  {
    name: 'msetnx',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: KEYS_PAIRS,
    acl: ['string'],
    group: 'string',
    summary: 'Set multiple keys to multiple values, only if none of the keys exist',
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    handler: msetnx,
  },
  {
    name: 'strlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Get the length of the value stored in a key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: strlen,
  },
  {
    name: 'append',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Append a value to a key',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: append,
  },
  {
    name: 'setrange',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Overwrite part of a string at key starting at the specified offset',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: setrange,
  },
  {
    name: 'getrange',
    arity: 4,
    flags: ['readonly'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Get a substring of the string stored at a key',
    since: '2.4.0',
    complexity: 'O(N) where N is the length of the returned string.',
    handler: getrange,
  },
  {
    name: 'substr',
    arity: 4,
    flags: ['readonly'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Get a substring of the string stored at a key',
    since: '1.0.0',
    complexity: 'O(N) where N is the length of the returned string.',
    handler: getrange,
  },
  {
    name: 'incr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Increment the integer value of a key by one',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: incr,
  },
  {
    name: 'decr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Decrement the integer value of a key by one',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: decr,
  },
  {
    name: 'incrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Increment the integer value of a key by the given amount',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: incrby,
  },
  {
    name: 'decrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Decrement the integer value of a key by the given number',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: decrby,
  },
  {
    name: 'incrbyfloat',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Increment the float value of a key by the given amount',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: incrbyfloat,
  },
  {
    name: 'lcs',
    arity: -3,
    flags: ['readonly'],
    keys: KEYS_1_2,
    acl: ['string'],
    group: 'string',
    summary: 'Find longest common substring',
    since: '7.0.0',
    complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
    handler: lcs,
  },
];
