/**
 * List commands (Redis 7.0 t_list.c), the blocking ones included. The list structure lives in
 * store/list.ts; handlers here parse, call one list operation and reply.
 *
 * Blocking (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP): when no key can serve, the client blocks with
 * c.block(); when a watched key is modified and holds a list, the command runs again, served from
 * the key that became ready (blocking.servingKey), which is what Redis 7.0 does. Clients blocked on
 * one key are served oldest first. Inside MULTI/EXEC (c.canBlock false) the timeout reply is sent at
 * once. Errors in arguments are checked in Redis's order, so the same bad command gets the same error.
 */
import { CommandError, Err, wrongArity } from '../protocol/errors';
import type { Client } from '../server/client';
import type { Config } from '../server/config';
import { ValueType } from '../store/keyspace';
import { ListValue, type ListNode } from '../store/list';
import { intArg, isOpt, parseI64, parseInteger, timeoutArg } from './args';
import { deleted, written } from './ritual';
import { familySpec, type CommandSpec } from './table';

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

/** list-max-listpack-size, cached per Config (read on every list creation). */
let fillConfig: Config | null = null;
let fillValue = -2;

function newList(c: Client): ListValue {
  const config = c.server.config;
  if (fillConfig !== config) {
    fillConfig = config;
    fillValue = config.num('list-max-listpack-size');
    config.onChange('list-max-listpack-size', () => {
      if (fillConfig === config) fillValue = config.num('list-max-listpack-size');
    });
  }
  return new ListValue(fillValue);
}

function readList(c: Client, key: string): ListValue | undefined {
  return c.db.get<ListValue>(key, ValueType.List);
}

function writeList(c: Client, key: string): ListValue | undefined {
  return c.db.getForWrite<ListValue>(key, ValueType.List);
}

/** Ends a removal: the event, then the key's deletion when the list emptied (Redis's order). */
function removedFrom(c: Client, key: string, list: ListValue, event: string): void {
  written(c, key, 'l', event);
  if (list.length === 0) {
    c.db.delete(key);
    deleted(c, key);
  }
}

/** LEFT/RIGHT: true for LEFT (the head). */
function sideArg(s: string): boolean {
  if (isOpt(s, 'LEFT')) return true;
  if (isOpt(s, 'RIGHT')) return false;
  throw new CommandError(Err.syntax);
}

/** Pops up to count entries from one end, replying with each (the caller wrote the array header). */
function popInto(c: Client, list: ListValue, head: boolean, n: number): void {
  for (let i = 0; i < n; i++) c.reply.bulk((head ? list.popHead() : list.popTail()) as string);
}

/** LMOVE's push side: pushes to the destination (creating it) and notifies lpush/rpush. */
function pushToDestination(
  c: Client,
  dstKey: string,
  dst: ListValue | undefined,
  v: string,
  head: boolean,
): void {
  if (!dst) {
    dst = newList(c);
    if (head) dst.pushHead(v);
    else dst.pushTail(v);
    c.db.set(dstKey, ValueType.List, dst);
  } else if (head) dst.pushHead(v);
  else dst.pushTail(v);
  written(c, dstKey, 'l', head ? 'lpush' : 'rpush');
}

/** LMOVE on a non-empty source: type-checks the destination, moves one entry, replies with it. */
function moveOne(
  c: Client,
  src: ListValue,
  srcKey: string,
  dstKey: string,
  fromHead: boolean,
  toHead: boolean,
): void {
  const dst = writeList(c, dstKey);
  const v = (fromHead ? src.popHead() : src.popTail()) as string;
  pushToDestination(c, dstKey, dst, v, toHead);
  c.reply.bulk(v);
  removedFrom(c, srcKey, src, fromHead ? 'lpop' : 'rpop');
}

const replyNullArray = (c: Client): void => c.reply.nullArray();

// ---------------------------------------------------------------------------------------------------
// Push and pop
// ---------------------------------------------------------------------------------------------------

