/**
 * Set commands (Redis 7.0 t_set.c). The value is a SetValue (store/set.ts).
 */
import { CommandError, Err, outOfRangeBetween } from '../protocol/errors';
import { ReplyWriter } from '../protocol/reply';
import type { Client } from '../server/client';
import type { Config } from '../server/config';
import { ValueType } from '../store/keyspace';
import { SetValue } from '../store/set';
import { globMatch } from '../util/glob';
import { isOpt, parseI64 } from './args';
import { writeRandomPicks } from './hashes';
import { parseScanCursor, parseScanOptions, replyEmptyScan } from './scan-args';
import { deleted, written } from './ritual';
import { KEYS_ALL, familySpec, type CommandSpec, type KeyRange } from './table';

// -------------------------------------------------------------------------------------------------
// Shared pieces
// -------------------------------------------------------------------------------------------------

/** set-max-intset-entries, cached per server and kept current through CONFIG SET. */
const limitByConfig = new WeakMap<Config, { entries: number }>();

function maxIntset(c: Client): number {
  const config = c.server.config;
  let l = limitByConfig.get(config);
  if (l === undefined) {
    const fresh = { entries: config.num('set-max-intset-entries') };
    config.onChange('set-max-intset-entries', () => (fresh.entries = config.num('set-max-intset-entries')));
    limitByConfig.set(config, fresh);
    l = fresh;
  }
  return l.entries;
}

const readSet = (c: Client, key: string) => c.db.get<SetValue>(key, ValueType.Set);
const writeSet = (c: Client, key: string) => c.db.getForWrite<SetValue>(key, ValueType.Set);

const LONG_MAX = 2n ** 63n - 1n;

/** A count argument in [-LONG_MAX, LONG_MAX] (getRangeLongFromObjectOrReply). */
function signedCount(s: string): bigint {
  const l = parseI64(s);
  if (l === null) throw new CommandError(Err.notInteger);
  if (l < -LONG_MAX) throw new CommandError(outOfRangeBetween(-LONG_MAX, LONG_MAX));
  return l;
}

/** getPositiveLongFromObjectOrReply: one text for both a non-integer and a negative value. */
function positiveLong(s: string, msg: string = Err.mustBePositive): number {
  const l = parseI64(s);
  if (l === null || l < 0n) throw new CommandError(msg);
  return l > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(l);
}

// -------------------------------------------------------------------------------------------------
// Single-set writes
// -------------------------------------------------------------------------------------------------

// SADD key member [member ...]
function sadd(c: Client, argv: string[]): void {
  const key = argv[1];
  let set = writeSet(c, key);
  const isNew = set === undefined;
  if (set === undefined) set = SetValue.forFirstMember(argv[2]);
  const max = maxIntset(c);
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (set.add(argv[i], max)) added++;
  if (added > 0) {
    if (isNew) c.db.set(key, ValueType.Set, set);
    written(c, key, 's', 'sadd');
    c.server.dirty += added - 1;
  }
  c.reply.integer(added);
}

// SREM key member [member ...]
function srem(c: Client, argv: string[]): void {
  const key = argv[1];
  const set = writeSet(c, key);
  let removed = 0;
  if (set !== undefined) {
    for (let i = 2; i < argv.length; i++) {
      if (set.remove(argv[i])) {
        removed++;
        if (set.size === 0) break;
      }
    }
  }
  if (removed > 0) {
    if (set!.size === 0) {
      c.db.delete(key);
      c.server.notifier.notify('s', 'srem', key, c.db.index);
      deleted(c, key);
    } else {
      written(c, key, 's', 'srem');
    }
    c.server.dirty += removed - 1;
  }
  c.reply.integer(removed);
}

