/**
 * Sorted-set commands (Redis 7.0 t_zset.c). The value is a ZSetValue (store/zset.ts): a skiplist
 * with spans plus a member -> node map, so ranks and ranges are O(log n).
 *
 * Scores are parsed as Redis parses them: ZADD/ZINCRBY/WEIGHTS with string2d (strtod over the whole
 * argument, no leading space, no overflow, no NaN), score ranges with plain strtod (leading spaces,
 * overflow to inf and an empty bound are accepted; "(" makes a bound exclusive). Replies format scores
 * with %.17g (c.reply.double: a RESP3 double or a RESP2 bulk string).
 *
 * Blocking (BZPOPMIN, BZPOPMAX, BZMPOP) works as in lists.ts: c.block() with the zset type, so only a
 * key that holds a sorted set wakes the client, and a re-run is served from the key that became ready.
 */
import { atLeastOneInputKey, CommandError, Err, outOfRangeBetween } from '../protocol/errors';
import { formatDouble, ReplyWriter } from '../protocol/reply';
import type { Client } from '../server/client';
import { ValueType } from '../store/keyspace';
import type { SetValue } from '../store/set';
import {
  lexGteMin,
  lexLteMax,
  ZSetValue,
  type LexBound,
  type LexRange,
  type ScoreRange,
  type ZNode,
} from '../store/zset';
import { globMatch } from '../util/glob';
import { i64Arg, intArg, isOpt, parseI64, parseInteger, timeoutArg } from './args';
import { writeRandomPicks } from './hashes';
import { parseScanCursor } from './keys';
import { deleted, written } from './ritual';
import { familySpec, type CommandSpec, type KeyRange } from './table';
import { listpackLimits, type ListpackLimits } from './listpack-limits';

// -------------------------------------------------------------------------------------------------
// Shared pieces
// -------------------------------------------------------------------------------------------------

function limits(c: Client): ListpackLimits {
  return listpackLimits(c, 'zset');
}

const readZ = (c: Client, key: string) => c.db.get<ZSetValue>(key, ValueType.ZSet);
const writeZ = (c: Client, key: string) => c.db.getForWrite<ZSetValue>(key, ValueType.ZSet);

/** Ends a removal: the event, then the key's deletion and 'del' when the set emptied. */
function removedFrom(c: Client, key: string, z: ZSetValue, event: string): void {
  if (z.size === 0) {
    c.db.delete(key);
    c.server.notifier.notify('z', event, key, c.db.index);
    deleted(c, key);
  } else {
    written(c, key, 'z', event);
  }
}

/** One member with its score: RESP3 nests [member, score] pairs, RESP2 is flat. */
function emitNode(r: ReplyWriter, n: ZNode, withScores: boolean): void {
  if (withScores) {
    if (r.resp === 3) r.arrayLen(2);
    r.bulk(n.member);
    r.double(n.score);
  } else {
    r.bulk(n.member);
  }
}

function rangeHeader(r: ReplyWriter, n: number, withScores: boolean): void {
  r.arrayLen(withScores && r.resp === 2 ? n * 2 : n);
}

const replyNullArray = (c: Client): void => c.reply.nullArray();

const LONG_MAX = 2n ** 63n - 1n;

/** getPositiveLongFromObjectOrReply: one text for a non-integer and a negative value. */
function positiveLong(s: string, msg: string = Err.mustBePositive): number {
  const l = parseI64(s);
  if (l === null || l < 0n) throw new CommandError(msg);
  return l > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(l);
}

// -------------------------------------------------------------------------------------------------
// Number parsing (strtod and Redis's two uses of it)
// -------------------------------------------------------------------------------------------------

/** Where the last strtod() stopped, and whether it over- or underflowed (ERANGE to inf or 0). */
let strtodEnd = 0;
let strtodRange = false;

const isSpace = (ch: number): boolean => ch === 32 || (ch >= 9 && ch <= 13);
const isDigit = (ch: number): boolean => ch >= 48 && ch <= 57;
const hexValue = (ch: number): number =>
  isDigit(ch) ? ch - 48 : ch >= 97 && ch <= 102 ? ch - 87 : ch >= 65 && ch <= 70 ? ch - 55 : -1;

/**
 * C strtod from `start` (C string semantics stop at a NUL byte): leading white space, a sign, then
 * inf/infinity/nan, a hex float or a decimal float. Sets strtodEnd (start when nothing converted).
 */
function strtod(s: string, start: number): number {
  let i = start;
  const len = s.length;
  while (i < len && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  const sign = s.charCodeAt(i);
  if (sign === 43 || sign === 45) {
    neg = sign === 45;
    i++;
  }
  strtodRange = false;
  strtodEnd = start;
  const word = s.slice(i, i + 8).toLowerCase();
  if (word.startsWith('inf')) {
    strtodEnd = i + (word === 'infinity' ? 8 : 3);
    return neg ? -Infinity : Infinity;
  }
  if (word.startsWith('nan')) {
    let j = i + 3;
    if (s.charCodeAt(j) === 40 /* ( */) {
      let k = j + 1;
      while (k < len && /[0-9A-Za-z_]/.test(s[k])) k++;
      if (s.charCodeAt(k) === 41) j = k + 1;
    }
    strtodEnd = j;
    return NaN;
  }
  if (s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 0x20) === 120) {
    const v = hexFloat(s, i + 2);
    if (v !== null) return neg ? -v : v;
  }
  const numStart = i;
  let digits = 0;
  let nonZero = false;
  while (i < len && isDigit(s.charCodeAt(i))) {
    if (s.charCodeAt(i) !== 48) nonZero = true;
    i++;
    digits++;
  }
  if (s.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < len && isDigit(s.charCodeAt(i))) {
      if (s.charCodeAt(i) !== 48) nonZero = true;
      i++;
      digits++;
    }
  }
  if (digits === 0) return 0;
  let end = i;
  if ((s.charCodeAt(i) | 0x20) === 101 /* e */) {
    let j = i + 1;
    const es = s.charCodeAt(j);
    if (es === 43 || es === 45) j++;
    if (isDigit(s.charCodeAt(j))) {
      while (j < len && isDigit(s.charCodeAt(j))) j++;
      end = j;
    }
  }
  strtodEnd = end;
  const v = Number(s.slice(numStart, end));
  if (!Number.isFinite(v) || (v === 0 && nonZero)) strtodRange = true;
  return neg ? -v : v;
}

