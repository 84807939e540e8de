/**
 * Hash commands (Redis 7.0 t_hash.c). The value is a HashValue (store/hash.ts).
 *
 * Read-only commands are written as readers: (client, argv, load) where `load` yields the hash (or
 * undefined) at the point Redis looks the key up, after any argument errors Redis reports first. The
 * handlers pass loadFromRam (hashReaders exposes the readers for other loaders, e.g. in tests).
 *
 * Hash tiering (tiering/hashes.ts): the dispatcher's prepare stage has loaded an offloaded hash
 * before a command runs, so readers see its RAM copy; HLEN answers a hash still on disk from its
 * field count in RAM; every write goes through writableHash, which makes the engine bring the hash
 * back to RAM (dropping its disk copy) before it is changed in place.
 */
import { CommandError, Err, outOfRangeBetween, wrongArity } from '../protocol/errors';
import { ReplyWriter } from '../protocol/reply';
import type { Client } from '../server/client';
import { HashValue } from '../store/hash';
import { ValueType } from '../store/keyspace';
import { globMatch } from '../util/glob';
import { isOpt, parseI64 } from './args';
import { parseScanCursor, parseScanOptions, replyEmptyScan } from './scan-args';
import { addLongDouble, formatLongDouble, parseLongDouble, type LongDouble } from './long-double';
import { deleted, written } from './ritual';
import { familySpec, type CommandSpec, type Handler } from './table';
import { listpackLimits, type ListpackLimits } from './listpack-limits';

// -------------------------------------------------------------------------------------------------
// Shared pieces
// -------------------------------------------------------------------------------------------------

/** Yields the hash stored at `key` (undefined when missing; WRONGTYPE for another type). */
export type HashLoader = (c: Client, key: string) => HashValue | undefined;

/** A read-only hash command, independent of where the hash lives. */
export type HashReader = (c: Client, argv: string[], load: HashLoader) => void;

/** lookupKeyRead: counts keyspace hits and misses, throws WRONGTYPE. */
export const loadFromRam: HashLoader = (c, key) => c.db.get<HashValue>(key, ValueType.Hash);

function limits(c: Client): ListpackLimits {
  return listpackLimits(c, 'hash');
}

/**
 * lookupKeyWrite for a write (WRONGTYPE for another type). With tiering, an offloaded hash first
 * becomes HOT (tiering/hashes.ts): it is about to change in place, so its disk copy must go.
 */
function writableHash(c: Client, key: string): HashValue | undefined {
  c.server.tiering?.promoteHash(c.db.table, key);
  return c.db.getForWrite<HashValue>(key, ValueType.Hash);
}

/** Ends a write that may have created the hash: store it when new, then the ritual. */
function hashWritten(c: Client, key: string, h: HashValue, isNew: boolean, event: string): void {
  if (isNew) c.db.set(key, ValueType.Hash, h);
  written(c, key, 'h', event);
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const LONG_MAX = I64_MAX;

// -------------------------------------------------------------------------------------------------
// Writes
// -------------------------------------------------------------------------------------------------

/** HSET/HMSET body: the number of fields created. */
function setPairs(c: Client, argv: string[], cmd: string): number {
  if (argv.length % 2 === 1) throw new CommandError(wrongArity(cmd));
  const key = argv[1];
  const lim = limits(c);
  const stored = writableHash(c, key);
  const isNew = stored === undefined;
  const hash = stored ?? new HashValue();
  hash.convertIfAnyLonger(argv, 2, argv.length - 1, lim.value);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2)
    if (hash.set(argv[i], argv[i + 1], lim.entries, lim.value)) created++;
  hashWritten(c, key, hash, isNew, 'hset');
  c.server.dirty += (argv.length - 2) / 2 - 1; // Redis counts one change per pair
  return created;
}

// HSET key field value [field value ...]
function hset(c: Client, argv: string[]): void {
  c.reply.integer(setPairs(c, argv, 'hset'));
}

