/**
 * Values to and from Redis 7.0's DUMP payload (rdbSaveObjectType + rdbSaveObject + footer, and
 * rdbLoadObject), for DUMP and RESTORE.
 *
 * DUMP writes what redis-server 7.0 writes for the same encoding: strings with the integer
 * encodings, lists as RDB_TYPE_LIST_QUICKLIST_2 (one packed listpack per node), listpack hashes and
 * sorted sets as one listpack, intsets as one intset, larger hashes, sets and sorted sets element by
 * element (sorted sets from the highest score down, with binary doubles), streams as their nodes'
 * listpacks and groups (store/dump-stream.ts). Strings are never
 * LZF-compressed (Redis compresses those over 20 bytes when rdbcompression is yes), so with
 * rdbcompression no the bytes are the same as Redis's wherever Redis's encoding is deterministic.
 *
 * RESTORE reads every encoding Redis 7.0 loads except modules and 2.x zipmaps, and validates
 * deeply as Redis does with sanitize-dump-payload yes: a malformed blob, a duplicate field, member or
 * set element, an empty value, a NaN score are all rejected. The value gets the encoding Redis 7.0
 * gives it at load, from the same limits.
 */
import { ValueType } from './keyspace';
import { HashValue } from './hash';
import { ListValue } from './list';
import { compareInts, INTSET_HARD_LIMIT, isIntsetMember, SetValue } from './set';
import { ZSetValue } from './zset';
import type { StreamValue } from './stream';
import { dumpStream, restoreStream } from './dump-stream';
import { decodeIntset, decodeListpack, decodeZiplist, encodeIntset, encodeListpack } from './listpack';
import {
  BadPayload,
  ByteWriter,
  isObjectType,
  RDB_TYPE,
  RdbReader,
  scanDouble,
  withFooter,
  writeLen,
  writeString,
} from './rdb';
import { toG17 } from '../protocol/reply';

/** The configuration that decides the encoding of a restored value (live settings). */
export interface RestoreLimits {
  hashMaxEntries: number;
  hashMaxValue: number;
  zsetMaxEntries: number;
  zsetMaxValue: number;
  setMaxIntsetEntries: number;
  listFill: number;
}

const QUICKLIST_PLAIN = 1;
const QUICKLIST_PACKED = 2;

// -------------------------------------------------------------------------------------------------
// DUMP
// -------------------------------------------------------------------------------------------------

/** Each type's writer: its RDB type byte and the value. */
const WRITERS: Record<ValueType, (w: ByteWriter, value: unknown) => void> = {
  [ValueType.String]: (w, v) => {
    w.byte(RDB_TYPE.STRING);
    writeString(w, v as string);
  },
  [ValueType.List]: (w, v) => dumpList(w, v as ListValue),
  [ValueType.Hash]: (w, v) => dumpHash(w, v as HashValue),
  [ValueType.Set]: (w, v) => dumpSet(w, v as SetValue),
  [ValueType.ZSet]: (w, v) => dumpZSet(w, v as ZSetValue),
  [ValueType.Stream]: (w, v) => dumpStream(w, v as StreamValue),
};

/** The DUMP payload of a value (type byte, value, RDB version, CRC64). */
export function dumpValue(type: ValueType, value: unknown): Buffer {
  const w = new ByteWriter();
  WRITERS[type](w, value);
  return withFooter(w.view());
}

function dumpList(w: ByteWriter, list: ListValue): void {
  w.byte(RDB_TYPE.LIST_QUICKLIST_2);
  const nodes = [...list.nodes()].filter((n) => n.count > 0);
  writeLen(w, nodes.length);
  for (const node of nodes) {
    list.ensure(node); // a node offloaded by tiering is read back first
    writeLen(w, QUICKLIST_PACKED);
    writeString(w, encodeListpack(node.toArray()));
  }
}

/** A compact encoding's blob under its own RDB type, or the element count and each element. */
function writeCompactOrPlain(
  w: ByteWriter,
  compact: [type: number, blob: Buffer] | null,
  plainType: number,
  count: number,
  elements: readonly string[],
): void {
  if (compact !== null) {
    w.byte(compact[0]);
    writeString(w, compact[1]);
    return;
  }
  w.byte(plainType);
  writeLen(w, count);
  for (const e of elements) writeString(w, e);
}

function dumpSet(w: ByteWriter, set: SetValue): void {
  const members: string[] = [];
  for (let i = 0; i < set.size; i++) members.push(set.memberAt(i));
  const compact: [number, Buffer] | null = set.isIntset ? [RDB_TYPE.SET_INTSET, encodeIntset(members)] : null;
  writeCompactOrPlain(w, compact, RDB_TYPE.SET, members.length, members);
}