/** A hex float after "0x" (sets strtodEnd), or null when no hex digit follows (strtod reads "0"). */
function hexFloat(s: string, i: number): number | null {
  let mant = 0;
  let exp = 0;
  let digits = 0;
  for (let h = hexValue(s.charCodeAt(i)); h >= 0; h = hexValue(s.charCodeAt(++i))) {
    mant = mant * 16 + h;
    digits++;
  }
  if (s.charCodeAt(i) === 46) {
    for (let h = hexValue(s.charCodeAt(++i)); h >= 0; h = hexValue(s.charCodeAt(++i))) {
      mant = mant * 16 + h;
      exp -= 4;
      digits++;
    }
  }
  if (digits === 0) return null;
  if ((s.charCodeAt(i) | 0x20) === 112 /* p */) {
    let j = i + 1;
    const es = s.charCodeAt(j);
    if (es === 43 || es === 45) j++;
    if (isDigit(s.charCodeAt(j))) {
      let e = 0;
      while (isDigit(s.charCodeAt(j))) e = Math.min(e * 10 + s.charCodeAt(j++) - 48, 1e6);
      exp += es === 45 ? -e : e;
      i = j;
    }
  }
  strtodEnd = i;
  const v = mant * Math.pow(2, exp);
  strtodRange = !Number.isFinite(v) || (v === 0 && mant !== 0);
  return v;
}

/** string2d: the whole argument is one float, no leading space, no overflow/underflow, not NaN. */
function parseScore(s: string, error: string = Err.notFloat): number {
  if (s.length === 0 || isSpace(s.charCodeAt(0))) throw new CommandError(error);
  const v = strtod(s, 0);
  if (strtodEnd !== s.length || Number.isNaN(v) || (strtodRange && (v === 0 || !Number.isFinite(v))))
    throw new CommandError(error);
  return v;
}

/** One bound of zslParseRange: "(" exclusive, then strtod up to the end (or a NUL byte). */
function scoreBound(s: string): [number, boolean] {
  const ex = s.charCodeAt(0) === 40;
  const v = strtod(s, ex ? 1 : 0);
  if ((strtodEnd !== s.length && s.charCodeAt(strtodEnd) !== 0) || Number.isNaN(v))
    throw new CommandError(Err.minMaxNotFloat);
  return [v, ex];
}

function parseScoreRange(minArg: string, maxArg: string): ScoreRange {
  const [min, minex] = scoreBound(minArg);
  const [max, maxex] = scoreBound(maxArg);
  return { min, max, minex, maxex };
}

/** zslParseLexRangeItem: "-" / "+" (nothing after them up to a NUL), "(x" or "[x". */
function lexBound(s: string): LexBound {
  const first = s.charCodeAt(0);
  const alone = s.length === 1 || s.charCodeAt(1) === 0;
  if (first === 43 /* + */ && alone) return { inf: 1, value: '', ex: true };
  if (first === 45 /* - */ && alone) return { inf: -1, value: '', ex: true };
  if (first === 40 /* ( */) return { inf: 0, value: s.slice(1), ex: true };
  if (first === 91 /* [ */) return { inf: 0, value: s.slice(1), ex: false };
  throw new CommandError(Err.minMaxNotLex);
}

function parseLexRange(minArg: string, maxArg: string): LexRange {
  return { min: lexBound(minArg), max: lexBound(maxArg) };
}

/** d2string: how a listpack stores a score (integers within +-LLONG_MAX/2 printed as integers). */
function d2string(d: number): string {
  if (Number.isInteger(d) && Math.abs(d) <= 2 ** 62) {
    if (d === 0) return Object.is(d, -0) ? '-0' : '0';
    return BigInt(d).toString();
  }
  return formatDouble(d);
}

// -------------------------------------------------------------------------------------------------
// ZADD, ZINCRBY, ZREM and the range removals
// -------------------------------------------------------------------------------------------------

function zaddGeneric(c: Client, argv: string[], incrCommand: boolean): void {
  let nx = false;
  let xx = false;
  let gt = false;
  let lt = false;
  let ch = false;
  let incr = incrCommand;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const o = argv[idx];
    if (o.length > 4) break;
    if (isOpt(o, 'NX')) nx = true;
    else if (isOpt(o, 'XX')) xx = true;
    else if (isOpt(o, 'CH')) ch = true;
    else if (isOpt(o, 'INCR')) incr = true;
    else if (isOpt(o, 'GT')) gt = true;
    else if (isOpt(o, 'LT')) lt = true;
    else break;
  }
  const rest = argv.length - idx;
  if (rest % 2 !== 0 || rest === 0) throw new CommandError(Err.syntax);
  const pairs = rest / 2;
  if (nx && xx) throw new CommandError(Err.zaddXxAndNx);
  if ((gt && nx) || (lt && nx) || (gt && lt)) throw new CommandError(Err.zaddGtLtNx);
  if (incr && pairs > 1) throw new CommandError(Err.zaddIncrOnePair);
  const scores = new Array<number>(pairs);
  for (let j = 0; j < pairs; j++) scores[j] = parseScore(argv[idx + 2 * j]);

  const key = argv[1];
  let z = writeZ(c, key);
  let created = false;
  if (z === undefined) {
    if (xx) {
      if (incr) c.reply.nullBulk();
      else c.reply.integer(0);
      return;
    }
    z = new ZSetValue();
    created = true;
  }
  const lim = limits(c);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let newScore = 0;
  for (let j = 0; j < pairs; j++) {
    const member = argv[idx + 1 + 2 * j];
    let score = scores[j];
    const node = z.node(member);
    if (node !== undefined) {
      if (nx) continue;
      const cur = node.score;
      if (incr) {
        score += cur;
        if (Number.isNaN(score)) throw new CommandError(Err.zsetScoreNaN);
      }
      if ((lt && score >= cur) || (gt && score <= cur)) continue;
      processed++;
      newScore = score;
      if (score !== cur) {
        z.setScore(node, score);
        updated++;
      }
    } else if (!xx) {
      z.insert(member, score, lim.entries, lim.value);
      added++;
      processed++;
      newScore = score;
    }
  }
  if (created && added > 0) c.db.set(key, ValueType.ZSet, z);
  if (incr) {
    if (processed > 0) c.reply.double(newScore);
    else c.reply.nullBulk();
  } else {
    c.reply.integer(ch ? added + updated : added);
  }
  if (added + updated > 0) {
    written(c, key, 'z', incr ? 'zincr' : 'zadd');
    c.server.dirty += added + updated - 1;
  }
}

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
function zadd(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, false);
}