function pushGeneric(c: Client, argv: string[], head: boolean, onlyIfExists: boolean): void {
  const key = argv[1];
  let list = writeList(c, key);
  let created = false;
  if (!list) {
    if (onlyIfExists) {
      c.reply.integer(0);
      return;
    }
    list = newList(c);
    created = true;
  }
  if (head) for (let i = 2; i < argv.length; i++) list.pushHead(argv[i]);
  else for (let i = 2; i < argv.length; i++) list.pushTail(argv[i]);
  if (created) c.db.set(key, ValueType.List, list);
  c.server.dirty += argv.length - 3;
  written(c, key, 'l', head ? 'lpush' : 'rpush');
  c.reply.integer(list.length);
}

// LPUSH key element [element ...]
function lpush(c: Client, argv: string[]): void {
  pushGeneric(c, argv, true, false);
}

// RPUSH key element [element ...]
function rpush(c: Client, argv: string[]): void {
  pushGeneric(c, argv, false, false);
}

// LPUSHX key element [element ...]
function lpushx(c: Client, argv: string[]): void {
  pushGeneric(c, argv, true, true);
}

// RPUSHX key element [element ...]
function rpushx(c: Client, argv: string[]): void {
  pushGeneric(c, argv, false, true);
}

function popGeneric(c: Client, argv: string[], head: boolean): void {
  if (argv.length > 3) throw new CommandError(wrongArity(head ? 'lpop' : 'rpop'));
  const hasCount = argv.length === 3;
  let count = 0;
  if (hasCount) {
    count = intArg(argv[2], Err.mustBePositive);
    if (count < 0) throw new CommandError(Err.mustBePositive);
  }
  const key = argv[1];
  const list = writeList(c, key);
  if (!list) {
    if (hasCount) c.reply.nullArray();
    else c.reply.nullBulk();
    return;
  }
  if (hasCount && count === 0) {
    c.reply.arrayLen(0);
    return;
  }
  if (!hasCount) {
    c.reply.bulk((head ? list.popHead() : list.popTail()) as string);
  } else {
    const n = Math.min(count, list.length);
    c.reply.arrayLen(n);
    popInto(c, list, head, n);
    c.server.dirty += n - 1;
  }
  removedFrom(c, key, list, head ? 'lpop' : 'rpop');
}

// LPOP key [count]
function lpop(c: Client, argv: string[]): void {
  popGeneric(c, argv, true);
}

// RPOP key [count]
function rpop(c: Client, argv: string[]): void {
  popGeneric(c, argv, false);
}

/** LMPOP/BLMPOP's arguments from numkeys on: keys, side and count. */
interface MpopArgs {
  keys: string[];
  head: boolean;
  count: number;
}

function parseMpop(argv: string[], numkeysIdx: number): MpopArgs {
  const numkeys = parseInteger(argv[numkeysIdx]);
  if (numkeys === null || numkeys < 1) throw new CommandError(Err.numkeysNotPositive);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw new CommandError(Err.syntax);
  const head = sideArg(argv[whereIdx]);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && isOpt(argv[j], 'COUNT') && j + 1 < argv.length) {
      const n = parseInteger(argv[++j]);
      if (n === null || n < 1) throw new CommandError(Err.countNotPositive);
      count = n;
    } else {
      throw new CommandError(Err.syntax);
    }
  }
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), head, count: count === -1 ? 1 : count };
}