/** How zzlInsertAt stores a score: an integer when it is one within ±2^62, else d2string's text. */
function listpackScore(d: number): string {
  if (Number.isInteger(d) && Math.abs(d) <= 2 ** 62) return String(d === 0 ? 0 : BigInt(d));
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  return toG17(d);
}

function dumpZSet(w: ByteWriter, z: ZSetValue): void {
  if (z.isListpack) {
    w.byte(RDB_TYPE.ZSET_LISTPACK);
    const items: string[] = [];
    for (let x = z.first(); x !== null; x = x.next[0]) items.push(x.member, listpackScore(x.score));
    writeString(w, encodeListpack(items));
    return;
  }
  w.byte(RDB_TYPE.ZSET_2);
  writeLen(w, z.size);
  for (let x = z.last(); x !== null; x = x.prev) {
    writeString(w, x.member);
    w.f64le(x.score);
  }
}

function dumpHash(w: ByteWriter, h: HashValue): void {
  const kv: string[] = [];
  for (let i = 0; i < h.size; i++) kv.push(h.fieldAt(i), h.valueAt(i));
  const compact: [number, Buffer] | null = h.isListpack ? [RDB_TYPE.HASH_LISTPACK, encodeListpack(kv)] : null;
  writeCompactOrPlain(w, compact, RDB_TYPE.HASH, h.size, kv);
}

// -------------------------------------------------------------------------------------------------
// RESTORE
// -------------------------------------------------------------------------------------------------

/**
 * The value of a payload whose footer was already verified. Throws BadPayload for what Redis
 * answers "Bad data format" to.
 */
export function restoreValue(payload: Buffer, limits: RestoreLimits): { type: ValueType; value: unknown } {
  const r = new RdbReader(payload);
  const t = r.byte();
  if (!isObjectType(t)) r.fail('not an object type');
  switch (t) {
    case RDB_TYPE.STRING:
      return { type: ValueType.String, value: r.string().toString('latin1') };
    case RDB_TYPE.LIST:
    case RDB_TYPE.LIST_ZIPLIST:
    case RDB_TYPE.LIST_QUICKLIST:
    case RDB_TYPE.LIST_QUICKLIST_2:
      return { type: ValueType.List, value: readList(r, t, limits) };
    case RDB_TYPE.SET:
    case RDB_TYPE.SET_INTSET:
      return { type: ValueType.Set, value: readSet(r, t, limits) };
    case RDB_TYPE.ZSET:
    case RDB_TYPE.ZSET_2:
    case RDB_TYPE.ZSET_ZIPLIST:
    case RDB_TYPE.ZSET_LISTPACK:
      return { type: ValueType.ZSet, value: readZSet(r, t, limits) };
    case RDB_TYPE.HASH:
    case RDB_TYPE.HASH_ZIPLIST:
    case RDB_TYPE.HASH_LISTPACK:
      return { type: ValueType.Hash, value: readHash(r, t, limits) };
    case RDB_TYPE.STREAM_LISTPACKS:
    case RDB_TYPE.STREAM_LISTPACKS_2:
      return { type: ValueType.Stream, value: restoreStream(r, t) };
    default:
      // Modules (strata loads none) and 2.x zipmaps.
      return r.fail(`type ${t} not supported`);
  }
}

const latin1 = (b: Buffer): string => b.toString('latin1');

function readList(r: RdbReader, t: number, limits: RestoreLimits): ListValue {
  const list = new ListValue(limits.listFill);
  if (t === RDB_TYPE.LIST) {
    const n = r.len();
    if (n === 0) r.fail('empty list');
    for (let i = 0; i < n; i++) list.pushTail(latin1(r.string()));
    return list;
  }
  if (t === RDB_TYPE.LIST_ZIPLIST) {
    const entries = decodeZiplist(r.string());
    if (entries === null) r.fail('list ziplist integrity check failed');
    for (const e of entries) list.pushTail(e);
  } else {
    const nodes = r.len();
    if (nodes === 0) r.fail('empty list');
    for (let i = 0; i < nodes; i++) {
      const container = t === RDB_TYPE.LIST_QUICKLIST_2 ? r.len() : QUICKLIST_PACKED;
      if (container !== QUICKLIST_PACKED && container !== QUICKLIST_PLAIN)
        r.fail('quicklist integrity check failed');
      const data = r.string();
      if (data.length === 0) r.fail('empty quicklist node');
      if (container === QUICKLIST_PLAIN) {
        list.pushTail(latin1(data));
        continue;
      }
      const entries = t === RDB_TYPE.LIST_QUICKLIST_2 ? decodeListpack(data) : decodeZiplist(data);
      if (entries === null) r.fail('listpack integrity check failed');
      for (const e of entries) list.pushTail(e);
    }
  }
  if (list.length === 0) r.fail('empty list');
  return list;
}