// ZINCRBY key increment member
function zincrby(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, true);
}

// ZREM key member [member ...]
function zrem(c: Client, argv: string[]): void {
  const key = argv[1];
  const z = writeZ(c, key);
  let removed = 0;
  if (z !== undefined) {
    for (let j = 2; j < argv.length; j++) {
      if (z.delete(argv[j])) removed++;
      if (z.size === 0) break;
    }
    if (removed > 0) {
      removedFrom(c, key, z, 'zrem');
      c.server.dirty += removed - 1;
    }
  }
  c.reply.integer(removed);
}

/** ZREMRANGEBY*: the removal ran on `z` and removed `n` members. */
function afterRangeRemoval(c: Client, key: string, z: ZSetValue, n: number, event: string): void {
  if (n > 0) {
    removedFrom(c, key, z, event);
    c.server.dirty += n - 1;
  }
  c.reply.integer(n);
}

// ZREMRANGEBYRANK key start stop
function zremrangebyrank(c: Client, argv: string[]): void {
  let start = intArg(argv[2]);
  let end = intArg(argv[3]);
  const key = argv[1];
  const z = writeZ(c, key);
  if (z === undefined) {
    c.reply.integer(0);
    return;
  }
  const len = z.size;
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) {
    c.reply.integer(0);
    return;
  }
  if (end >= len) end = len - 1;
  afterRangeRemoval(c, key, z, z.removeRankRange(start, end), 'zremrangebyrank');
}

// ZREMRANGEBYSCORE key min max
function zremrangebyscore(c: Client, argv: string[]): void {
  const range = parseScoreRange(argv[2], argv[3]);
  const key = argv[1];
  const z = writeZ(c, key);
  if (z === undefined) c.reply.integer(0);
  else afterRangeRemoval(c, key, z, z.removeScoreRange(range), 'zremrangebyscore');
}

// ZREMRANGEBYLEX key min max
function zremrangebylex(c: Client, argv: string[]): void {
  const range = parseLexRange(argv[2], argv[3]);
  const key = argv[1];
  const z = writeZ(c, key);
  if (z === undefined) c.reply.integer(0);
  else afterRangeRemoval(c, key, z, z.removeLexRange(range), 'zremrangebylex');
}

// -------------------------------------------------------------------------------------------------
// Single-key reads
// -------------------------------------------------------------------------------------------------

// ZCARD key
function zcard(c: Client, argv: string[]): void {
  c.reply.integer(readZ(c, argv[1])?.size ?? 0);
}

// ZSCORE key member
function zscore(c: Client, argv: string[]): void {
  const s = readZ(c, argv[1])?.score(argv[2]);
  if (s === undefined) c.reply.nullBulk();
  else c.reply.double(s);
}

// ZMSCORE key member [member ...]
function zmscore(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  c.reply.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z?.score(argv[j]);
    if (s === undefined) c.reply.nullBulk();
    else c.reply.double(s);
  }
}

function rankGeneric(c: Client, argv: string[], reverse: boolean): void {
  const z = readZ(c, argv[1]);
  const r = z === undefined ? -1 : z.rank(argv[2]);
  if (r < 0) c.reply.nullBulk();
  else c.reply.integer(reverse ? z!.size - 1 - r : r);
}

// ZRANK key member
function zrank(c: Client, argv: string[]): void {
  rankGeneric(c, argv, false);
}

// ZREVRANK key member
function zrevrank(c: Client, argv: string[]): void {
  rankGeneric(c, argv, true);
}

// ZCOUNT key min max
function zcount(c: Client, argv: string[]): void {
  const range = parseScoreRange(argv[2], argv[3]);
  c.reply.integer(readZ(c, argv[1])?.countInRange(range) ?? 0);
}

// ZLEXCOUNT key min max
function zlexcount(c: Client, argv: string[]): void {
  const range = parseLexRange(argv[2], argv[3]);
  c.reply.integer(readZ(c, argv[1])?.countInLexRange(range) ?? 0);
}

// -------------------------------------------------------------------------------------------------
// ZRANGE and its variants (zrangeGenericCommand)
// -------------------------------------------------------------------------------------------------

const enum RangeBy {
  Auto,
  Rank,
  Score,
  Lex,
}

const enum Direction {
  Auto,
  Forward,
  Reverse,
}

/** Where a range goes: the client's reply, or a new set for ZRANGESTORE. */
interface RangeSink {
  begin(n: number): void;
  emit(n: ZNode): void;
  end(): void;
}

function clientSink(c: Client, withScores: boolean): RangeSink {
  const r = c.reply;
  return {
    begin: (n) => rangeHeader(r, n, withScores),
    emit: (n) => emitNode(r, n, withScores),
    end: () => {},
  };
}

function storeSink(c: Client, dst: string, reverse: boolean): RangeSink {
  const members: string[] = [];
  const scores: number[] = [];
  return {
    begin: () => {},
    emit: (n) => {
      members.push(n.member);
      scores.push(n.score);
    },
    end: () => {
      // A reversed range arrives in descending order.
      if (reverse) {
        members.reverse();
        scores.reverse();
      }
      storeResult(c, dst, members, scores, 'zrangestore');
    },
  };
}

/** The STORE ending: a non-empty result replaces dst (value and TTL), an empty one deletes it. */
function storeResult(c: Client, dst: string, members: string[], scores: number[], event: string): void {
  if (members.length > 0) {
    const lim = limits(c);
    c.db.set(dst, ValueType.ZSet, ZSetValue.fromSorted(members, scores, lim.entries, lim.value));
    c.reply.integer(members.length);
    written(c, dst, 'z', event);
  } else {
    c.reply.integer(0);
    if (c.db.delete(dst)) deleted(c, dst);
  }
}