// HMSET key field value [field value ...]
function hmset(c: Client, argv: string[]): void {
  setPairs(c, argv, 'hmset');
  c.reply.ok();
}

// HSETNX key field value
function hsetnx(c: Client, argv: string[]): void {
  const key = argv[1];
  const stored = writableHash(c, key);
  const isNew = stored === undefined;
  const hash = stored ?? new HashValue();
  if (hash.has(argv[2])) {
    c.reply.integer(0);
    return;
  }
  const lim = limits(c);
  hash.convertIfAnyLonger(argv, 2, 3, lim.value);
  hash.set(argv[2], argv[3], lim.entries, lim.value);
  hashWritten(c, key, hash, isNew, 'hset');
  c.reply.integer(1);
}

// HDEL key field [field ...]
function hdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const hash = writableHash(c, key);
  let removed = 0;
  if (hash !== undefined) {
    for (let i = 2; i < argv.length; i++) {
      if (hash.delete(argv[i])) {
        removed++;
        if (hash.size === 0) break;
      }
    }
  }
  if (removed > 0) {
    if (hash!.size === 0) {
      c.db.delete(key);
      c.server.notifier.notify('h', 'hdel', key, c.db.index);
      deleted(c, key);
    } else {
      written(c, key, 'h', 'hdel');
    }
    c.server.dirty += removed - 1;
  }
  c.reply.integer(removed);
}

// HINCRBY key field increment
function hincrby(c: Client, argv: string[]): void {
  const incr = parseI64(argv[3]);
  if (incr === null) throw new CommandError(Err.notInteger);
  const key = argv[1];
  const field = argv[2];
  const stored = writableHash(c, key);
  const isNew = stored === undefined;
  const hash = stored ?? new HashValue();
  const current = hash.get(field);
  let value = 0n;
  if (current !== undefined) {
    const v = parseI64(current);
    if (v === null) throw new CommandError(Err.hashValueNotInteger);
    value = v;
  }
  if (
    (incr < 0n && value < 0n && incr < I64_MIN - value) ||
    (incr > 0n && value > 0n && incr > I64_MAX - value)
  )
    throw new CommandError(Err.incrOverflow);
  const result = value + incr;
  const lim = limits(c);
  hash.set(field, result.toString(), lim.entries, lim.value);
  hashWritten(c, key, hash, isNew, 'hincrby');
  c.reply.integer(result);
}

const LD_ZERO: LongDouble = { neg: false, m: 0n, e: 0 };

// HINCRBYFLOAT key field increment
function hincrbyfloat(c: Client, argv: string[]): void {
  const incr = parseLongDouble(argv[3]);
  if (incr === null) throw new CommandError(Err.notFloat);
  if (incr === 'inf') throw new CommandError(Err.nanOrInfinity);
  const key = argv[1];
  const field = argv[2];
  const stored = writableHash(c, key);
  const isNew = stored === undefined;
  const hash = stored ?? new HashValue();
  const current = hash.get(field);
  let value: LongDouble | 'inf' = LD_ZERO;
  if (current !== undefined) {
    const v = parseLongDouble(current);
    if (v === null) throw new CommandError(Err.hashValueNotFloat);
    value = v;
  }
  const sum = value === 'inf' ? null : addLongDouble(value, incr);
  if (sum === null) throw new CommandError(Err.incrNanOrInf);
  const text = formatLongDouble(sum);
  const lim = limits(c);
  hash.set(field, text, lim.entries, lim.value);
  hashWritten(c, key, hash, isNew, 'hincrbyfloat');
  c.reply.bulk(text);
}

// -------------------------------------------------------------------------------------------------
// Reads (readers; see the file comment)
// -------------------------------------------------------------------------------------------------