// SMOVE source destination member
function smove(c: Client, argv: string[]): void {
  const [, srcKey, dstKey, member] = argv;
  const src = writeSet(c, srcKey);
  if (src === undefined) {
    c.reply.integer(0);
    return;
  }
  let dst = writeSet(c, dstKey);
  if (src === dst) {
    c.reply.integer(src.has(member) ? 1 : 0);
    return;
  }
  if (!src.remove(member)) {
    c.reply.integer(0);
    return;
  }
  if (src.size === 0) {
    c.db.delete(srcKey);
    c.server.notifier.notify('s', 'srem', srcKey, c.db.index);
    deleted(c, srcKey);
  } else {
    written(c, srcKey, 's', 'srem');
  }
  const isNew = dst === undefined;
  if (dst === undefined) dst = SetValue.forFirstMember(member);
  if (dst.add(member, maxIntset(c))) {
    if (isNew) c.db.set(dstKey, ValueType.Set, dst);
    written(c, dstKey, 's', 'sadd');
  }
  c.reply.integer(1);
}

// SPOP key [count]
function spop(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new CommandError(Err.syntax);
  if (argv.length === 3) {
    spopCount(c, argv[1], positiveLong(argv[2]));
    return;
  }
  const key = argv[1];
  const set = writeSet(c, key);
  if (set === undefined) {
    c.reply.nullBulk();
    return;
  }
  const member = set.memberAt(set.randomPosition());
  set.remove(member);
  if (set.size === 0) {
    c.db.delete(key);
    c.server.notifier.notify('s', 'spop', key, c.db.index);
    deleted(c, key);
  } else {
    written(c, key, 's', 'spop');
  }
  c.reply.bulk(member);
}

/** SPOP with a count, following Redis's three cases (spopWithCountCommand). */
function spopCount(c: Client, key: string, count: number): void {
  const set = writeSet(c, key);
  if (set === undefined || count === 0) {
    c.reply.setLen(0);
    return;
  }
  const size = set.size;
  const r = c.reply;
  // Case 1: the whole set (as SUNION of it would reply), then the key goes.
  if (count >= size) {
    const all = union([set], maxIntset(c));
    r.setLen(all.size);
    for (let i = 0; i < all.size; i++) r.bulk(all.memberAt(i));
    c.db.delete(key);
    c.server.notifier.notify('s', 'spop', key, c.db.index);
    deleted(c, key);
    c.server.dirty += size - 1;
    return;
  }
  r.setLen(count);
  const remaining = size - count;
  if (remaining * 5 > count) {
    // Case 2: few of many: pop random members one by one.
    for (let i = 0; i < count; i++) {
      const member = set.memberAt(set.randomPosition());
      set.remove(member);
      r.bulk(member);
    }
    written(c, key, 's', 'spop');
  } else {
    // Case 3: most of the set: move the survivors to a new set, reply with what is left.
    const max = maxIntset(c);
    let kept: SetValue | undefined;
    for (let i = 0; i < remaining; i++) {
      const member = set.memberAt(set.randomPosition());
      if (kept === undefined) kept = SetValue.forFirstMember(member);
      kept.add(member, max);
      set.remove(member);
    }
    for (let i = 0; i < set.size; i++) r.bulk(set.memberAt(i));
    c.db.set(key, ValueType.Set, kept!, true);
    written(c, key, 's', 'spop');
  }
  c.server.dirty += count - 1;
}

// -------------------------------------------------------------------------------------------------
// Single-set reads
// -------------------------------------------------------------------------------------------------

// SISMEMBER key member
function sismember(c: Client, argv: string[]): void {
  const set = readSet(c, argv[1]);
  c.reply.integer(set !== undefined && set.has(argv[2]) ? 1 : 0);
}

// SMISMEMBER key member [member ...]
function smismember(c: Client, argv: string[]): void {
  const set = readSet(c, argv[1]);
  c.reply.arrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.reply.integer(set !== undefined && set.has(argv[i]) ? 1 : 0);
}

// SCARD key
function scard(c: Client, argv: string[]): void {
  const set = readSet(c, argv[1]);
  c.reply.integer(set === undefined ? 0 : set.size);
}