function zrangeGeneric(
  c: Client,
  argv: string[],
  at: number,
  dst: string | null,
  by: RangeBy,
  dir: Direction,
): void {
  const store = dst !== null;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = at + 3; j < argv.length; j++) {
    const a = argv[j];
    const left = argv.length - j - 1;
    if (!store && isOpt(a, 'WITHSCORES')) withScores = true;
    else if (isOpt(a, 'LIMIT') && left >= 2) {
      offset = intArg(argv[j + 1]);
      limit = intArg(argv[j + 2]);
      j += 2;
    } else if (dir === Direction.Auto && isOpt(a, 'REV')) dir = Direction.Reverse;
    else if (by === RangeBy.Auto && isOpt(a, 'BYLEX')) by = RangeBy.Lex;
    else if (by === RangeBy.Auto && isOpt(a, 'BYSCORE')) by = RangeBy.Score;
    else throw new CommandError(Err.syntax);
  }
  if (by === RangeBy.Auto) by = RangeBy.Rank;
  const reverse = dir === Direction.Reverse;
  if (limit !== -1 && by === RangeBy.Rank) throw new CommandError(Err.zrangeLimitNeedsBy);
  if (withScores && by === RangeBy.Lex) throw new CommandError(Err.zrangeWithscoresBylex);
  let minArg = argv[at + 1];
  let maxArg = argv[at + 2];
  if (reverse && by !== RangeBy.Rank) [minArg, maxArg] = [maxArg, minArg];
  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | null = null;
  let lexRange: LexRange | null = null;
  if (by === RangeBy.Rank) {
    start = intArg(minArg);
    end = intArg(maxArg);
  } else if (by === RangeBy.Score) scoreRange = parseScoreRange(minArg, maxArg);
  else lexRange = parseLexRange(minArg, maxArg);

  const z = readZ(c, argv[at]);
  if (z === undefined) {
    if (store) storeResult(c, dst, [], [], 'zrangestore');
    else c.reply.arrayLen(0);
    return;
  }
  const sink = store ? storeSink(c, dst, reverse) : clientSink(c, withScores);
  if (by === RangeBy.Rank) rangeByRank(z, start, end, reverse, sink);
  else if (by === RangeBy.Score) {
    const first = reverse ? z.lastInRange(scoreRange!) : z.firstInRange(scoreRange!);
    const available = first === null ? 0 : z.countInRange(scoreRange!);
    rangeFrom(z, first, available, offset, limit, reverse, sink);
  } else {
    const first = reverse ? z.lastInLexRange(lexRange!) : z.firstInLexRange(lexRange!);
    lexRangeFrom(first, lexRange!, offset, limit, reverse, sink);
  }
}

/**
 * BYLEX: from `first`, skip `offset` members unchecked, then take members while they stay in range
 * (genericZrangebylexCommand's walk, which on mixed scores can stop early).
 */
function lexRangeFrom(
  first: ZNode | null,
  range: LexRange,
  offset: number,
  limit: number,
  reverse: boolean,
  sink: RangeSink,
): void {
  const nodes: ZNode[] = [];
  let x = offset < 0 ? null : first;
  for (let i = 0; i < offset && x !== null; i++) x = reverse ? x.prev : x.next[0];
  for (let left = limit; x !== null && left !== 0; left--) {
    if (reverse ? !lexGteMin(x.member, range) : !lexLteMax(x.member, range)) break;
    nodes.push(x);
    x = reverse ? x.prev : x.next[0];
  }
  sink.begin(nodes.length);
  for (const n of nodes) sink.emit(n);
  sink.end();
}

function rangeByRank(z: ZSetValue, start: number, end: number, reverse: boolean, sink: RangeSink): void {
  const len = z.size;
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) {
    sink.begin(0);
    sink.end();
    return;
  }
  if (end >= len) end = len - 1;
  const n = end - start + 1;
  sink.begin(n);
  let x = z.at(reverse ? len - 1 - start : start);
  for (let i = 0; i < n && x !== null; i++) {
    sink.emit(x);
    x = reverse ? x.prev : x.next[0];
  }
  sink.end();
}

/**
 * BYSCORE/BYLEX: `available` members in range from `first` on (walking backwards when reversed);
 * LIMIT skips `offset` of them (a negative offset yields nothing, as Redis's loop does) and takes at
 * most `limit` (negative: all).
 */
function rangeFrom(
  z: ZSetValue,
  first: ZNode | null,
  available: number,
  offset: number,
  limit: number,
  reverse: boolean,
  sink: RangeSink,
): void {
  let n = first === null || offset < 0 ? 0 : Math.max(0, available - offset);
  if (limit >= 0 && limit < n) n = limit;
  sink.begin(n);
  if (n > 0) {
    const r = z.rankOf(first!);
    let x = offset === 0 ? first : z.at(reverse ? r - offset : r + offset);
    for (let i = 0; i < n && x !== null; i++) {
      sink.emit(x);
      x = reverse ? x.prev : x.next[0];
    }
  }
  sink.end();
}

// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
function zrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeBy.Auto, Direction.Auto);
}

// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
function zrangestore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 2, argv[1], RangeBy.Auto, Direction.Auto);
}

// ZREVRANGE key start stop [WITHSCORES]
function zrevrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeBy.Rank, Direction.Reverse);
}

// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
function zrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeBy.Score, Direction.Forward);
}

// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
function zrevrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeBy.Score, Direction.Reverse);
}

// ZRANGEBYLEX key min max [LIMIT offset count]
function zrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeBy.Lex, Direction.Forward);
}

// ZREVRANGEBYLEX key max min [LIMIT offset count]
function zrevrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RangeBy.Lex, Direction.Reverse);
}

// -------------------------------------------------------------------------------------------------
// Pops, blocking pops
// -------------------------------------------------------------------------------------------------

/**
 * genericZpopCommand: pops from the first existing key. count -1 is a plain single pop; `emitKey`
 * puts the key in the reply (BZPOP*, ZMPOP); `nested` pairs member and score (RESP3 ZPOP with
 * count, ZMPOP); `nilWhenEmpty` answers a null array when no key exists (ZMPOP).
 */
function zpopGeneric(
  c: Client,
  keys: readonly string[],
  max: boolean,
  emitKey: boolean,
  count: number,
  nested: boolean,
  nilWhenEmpty: boolean,
): void {
  let key = '';
  let z: ZSetValue | undefined;
  for (const k of keys) {
    z = writeZ(c, k);
    if (z !== undefined) {
      key = k;
      break;
    }
  }
  if (z === undefined) {
    if (nilWhenEmpty) c.reply.nullArray();
    else c.reply.arrayLen(0);
    return;
  }
  if (count === 0) {
    c.reply.arrayLen(0);
    return;
  }
  popFrom(c, key, z, max, emitKey, count === -1 ? 1 : count, nested);
}