// HGET key field
function hget(c: Client, argv: string[], load: HashLoader): void {
  const hash = load(c, argv[1]);
  c.reply.bulkOrNull(hash === undefined ? undefined : hash.get(argv[2]));
}

// HMGET key field [field ...]
function hmget(c: Client, argv: string[], load: HashLoader): void {
  const hash = load(c, argv[1]);
  c.reply.arrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++)
    c.reply.bulkOrNull(hash === undefined ? undefined : hash.get(argv[i]));
}

// HLEN key
function hlen(c: Client, argv: string[], load: HashLoader): void {
  const hash = load(c, argv[1]);
  c.reply.integer(hash === undefined ? 0 : hash.size);
}

/** HLEN handler: an offloaded hash's field count is kept in RAM, so no disk read. */
function hlenCommand(c: Client, argv: string[]): void {
  const cold = c.server.tiering?.coldHashLength(c.db, argv[1]) ?? -1;
  if (cold >= 0) c.reply.integer(cold);
  else hlen(c, argv, loadFromRam);
}

// HSTRLEN key field
function hstrlen(c: Client, argv: string[], load: HashLoader): void {
  const value = load(c, argv[1])?.get(argv[2]);
  c.reply.integer(value === undefined ? 0 : value.length);
}

// HEXISTS key field
function hexists(c: Client, argv: string[], load: HashLoader): void {
  const hash = load(c, argv[1]);
  c.reply.integer(hash !== undefined && hash.has(argv[2]) ? 1 : 0);
}

// HKEYS key
function hkeys(c: Client, argv: string[], load: HashLoader): void {
  const hash = load(c, argv[1]);
  const n = hash === undefined ? 0 : hash.size;
  c.reply.arrayLen(n);
  for (let i = 0; i < n; i++) c.reply.bulk(hash!.fieldAt(i));
}

// HVALS key
function hvals(c: Client, argv: string[], load: HashLoader): void {
  const hash = load(c, argv[1]);
  const n = hash === undefined ? 0 : hash.size;
  c.reply.arrayLen(n);
  for (let i = 0; i < n; i++) c.reply.bulk(hash!.valueAt(i));
}

// HGETALL key
function hgetall(c: Client, argv: string[], load: HashLoader): void {
  const hash = load(c, argv[1]);
  const n = hash === undefined ? 0 : hash.size;
  c.reply.mapLen(n);
  for (let i = 0; i < n; i++) {
    c.reply.bulk(hash!.fieldAt(i));
    c.reply.bulk(hash!.valueAt(i));
  }
}

// HSCAN key cursor [MATCH pattern] [COUNT count]
function hscan(c: Client, argv: string[], load: HashLoader): void {
  const cursor = parseScanCursor(argv[2]);
  const hash = load(c, argv[1]);
  if (hash === undefined) {
    replyEmptyScan(c);
    return;
  }
  const { count, pattern } = parseScanOptions(argv, 3, false);
  const found: string[] = [];
  const next = hash.scan(cursor, count, (field, value) => {
    if (pattern === undefined || globMatch(pattern, field)) found.push(field, value);
  });
  c.reply.arrayLen(2);
  c.reply.bulk(String(next));
  c.reply.bulkArray(found);
}

/** A reply that grows past this is abandoned and the client closed (Redis would exhaust memory). */
const MAX_RANDOM_REPLY_BYTES = 128 * 1024 * 1024;

/**
 * Random picks with repetition (HRANDFIELD and SRANDMEMBER with a negative count): an array header of
 * `len`, then `count` elements of a collection of `size`, each encoded once by `encode` and the reply
 * assembled in chunks, so millions of picks cost one join per chunk rather than string concatenations
 * per pick. A reply that would pass MAX_RANDOM_REPLY_BYTES is dropped and the client closed.
 */
