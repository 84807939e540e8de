/**
 * The stream type (Redis 7.0 t_stream.c): entries ordered by 128-bit IDs, consumer groups with
 * their pending entries lists (PEL).
 *
 * An ID is kept as a 32-character lower-case hex string (16 digits of milliseconds, 16 of sequence),
 * so plain string comparison orders IDs and the full unsigned 64-bit range of both halves is exact
 * without bigints on the hot path. Entries live in chunks that mirror Redis's listpack nodes
 * (NODE_MAX_ENTRIES entries inserted per node, deletions leave a node in place until it empties), so
 * approximate trimming (~) removes the same whole nodes Redis does. Seeking the start of a range is a
 * binary search over the chunks and then inside one chunk: O(log n).
 */
import { stringBytes, type CollectionValue } from './keyspace';

export const ZERO_ID = '00000000000000000000000000000000';
export const MAX_ID = 'ffffffffffffffffffffffffffffffff';
const MAX_HALF = 'ffffffffffffffff';
const U64_MAX = 2n ** 64n - 1n;
/** Largest half whose value is a safe JS integer (2^53 - 1). */
const SAFE_HALF = '001fffffffffffff';
const ZERO_HALF = '0000000000000000';

/** Entries per node, as Redis's stream-node-max-entries default. */
export const NODE_MAX_ENTRIES = 100;
/** Per-entry overhead measured for the entry object, its field array and its ID strings. */
const ENTRY_OVERHEAD = 120;
const NACK_OVERHEAD = 96;
const STREAM_BASE = 200;

export interface StreamEntry {
  /** hex ID */
  id: string;
  /** The reply form "ms-seq". */
  sid: string;
  /** field, value, field, value, ... */
  fields: string[];
}

interface Chunk {
  entries: StreamEntry[];
  /** Entries ever inserted in this node (Redis counts deleted ones towards the node's size). */
  inserted: number;
  /** The ID of the last entry ever inserted (deleted or not). */
  lastId: string;
  /** The master entry's ID and field names (entries with the same names store only their values). */
  masterId: string;
  masterFields: string[];
  /**
   * Bytes of the node's listpack other than its header, end byte and the two counters (live and
   * deleted entries), which change size as they grow: see lpBytesOf.
   */
  fixedBytes: number;
}

export interface Nack {
  id: string;
  consumer: Consumer;
  deliveryTime: number;
  deliveryCount: number;
}

export class Consumer {
  /** Pending entries owned by this consumer, by hex ID. */
  readonly pel = new Map<string, Nack>();
  constructor(
    readonly name: string,
    public seenTime: number,
  ) {}

  /** Its pending IDs in order. */
  sortedIds(): string[] {
    return [...this.pel.keys()].sort();
  }
}

export class ConsumerGroup {
  /** The group PEL: hex ID -> NACK; pelOrder keeps the IDs sorted. */
  readonly pel = new Map<string, Nack>();
  pelOrder: string[] = [];
  readonly consumers = new Map<string, Consumer>();
  constructor(
    readonly name: string,
    public lastId: string,
    /** -1 when unknown (SCG_INVALID_ENTRIES_READ). */
    public entriesRead: number,
  ) {}

  addNack(n: Nack): void {
    this.pel.set(n.id, n);
    const order = this.pelOrder;
    if (order.length === 0 || order[order.length - 1] < n.id) {
      order.push(n.id);
      return;
    }
    order.splice(lowerBound(order, n.id), 0, n.id);
  }

  removeNack(n: Nack): void {
    this.pel.delete(n.id);
    n.consumer.pel.delete(n.id);
    const i = lowerBound(this.pelOrder, n.id);
    if (this.pelOrder[i] === n.id) this.pelOrder.splice(i, 1);
  }

  /** Index of the first pending ID >= id. */
  pelSeek(id: string): number {
    return lowerBound(this.pelOrder, id);
  }
}

