/**
 * SORT and SORT_RO (Redis 7.0's sort.c): sort the elements of a list, set or sorted set numerically
 * or lexically, optionally by external keys (BY pattern), returning or storing (STORE) the elements
 * or values looked up through GET patterns.
 */
import { CommandError, Err } from '../protocol/errors';
import type { Client } from '../server/client';
import { ValueType, type Db } from '../store/keyspace';
import type { HashValue } from '../store/hash';
import { ListValue } from '../store/list';
import type { SetValue } from '../store/set';
import type { ZNode, ZSetValue } from '../store/zset';
import { intArg, isOpt } from './args';
import { deleted, written } from './ritual';
import { KEY1, type CommandSpec } from './table';

// -------------------------------------------------------------------------------------------------
// Pattern lookups (lookupKeyByPattern)
// -------------------------------------------------------------------------------------------------

/**
 * The value a BY/GET pattern names for one element: '#' is the element itself; otherwise the first
 * '*' is replaced by the element and the key read as a string, or, with "->field" after the '*', as
 * a hash field. Undefined when the pattern has no '*', the key is missing or of another type.
 */
function lookupByPattern(db: Db, pattern: string, elem: string): string | undefined {
  if (pattern === '#') return elem;
  const star = pattern.indexOf('*');
  if (star < 0) return undefined;
  const arrow = pattern.indexOf('->', star + 1);
  const hasField = arrow >= 0 && arrow + 2 < pattern.length;
  const key = pattern.slice(0, star) + elem + pattern.slice(star + 1, hasField ? arrow : pattern.length);
  // lookupKeyRead: counts a hit or a miss and touches the key whatever its type.
  const type = db.lookup(key, true);
  if (type === -1) return undefined;
  if (hasField) {
    if (type !== ValueType.Hash) return undefined;
    return (db.peek(key)!.value as HashValue).get(pattern.slice(arrow + 2));
  }
  if (type !== ValueType.String) return undefined;
  return db.peek(key)!.value as string;
}

// -------------------------------------------------------------------------------------------------
// Numeric weights (strtod as sortCommandGeneric uses it)
// -------------------------------------------------------------------------------------------------

const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^[+-]?inf(inity)?$/i;
const NONZERO_DIGIT_RE = /[1-9]/;
const EXPONENT_RE = /[eE].*$/;
const HEX_NONZERO_RE = /[1-9a-fA-F]/;
const MIN_NORMAL = 2.2250738585072014e-308;

/** C isspace: what strtod skips before the number. */
function isSpace(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13);
}

/**
 * An element or BY value as a sort weight, or NaN when Redis answers "One or more scores can't be
 * converted into double": strtod must consume the whole string (leading spaces allowed, trailing
 * not), without overflow or underflow (ERANGE) and without yielding NaN. The empty string is 0.
 */
export function sortWeight(s: string): number {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  if (i === s.length) return i === 0 ? 0 : NaN;
  const t = i === 0 ? s : s.slice(i);
  if (DECIMAL_RE.test(t)) {
    const v = Number(t);
    if (!Number.isFinite(v)) return NaN; // overflow: ERANGE
    // Underflow (ERANGE): a nonzero mantissa that ends up zero or subnormal.
    if (Math.abs(v) < MIN_NORMAL && NONZERO_DIGIT_RE.test(t.replace(EXPONENT_RE, ''))) return NaN;
    return v;
  }
  if (INF_RE.test(t)) return t.charCodeAt(0) === 45 ? -Infinity : Infinity;
  const hex = HEX_RE.exec(t);
  if (hex !== null) {
    const intPart = hex[2];
    const frac = hex[3] ?? '';
    if (intPart.length + frac.length === 0) return NaN; // "0x" alone parses as 0, leaving "x"
    let v = 0;
    for (const d of intPart + frac) v = v * 16 + parseInt(d, 16);
    v *= 2 ** (Number(hex[4] ?? '0') - 4 * frac.length);
    if (!Number.isFinite(v)) return NaN;
    if (v === 0 && HEX_NONZERO_RE.test(intPart + frac)) return NaN; // (exact subnormals are fine)
    return hex[1] === '-' ? -v : v;
  }
  return NaN;
}

// -------------------------------------------------------------------------------------------------
// SORT
// -------------------------------------------------------------------------------------------------

/** Whether element i sorts before element j: by weight, equal weights by element bytes (Redis's tie-break). */
function before(scores: Float64Array, elems: string[], i: number, j: number): boolean {
  const a = scores[i];
  const b = scores[j];
  return a < b || (a === b && elems[i] < elems[j]);
}

/**
 * Sorts the positions in `order` by (weight, element) with an inline quicksort (median of three,
 * insertion sort for short runs, recursion on the smaller side). The order is total, so stability
 * does not matter; a comparator callback through Array.prototype.sort costs several times more.
 */