// SMEMBERS key
function smembers(c: Client, argv: string[]): void {
  const set = readSet(c, argv[1]);
  const n = set === undefined ? 0 : set.size;
  c.reply.setLen(n);
  for (let i = 0; i < n; i++) c.reply.bulk(set!.memberAt(i));
}

// SRANDMEMBER key [count]
function srandmember(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new CommandError(Err.syntax);
  if (argv.length === 2) {
    const set = readSet(c, argv[1]);
    c.reply.bulkOrNull(set === undefined ? undefined : set.memberAt(set.randomPosition()));
    return;
  }
  const l = signedCount(argv[2]);
  const set = readSet(c, argv[1]);
  if (set === undefined || l === 0n) {
    c.reply.arrayLen(0);
    return;
  }
  const repeat = l < 0n;
  const count = repeat ? -Number(l) : Number(l);
  const r = c.reply;
  const size = set.size;
  // Case 1: a negative count (repetitions allowed), or a single member.
  if (repeat || count === 1) {
    const scratch = new ReplyWriter(r.resp);
    writeRandomPicks(c, count, count, size, (n) => {
      scratch.bulk(set.memberAt(n));
      return scratch.take();
    });
    return;
  }
  // Case 2: at least the whole set: all of it, in order.
  if (count >= size) {
    r.arrayLen(size);
    for (let i = 0; i < size; i++) r.bulk(set.memberAt(i));
    return;
  }
  r.arrayLen(count);
  // Case 3: most of the set: a random subset (partial Fisher-Yates), in random order.
  if (count * 3 > size) {
    const order = new Uint32Array(size);
    for (let i = 0; i < size; i++) order[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + ((Math.random() * (size - i)) | 0);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
      r.bulk(set.memberAt(order[i]));
    }
    return;
  }
  // Case 4: few of many: random picks until enough distinct ones.
  const picked = new Set<number>();
  while (picked.size < count) {
    const p = set.randomPosition();
    if (picked.has(p)) continue;
    picked.add(p);
    r.bulk(set.memberAt(p));
  }
}

// SSCAN key cursor [MATCH pattern] [COUNT count]
function sscan(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]);
  const set = readSet(c, argv[1]);
  if (set === undefined) {
    replyEmptyScan(c);
    return;
  }
  const { count, pattern } = parseScanOptions(argv, 3, false);
  const found: string[] = [];
  const next = set.scan(cursor, count, (m) => {
    if (pattern === undefined || globMatch(pattern, m)) found.push(m);
  });
  c.reply.arrayLen(2);
  c.reply.bulk(String(next));
  c.reply.bulkArray(found);
}

// -------------------------------------------------------------------------------------------------
// Set algebra (SINTER, SUNION, SDIFF and their STORE and CARD forms)
// -------------------------------------------------------------------------------------------------

/** lookupKeyRead of every key: missing keys are undefined, any other type is WRONGTYPE. */
function loadAll(c: Client, argv: string[], from: number, to: number): (SetValue | undefined)[] {
  const sets: (SetValue | undefined)[] = [];
  for (let i = from; i < to; i++) sets.push(readSet(c, argv[i]));
  return sets;
}

/**
 * Members of the intersection, in the order of the smallest set; stops after `limit` (0 = all).
 * Any missing set makes it empty.
 */
function intersect(sets: (SetValue | undefined)[], limit: number): string[] {
  if (sets.some((s) => s === undefined)) return [];
  const sorted = (sets as SetValue[]).slice().sort((a, b) => a.size - b.size);
  const first = sorted[0];
  const out: string[] = [];
  for (let i = 0; i < first.size; i++) {
    const m = first.memberAt(i);
    let inAll = true;
    for (let j = 1; j < sorted.length && inAll; j++)
      if (sorted[j] !== first && !sorted[j].has(m)) inAll = false;
    if (inAll) {
      out.push(m);
      if (limit > 0 && out.length >= limit) break;
    }
  }
  return out;
}