function lowerBound(a: readonly string[], id: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------------
// IDs
// ---------------------------------------------------------------------------------------------------

/** A 16-digit hex half from an unsigned integer (number below 2^53 or bigint). */
export function half(v: number | bigint): string {
  return v.toString(16).padStart(16, '0');
}

function halfToDecimal(h: string): string {
  return h <= SAFE_HALF ? String(parseInt(h, 16)) : BigInt('0x' + h).toString();
}

/** "ms-seq" for a hex ID. */
export function formatId(id: string): string {
  return halfToDecimal(id.slice(0, 16)) + '-' + halfToDecimal(id.slice(16));
}

export function msHalf(id: string): string {
  return id.slice(0, 16);
}

export function seqHalf(id: string): string {
  return id.slice(16);
}

/** The ID after id, or null after the maximum. */
export function incrId(id: string): string | null {
  if (id === MAX_ID) return null;
  const seq = id.slice(16);
  if (seq < SAFE_HALF) return id.slice(0, 16) + half(parseInt(seq, 16) + 1);
  return (BigInt('0x' + id) + 1n).toString(16).padStart(32, '0');
}

/** The ID before id, or null before 0-0. */
export function decrId(id: string): string | null {
  if (id === ZERO_ID) return null;
  return (BigInt('0x' + id) - 1n).toString(16).padStart(32, '0');
}

const FAST_U64 = /^(0|[1-9][0-9]{0,14})$/;
const SLOW_U64 = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/;

/** Redis's string2ull: a hex half, or null. */
export function parseU64(s: string): string | null {
  if (FAST_U64.test(s)) return half(Number(s));
  const m = SLOW_U64.exec(s);
  if (!m) return null;
  let v = BigInt(m[2]);
  if (v > U64_MAX) return null;
  if (m[1] === '-') {
    // string2ll accepts it first (and it is negative): refused; beyond long long, strtoull negates.
    if (v <= 2n ** 63n) return null;
    v = (2n ** 64n - v) & U64_MAX;
  }
  return half(v);
}

export interface ParsedId {
  id: string;
  /** False for "ms-*" (XADD's partial form). */
  seqGiven: boolean;
}

/**
 * streamGenericParseIDOrReply: "-", "+", "ms", "ms-seq" and, when allowStarSeq, "ms-*". Returns null
 * for an invalid ID. missingSeq is the sequence used for the "ms" form (0 or the maximum).
 */
export function parseId(
  s: string,
  missingSeqMax: boolean,
  strict: boolean,
  allowStarSeq = false,
): ParsedId | null {
  if (s.length > 127) return null;
  if (s === '-') return strict ? null : { id: ZERO_ID, seqGiven: true };
  if (s === '+') return strict ? null : { id: MAX_ID, seqGiven: true };
  const dash = s.indexOf('-');
  const ms = parseU64(dash < 0 ? s : s.slice(0, dash));
  if (ms === null) return null;
  if (dash < 0) return { id: ms + (missingSeqMax ? MAX_HALF : ZERO_HALF), seqGiven: true };
  const rest = s.slice(dash + 1);
  if (allowStarSeq && rest === '*') return { id: ms + ZERO_HALF, seqGiven: false };
  const seq = parseU64(rest);
  if (seq === null) return null;
  return { id: ms + seq, seqGiven: true };
}

// ---------------------------------------------------------------------------------------------------
// Listpack sizes (Redis listpack.c and streamAppendItem), so that nodes split where Redis's do
// ---------------------------------------------------------------------------------------------------

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** The flag of an entry that has its node's master field names (only its values are stored). */
const SAMEFIELDS = 2;

/** Bytes of a listpack element whose encoding takes `enc` bytes: the encoding and its back-length. */
function lpElement(enc: number): number {
  return enc + (enc <= 127 ? 1 : enc < 16383 ? 2 : enc < 2097151 ? 3 : enc < 268435455 ? 4 : 5);
}

/** Bytes of an integer element (7-, 13-, 16-, 24-, 32- or 64-bit encoding). */
function lpIntBytes(v: number | bigint): number {
  if (v >= 0 && v <= 127) return lpElement(1);
  if (v >= -4096 && v <= 4095) return lpElement(2);
  if (v >= -32768 && v <= 32767) return lpElement(3);
  if (v >= -8388608 && v <= 8388607) return lpElement(4);
  if (v >= -2147483648 && v <= 2147483647) return lpElement(5);
  return lpElement(9);
}

/** The value of a string that listpack stores as an integer (canonical decimal in int64), else null. */
function lpStringInt(s: string): number | bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  const from = s.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (from === n) return null;
  if (s.charCodeAt(from) === 48 /* 0 */) return n === 1 ? 0 : null; // "0" only: not "-0" or "01"
  for (let k = from; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return null;
  }
  if (n <= 15) return Number(s);
  const b = BigInt(s);
  return b >= INT64_MIN && b <= INT64_MAX ? b : null;
}