function sortByWeight(
  order: Int32Array,
  scores: Float64Array,
  elems: string[],
  lo: number,
  hi: number,
): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    // Median of three into order[mid], then use it as the pivot.
    if (before(scores, elems, order[mid], order[lo])) swap(order, mid, lo);
    if (before(scores, elems, order[hi], order[mid])) {
      swap(order, hi, mid);
      if (before(scores, elems, order[mid], order[lo])) swap(order, mid, lo);
    }
    const pivot = order[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (before(scores, elems, order[i], pivot)) i++;
      while (before(scores, elems, pivot, order[j])) j--;
      if (i <= j) {
        swap(order, i, j);
        i++;
        j--;
      }
    }
    if (j - lo < hi - i) {
      sortByWeight(order, scores, elems, lo, j);
      lo = i;
    } else {
      sortByWeight(order, scores, elems, i, hi);
      hi = j;
    }
  }
  for (let k = lo + 1; k <= hi; k++) {
    const v = order[k];
    let m = k - 1;
    while (m >= lo && before(scores, elems, v, order[m])) {
      order[m + 1] = order[m];
      m--;
    }
    order[m + 1] = v;
  }
}

function swap(order: Int32Array, i: number, j: number): void {
  const t = order[i];
  order[i] = order[j];
  order[j] = t;
}

/**
 * ALPHA BY: a stable sort of positions by the looked-up values, missing ones first. Equal values
 * keep the source order, as glibc's qsort (a merge sort) does for Redis.
 */
function sortByValues(byValues: (string | undefined)[], desc: boolean): number[] {
  const order = new Array<number>(byValues.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const cmp = (i: number, j: number): number => {
    const a = byValues[i];
    const b = byValues[j];
    if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  return order.sort(desc ? (i, j) => cmp(j, i) : cmp);
}

/**
 * The elements of the key to sort, in the vector Redis builds: for a list or sorted set that is not
 * going to be sorted (BY without '*'), only the LIMIT range, in the requested direction.
 */
function loadElements(
  type: ValueType,
  value: unknown,
  dontsort: boolean,
  desc: boolean,
  start: number,
  count: number,
): string[] {
  const out: string[] = [];
  if (type === ValueType.List) {
    const list = value as ListValue;
    if (dontsort) {
      if (count > 0) list.visit(desc ? list.length - start - 1 : start, count, desc, (v) => out.push(v));
    } else {
      list.visit(0, list.length, false, (v) => out.push(v));
    }
  } else if (type === ValueType.Set) {
    const set = value as SetValue;
    for (let i = 0; i < set.size; i++) out.push(set.memberAt(i));
  } else {
    const zset = value as ZSetValue;
    if (dontsort) {
      let node: ZNode | null = count > 0 ? zset.at(desc ? zset.size - start - 1 : start) : null;
      for (let n = 0; n < count && node !== null; n++) {
        out.push(node.member);
        node = desc ? node.prev : node.next[0];
      }
    } else {
      for (let i = 0; i < zset.size; i++) out.push(zset.slotNode(i).member);
    }
  }
  return out;
}

// SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA] [STORE destination]
// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]
function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let sortBy: string | null = null;
  let storeKey: string | null = null;
  let dontsort = false;
  const gets: string[] = [];
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j];
    if (isOpt(opt, 'ASC')) desc = false;
    else if (isOpt(opt, 'DESC')) desc = true;
    else if (isOpt(opt, 'ALPHA')) alpha = true;
    else if (isOpt(opt, 'LIMIT') && left >= 2) {
      limitStart = intArg(argv[j + 1]);
      limitCount = intArg(argv[j + 2]);
      j += 2;
    } else if (!readonly && isOpt(opt, 'STORE') && left >= 1) {
      storeKey = argv[++j];
    } else if (isOpt(opt, 'BY') && left >= 1) {
      sortBy = argv[++j];
      // A constant BY pattern: nothing to sort, no weights to look up.
      dontsort = !sortBy.includes('*');
    } else if (isOpt(opt, 'GET') && left >= 1) {
      gets.push(argv[++j]);
    } else throw new CommandError(Err.syntax);
  }

  const db = c.db;
  const key = argv[1];
  let type = db.lookup(key, true);
  if (type !== -1 && type !== ValueType.List && type !== ValueType.Set && type !== ValueType.ZSet)
    throw new CommandError(Err.wrongType);
  let value: unknown;
  if (type === -1) {
    type = ValueType.List; // a missing key sorts like an empty list
    value = new ListValue();
  } else value = db.peek(key)!.value;

  // An unsorted set would store (or replicate) in hash order, and a script's reply must not
  // depend on it either: force an ALPHA sort instead (Redis: STORE or a script caller).
  if (dontsort && type === ValueType.Set && (storeKey !== null || c === c.server.scripting.luaClient)) {
    dontsort = false;
    alpha = true;
    sortBy = null;
  }
  // Redis converts a listpack sorted set to a skiplist for SORT, which OBJECT ENCODING shows.
  if (type === ValueType.ZSet) (value as ZSetValue).toSkiplist();

  const length =
    type === ValueType.List
      ? (value as ListValue).length
      : type === ValueType.Set
        ? (value as SetValue).size
        : (value as ZSetValue).size;

  // LIMIT sanity checks, clamped to the length so nothing overflows.
  let start = Math.min(Math.max(limitStart, 0), length);
  const count = Math.min(Math.max(limitCount, -1), length);
  let end = count < 0 ? length - 1 : start + count - 1;
  if (start >= length) {
    start = length - 1;
    end = length - 2;
  }
  if (end >= length) end = length - 1;

  // Lists and sorted sets keep their own order when not sorted: load just the LIMIT range.
  const direct = dontsort && type !== ValueType.Set;
  const elems = loadElements(type, value, direct, desc, start, end - start + 1);
  if (direct) {
    end -= start;
    start = 0;
  }

  let sorted = elems;
  if (!dontsort) {
    const n = elems.length;
    if (alpha && sortBy !== null) {
      const byValues = new Array<string | undefined>(n);
      for (let j = 0; j < n; j++) byValues[j] = lookupByPattern(db, sortBy, elems[j]);
      const order = sortByValues(byValues, desc);
      sorted = new Array<string>(n);
      for (let j = 0; j < n; j++) sorted[j] = elems[order[j]];
    } else {
      // Numeric weights (0 for a missing BY key); ALPHA without BY is the same sort with all weights 0.
      const scores = new Float64Array(n);
      if (!alpha) {
        let conversionError = false;
        for (let j = 0; j < n; j++) {
          const byValue = sortBy !== null ? lookupByPattern(db, sortBy, elems[j]) : elems[j];
          if (byValue === undefined) continue;
          const w = sortWeight(byValue);
          if (w !== w) conversionError = true;
          else scores[j] = w;
        }
        if (conversionError) throw new CommandError(Err.sortScoreNotDouble);
      }
      const order = new Int32Array(n);
      for (let j = 0; j < n; j++) order[j] = j;
      sortByWeight(order, scores, elems, 0, n - 1);
      // The order is total, so DESC (Redis negates the comparison) is the exact reverse.
      sorted = new Array<string>(n);
      for (let j = 0; j < n; j++) sorted[j] = elems[order[desc ? n - 1 - j : j]];
    }
  }

  const outputLen = (gets.length > 0 ? gets.length : 1) * (end - start + 1);
  if (storeKey === null) {
    const r = c.reply;
    r.arrayLen(outputLen);
    for (let j = start; j <= end; j++) {
      const elem = sorted[j];
      if (gets.length === 0) r.bulk(elem);
      for (const pattern of gets) r.bulkOrNull(lookupByPattern(db, pattern, elem));
    }
    return;
  }

  const list = new ListValue(c.server.config.num('list-max-listpack-size'));
  for (let j = start; j <= end; j++) {
    const elem = sorted[j];
    if (gets.length === 0) list.pushTail(elem);
    for (const pattern of gets) list.pushTail(lookupByPattern(db, pattern, elem) ?? '');
  }
  if (outputLen > 0) {
    db.set(storeKey, ValueType.List, list);
    c.server.dirty += outputLen - 1; // written() counts the last one
    written(c, storeKey, 'l', 'sortstore');
  } else if (db.delete(storeKey)) {
    deleted(c, storeKey);
  }
  c.reply.integer(outputLen);
}