/** The union as a set built like Redis's result set (an intset while every member fits). */
function union(sets: (SetValue | undefined)[], max: number): SetValue {
  const out = new SetValue();
  for (const s of sets) if (s !== undefined) for (let i = 0; i < s.size; i++) out.add(s.memberAt(i), max);
  return out;
}

/** Members of the first set found in none of the others (empty when a later key is the first set). */
function difference(sets: (SetValue | undefined)[], max: number): SetValue {
  const out = new SetValue();
  const first = sets[0];
  if (first === undefined || sets.some((s, j) => j > 0 && s === first)) return out;
  for (let i = 0; i < first.size; i++) {
    const m = first.memberAt(i);
    let elsewhere = false;
    for (let j = 1; j < sets.length && !elsewhere; j++) if (sets[j]?.has(m)) elsewhere = true;
    if (!elsewhere) out.add(m, max);
  }
  return out;
}

function replyMembers(c: Client, members: readonly string[]): void {
  c.reply.setLen(members.length);
  for (const m of members) c.reply.bulk(m);
}

function replySet(c: Client, set: SetValue): void {
  c.reply.setLen(set.size);
  for (let i = 0; i < set.size; i++) c.reply.bulk(set.memberAt(i));
}

/** The STORE ending: store a non-empty result (replacing any value and TTL), else delete dst. */
function store(c: Client, dst: string, result: SetValue, event: string): void {
  if (result.size > 0) {
    c.db.set(dst, ValueType.Set, result);
    written(c, dst, 's', event);
  } else if (c.db.delete(dst)) {
    deleted(c, dst);
  }
  c.reply.integer(result.size);
}

// SINTER key [key ...]
function sinter(c: Client, argv: string[]): void {
  replyMembers(c, intersect(loadAll(c, argv, 1, argv.length), 0));
}

// SINTERSTORE destination key [key ...]
function sinterstore(c: Client, argv: string[]): void {
  const members = intersect(loadAll(c, argv, 2, argv.length), 0);
  const result = new SetValue();
  const max = maxIntset(c);
  for (const m of members) result.add(m, max);
  store(c, argv[1], result, 'sinterstore');
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]
function sintercard(c: Client, argv: string[]): void {
  const numkeys = parseI64(argv[1]);
  if (numkeys === null || numkeys < 1n) throw new CommandError(Err.numkeysNotPositive);
  if (numkeys > BigInt(argv.length - 2)) throw new CommandError(Err.numkeysTooMany);
  const n = Number(numkeys);
  let limit = 0;
  for (let j = 2 + n; j < argv.length; j++) {
    if (isOpt(argv[j], 'LIMIT') && j + 1 < argv.length) limit = positiveLong(argv[++j], Err.limitNegative);
    else throw new CommandError(Err.syntax);
  }
  c.reply.integer(intersect(loadAll(c, argv, 2, 2 + n), limit).length);
}

// SUNION key [key ...]
function sunion(c: Client, argv: string[]): void {
  replySet(c, union(loadAll(c, argv, 1, argv.length), maxIntset(c)));
}

// SUNIONSTORE destination key [key ...]
function sunionstore(c: Client, argv: string[]): void {
  store(c, argv[1], union(loadAll(c, argv, 2, argv.length), maxIntset(c)), 'sunionstore');
}

// SDIFF key [key ...]
function sdiff(c: Client, argv: string[]): void {
  replySet(c, difference(loadAll(c, argv, 1, argv.length), maxIntset(c)));
}

// SDIFFSTORE destination key [key ...]
function sdiffstore(c: Client, argv: string[]): void {
  store(c, argv[1], difference(loadAll(c, argv, 2, argv.length), maxIntset(c)), 'sdiffstore');
}

// -------------------------------------------------------------------------------------------------
// Command table (Redis 7.0.15 src/commands/s*.json)
// -------------------------------------------------------------------------------------------------