/** Bytes of a string element (stored as an integer when it is one). */
function lpStringBytes(s: string): number {
  const v = lpStringInt(s);
  if (v !== null) return lpIntBytes(v);
  const n = s.length;
  return lpElement(n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n);
}

/** One half (ms or seq) of a hex ID as a number when exact, else a bigint. */
function idHalf(hex: string): number | bigint {
  return hex <= SAFE_HALF ? parseInt(hex, 16) : BigInt('0x' + hex);
}

function halfDiff(a: string, b: string): number | bigint {
  const x = idHalf(a);
  const y = idHalf(b);
  return typeof x === 'number' && typeof y === 'number' ? x - y : BigInt(x) - BigInt(y);
}

/** Bytes an entry adds to its node: flags, ID deltas, [field count, names,] values, lp-count. */
function lpEntryBytes(chunk: Chunk, id: string, fields: string[]): number {
  const numFields = fields.length >> 1;
  let same = numFields === chunk.masterFields.length;
  for (let i = 0; same && i < numFields; i++) same = chunk.masterFields[i] === fields[2 * i];
  let bytes = lpIntBytes(same ? SAMEFIELDS : 0);
  bytes += lpIntBytes(halfDiff(id.slice(0, 16), chunk.masterId.slice(0, 16)));
  bytes += lpIntBytes(halfDiff(id.slice(16), chunk.masterId.slice(16)));
  if (!same) bytes += lpIntBytes(numFields);
  for (let i = 0; i < fields.length; i += 2) {
    if (!same) bytes += lpStringBytes(fields[i]);
    bytes += lpStringBytes(fields[i + 1]);
  }
  return bytes + lpIntBytes(same ? numFields + 3 : 2 * numFields + 4);
}

/** The node's listpack size (lpBytes): header, counters of live and deleted entries, the rest, end. */
function lpBytesOf(chunk: Chunk): number {
  const live = chunk.entries.length;
  return 6 + lpIntBytes(live) + lpIntBytes(chunk.inserted - live) + chunk.fixedBytes + 1;
}

/**
 * Nodes of the compressed trie holding `ids` (sorted 32-digit hex IDs, distinct) from hex digit `at`
 * on: a key that ends here is one node; one key left is a chain node and its end node; otherwise a
 * compressed node for the common prefix (if any), a branching node, and the subtree of each byte.
 */