function sort(c: Client, argv: string[]): void {
  sortGeneric(c, argv, false);
}

function sortRo(c: Client, argv: string[]): void {
  sortGeneric(c, argv, true);
}

/**
 * sortGetKeys: the key to sort, plus the destination of the last STORE option. Options are scanned
 * as SORT parses them, skipping the arguments of LIMIT (2), GET and BY (1).
 */
function sortKeys(argv: readonly string[]): number[] {
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const opt = argv[i];
    if (isOpt(opt, 'LIMIT')) i += 2;
    else if (isOpt(opt, 'STORE') && i + 1 < argv.length) store = i + 1;
    else if (isOpt(opt, 'GET') || isOpt(opt, 'BY')) i += 1;
  }
  return store < 0 ? [1] : [1, store];
}

// -------------------------------------------------------------------------------------------------
// The table (arity, flags, keys, categories and docs as in Redis 7.0's src/commands/*.json)
// -------------------------------------------------------------------------------------------------

const SORT_COMPLEXITY =
  'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).';

export const sortCommands: CommandSpec[] = [
  {
    name: 'sort',
    arity: -2,
    flags: ['write', 'denyoom', 'movablekeys'],
    keys: KEY1,
    getKeys: sortKeys,
    acl: ['set', 'sortedset', 'list', 'dangerous'],
    group: 'generic',
    summary: 'Sort the elements in a list, set or sorted set',
    since: '1.0.0',
    complexity: SORT_COMPLEXITY,
    handler: sort,
  },
  {
    name: 'sort_ro',
    arity: -2,
    flags: ['readonly', 'movablekeys'],
    keys: KEY1,
    acl: ['set', 'sortedset', 'list', 'dangerous'],
    group: 'generic',
    summary: 'Sort the elements in a list, set or sorted set. Read-only variant of SORT.',
    since: '7.0.0',
    complexity: SORT_COMPLEXITY,
    handler: sortRo,
  },
];