/** SINTERCARD's keys: numkeys of them after the count (a bad count yields none). */
function sintercardKeys(argv: readonly string[]): number[] {
  const n = parseI64(argv[1] ?? '');
  if (n === null || n < 1n || n > BigInt(argv.length - 2)) return [];
  const out: number[] = [];
  for (let i = 0; i < Number(n); i++) out.push(2 + i);
  return out;
}

const DST_AND_SOURCES: KeyRange = { first: 1, last: -1, step: 1 };
const WRITE_FAST = ['write', 'fast'] as const;
const READ_FAST = ['readonly', 'fast'] as const;
const INTER_N =
  'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.';
const ALL_N = 'O(N) where N is the total number of elements in all given sets.';
const SCAN_N =
  'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..';

const spec = familySpec('set', 'set');

export const setCommands: CommandSpec[] = [
  spec(
    'sadd',
    -3,
    ['write', 'denyoom', 'fast'],
    '1.0.0',
    'Add one or more members to a set',
    'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    sadd,
  ),
  spec(
    'srem',
    -3,
    WRITE_FAST,
    '1.0.0',
    'Remove one or more members from a set',
    'O(N) where N is the number of members to be removed.',
    srem,
  ),
  spec('smove', 4, WRITE_FAST, '1.0.0', 'Move a member from one set to another', 'O(1)', smove, {
    keys: { first: 1, last: 2, step: 1 },
  }),
  spec(
    'sismember',
    3,
    READ_FAST,
    '1.0.0',
    'Determine if a given value is a member of a set',
    'O(1)',
    sismember,
  ),
  spec(
    'smismember',
    -3,
    READ_FAST,
    '6.2.0',
    'Returns the membership associated with the given elements for a set',
    'O(N) where N is the number of elements being checked for membership',
    smismember,
  ),
  spec('scard', 2, READ_FAST, '1.0.0', 'Get the number of members in a set', 'O(1)', scard),
  spec(
    'smembers',
    2,
    ['readonly'],
    '1.0.0',
    'Get all the members in a set',
    'O(N) where N is the set cardinality.',
    smembers,
  ),
  spec(
    'srandmember',
    -2,
    ['readonly'],
    '1.0.0',
    'Get one or multiple random members from a set',
    'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
    srandmember,
  ),
  spec(
    'spop',
    -2,
    WRITE_FAST,
    '1.0.0',
    'Remove and return one or multiple random members from a set',
    'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
    spop,
  ),
  spec('sinter', -2, ['readonly'], '1.0.0', 'Intersect multiple sets', INTER_N, sinter, { keys: KEYS_ALL }),
  spec(
    'sintercard',
    -3,
    ['readonly', 'movablekeys'],
    '7.0.0',
    'Intersect multiple sets and return the cardinality of the result',
    INTER_N,
    sintercard,
    { getKeys: sintercardKeys },
  ),
  spec(
    'sinterstore',
    -3,
    ['write', 'denyoom'],
    '1.0.0',
    'Intersect multiple sets and store the resulting set in a key',
    INTER_N,
    sinterstore,
    { keys: DST_AND_SOURCES },
  ),
  spec('sunion', -2, ['readonly'], '1.0.0', 'Add multiple sets', ALL_N, sunion, { keys: KEYS_ALL }),
  spec(
    'sunionstore',
    -3,
    ['write', 'denyoom'],
    '1.0.0',
    'Add multiple sets and store the resulting set in a key',
    ALL_N,
    sunionstore,
    { keys: DST_AND_SOURCES },
  ),
  spec('sdiff', -2, ['readonly'], '1.0.0', 'Subtract multiple sets', ALL_N, sdiff, { keys: KEYS_ALL }),
  spec(
    'sdiffstore',
    -3,
    ['write', 'denyoom'],
    '1.0.0',
    'Subtract multiple sets and store the resulting set in a key',
    ALL_N,
    sdiffstore,
    { keys: DST_AND_SOURCES },
  ),
  spec('sscan', -3, ['readonly'], '2.8.0', 'Incrementally iterate Set elements', SCAN_N, sscan),
];