function popFrom(
  c: Client,
  key: string,
  z: ZSetValue,
  max: boolean,
  emitKey: boolean,
  count: number,
  nested: boolean,
): void {
  const r = c.reply;
  const n = Math.min(count, z.size);
  if (!nested && !emitKey) r.arrayLen(n * 2);
  else if (nested && !emitKey) r.arrayLen(n);
  else if (!nested && emitKey) {
    r.arrayLen(n * 2 + 1);
    r.bulk(key);
  } else {
    r.arrayLen(2);
    r.bulk(key);
    r.arrayLen(n);
  }
  for (let i = 0; i < n; i++) {
    const node = (max ? z.last() : z.first())!;
    z.remove(node);
    if (nested) r.arrayLen(2);
    r.bulk(node.member);
    r.double(node.score);
  }
  removedFrom(c, key, z, max ? 'zpopmax' : 'zpopmin');
  c.server.dirty += n - 1;
}

function zpopMinMax(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) throw new CommandError(Err.syntax);
  const count = argv.length === 3 ? positiveLong(argv[2]) : -1;
  zpopGeneric(c, [argv[1]], max, false, count, c.reply.resp === 3 && count !== -1, false);
}

// ZPOPMIN key [count]
function zpopmin(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, false);
}

// ZPOPMAX key [count]
function zpopmax(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, true);
}

/** ZMPOP/BZMPOP's arguments from numkeys on. */
function parseMpop(argv: string[], numkeysIdx: number): { keys: string[]; max: boolean; count: number } {
  const numkeys = parseInteger(argv[numkeysIdx]);
  if (numkeys === null || numkeys < 1) throw new CommandError(Err.numkeysNotPositive);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw new CommandError(Err.syntax);
  let max: boolean;
  if (isOpt(argv[whereIdx], 'MIN')) max = false;
  else if (isOpt(argv[whereIdx], 'MAX')) max = true;
  else throw new CommandError(Err.syntax);
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
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), max, count: count === -1 ? 1 : count };
}

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
function zmpop(c: Client, argv: string[]): void {
  const { keys, max, count } = parseMpop(argv, 1);
  zpopGeneric(c, keys, max, true, count, true, true);
}

/**
 * BZPOPMIN/BZPOPMAX/BZMPOP: pops from the first non-empty key (the ready key first when re-run by
 * the blocking manager), else blocks on every key (count -1: the flat [key, member, score] reply).
 */
function blockingPop(
  c: Client,
  spec: CommandSpec,
  argv: string[],
  keys: string[],
  max: boolean,
  deadline: number,
  count: number,
): void {
  const serving = c.server.blocking.servingKey;
  let found: string | null = null;
  let z: ZSetValue | undefined;
  if (serving !== null && keys.includes(serving)) {
    z = writeZ(c, serving);
    if (z !== undefined) found = serving;
  }
  if (found === null) {
    for (const k of keys) {
      z = writeZ(c, k);
      if (z !== undefined) {
        found = k;
        break;
      }
    }
  }
  if (found !== null) {
    popFrom(c, found, z!, max, true, count === -1 ? 1 : count, count !== -1);
    return;
  }
  if (!c.canBlock) {
    c.reply.nullArray();
    return;
  }
  c.block(spec, argv, keys, deadline, replyNullArray, ValueType.ZSet);
}

// BZPOPMIN key [key ...] timeout
function bzpopmin(c: Client, argv: string[]): void {
  const deadline = timeoutArg(argv[argv.length - 1], c.server.keyspace.now);
  blockingPop(c, bzpopminSpec, argv, argv.slice(1, -1), false, deadline, -1);
}

// BZPOPMAX key [key ...] timeout
function bzpopmax(c: Client, argv: string[]): void {
  const deadline = timeoutArg(argv[argv.length - 1], c.server.keyspace.now);
  blockingPop(c, bzpopmaxSpec, argv, argv.slice(1, -1), true, deadline, -1);
}

// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
function bzmpop(c: Client, argv: string[]): void {
  const { keys, max, count } = parseMpop(argv, 2);
  const deadline = timeoutArg(argv[1], c.server.keyspace.now);
  blockingPop(c, bzmpopSpec, argv, keys, max, deadline, count);
}

// -------------------------------------------------------------------------------------------------
// ZRANDMEMBER, ZSCAN
// -------------------------------------------------------------------------------------------------

// ZRANDMEMBER key [count [WITHSCORES]]
function zrandmember(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    const z = readZ(c, argv[1]);
    c.reply.bulkOrNull(z === undefined ? undefined : z.randomNode().member);
    return;
  }
  const l = parseI64(argv[2]);
  if (l === null) throw new CommandError(Err.notInteger);
  if (l < -LONG_MAX) throw new CommandError(outOfRangeBetween(-LONG_MAX, LONG_MAX));
  if (argv.length > 4 || (argv.length === 4 && !isOpt(argv[3], 'WITHSCORES')))
    throw new CommandError(Err.syntax);
  const withScores = argv.length === 4;
  if (withScores && (l < -LONG_MAX / 2n || l > LONG_MAX / 2n)) throw new CommandError(Err.valueOutOfRange);
  const z = readZ(c, argv[1]);
  if (z === undefined || l === 0n) {
    c.reply.arrayLen(0);
    return;
  }
  const repeat = l < 0n;
  const big = repeat ? -l : l;
  const count = big > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(big);
  randomMembers(c, z, count, repeat, withScores);
}

/** zrandmemberWithCountCommand's four cases. */
function randomMembers(c: Client, z: ZSetValue, count: number, repeat: boolean, withScores: boolean): void {
  const r = c.reply;
  const size = z.size;
  // Case 1: a negative count (repetitions allowed), or a single member.
  if (repeat || count === 1) {
    const scratch = new ReplyWriter(r.resp);
    writeRandomPicks(c, withScores && r.resp === 2 ? count * 2 : count, count, size, (n) => {
      emitNode(scratch, z.slotNode(n), withScores);
      return scratch.take();
    });
    return;
  }
  const n = Math.min(count, size);
  rangeHeader(r, n, withScores);
  // Case 2: at least the whole set: all of it, highest first.
  if (count >= size) {
    // zuiNext walks a sorted set from its tail.
    for (let x = z.last(); x !== null; x = x.prev) emitNode(r, x, withScores);
    return;
  }
  // Case 3: most of the set: a random subset in random order (partial Fisher-Yates).
  if (count * 3 > size) {
    const order = new Uint32Array(size);
    for (let i = 0; i < size; i++) order[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + ((Math.random() * (size - i)) | 0);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
      emitNode(r, z.slotNode(order[i]), withScores);
    }
    return;
  }
  // Case 4: few of many. A listpack is walked once in order with selection sampling (as
  // lpRandomPairsUnique keeps listpack order); a skiplist is sampled until enough distinct members.
  if (z.isListpack) {
    let needed = count;
    let left = size;
    for (let x = z.first(); x !== null && needed > 0; x = x.next[0], left--) {
      if (Math.random() * left < needed) {
        emitNode(r, x, withScores);
        needed--;
      }
    }
    return;
  }
  const picked = new Set<ZNode>();
  while (picked.size < count) {
    const x = z.randomNode();
    if (picked.has(x)) continue;
    picked.add(x);
    emitNode(r, x, withScores);
  }
}