function raxNodes(ids: string[], at: number): number {
  if (at >= 32) return 1;
  if (ids.length === 1) return 2;
  const first = ids[0];
  const last = ids[ids.length - 1];
  let p = at;
  while (
    p < 32 &&
    first.charCodeAt(p) === last.charCodeAt(p) &&
    first.charCodeAt(p + 1) === last.charCodeAt(p + 1)
  )
    p += 2;
  let n = (p > at ? 1 : 0) + 1;
  for (let i = 0; i < ids.length;) {
    let j = i + 1;
    const byte = ids[i].slice(p, p + 2);
    while (j < ids.length && ids[j].slice(p, p + 2) === byte) j++;
    n += raxNodes(ids.slice(i, j), p + 2);
    i = j;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------
// The stream
// ---------------------------------------------------------------------------------------------------

export class StreamValue implements CollectionValue {
  private chunks: Chunk[] = [];
  length = 0;
  bytes = STREAM_BASE;
  lastId = ZERO_ID;
  maxDeletedId = ZERO_ID;
  entriesAdded = 0;
  /** Consumer groups by name (replies list them in name order, as Redis's rax does). */
  groups: Map<string, ConsumerGroup> | null = null;

  encoding(): string {
    return 'stream';
  }

  clone(): StreamValue {
    const s = new StreamValue();
    s.chunks = this.chunks.map((c) => ({
      entries: c.entries.slice(),
      inserted: c.inserted,
      lastId: c.lastId,
      masterId: c.masterId,
      masterFields: c.masterFields,
      fixedBytes: c.fixedBytes,
    }));
    s.length = this.length;
    s.bytes = this.bytes;
    s.lastId = this.lastId;
    s.maxDeletedId = this.maxDeletedId;
    s.entriesAdded = this.entriesAdded;
    if (this.groups) {
      s.groups = new Map();
      for (const [name, g] of this.groups) {
        const ng = new ConsumerGroup(name, g.lastId, g.entriesRead);
        for (const [cname, cons] of g.consumers) ng.consumers.set(cname, new Consumer(cname, cons.seenTime));
        for (const id of g.pelOrder) {
          const n = g.pel.get(id)!;
          const nc = ng.consumers.get(n.consumer.name)!;
          const nn: Nack = { id, consumer: nc, deliveryTime: n.deliveryTime, deliveryCount: n.deliveryCount };
          ng.pel.set(id, nn);
          ng.pelOrder.push(id);
          nc.pel.set(id, nn);
        }
        s.groups.set(name, ng);
      }
    }
    return s;
  }

  /** The nodes as Redis keeps them (DUMP): master ID, master field names, live entries in ID order. */
  dumpNodes(): { masterId: string; masterFields: readonly string[]; entries: readonly StreamEntry[] }[] {
    return this.chunks;
  }

  /**
   * A stream rebuilt from the nodes of a DUMP payload (RESTORE): per node its master ID and field
   * names and every entry Redis kept in it, deleted ones flagged (they count towards the node's size
   * as in Redis, but are gone). The caller sets lastId, maxDeletedId, entriesAdded and the groups.
   */
  static fromNodes(
    nodes: readonly {
      masterId: string;
      masterFields: string[];
      entries: readonly { id: string; fields: string[]; deleted: boolean }[];
    }[],
  ): StreamValue {
    const s = new StreamValue();
    for (const n of nodes) {
      if (n.entries.length === 0) continue; // a node of no entries holds nothing
      let fixed = lpIntBytes(n.masterFields.length) + lpIntBytes(0);
      for (const f of n.masterFields) fixed += lpStringBytes(f);
      const chunk: Chunk = {
        entries: [],
        inserted: n.entries.length,
        lastId: n.entries[n.entries.length - 1].id,
        masterId: n.masterId,
        masterFields: n.masterFields,
        fixedBytes: fixed,
      };
      for (const e of n.entries) {
        chunk.fixedBytes += lpEntryBytes(chunk, e.id, e.fields);
        if (e.deleted) continue;
        chunk.entries.push({ id: e.id, sid: formatId(e.id), fields: e.fields });
        s.bytes += entryBytes(e.fields);
      }
      if (chunk.entries.length === 0) continue; // Redis drops a node once its last entry is deleted
      s.chunks.push(chunk);
      s.length += chunk.entries.length;
    }
    return s;
  }

  /** Nodes holding entries (XINFO's radix-tree-keys). */
  nodeCount(): number {
    return this.chunks.length;
  }

  /**
   * The radix tree's node count (XINFO's radix-tree-nodes): Redis keys each listpack node by its
   * master ID (16 bytes, big-endian) in a rax. For keys of one length, none a prefix of another, the
   * rax is a compressed trie: a compressed node for each run of bytes without a branch, a branching
   * node where keys part, and an empty node at the end of each key; an empty rax is its root alone.
   */
  radixNodes(): number {
    if (this.chunks.length === 0) return 1;
    return raxNodes(
      this.chunks.map((c) => c.masterId),
      0,
    );
  }

  firstEntry(): StreamEntry | undefined {
    return this.chunks.length > 0 ? this.chunks[0].entries[0] : undefined;
  }

  lastEntry(): StreamEntry | undefined {
    const c = this.chunks[this.chunks.length - 1];
    return c ? c.entries[c.entries.length - 1] : undefined;
  }

  /** The first entry's ID, 0-0 when empty (s->first_id). */
  firstId(): string {
    return this.chunks.length > 0 ? this.chunks[0].entries[0].id : ZERO_ID;
  }

  /** The last live entry's ID, 0-0 when empty (streamLastValidID). */
  lastValidId(): string {
    const e = this.lastEntry();
    return e ? e.id : ZERO_ID;
  }

  /**
   * Appends an entry whose ID is greater than lastId. A new node starts, as in Redis, when the last
   * one holds maxEntries entries (deleted ones included) or would reach maxBytes (0: no limit).
   */
  append(id: string, sid: string, fields: string[], maxEntries = NODE_MAX_ENTRIES, maxBytes = 4096): void {
    let chunk = this.chunks[this.chunks.length - 1];
    let size = 0;
    for (let i = 0; i < fields.length; i++) size += fields[i].length;
    const numFields = fields.length >> 1;
    if (
      !chunk ||
      (maxBytes > 0 && lpBytesOf(chunk) + size >= maxBytes) ||
      (maxEntries > 0 && chunk.inserted >= maxEntries)
    ) {
      // The master entry: field count, field names, a zero terminator.
      const names: string[] = [];
      let fixed = lpIntBytes(numFields) + lpIntBytes(0);
      for (let i = 0; i < fields.length; i += 2) {
        names.push(fields[i]);
        fixed += lpStringBytes(fields[i]);
      }
      chunk = { entries: [], inserted: 0, lastId: id, masterId: id, masterFields: names, fixedBytes: fixed };
      this.chunks.push(chunk);
    }
    chunk.fixedBytes += lpEntryBytes(chunk, id, fields);
    chunk.entries.push({ id, sid, fields });
    chunk.inserted++;
    chunk.lastId = id;
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    this.bytes += entryBytes(fields);
  }

  /** Position of the first entry with ID >= id: [chunk, index], chunk === chunks.length at the end. */
  private seek(id: string): [number, number] {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    // The last chunk whose first entry is <= id.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (chunks[mid].entries[0].id <= id) lo = mid + 1;
      else hi = mid;
    }
    let ci = lo - 1;
    if (ci < 0) return [0, 0];
    const entries = chunks[ci].entries;
    let a = 0;
    let b = entries.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (entries[mid].id < id) a = mid + 1;
      else b = mid;
    }
    if (a === entries.length) {
      ci++;
      a = 0;
    }
    return [ci, a];
  }

  /** The entry with exactly this ID. */
  find(id: string): StreamEntry | undefined {
    const [ci, ei] = this.seek(id);
    const e = this.chunks[ci]?.entries[ei];
    return e && e.id === id ? e : undefined;
  }

  /** Calls fn for entries with start <= ID <= end, ascending (or descending), at most count (0 = all). */
  range(start: string, end: string, count: number, rev: boolean, fn: (e: StreamEntry) => void): number {
    if (start > end || this.length === 0) return 0;
    let n = 0;
    const chunks = this.chunks;
    if (!rev) {
      let [ci, ei] = this.seek(start);
      for (; ci < chunks.length; ci++, ei = 0) {
        const entries = chunks[ci].entries;
        for (; ei < entries.length; ei++) {
          const e = entries[ei];
          if (e.id > end) return n;
          fn(e);
          if (++n === count) return n;
        }
      }
      return n;
    }
    const next = incrId(end);
    let [ci, ei] = next === null ? [chunks.length, 0] : this.seek(next);
    // Step back to the entry before the position.
    ei--;
    while (ci >= chunks.length || ei < 0) {
      ci--;
      if (ci < 0) return n;
      ei = chunks[ci].entries.length - 1;
    }
    for (; ci >= 0; ci--, ei = ci >= 0 ? chunks[ci].entries.length - 1 : 0) {
      const entries = chunks[ci].entries;
      for (; ei >= 0; ei--) {
        const e = entries[ei];
        if (e.id < start) return n;
        fn(e);
        if (++n === count) return n;
      }
    }
    return n;
  }

  /** Removes one entry by ID (XDEL); true when it existed. */
  delete(id: string): boolean {
    const [ci, ei] = this.seek(id);
    const chunk = this.chunks[ci];
    if (!chunk || chunk.entries[ei]?.id !== id) return false;
    const [e] = chunk.entries.splice(ei, 1);
    this.bytes -= entryBytes(e.fields);
    this.length--;
    if (chunk.entries.length === 0) this.chunks.splice(ci, 1);
    return true;
  }

  /**
   * streamTrim: MAXLEN (maxlen >= 0, minid null) or MINID. Whole nodes first; with approx, stops at
   * the first node it cannot remove whole; limit (0 = none) caps the entries removed.
   */
  trim(maxlen: number, minid: string | null, approx: boolean, limit: number): number {
    let deleted = 0;
    while (this.chunks.length > 0) {
      if (minid === null && this.length <= maxlen) break;
      const chunk = this.chunks[0];
      const entries = chunk.entries.length;
      if (limit && deleted + entries > limit) break;
      const removeNode = minid === null ? this.length - entries >= maxlen : chunk.lastId < minid;
      if (removeNode) {
        for (const e of chunk.entries) this.bytes -= entryBytes(e.fields);
        this.chunks.shift();
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) break;
      let k = 0;
      const list = chunk.entries;
      while (k < list.length) {
        if (minid === null ? this.length <= maxlen : list[k].id >= minid) break;
        this.bytes -= entryBytes(list[k].fields);
        this.length--;
        deleted++;
        k++;
      }
      list.splice(0, k);
      if (list.length === 0) this.chunks.shift();
      break;
    }
    return deleted;
  }

  // --- groups ---------------------------------------------------------------------------------------

  group(name: string): ConsumerGroup | undefined {
    return this.groups?.get(name);
  }

  createGroup(name: string, lastId: string, entriesRead: number): ConsumerGroup | null {
    if (!this.groups) this.groups = new Map();
    if (this.groups.has(name)) return null;
    const g = new ConsumerGroup(name, lastId, entriesRead);
    this.groups.set(name, g);
    this.bytes += stringBytes(name.length) + 160;
    return g;
  }

  destroyGroup(name: string): boolean {
    const g = this.groups?.get(name);
    if (!g) return false;
    this.groups!.delete(name);
    this.bytes -= stringBytes(name.length) + 160 + g.pel.size * NACK_OVERHEAD;
    for (const c of g.consumers.values()) this.bytes -= stringBytes(c.name.length) + 64;
    return true;
  }

  sortedGroups(): ConsumerGroup[] {
    return this.groups
      ? [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      : [];
  }

  createConsumer(g: ConsumerGroup, name: string, now: number): Consumer {
    const c = new Consumer(name, now);
    g.consumers.set(name, c);
    this.bytes += stringBytes(name.length) + 64;
    return c;
  }

  /** Deletes a consumer and its pending entries; returns how many were pending. */
  deleteConsumer(g: ConsumerGroup, c: Consumer): number {
    const n = c.pel.size;
    for (const nack of [...c.pel.values()]) g.removeNack(nack);
    g.consumers.delete(c.name);
    this.bytes -= stringBytes(c.name.length) + 64 + n * NACK_OVERHEAD;
    return n;
  }

  newNack(g: ConsumerGroup, id: string, consumer: Consumer, now: number): Nack {
    const n: Nack = { id, consumer, deliveryTime: now, deliveryCount: 1 };
    g.addNack(n);
    consumer.pel.set(id, n);
    this.bytes += NACK_OVERHEAD;
    return n;
  }

  ack(g: ConsumerGroup, n: Nack): void {
    g.removeNack(n);
    this.bytes -= NACK_OVERHEAD;
  }

  // --- logical counters (entries_read, lag) ---------------------------------------------------------

  /** streamRangeHasTombstones(s, start, NULL-or-end). */
  rangeHasTombstones(start: string, end: string = MAX_ID): boolean {
    if (this.length === 0 || this.maxDeletedId === ZERO_ID) return false;
    if (this.firstId() > this.maxDeletedId) return false;
    return start <= this.maxDeletedId && this.maxDeletedId <= end;
  }

  /** streamEstimateDistanceFromFirstEverEntry: -1 when unknown. */
  estimateDistance(id: string): number {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0 && id <= this.lastId) return this.entriesAdded;
    if (id === this.lastId) return this.entriesAdded;
    if (id > this.lastId) return -1;
    const first = this.firstId();
    if (this.maxDeletedId === ZERO_ID || this.maxDeletedId < first) {
      if (id < first) return this.entriesAdded - this.length;
      if (id === first) return this.entriesAdded - this.length + 1;
    }
    return -1;
  }

  /** The lag of a group, null when it cannot be computed (streamReplyWithCGLag). */
  lag(g: ConsumerGroup): number | null {
    if (this.entriesAdded === 0) return 0;
    if (g.entriesRead !== -1 && !this.rangeHasTombstones(g.lastId)) return this.entriesAdded - g.entriesRead;
    const read = this.estimateDistance(g.lastId);
    return read !== -1 ? this.entriesAdded - read : null;
  }

  /** Moves a group's last delivered ID forward to id, keeping its entries_read counter. */
  advanceGroup(g: ConsumerGroup, id: string): void {
    if (g.entriesRead !== -1 && !this.rangeHasTombstones(id)) g.entriesRead++;
    else if (this.entriesAdded) g.entriesRead = this.estimateDistance(id);
    g.lastId = id;
  }
}

function entryBytes(fields: readonly string[]): number {
  let n = ENTRY_OVERHEAD + 16 + fields.length * 8;
  for (let i = 0; i < fields.length; i++) n += stringBytes(fields[i].length);
  return n;
}