/** Pops up to count entries from `list` and replies [key, [entries...]]. */
function mpopFrom(c: Client, key: string, list: ListValue, head: boolean, count: number): void {
  const n = Math.min(count, list.length);
  c.reply.arrayLen(2);
  c.reply.bulk(key);
  c.reply.arrayLen(n);
  popInto(c, list, head, n);
  c.server.dirty += n - 1;
  removedFrom(c, key, list, head ? 'lpop' : 'rpop');
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
function lmpop(c: Client, argv: string[]): void {
  const { keys, head, count } = parseMpop(argv, 1);
  for (const key of keys) {
    const list = writeList(c, key);
    if (list) {
      mpopFrom(c, key, list, head, count);
      return;
    }
  }
  c.reply.nullArray();
}

/** Key positions of LMPOP (numkeys at 1) and BLMPOP (numkeys at 2). */
function mpopKeys(numkeysIdx: number): (argv: readonly string[]) => number[] {
  return (argv) => {
    const n = parseInteger(argv[numkeysIdx] ?? '');
    if (n === null || n < 1 || numkeysIdx + n >= argv.length) return [];
    const out: number[] = [];
    for (let i = 1; i <= n; i++) out.push(numkeysIdx + i);
    return out;
  };
}

// ---------------------------------------------------------------------------------------------------
// Reads and in-place edits
// ---------------------------------------------------------------------------------------------------

// LLEN key
function llen(c: Client, argv: string[]): void {
  c.reply.integer(readList(c, argv[1])?.length ?? 0);
}

// LINDEX key index
function lindex(c: Client, argv: string[]): void {
  const list = readList(c, argv[1]);
  if (!list) {
    c.reply.nullBulk();
    return;
  }
  c.reply.bulkOrNull(list.at(intArg(argv[2])));
}

// LSET key index element
function lset(c: Client, argv: string[]): void {
  const key = argv[1];
  const list = writeList(c, key);
  if (!list) throw new CommandError(Err.noSuchKey);
  if (!list.set(intArg(argv[2]), argv[3])) throw new CommandError(Err.indexOutOfRange);
  written(c, key, 'l', 'lset');
  c.reply.ok();
}

/** Clamps a Redis [start, end] range to the list; null when empty (addListRangeReply's rules). */
function clampRange(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  if (end >= len) end = len - 1;
  return [start, end];
}

// LRANGE key start stop
function lrange(c: Client, argv: string[]): void {
  const start = intArg(argv[2]);
  const end = intArg(argv[3]);
  const list = readList(c, argv[1]);
  const r = list ? clampRange(start, end, list.length) : null;
  if (!list || !r) {
    c.reply.arrayLen(0);
    return;
  }
  const reply = c.reply;
  reply.arrayLen(r[1] - r[0] + 1);
  list.visit(r[0], r[1] - r[0] + 1, false, (v) => reply.bulk(v));
}

// LTRIM key start stop
function ltrim(c: Client, argv: string[]): void {
  const start = intArg(argv[2]);
  const end = intArg(argv[3]);
  const key = argv[1];
  const list = writeList(c, key);
  if (!list) {
    c.reply.ok();
    return;
  }
  const len = list.length;
  const r = clampRange(start, end, len);
  const left = r ? r[0] : len;
  const right = r ? len - r[1] - 1 : 0;
  list.trim(left, right);
  c.server.dirty += left + right - 1;
  removedFrom(c, key, list, 'ltrim');
  c.reply.ok();
}

// LREM key count element
function lrem(c: Client, argv: string[]): void {
  const count = intArg(argv[2]);
  const key = argv[1];
  const list = writeList(c, key);
  if (!list) {
    c.reply.integer(0);
    return;
  }
  const removed = list.removeValue(argv[3], Math.abs(count), count < 0);
  if (removed > 0) {
    c.server.dirty += removed - 1;
    removedFrom(c, key, list, 'lrem');
  }
  c.reply.integer(removed);
}

// LINSERT key BEFORE|AFTER pivot element
function linsert(c: Client, argv: string[]): void {
  let after: boolean;
  if (isOpt(argv[2], 'AFTER')) after = true;
  else if (isOpt(argv[2], 'BEFORE')) after = false;
  else throw new CommandError(Err.syntax);
  const key = argv[1];
  const list = writeList(c, key);
  if (!list) {
    c.reply.integer(0);
    return;
  }
  if (!list.insertAtPivot(argv[3], argv[4], after)) {
    c.reply.integer(-1);
    return;
  }
  written(c, key, 'l', 'linsert');
  c.reply.integer(list.length);
}

const LONG_MIN = -(2n ** 63n);

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
function lpos(c: Client, argv: string[]): void {
  let rank = 1;
  let rankIsLongMin = false;
  let count = -1; // -1: no COUNT option
  let maxLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const more = j + 1 < argv.length;
    if (isOpt(argv[j], 'RANK') && more) {
      const s = argv[++j];
      rank = intArg(s);
      if (rank === 0) throw new CommandError(Err.rankZero);
      rankIsLongMin = parseI64(s) === LONG_MIN;
    } else if (isOpt(argv[j], 'COUNT') && more) {
      const n = parseInteger(argv[++j]);
      if (n === null || n < 0) throw new CommandError(Err.lposCountNegative);
      count = n;
    } else if (isOpt(argv[j], 'MAXLEN') && more) {
      const n = parseInteger(argv[++j]);
      if (n === null || n < 0) throw new CommandError(Err.lposMaxlenNegative);
      maxLen = n;
    } else {
      throw new CommandError(Err.syntax);
    }
  }
  const list = readList(c, argv[1]);
  if (!list) {
    if (count !== -1) c.reply.arrayLen(0);
    else c.reply.nullBulk();
    return;
  }
  const reverse = rank < 0;
  let matches = count === -1 ? 1 : count;
  if (rankIsLongMin) {
    // Redis negates LONG_MIN in place (it stays negative): every match qualifies, and with COUNT
    // the stop test overflows, so all matches are returned.
    rank = 1;
    if (count !== -1) matches = 0;
  }
  const found = list.positions(argv[2], Math.abs(rank), matches, maxLen, reverse);
  if (count !== -1) {
    c.reply.arrayLen(found.length);
    for (const i of found) c.reply.integer(i);
  } else if (found.length > 0) c.reply.integer(found[0]);
  else c.reply.nullBulk();
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
function lmove(c: Client, argv: string[]): void {
  const fromHead = sideArg(argv[3]);
  const toHead = sideArg(argv[4]);
  const src = writeList(c, argv[1]);
  if (!src) {
    c.reply.nullBulk();
    return;
  }
  moveOne(c, src, argv[1], argv[2], fromHead, toHead);
}

// RPOPLPUSH source destination
function rpoplpush(c: Client, argv: string[]): void {
  const src = writeList(c, argv[1]);
  if (!src) {
    c.reply.nullBulk();
    return;
  }
  moveOne(c, src, argv[1], argv[2], false, true);
}

// ---------------------------------------------------------------------------------------------------
// Blocking
// ---------------------------------------------------------------------------------------------------

/**
 * The first key able to serve a blocking pop: the ready key when the command is re-run by the
 * blocking manager, else the first key listed holding a list (WRONGTYPE when a key met before it
 * holds another type).
 */
function firstReady(c: Client, keys: readonly string[]): { key: string; list: ListValue } | null {
  const serving = c.server.blocking.servingKey;
  if (serving !== null && keys.includes(serving)) {
    const list = writeList(c, serving);
    if (list) return { key: serving, list };
  }
  for (const key of keys) {
    const list = writeList(c, key);
    if (list) return { key, list };
  }
  return null;
}

/**
 * List tiering: a blocked client being served from a list whose nodes it would touch are on disk
 * only waits for their reads, blocked again (true); the list-node layer marks the key ready after.
 */
function servedFromDisk(c: Client, key: string, nodes: () => { list: ListValue; node: ListNode }[]): boolean {
  const lists = c.server.tiering?.lists;
  if (lists === undefined || c.server.blocking.servingKey === null) return false;
  return lists.waitForServe(c, key, nodes());
}

/** The nodes holding the first (head) or last n entries of a list. */
function endNodes(list: ListValue, head: boolean, n: number): { list: ListValue; node: ListNode }[] {
  if (list.coldNodes === 0 || list.length === 0) return [];
  const k = Math.min(Math.max(n, 1), list.length);
  const nodes = head ? list.nodesForRange(0, k - 1) : list.nodesForRange(list.length - k, list.length - 1);
  return nodes.map((node) => ({ list, node }));
}

/** BLPOP/BRPOP/BLMPOP: pops when a key has entries, else blocks (count -1: single-entry reply). */
function blockingPop(
  c: Client,
  spec: CommandSpec,
  argv: string[],
  keys: string[],
  head: boolean,
  deadline: number,
  count: number,
): void {
  const ready = firstReady(c, keys);
  if (ready && servedFromDisk(c, ready.key, () => endNodes(ready.list, head, count))) {
    c.block(spec, argv, keys, deadline, replyNullArray, ValueType.List);
    return;
  }
  if (ready) {
    if (count !== -1) {
      mpopFrom(c, ready.key, ready.list, head, count);
      return;
    }
    c.reply.arrayLen(2);
    c.reply.bulk(ready.key);
    c.reply.bulk((head ? ready.list.popHead() : ready.list.popTail()) as string);
    removedFrom(c, ready.key, ready.list, head ? 'lpop' : 'rpop');
    return;
  }
  if (!c.canBlock) {
    c.reply.nullArray();
    return;
  }
  c.block(spec, argv, keys, deadline, replyNullArray, ValueType.List);
}

// BLPOP key [key ...] timeout
function blpop(c: Client, argv: string[]): void {
  const deadline = timeoutArg(argv[argv.length - 1], c.server.keyspace.now);
  blockingPop(c, blpopSpec, argv, argv.slice(1, -1), true, deadline, -1);
}

// BRPOP key [key ...] timeout
function brpop(c: Client, argv: string[]): void {
  const deadline = timeoutArg(argv[argv.length - 1], c.server.keyspace.now);
  blockingPop(c, brpopSpec, argv, argv.slice(1, -1), false, deadline, -1);
}

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
function blmpop(c: Client, argv: string[]): void {
  const { keys, head, count } = parseMpop(argv, 2);
  const deadline = timeoutArg(argv[1], c.server.keyspace.now);
  blockingPop(c, blmpopSpec, argv, keys, head, deadline, count);
}

function blockingMove(
  c: Client,
  spec: CommandSpec,
  argv: string[],
  fromHead: boolean,
  toHead: boolean,
  deadline: number,
): void {
  const src = writeList(c, argv[1]);
  if (
    src &&
    servedFromDisk(c, argv[1], () => {
      const nodes = endNodes(src, fromHead, 1);
      // The destination's end node, when the destination is another list with nodes on disk.
      const dst = c.db.typeOf(argv[2]) === ValueType.List ? c.db.peek(argv[2])!.value : null;
      if (dst instanceof ListValue && dst !== src) nodes.push(...endNodes(dst, toHead, 1));
      return nodes;
    })
  ) {
    c.block(spec, argv, [argv[1]], deadline, replyNullArray, ValueType.List);
    return;
  }
  if (src) {
    moveOne(c, src, argv[1], argv[2], fromHead, toHead);
    return;
  }
  if (!c.canBlock) {
    c.reply.nullBulk();
    return;
  }
  c.block(spec, argv, [argv[1]], deadline, replyNullArray, ValueType.List);
}

// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
function blmove(c: Client, argv: string[]): void {
  const fromHead = sideArg(argv[3]);
  const toHead = sideArg(argv[4]);
  const deadline = timeoutArg(argv[5], c.server.keyspace.now);
  blockingMove(c, blmoveSpec, argv, fromHead, toHead, deadline);
}

// BRPOPLPUSH source destination timeout
function brpoplpush(c: Client, argv: string[]): void {
  const deadline = timeoutArg(argv[3], c.server.keyspace.now);
  blockingMove(c, brpoplpushSpec, argv, false, true, deadline);
}

// ---------------------------------------------------------------------------------------------------
// Table (Redis 7.0.15 src/commands/*.json)
// ---------------------------------------------------------------------------------------------------

const PUSH_COMPLEXITY =
  'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.';
const MOVE_SUMMARY = 'Pop an element from a list, push it to another list and return it';
const KEYS_1_2 = { first: 1, last: 2, step: 1 };
const KEYS_BUT_LAST = { first: 1, last: -2, step: 1 };

const listSpec = familySpec('list', 'list');

const blpopSpec = listSpec(
  'blpop',
  -3,
  ['write', 'noscript', 'blocking'],
  '2.0.0',
  'Remove and get the first element in a list, or block until one is available',
  'O(N) where N is the number of provided keys.',
  blpop,
  { keys: KEYS_BUT_LAST },
);
const brpopSpec = listSpec(
  'brpop',
  -3,
  ['write', 'noscript', 'blocking'],
  '2.0.0',
  'Remove and get the last element in a list, or block until one is available',
  'O(N) where N is the number of provided keys.',
  brpop,
  { keys: KEYS_BUT_LAST },
);
const blmoveSpec = listSpec(
  'blmove',
  6,
  ['write', 'denyoom', 'noscript', 'blocking'],
  '6.2.0',
  MOVE_SUMMARY + '; or block until one is available',
  'O(1)',
  blmove,
  { keys: KEYS_1_2 },
);
const brpoplpushSpec = listSpec(
  'brpoplpush',
  4,
  ['write', 'denyoom', 'noscript', 'blocking'],
  '2.2.0',
  MOVE_SUMMARY + '; or block until one is available',
  'O(1)',
  brpoplpush,
  { keys: KEYS_1_2 },
);
const blmpopSpec = listSpec(
  'blmpop',
  -5,
  ['write', 'blocking', 'movablekeys'],
  '7.0.0',
  'Pop elements from a list, or block until one is available',
  'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
  blmpop,
  { getKeys: mpopKeys(2) },
);

export const listCommands: CommandSpec[] = [
  listSpec(
    'lpush',
    -3,
    ['write', 'denyoom', 'fast'],
    '1.0.0',
    'Prepend one or multiple elements to a list',
    PUSH_COMPLEXITY,
    lpush,
  ),
  listSpec(
    'rpush',
    -3,
    ['write', 'denyoom', 'fast'],
    '1.0.0',
    'Append one or multiple elements to a list',
    PUSH_COMPLEXITY,
    rpush,
  ),
  listSpec(
    'lpushx',
    -3,
    ['write', 'denyoom', 'fast'],
    '2.2.0',
    'Prepend an element to a list, only if the list exists',
    PUSH_COMPLEXITY,
    lpushx,
  ),
  listSpec(
    'rpushx',
    -3,
    ['write', 'denyoom', 'fast'],
    '2.2.0',
    'Append an element to a list, only if the list exists',
    PUSH_COMPLEXITY,
    rpushx,
  ),
  listSpec(
    'lpop',
    -2,
    ['write', 'fast'],
    '1.0.0',
    'Remove and get the first elements in a list',
    'O(N) where N is the number of elements returned',
    lpop,
  ),
  listSpec(
    'rpop',
    -2,
    ['write', 'fast'],
    '1.0.0',
    'Remove and get the last elements in a list',
    'O(N) where N is the number of elements returned',
    rpop,
  ),
  listSpec(
    'lmpop',
    -4,
    ['write', 'movablekeys'],
    '7.0.0',
    'Pop elements from a list',
    'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
    lmpop,
    { getKeys: mpopKeys(1) },
  ),
  listSpec('llen', 2, ['readonly', 'fast'], '1.0.0', 'Get the length of a list', 'O(1)', llen),
  listSpec(
    'lindex',
    3,
    ['readonly'],
    '1.0.0',
    'Get an element from a list by its index',
    'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
    lindex,
  ),
  listSpec(
    'lset',
    4,
    ['write', 'denyoom'],
    '1.0.0',
    'Set the value of an element in a list by its index',
    'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).',
    lset,
  ),
  listSpec(
    'lrange',
    4,
    ['readonly'],
    '1.0.0',
    'Get a range of elements from a list',
    'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.',
    lrange,
  ),
  listSpec(
    'ltrim',
    4,
    ['write'],
    '1.0.0',
    'Trim a list to the specified range',
    'O(N) where N is the number of elements to be removed by the operation.',
    ltrim,
  ),
  listSpec(
    'lrem',
    4,
    ['write'],
    '1.0.0',
    'Remove elements from a list',
    'O(N+M) where N is the length of the list and M is the number of elements removed.',
    lrem,
  ),
  listSpec(
    'linsert',
    5,
    ['write', 'denyoom'],
    '2.2.0',
    'Insert an element before or after another element in a list',
    'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).',
    linsert,
  ),
  listSpec(
    'lpos',
    -3,
    ['readonly'],
    '6.0.6',
    'Return the index of matching elements on a list',
    'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.',
    lpos,
  ),
  listSpec('lmove', 5, ['write', 'denyoom'], '6.2.0', MOVE_SUMMARY, 'O(1)', lmove, { keys: KEYS_1_2 }),
  listSpec(
    'rpoplpush',
    3,
    ['write', 'denyoom'],
    '1.2.0',
    'Remove the last element in a list, prepend it to another list and return it',
    'O(1)',
    rpoplpush,
    { keys: KEYS_1_2 },
  ),
  blpopSpec,
  brpopSpec,
  blmoveSpec,
  brpoplpushSpec,
  blmpopSpec,
];