// ZSCAN key cursor [MATCH pattern] [COUNT count]
function zscan(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]);
  const z = readZ(c, argv[1]);
  if (z === undefined) {
    c.reply.arrayLen(2);
    c.reply.bulk('0');
    c.reply.arrayLen(0);
    return;
  }
  let count = 10;
  let pattern: string | undefined;
  for (let i = 3; i < argv.length; i += 2) {
    const more = i + 1 < argv.length;
    if (isOpt(argv[i], 'COUNT') && more) {
      count = intArg(argv[i + 1]);
      if (count < 1) throw new CommandError(Err.syntax);
    } else if (isOpt(argv[i], 'MATCH') && more) {
      pattern = argv[i + 1] === '*' ? undefined : argv[i + 1];
    } else {
      throw new CommandError(Err.syntax);
    }
  }
  const found: string[] = [];
  let next = 0;
  if (z.isListpack) {
    // A listpack is returned whole, scores as the listpack stores them.
    for (let x = z.first(); x !== null; x = x.next[0])
      if (pattern === undefined || globMatch(pattern, x.member)) found.push(x.member, d2string(x.score));
  } else {
    next = z.scan(cursor, count, (x) => {
      if (pattern === undefined || globMatch(pattern, x.member)) found.push(x.member, formatDouble(x.score));
    });
  }
  c.reply.arrayLen(2);
  c.reply.bulk(String(next));
  c.reply.bulkArray(found);
}

// -------------------------------------------------------------------------------------------------
// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (zunionInterDiffGenericCommand)
// -------------------------------------------------------------------------------------------------

const enum SetOp {
  Union,
  Inter,
  Diff,
}

const enum Aggregate {
  Sum,
  Min,
  Max,
}

/** One input: a sorted set, or a plain set whose members all score 1. */
interface Source {
  z: ZSetValue | undefined;
  s: SetValue | undefined;
  weight: number;
}

const sourceSize = (src: Source): number => src.z?.size ?? src.s?.size ?? 0;

function sourceScore(src: Source, member: string): number | undefined {
  if (src.z !== undefined) return src.z.score(member);
  return src.s !== undefined && src.s.has(member) ? 1 : undefined;
}

/** Visits every member of a source with its (unweighted) score. */
function eachMember(src: Source, visit: (member: string, score: number) => boolean | void): void {
  if (src.z !== undefined) {
    for (let x = src.z.first(); x !== null; x = x.next[0]) if (visit(x.member, x.score) === false) return;
  } else if (src.s !== undefined) {
    for (let i = 0; i < src.s.size; i++) if (visit(src.s.memberAt(i), 1) === false) return;
  }
}

function aggregate(target: number, value: number, how: Aggregate): number {
  if (how === Aggregate.Sum) {
    const sum = target + value;
    return Number.isNaN(sum) ? 0 : sum;
  }
  if (how === Aggregate.Min) return value < target ? value : target;
  return value > target ? value : target;
}

/** weight * score, with NaN (0 * inf) taken as 0. */
function weighted(weight: number, score: number): number {
  const v = weight * score;
  return Number.isNaN(v) ? 0 : v;
}

function setOperation(
  c: Client,
  argv: string[],
  numkeysIdx: number,
  dst: string | null,
  op: SetOp,
  cardOnly: boolean,
): void {
  const name = argv[0].toLowerCase();
  const setnum = i64Arg(argv[numkeysIdx]);
  if (setnum < 1n) throw new CommandError(atLeastOneInputKey(name));
  if (setnum > BigInt(argv.length - numkeysIdx - 1)) throw new CommandError(Err.syntax);
  const n = Number(setnum);
  const srcs: Source[] = [];
  let j = numkeysIdx + 1;
  for (let i = 0; i < n; i++, j++) {
    const key = argv[j];
    const src: Source = { z: undefined, s: undefined, weight: 1 };
    if (c.db.typeOf(key) === ValueType.Set) src.s = c.db.get<SetValue>(key, ValueType.Set);
    else src.z = readZ(c, key);
    srcs.push(src);
  }
  let how = Aggregate.Sum;
  let withScores = false;
  let limit = 0;
  while (j < argv.length) {
    const remaining = argv.length - j;
    const a = argv[j];
    if (op !== SetOp.Diff && !cardOnly && remaining >= n + 1 && isOpt(a, 'WEIGHTS')) {
      j++;
      for (let i = 0; i < n; i++, j++) srcs[i].weight = parseScore(argv[j], Err.weightNotFloat);
    } else if (op !== SetOp.Diff && !cardOnly && remaining >= 2 && isOpt(a, 'AGGREGATE')) {
      const v = argv[j + 1];
      if (isOpt(v, 'SUM')) how = Aggregate.Sum;
      else if (isOpt(v, 'MIN')) how = Aggregate.Min;
      else if (isOpt(v, 'MAX')) how = Aggregate.Max;
      else throw new CommandError(Err.syntax);
      j += 2;
    } else if (dst === null && !cardOnly && isOpt(a, 'WITHSCORES')) {
      withScores = true;
      j++;
    } else if (cardOnly && remaining >= 2 && isOpt(a, 'LIMIT')) {
      limit = positiveLong(argv[j + 1], Err.limitNegative);
      j += 2;
    } else {
      throw new CommandError(Err.syntax);
    }
  }
  // Smallest input first (a stable sort, like glibc's qsort on these small arrays).
  if (op !== SetOp.Diff) srcs.sort((a, b) => sourceSize(a) - sourceSize(b));

  const members: string[] = [];
  const scores: number[] = [];
  let cardinality = 0;
  if (op === SetOp.Inter) {
    const first = srcs[0];
    if (sourceSize(first) > 0) {
      eachMember(first, (member, score) => {
        let acc = weighted(first.weight, score);
        for (let k = 1; k < n; k++) {
          const other = srcs[k];
          const v =
            (other.z !== undefined && other.z === first.z) || (other.s !== undefined && other.s === first.s)
              ? score
              : sourceScore(other, member);
          if (v === undefined) return;
          acc = aggregate(acc, v * other.weight, how);
        }
        if (cardOnly) {
          cardinality++;
          if (limit > 0 && cardinality >= limit) return false;
        } else {
          members.push(member);
          scores.push(acc);
        }
      });
    }
  } else if (op === SetOp.Union) {
    const acc = new Map<string, number>();
    for (const src of srcs) {
      eachMember(src, (member, score) => {
        const v = weighted(src.weight, score);
        const cur = acc.get(member);
        acc.set(member, cur === undefined ? v : aggregate(cur, v, how));
      });
    }
    for (const [m, s] of acc) {
      members.push(m);
      scores.push(s);
    }
  } else {
    const first = srcs[0];
    const same = srcs.some(
      (s, k) => k > 0 && ((s.z !== undefined && s.z === first.z) || (s.s !== undefined && s.s === first.s)),
    );
    if (!same) {
      eachMember(first, (member, score) => {
        for (let k = 1; k < n; k++) if (sourceScore(srcs[k], member) !== undefined) return;
        members.push(member);
        scores.push(score);
      });
    }
  }
  if (cardOnly) {
    c.reply.integer(cardinality);
    return;
  }
  sortByScore(members, scores);
  if (dst !== null) {
    storeResult(
      c,
      dst,
      members,
      scores,
      op === SetOp.Union ? 'zunionstore' : op === SetOp.Inter ? 'zinterstore' : 'zdiffstore',
    );
    return;
  }
  const r = c.reply;
  rangeHeader(r, members.length, withScores);
  for (let i = 0; i < members.length; i++) {
    if (withScores && r.resp === 3) r.arrayLen(2);
    r.bulk(members[i]);
    if (withScores) r.double(scores[i]);
  }
}