export function writeRandomPicks(
  c: Client,
  len: number,
  count: number,
  size: number,
  encode: (n: number) => string,
): void {
  const r = c.reply;
  const start = r.out.length;
  r.arrayLen(len);
  const cache = new Array<string | undefined>(Math.min(size, count));
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const n = (Math.random() * size) | 0;
    let e = n < cache.length ? cache[n] : undefined;
    if (e === undefined) {
      e = encode(n);
      if (n < cache.length) cache[n] = e;
    }
    parts.push(e);
    bytes += e.length;
    if (bytes > MAX_RANDOM_REPLY_BYTES) {
      r.out = r.out.slice(0, start);
      c.closeAfterReply = true;
      return;
    }
    if (parts.length === 4096) {
      r.raw(parts.join(''));
      parts.length = 0;
    }
  }
  r.raw(parts.join(''));
}

// HRANDFIELD key [count [WITHVALUES]]
function hrandfield(c: Client, argv: string[], load: HashLoader): void {
  if (argv.length === 2) {
    const hash = load(c, argv[1]);
    c.reply.bulkOrNull(hash === undefined ? undefined : hash.fieldAt(hash.randomPair()));
    return;
  }
  const l = parseI64(argv[2]);
  if (l === null) throw new CommandError(Err.notInteger);
  if (l < -LONG_MAX) throw new CommandError(outOfRangeBetween(-LONG_MAX, LONG_MAX));
  if (argv.length > 4 || (argv.length === 4 && !isOpt(argv[3], 'WITHVALUES')))
    throw new CommandError(Err.syntax);
  const withValues = argv.length === 4;
  if (withValues && (l < -LONG_MAX / 2n || l > LONG_MAX / 2n)) throw new CommandError(Err.valueOutOfRange);
  const hash = load(c, argv[1]);
  if (hash === undefined || l === 0n) {
    c.reply.arrayLen(0);
    return;
  }
  randomFields(c, hash, l < 0n ? -Number(l) : Number(l), l < 0n, withValues);
}

/** HRANDFIELD with a count, following Redis's four cases (hrandfieldWithCountCommand). */
function randomFields(c: Client, hash: HashValue, count: number, repeat: boolean, withValues: boolean): void {
  const r = c.reply;
  const pairs = withValues && r.resp === 3;
  const emit = (n: number) => {
    if (pairs) r.arrayLen(2);
    r.bulk(hash.fieldAt(n));
    if (withValues) r.bulk(hash.valueAt(n));
  };
  const size = hash.size;
  // Case 1: a negative count (repetitions allowed), or a single field.
  if (repeat || count === 1) {
    const scratch = new ReplyWriter(r.resp);
    writeRandomPicks(c, withValues && r.resp === 2 ? count * 2 : count, count, size, (n) => {
      if (pairs) scratch.arrayLen(2);
      scratch.bulk(hash.fieldAt(n));
      if (withValues) scratch.bulk(hash.valueAt(n));
      return scratch.take();
    });
    return;
  }
  const n = Math.min(count, size);
  r.arrayLen(withValues && r.resp === 2 ? n * 2 : n);
  // Case 2: at least as many as the hash has: all of it, in order.
  if (count >= size) {
    for (let i = 0; i < size; i++) emit(i);
    return;
  }
  // Case 3: most of the hash: a random subset in random order (partial Fisher-Yates).
  if (count * 3 > size) {
    const order = new Uint32Array(size);
    for (let i = 0; i < size; i++) order[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + ((Math.random() * (size - i)) | 0);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
      emit(order[i]);
    }
    return;
  }
  // Case 4: few of many. A listpack is walked once with selection sampling (its order is kept, as
  // lpRandomPairsUnique does); a hashtable is sampled at random until enough distinct fields.
  if (hash.isListpack) {
    let needed = count;
    for (let i = 0; i < size && needed > 0; i++) {
      if (Math.random() * (size - i) < needed) {
        emit(i);
        needed--;
      }
    }
    return;
  }
  const picked = new Set<number>();
  while (picked.size < count) {
    const p = hash.randomPair();
    if (picked.has(p)) continue;
    picked.add(p);
    emit(p);
  }
}