function readSet(r: RdbReader, t: number, limits: RestoreLimits): SetValue {
  const maxIntset = Math.min(limits.setMaxIntsetEntries, INTSET_HARD_LIMIT);
  if (t === RDB_TYPE.SET_INTSET) {
    const members = decodeIntset(r.string());
    if (members === null) r.fail('intset integrity check failed');
    return SetValue.fromMembers(members, members.length <= maxIntset);
  }
  const n = r.len();
  if (n === 0) r.fail('empty set');
  const members: string[] = [];
  const seen = new Set<string>();
  let intset = n <= maxIntset;
  for (let i = 0; i < n; i++) {
    const m = latin1(r.string());
    if (seen.has(m)) r.fail('duplicate set members');
    seen.add(m);
    members.push(m);
    if (intset && !isIntsetMember(m)) intset = false;
  }
  if (intset) members.sort(compareInts);
  return SetValue.fromMembers(members, intset);
}

/** zzlStrtod: strtod over at most 127 bytes of the score text; 0 when it holds no number. */
function listpackScoreValue(s: string): number {
  return scanDouble(s.length > 127 ? s.slice(0, 127) : s) ?? 0;
}

function readZSet(r: RdbReader, t: number, limits: RestoreLimits): ZSetValue {
  const members: string[] = [];
  const scores: number[] = [];
  let maxLen = 0;
  if (t === RDB_TYPE.ZSET || t === RDB_TYPE.ZSET_2) {
    const n = r.len();
    if (n === 0) r.fail('empty zset');
    for (let i = 0; i < n; i++) {
      members.push(latin1(r.string()));
      scores.push(t === RDB_TYPE.ZSET_2 ? r.binaryDouble() : r.textDouble());
    }
  } else {
    const blob = r.string();
    const items = t === RDB_TYPE.ZSET_LISTPACK ? decodeListpack(blob) : decodeZiplist(blob);
    if (items === null || items.length % 2 !== 0) r.fail('zset listpack integrity check failed');
    if (items.length === 0) r.fail('empty zset');
    for (let i = 0; i < items.length; i += 2) {
      members.push(items[i]);
      scores.push(listpackScoreValue(items[i + 1]));
    }
  }
  const order: number[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < members.length; i++) {
    // Strata cannot order a NaN score (Redis refuses it in a skiplist, keeps it in a listpack).
    if (Number.isNaN(scores[i])) r.fail('zset with NaN score');
    if (seen.has(members[i])) r.fail('duplicate zset members');
    seen.add(members[i]);
    if (members[i].length > maxLen) maxLen = members[i].length;
    order.push(i);
  }
  order.sort((a, b) =>
    scores[a] !== scores[b]
      ? scores[a] - scores[b]
      : members[a] < members[b]
        ? -1
        : members[a] > members[b]
          ? 1
          : 0,
  );
  // A skiplist payload becomes a listpack when it is small enough by both limits; a listpack payload
  // stays one unless it has too many members (Redis 7.0 does not check lengths there).
  const maxValue = t === RDB_TYPE.ZSET || t === RDB_TYPE.ZSET_2 ? limits.zsetMaxValue : Infinity;
  return ZSetValue.fromSorted(
    order.map((i) => members[i]),
    order.map((i) => scores[i]),
    limits.zsetMaxEntries,
    maxValue,
  );
}

function readHash(r: RdbReader, t: number, limits: RestoreLimits): HashValue {
  if (t === RDB_TYPE.HASH) {
    const n = r.len();
    if (n === 0) r.fail('empty hash');
    const kv: string[] = [];
    const seen = new Set<string>();
    let hashtable = n > limits.hashMaxEntries;
    for (let i = 0; i < n; i++) {
      const f = latin1(r.string());
      const v = latin1(r.string());
      if (seen.has(f)) r.fail('duplicate hash fields');
      seen.add(f);
      kv.push(f, v);
      if (f.length > limits.hashMaxValue || v.length > limits.hashMaxValue) hashtable = true;
    }
    return HashValue.fromPairs(kv, hashtable);
  }
  const blob = r.string();
  const kv = t === RDB_TYPE.HASH_LISTPACK ? decodeListpack(blob) : decodeZiplist(blob);
  if (kv === null || kv.length % 2 !== 0) r.fail('hash listpack integrity check failed');
  if (kv.length === 0) r.fail('empty hash');
  const seen = new Set<string>();
  for (let i = 0; i < kv.length; i += 2) {
    if (seen.has(kv[i])) r.fail('duplicate hash fields');
    seen.add(kv[i]);
  }
  return HashValue.fromPairs(kv, kv.length / 2 > limits.hashMaxEntries);
}

export { BadPayload };