/** Sorts parallel member/score arrays by (score, member bytes). */
function sortByScore(members: string[], scores: number[]): void {
  const n = members.length;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    if (scores[a] !== scores[b]) return scores[a] < scores[b] ? -1 : 1;
    return members[a] < members[b] ? -1 : members[a] > members[b] ? 1 : 0;
  });
  const m2 = order.map((i) => members[i]);
  const s2 = order.map((i) => scores[i]);
  for (let i = 0; i < n; i++) {
    members[i] = m2[i];
    scores[i] = s2[i];
  }
}

// ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
function zunion(c: Client, argv: string[]): void {
  setOperation(c, argv, 1, null, SetOp.Union, false);
}

// ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
function zinter(c: Client, argv: string[]): void {
  setOperation(c, argv, 1, null, SetOp.Inter, false);
}

// ZDIFF numkeys key [key ...] [WITHSCORES]
function zdiff(c: Client, argv: string[]): void {
  setOperation(c, argv, 1, null, SetOp.Diff, false);
}

// ZINTERCARD numkeys key [key ...] [LIMIT limit]
function zintercard(c: Client, argv: string[]): void {
  setOperation(c, argv, 1, null, SetOp.Inter, true);
}

// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
function zunionstore(c: Client, argv: string[]): void {
  setOperation(c, argv, 2, argv[1], SetOp.Union, false);
}

// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
function zinterstore(c: Client, argv: string[]): void {
  setOperation(c, argv, 2, argv[1], SetOp.Inter, false);
}

// ZDIFFSTORE destination numkeys key [key ...]
function zdiffstore(c: Client, argv: string[]): void {
  setOperation(c, argv, 2, argv[1], SetOp.Diff, false);
}

// -------------------------------------------------------------------------------------------------
// Command table (Redis 7.0.15 src/commands/z*.json, bz*.json)
// -------------------------------------------------------------------------------------------------

/** numkeys keys after position numkeysIdx, plus a destination at 1 for the STORE forms. */
function numkeysKeys(numkeysIdx: number, withDst: boolean): (argv: readonly string[]) => number[] {
  return (argv) => {
    const n = parseInteger(argv[numkeysIdx] ?? '');
    if (n === null || n < 1 || n > argv.length - numkeysIdx - 1) return [];
    const out: number[] = withDst ? [1] : [];
    for (let i = 1; i <= n; i++) out.push(numkeysIdx + i);
    return out;
  };
}

const KEY1: KeyRange = { first: 1, last: 1, step: 1 };
const KEYS_BUT_LAST: KeyRange = { first: 1, last: -2, step: 1 };
const KEYS_1_2: KeyRange = { first: 1, last: 2, step: 1 };
const RANGE_N =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).';
const REMOVE_N =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.';
const INTER_N =
  'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.';
const UNION_N =
  'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.';
const DIFF_N =
  'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.';
const POP_N =
  'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.';
const MPOP_N =
  'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.';

const spec = familySpec('sortedset', 'sorted-set');

const bzpopminSpec = spec(
  'bzpopmin',
  -3,
  ['write', 'noscript', 'fast', 'blocking'],
  '5.0.0',
  'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available',
  'O(log(N)) with N being the number of elements in the sorted set.',
  bzpopmin,
  { keys: KEYS_BUT_LAST },
);
const bzpopmaxSpec = spec(
  'bzpopmax',
  -3,
  ['write', 'noscript', 'fast', 'blocking'],
  '5.0.0',
  'Remove and return the member with the highest score from one or more sorted sets, or block until one is available',
  'O(log(N)) with N being the number of elements in the sorted set.',
  bzpopmax,
  { keys: KEYS_BUT_LAST },
);
const bzmpopSpec = spec(
  'bzmpop',
  -5,
  ['write', 'blocking', 'movablekeys'],
  '7.0.0',
  'Remove and return members with scores in a sorted set or block until one is available',
  MPOP_N,
  bzmpop,
  { getKeys: numkeysKeys(2, false) },
);