/** The read-only hash commands, by name, for tiering to run against a fetched copy. */
export const hashReaders: Readonly<Record<string, HashReader>> = {
  hget,
  hmget,
  hlen,
  hstrlen,
  hexists,
  hkeys,
  hvals,
  hgetall,
  hscan,
  hrandfield,
};

function fromRam(reader: HashReader): Handler {
  return (c, argv) => reader(c, argv, loadFromRam);
}

// -------------------------------------------------------------------------------------------------
// Command table (Redis 7.0.15 src/commands/h*.json)
// -------------------------------------------------------------------------------------------------

const WRITE_FAST = ['write', 'denyoom', 'fast'] as const;
const READ_FAST = ['readonly', 'fast'] as const;
const ALL_N = 'O(N) where N is the size of the hash.';

const spec = familySpec('hash', 'hash');

export const hashCommands: CommandSpec[] = [
  spec(
    'hset',
    -4,
    WRITE_FAST,
    '2.0.0',
    'Set the string value of a hash field',
    'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
    hset,
  ),
  spec(
    'hsetnx',
    4,
    WRITE_FAST,
    '2.0.0',
    'Set the value of a hash field, only if the field does not exist',
    'O(1)',
    hsetnx,
  ),
  spec(
    'hmset',
    -4,
    WRITE_FAST,
    '2.0.0',
    'Set multiple hash fields to multiple values',
    'O(N) where N is the number of fields being set.',
    hmset,
  ),
  spec('hget', 3, READ_FAST, '2.0.0', 'Get the value of a hash field', 'O(1)', fromRam(hget)),
  spec(
    'hmget',
    -3,
    READ_FAST,
    '2.0.0',
    'Get the values of all the given hash fields',
    'O(N) where N is the number of fields being requested.',
    fromRam(hmget),
  ),
  spec(
    'hdel',
    -3,
    ['write', 'fast'],
    '2.0.0',
    'Delete one or more hash fields',
    'O(N) where N is the number of fields to be removed.',
    hdel,
  ),
  spec('hlen', 2, READ_FAST, '2.0.0', 'Get the number of fields in a hash', 'O(1)', hlenCommand),
  spec(
    'hstrlen',
    3,
    READ_FAST,
    '3.2.0',
    'Get the length of the value of a hash field',
    'O(1)',
    fromRam(hstrlen),
  ),
  spec('hexists', 3, READ_FAST, '2.0.0', 'Determine if a hash field exists', 'O(1)', fromRam(hexists)),
  spec('hkeys', 2, ['readonly'], '2.0.0', 'Get all the fields in a hash', ALL_N, fromRam(hkeys)),
  spec('hvals', 2, ['readonly'], '2.0.0', 'Get all the values in a hash', ALL_N, fromRam(hvals)),
  spec(
    'hgetall',
    2,
    ['readonly'],
    '2.0.0',
    'Get all the fields and values in a hash',
    ALL_N,
    fromRam(hgetall),
  ),
  spec(
    'hincrby',
    4,
    WRITE_FAST,
    '2.0.0',
    'Increment the integer value of a hash field by the given number',
    'O(1)',
    hincrby,
  ),
  spec(
    'hincrbyfloat',
    4,
    WRITE_FAST,
    '2.6.0',
    'Increment the float value of a hash field by the given amount',
    'O(1)',
    hincrbyfloat,
  ),
  spec(
    'hrandfield',
    -2,
    ['readonly'],
    '6.2.0',
    'Get one or multiple random fields from a hash',
    'O(N) where N is the number of fields returned',
    fromRam(hrandfield),
  ),
  spec(
    'hscan',
    -3,
    ['readonly'],
    '2.8.0',
    'Incrementally iterate hash fields and associated values',
    'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    fromRam(hscan),
  ),
];