export const zsetCommands: CommandSpec[] = [
  spec(
    'zadd',
    -4,
    ['write', 'denyoom', 'fast'],
    '1.2.0',
    'Add one or more members to a sorted set, or update its score if it already exists',
    'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    zadd,
  ),
  spec(
    'zincrby',
    4,
    ['write', 'denyoom', 'fast'],
    '1.2.0',
    'Increment the score of a member in a sorted set',
    'O(log(N)) where N is the number of elements in the sorted set.',
    zincrby,
  ),
  spec(
    'zrem',
    -3,
    ['write', 'fast'],
    '1.2.0',
    'Remove one or more members from a sorted set',
    'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.',
    zrem,
  ),
  spec('zcard', 2, ['readonly', 'fast'], '1.2.0', 'Get the number of members in a sorted set', 'O(1)', zcard),
  spec(
    'zcount',
    4,
    ['readonly', 'fast'],
    '2.0.0',
    'Count the members in a sorted set with scores within the given values',
    'O(log(N)) with N being the number of elements in the sorted set.',
    zcount,
  ),
  spec(
    'zlexcount',
    4,
    ['readonly', 'fast'],
    '2.8.9',
    'Count the number of members in a sorted set between a given lexicographical range',
    'O(log(N)) with N being the number of elements in the sorted set.',
    zlexcount,
  ),
  spec(
    'zscore',
    3,
    ['readonly', 'fast'],
    '1.2.0',
    'Get the score associated with the given member in a sorted set',
    'O(1)',
    zscore,
  ),
  spec(
    'zmscore',
    -3,
    ['readonly', 'fast'],
    '6.2.0',
    'Get the score associated with the given members in a sorted set',
    'O(N) where N is the number of members being requested.',
    zmscore,
  ),
  spec(
    'zrank',
    3,
    ['readonly', 'fast'],
    '2.0.0',
    'Determine the index of a member in a sorted set',
    'O(log(N))',
    zrank,
  ),
  spec(
    'zrevrank',
    3,
    ['readonly', 'fast'],
    '2.0.0',
    'Determine the index of a member in a sorted set, with scores ordered from high to low',
    'O(log(N))',
    zrevrank,
  ),
  spec(
    'zrange',
    -4,
    ['readonly'],
    '1.2.0',
    'Return a range of members in a sorted set',
    'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    zrange,
  ),
  spec(
    'zrangestore',
    -5,
    ['write', 'denyoom'],
    '6.2.0',
    'Store a range of members from sorted set into another key',
    'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.',
    zrangestore,
    { keys: KEYS_1_2 },
  ),
  spec(
    'zrangebyscore',
    -4,
    ['readonly'],
    '1.0.5',
    'Return a range of members in a sorted set, by score',
    RANGE_N,
    zrangebyscore,
  ),
  spec(
    'zrevrangebyscore',
    -4,
    ['readonly'],
    '2.2.0',
    'Return a range of members in a sorted set, by score, with scores ordered from high to low',
    RANGE_N,
    zrevrangebyscore,
  ),
  spec(
    'zrangebylex',
    -4,
    ['readonly'],
    '2.8.9',
    'Return a range of members in a sorted set, by lexicographical range',
    RANGE_N,
    zrangebylex,
  ),
  spec(
    'zrevrangebylex',
    -4,
    ['readonly'],
    '2.8.9',
    'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.',
    RANGE_N,
    zrevrangebylex,
  ),
  spec(
    'zrevrange',
    -4,
    ['readonly'],
    '1.2.0',
    'Return a range of members in a sorted set, by index, with scores ordered from high to low',
    'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    zrevrange,
  ),
  spec(
    'zremrangebyrank',
    4,
    ['write'],
    '2.0.0',
    'Remove all members in a sorted set within the given indexes',
    REMOVE_N,
    zremrangebyrank,
  ),
  spec(
    'zremrangebyscore',
    4,
    ['write'],
    '1.2.0',
    'Remove all members in a sorted set within the given scores',
    REMOVE_N,
    zremrangebyscore,
  ),
  spec(
    'zremrangebylex',
    4,
    ['write'],
    '2.8.9',
    'Remove all members in a sorted set between the given lexicographical range',
    REMOVE_N,
    zremrangebylex,
  ),
  spec(
    'zpopmin',
    -2,
    ['write', 'fast'],
    '5.0.0',
    'Remove and return members with the lowest scores in a sorted set',
    POP_N,
    zpopmin,
  ),
  spec(
    'zpopmax',
    -2,
    ['write', 'fast'],
    '5.0.0',
    'Remove and return members with the highest scores in a sorted set',
    POP_N,
    zpopmax,
  ),
  spec(
    'zmpop',
    -4,
    ['write', 'movablekeys'],
    '7.0.0',
    'Remove and return members with scores in a sorted set',
    MPOP_N,
    zmpop,
    { getKeys: numkeysKeys(1, false) },
  ),
  bzpopminSpec,
  bzpopmaxSpec,
  bzmpopSpec,
  spec(
    'zrandmember',
    -2,
    ['readonly'],
    '6.2.0',
    'Get one or multiple random elements from a sorted set',
    'O(N) where N is the number of elements returned',
    zrandmember,
  ),
  spec(
    'zscan',
    -3,
    ['readonly'],
    '2.8.0',
    'Incrementally iterate sorted sets elements and associated scores',
    'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    zscan,
  ),
  spec('zunion', -3, ['readonly', 'movablekeys'], '6.2.0', 'Add multiple sorted sets', UNION_N, zunion, {
    getKeys: numkeysKeys(1, false),
  }),
  spec(
    'zinter',
    -3,
    ['readonly', 'movablekeys'],
    '6.2.0',
    'Intersect multiple sorted sets',
    INTER_N,
    zinter,
    {
      getKeys: numkeysKeys(1, false),
    },
  ),
  spec('zdiff', -3, ['readonly', 'movablekeys'], '6.2.0', 'Subtract multiple sorted sets', DIFF_N, zdiff, {
    getKeys: numkeysKeys(1, false),
  }),
  spec(
    'zintercard',
    -3,
    ['readonly', 'movablekeys'],
    '7.0.0',
    'Intersect multiple sorted sets and return the cardinality of the result',
    'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.',
    zintercard,
    { getKeys: numkeysKeys(1, false) },
  ),
  spec(
    'zunionstore',
    -4,
    ['write', 'denyoom', 'movablekeys'],
    '2.0.0',
    'Add multiple sorted sets and store the resulting sorted set in a new key',
    'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
    zunionstore,
    { keys: KEY1, getKeys: numkeysKeys(2, true) },
  ),
  spec(
    'zinterstore',
    -4,
    ['write', 'denyoom', 'movablekeys'],
    '2.0.0',
    'Intersect multiple sorted sets and store the resulting sorted set in a new key',
    INTER_N,
    zinterstore,
    { keys: KEY1, getKeys: numkeysKeys(2, true) },
  ),
  spec(
    'zdiffstore',
    -4,
    ['write', 'denyoom', 'movablekeys'],
    '6.2.0',
    'Subtract multiple sorted sets and store the resulting sorted set in a new key',
    DIFF_N,
    zdiffstore,
    { keys: KEY1, getKeys: numkeysKeys(2, true) },
  ),
];
