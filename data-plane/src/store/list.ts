/**
 * The list value: a quicklist-like chain of packed nodes.
 *
 * Layout
 *   ListValue ── head ⇄ node ⇄ node ⇄ … ⇄ node ── tail        (doubly linked, explicit boundaries)
 *
 *   Each ListNode holds a run of consecutive entries as latin1 strings (one char per byte) in
 *   `entries[start .. start + count)`. The slots before `start` are a gap (undefined) so that a push
 *   at the node's head is O(1) amortised: when the gap is used up the node is re-laid with a gap as
 *   large as its entries. Pops at the head advance `start` (a draining node is never copied); a node
 *   that grows at its tail while its head gap is larger than its entries is compacted first, so a
 *   short queue living in one node does not leak. Pushes and pops at the node's tail are Array
 *   push/pop. No operation at either end of the list shifts the list.
 *
 * Node size
 *   Like Redis's quicklist, a node accepts entries while its estimated listpack size stays within
 *   `list-max-listpack-size` (fill): a positive fill caps the entry count (and the size at 8 KiB, the
 *   quicklist safety limit); -1..-5 cap the size at 4/8/16/32/64 KiB. The fill is fixed when the list
 *   is created, as in Redis. `sz` is the listpack size estimate used for these decisions only.
 *
 * Costs
 *   push/pop at either end O(1); index access O(n/nodesize) to find the node (walking from the nearer
 *   end) plus O(1) inside it; LINSERT/LREM/LSET inside a node O(nodesize); LTRIM O(removed nodes +
 *   nodesize). `length` and `bytes` are running counts.
 *
 * Memory accounting
 *   `bytes` is what the value holds on the V8 heap: a fixed part for the list and for each node, plus
 *   per entry the string (stringBytes) and its array slot. It is kept current on every change, so
 *   used_memory stays O(1) to maintain.
 *
 * Tiering (issue 6)
 *   Nodes are the unit of offload: a node farther than list_tiering_threshold nodes from both ends can
 *   be written out with encodeNodeEntries() (a packed latin1 string: per entry a varint length and
 *   the bytes) and read back with decodeNodeEntries(). `count` and `sz` are kept on the node itself,
 *   never derived from `entries`, so a node whose entries are on disk still answers LLEN and index
 *   arithmetic. Commands run synchronously on RAM-resident nodes: a tiering layer must load the nodes
 *   an operation touches before the handler runs (nodesForRange() names them for index-based
 *   commands; whole-list scans such as LREM, LPOS and LINSERT touch every node).
 *
 *   tiering/lists.ts implements this. A node's `tier` (null for a node that only lives in RAM) holds
 *   its disk state: STASHING (write in flight, entries in RAM), CLEAN (entries in RAM and a valid
 *   disk copy), COLD (entries only on disk: `entries` is empty, count and sz stay). Every change of a
 *   node's entries first voids its disk copy (NodeTier.owner.changed), so a write in flight finishes
 *   into nothing. A list operation that meets a COLD node loads it synchronously through
 *   NodeTier.owner.load (a fallback: the dispatcher's prepare stage loads the nodes a command touches
 *   before it runs). `bytes` counts only what is in RAM: a COLD node's entries are not counted.
 *
 * OBJECT ENCODING: Redis 7.0 stores every list as a quicklist and reports "quicklist" even for a
 * one-element list (the "listpack" encoding for small lists arrived in 7.2), so encoding() does too.
 */
import { stringBytes, type CollectionValue } from './keyspace';

/** Listpack size limits for fill -1..-5 (quicklist optimization_level). */
const SIZE_LIMITS = [4096, 8192, 16384, 32768, 65536];
/** With a positive (count) fill, a node still never grows past this (quicklist SIZE_SAFETY_LIMIT). */
const SIZE_SAFETY_LIMIT = 8192;
/** Largest positive fill quicklist accepts (FILL_MAX). */
const FILL_MAX = (1 << 15) - 1;
/** quicklist's overestimate per inserted entry (SIZE_ESTIMATE_OVERHEAD). */
const SIZE_ESTIMATE_OVERHEAD = 8;
/** Listpack header (6 bytes) and end marker (1 byte). */
const LP_EMPTY = 7;

/** Heap bytes of a ListValue object itself. */
const LIST_BYTES = 64;
/** Heap bytes of a node: the object, its entries array header and its spare slots on average. */
const NODE_BYTES = 128;
/** An array slot pointing at an entry. */
const SLOT_BYTES = 8;

/** Heap bytes an entry of n bytes costs. */
export function entryHeapBytes(n: number): number {
  return stringBytes(n) + SLOT_BYTES;
}

/** Estimated bytes of an n-byte string entry inside a listpack (encoding header + data + backlen). */
function entryPackedBytes(n: number): number {
  const body = n + (n < 64 ? 1 : n < 4096 ? 2 : 5);
  return body + (body < 128 ? 1 : body < 16384 ? 2 : body < 2097152 ? 3 : body < 268435456 ? 4 : 5);
}

// ---------------------------------------------------------------------------------------------------
// Tiering state of a node (owned by tiering/lists.ts)
// ---------------------------------------------------------------------------------------------------

export const NODE_STASHING = 1;
export const NODE_CLEAN = 2;
export const NODE_COLD = 3;

/** A node's disk state; a new object for every stash, so a completion can tell its write is current. */
export interface NodeTier {
  state: number;
  /** Disk record: offset, length and CRC32 (valid once the write completed). */
  off: number;
  len: number;
  crc: number;
  /** When the entries were last loaded from disk (performance.now()), 0 if never. */
  loadedAt: number;
  /** A read of this node is in flight. */
  loading: boolean;
  /** Sequence number of the tiering layer when the disk copy was made or last dropped to COLD. */
  born: number;
  /** The tiering layer (of this server) that owns the record. */
  owner: ListTierHooks;
}

/** What a node's tiering layer does for the list code (tiering/lists.ts). */
export interface ListTierHooks {
  /** Makes a COLD node resident synchronously (throws a CommandError when the read fails). */
  load(list: ListValue, node: ListNode): void;
  /** A node with a disk copy is about to change or leave its list: the copy is void. */
  changed(node: ListNode): void;
}

// ---------------------------------------------------------------------------------------------------
// Nodes
// ---------------------------------------------------------------------------------------------------

export class ListNode {
  prev: ListNode | null = null;
  next: ListNode | null = null;
  /** Live entries are entries[start .. start + count); the slots before start are a gap. */
  entries: (string | undefined)[];
  start = 0;
  count: number;
  /** Estimated listpack size of the node (the fill limit applies to it). */
  sz: number;
  /** Set by seal(), cleared by any push: the array has no spare slots. */
  private sealed = false;
  /** Disk state (tiering), null while the node only lives in RAM. */
  tier: NodeTier | null = null;

  constructor(entries: string[]) {
    this.entries = entries;
    this.count = entries.length;
    let sz = LP_EMPTY;
    for (let i = 0; i < entries.length; i++) sz += entryPackedBytes(entries[i].length);
    this.sz = sz;
  }

  /** The i-th entry of the node (0-based, no bounds check). */
  get(i: number): string {
    return this.entries[this.start + i] as string;
  }

  /** The entries are about to change: a disk copy of them is void. */
  markChanged(): void {
    if (this.tier !== null) this.tier.owner.changed(this);
  }

  pushBack(v: string): void {
    if (this.tier !== null) this.markChanged();
    this.sealed = false;
    // A node drained at the head while it grows at the tail (a short queue): drop the dead gap.
    if (this.start > 16 && this.start > this.count) this.compact();
    this.entries.push(v);
    this.count++;
    this.sz += entryPackedBytes(v.length);
  }

  pushFront(v: string): void {
    if (this.tier !== null) this.markChanged();
    this.sealed = false;
    if (this.start === 0) this.regap();
    this.entries[--this.start] = v;
    this.count++;
    this.sz += entryPackedBytes(v.length);
  }

  popBack(): string {
    if (this.tier !== null) this.markChanged();
    const v = this.entries.pop() as string;
    this.count--;
    this.sz -= entryPackedBytes(v.length);
    return v;
  }

  popFront(): string {
    if (this.tier !== null) this.markChanged();
    const e = this.entries;
    const v = e[this.start] as string;
    e[this.start++] = undefined;
    this.count--;
    this.sz -= entryPackedBytes(v.length);
    return v;
  }

  /** Replaces entry i; returns the old value. */
  replace(i: number, v: string): string {
    if (this.tier !== null) this.markChanged();
    const old = this.entries[this.start + i] as string;
    this.entries[this.start + i] = v;
    this.sz += entryPackedBytes(v.length) - entryPackedBytes(old.length);
    return old;
  }

  /** Inserts v so that it becomes entry i (0..count). */
  insert(i: number, v: string): void {
    if (i === 0) this.pushFront(v);
    else if (i === this.count) this.pushBack(v);
    else {
      if (this.tier !== null) this.markChanged();
      this.sealed = false;
      this.entries.splice(this.start + i, 0, v);
      this.count++;
      this.sz += entryPackedBytes(v.length);
    }
  }

  /** Removes n entries starting at entry i; returns the heap bytes they held. */
  removeRange(i: number, n: number): number {
    if (this.tier !== null) this.markChanged();
    let heap = 0;
    const from = this.start + i;
    for (let k = from; k < from + n; k++) {
      const len = (this.entries[k] as string).length;
      heap += entryHeapBytes(len);
      this.sz -= entryPackedBytes(len);
    }
    if (i + n === this.count) {
      this.entries.length = from;
      this.count -= n;
    } else if (i === 0) {
      for (let k = from; k < from + n; k++) this.entries[k] = undefined;
      this.start += n;
      this.count -= n;
      if (this.start > 16 && this.start > this.count) this.compact();
    } else {
      this.entries.splice(from, n);
      this.count -= n;
    }
    return heap;
  }

  /** Moves entries [i, count) into a new node placed after this one; returns it. */
  splitAt(i: number): ListNode {
    if (this.tier !== null) this.markChanged();
    const moved = this.entries.slice(this.start + i, this.start + this.count) as string[];
    const node = new ListNode(moved);
    this.entries.length = this.start + i;
    this.count = i;
    this.sz -= node.sz - LP_EMPTY;
    return node;
  }

  /**
   * Re-lays a node that stopped growing (a new node was started next to it) in an array of exactly
   * its size: a grown array keeps up to half its slots spare, and front pushes leave a gap.
   */
  seal(): void {
    if (this.sealed || this.tier?.state === NODE_COLD) return;
    this.sealed = true;
    this.entries = this.entries.slice(this.start, this.start + this.count);
    this.start = 0;
  }

  /** Heap bytes of the live entries (what a COLD node no longer holds). */
  entriesHeapBytes(): number {
    let heap = 0;
    for (let k = this.start; k < this.start + this.count; k++)
      heap += entryHeapBytes((this.entries[k] as string).length);
    return heap;
  }

  /** The live entries as a fresh array. */
  toArray(): string[] {
    return this.entries.slice(this.start, this.start + this.count) as string[];
  }

  /** Re-lays the entries with a gap in front as large as the node (amortised O(1) head pushes). */
  private regap(): void {
    const n = this.count;
    const gap = n < 8 ? 8 : n;
    const e: (string | undefined)[] = [];
    for (let k = 0; k < gap; k++) e.push(undefined);
    for (let k = 0; k < n; k++) e.push(this.entries[this.start + k]);
    this.entries = e;
    this.start = gap;
  }

  private compact(): void {
    const e = this.entries;
    e.copyWithin(0, this.start, this.start + this.count);
    e.length = this.count;
    this.start = 0;
  }
}

/** Serialised form of a node's entries (for tiering): per entry a LEB128 length, then the bytes. */
export function encodeNodeEntries(node: ListNode): string {
  // Joined once (a flat string) rather than concatenated: a rope of 2 x count parts would be
  // flattened into a second copy when the record is written.
  const parts: string[] = [];
  for (let i = 0; i < node.count; i++) {
    const v = node.get(i);
    let n = v.length;
    let len = '';
    while (n >= 0x80) {
      len += String.fromCharCode((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    parts.push(len + String.fromCharCode(n), v);
  }
  return parts.join('');
}

/** Inverse of encodeNodeEntries; throws on a truncated record. */
export function decodeNodeEntries(s: string): string[] {
  const out: string[] = [];
  let p = 0;
  while (p < s.length) {
    let n = 0;
    let mul = 1;
    for (;;) {
      if (p >= s.length) throw new Error('list node record truncated');
      const b = s.charCodeAt(p++);
      n += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 128;
    }
    if (p + n > s.length) throw new Error('list node record truncated');
    out.push(s.slice(p, p + n));
    p += n;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------------------------------

/** A position inside the list: a node and an entry index within it. */
export interface ListPos {
  node: ListNode;
  i: number;
}

export class ListValue implements CollectionValue {
  head: ListNode | null = null;
  tail: ListNode | null = null;
  /** Number of entries. */
  length = 0;
  nodeCount = 0;
  bytes = LIST_BYTES;
  /** Nodes whose entries are only on disk (tiering). */
  coldNodes = 0;
  /** Set once the tiering layer gave a node a disk state: clear() then voids them. */
  tiered = false;

  /** list-max-listpack-size when the list was created, clamped as quicklistSetFill does. */
  readonly fill: number;

  constructor(fill = -2) {
    this.fill = fill < -5 ? -5 : fill > FILL_MAX ? FILL_MAX : fill;
  }

  encoding(): string {
    return 'quicklist';
  }

  clone(): ListValue {
    const copy = new ListValue(this.fill);
    for (let n = this.head; n; n = n.next) {
      this.ensure(n);
      copy.appendNode(new ListNode(n.toArray()));
      copy.bytes += n.entriesHeapBytes();
    }
    copy.length = this.length;
    return copy;
  }

  /** A COLD node is loaded (synchronously) before its entries are used. */
  ensure(node: ListNode): void {
    if (node.tier !== null && node.tier.state === NODE_COLD) node.tier.owner.load(this, node);
  }

  // --- fill rules ----------------------------------------------------------------------------------

  /** Heap bytes of the entries in RAM (bytes without the list's and its nodes' fixed parts). */
  entryBytes(): number {
    return this.bytes - LIST_BYTES - this.nodeCount * NODE_BYTES;
  }

  /** Heap bytes a full node of this list may hold (its size limit plus string and slot overhead). */
  maxNodeBytes(): number {
    const limit = this.fill < 0 ? SIZE_LIMITS[-this.fill - 1] : SIZE_SAFETY_LIMIT;
    return Math.ceil(limit * 1.25) + NODE_BYTES;
  }

  /** Whether an entry of len bytes may join the node (quicklist _quicklistNodeAllowInsert). */
  private allowInsert(node: ListNode | null, len: number): boolean {
    if (node === null) return false;
    const newSz = node.sz + len + SIZE_ESTIMATE_OVERHEAD;
    const fill = this.fill;
    if (fill < 0) {
      const limit = SIZE_LIMITS[-fill - 1];
      if (limit !== undefined && newSz <= limit) return true;
    }
    if (newSz > SIZE_SAFETY_LIMIT) return false;
    return node.count < fill;
  }

  // --- node chain ----------------------------------------------------------------------------------

  private appendNode(node: ListNode): void {
    node.prev = this.tail;
    node.next = null;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.nodeCount++;
    this.bytes += NODE_BYTES;
  }

  private prependNode(node: ListNode): void {
    node.next = this.head;
    node.prev = null;
    if (this.head) this.head.prev = node;
    else this.tail = node;
    this.head = node;
    this.nodeCount++;
    this.bytes += NODE_BYTES;
  }

  private insertNodeAfter(at: ListNode, node: ListNode): void {
    node.prev = at;
    node.next = at.next;
    if (at.next) at.next.prev = node;
    else this.tail = node;
    at.next = node;
    this.nodeCount++;
    this.bytes += NODE_BYTES;
  }

  private unlinkNode(node: ListNode): void {
    if (node.tier !== null) {
      if (node.tier.state === NODE_COLD) this.coldNodes--;
      node.markChanged();
    }
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = null;
    this.nodeCount--;
    this.bytes -= NODE_BYTES;
  }

  /** Every node, head to tail (tiering walks these). */
  *nodes(): Generator<ListNode> {
    for (let n = this.head; n; n = n.next) yield n;
  }

  /** The nodes holding entries [start, end] (inclusive, 0 <= start <= end < length), head to tail. */
  nodesForRange(start: number, end: number): ListNode[] {
    const out: ListNode[] = [];
    const pos = this.seek(start);
    if (!pos) return out;
    let remaining = end - start + 1 + pos.i;
    for (let n: ListNode | null = pos.node; n && remaining > 0; n = n.next) {
      out.push(n);
      remaining -= n.count;
    }
    return out;
  }

  // --- ends ----------------------------------------------------------------------------------------

  pushHead(v: string): void {
    const h = this.head;
    if (h !== null && this.allowInsert(h, v.length)) {
      this.ensure(h);
      h.pushFront(v);
    } else {
      h?.seal();
      this.prependNode(new ListNode([v]));
    }
    this.length++;
    this.bytes += entryHeapBytes(v.length);
  }

  pushTail(v: string): void {
    const t = this.tail;
    if (t !== null && this.allowInsert(t, v.length)) {
      this.ensure(t);
      t.pushBack(v);
    } else {
      t?.seal();
      this.appendNode(new ListNode([v]));
    }
    this.length++;
    this.bytes += entryHeapBytes(v.length);
  }

  popHead(): string | undefined {
    const h = this.head;
    if (h === null) return undefined;
    this.ensure(h);
    const v = h.popFront();
    if (h.count === 0) this.unlinkNode(h);
    this.length--;
    this.bytes -= entryHeapBytes(v.length);
    return v;
  }

  popTail(): string | undefined {
    const t = this.tail;
    if (t === null) return undefined;
    this.ensure(t);
    const v = t.popBack();
    if (t.count === 0) this.unlinkNode(t);
    this.length--;
    this.bytes -= entryHeapBytes(v.length);
    return v;
  }

  // --- index access --------------------------------------------------------------------------------

  /** Normalises a Redis index (negative counts from the tail); -1 when out of range. */
  normIndex(index: number): number {
    const i = index < 0 ? this.length + index : index;
    return i >= 0 && i < this.length ? i : -1;
  }

  /** The node and offset of entry i (0 <= i < length), walking from the nearer end. */
  seek(i: number): ListPos | null {
    if (i < 0 || i >= this.length) return null;
    if (i < this.length / 2) {
      let n = this.head!;
      while (i >= n.count) {
        i -= n.count;
        n = n.next!;
      }
      return { node: n, i };
    }
    let n = this.tail!;
    let back = this.length - 1 - i;
    while (back >= n.count) {
      back -= n.count;
      n = n.prev!;
    }
    return { node: n, i: n.count - 1 - back };
  }

  /** Entry at a Redis index (negative from the tail), undefined when out of range. */
  at(index: number): string | undefined {
    const i = this.normIndex(index);
    if (i < 0) return undefined;
    const p = this.seek(i)!;
    this.ensure(p.node);
    return p.node.get(p.i);
  }

  /** LSET: replaces the entry at a Redis index; false when out of range. */
  set(index: number, v: string): boolean {
    const i = this.normIndex(index);
    if (i < 0) return false;
    const p = this.seek(i)!;
    this.ensure(p.node);
    const old = p.node.replace(p.i, v);
    this.bytes += entryHeapBytes(v.length) - entryHeapBytes(old.length);
    return true;
  }

  /**
   * Visits entries from index `from` (0 <= from < length) for `n` entries, towards the tail, or
   * towards the head when reverse is set.
   */
  visit(from: number, n: number, reverse: boolean, fn: (v: string) => void): void {
    const p = this.seek(from);
    if (!p || n <= 0) return;
    let node: ListNode | null = p.node;
    let i = p.i;
    if (!reverse) {
      while (node && n > 0) {
        this.ensure(node);
        const e = node.entries;
        const end = Math.min(node.count, i + n);
        for (let k = node.start + i, stop = node.start + end; k < stop; k++) fn(e[k] as string);
        n -= end - i;
        node = node.next;
        i = 0;
      }
    } else {
      while (node && n > 0) {
        this.ensure(node);
        const e = node.entries;
        const stop = Math.max(-1, i - n);
        for (let k = i; k > stop; k--) fn(e[node.start + k] as string);
        n -= i - stop;
        node = node.prev;
        if (node) i = node.count - 1;
      }
    }
  }

  /** Entries [start, end] as an array (indices already normalised and in range). */
  range(start: number, end: number): string[] {
    const out: string[] = [];
    this.visit(start, end - start + 1, false, (v) => out.push(v));
    return out;
  }

  // --- removal -------------------------------------------------------------------------------------

  /** Removes n entries starting at index start (0 <= start, start + n <= length). */
  deleteRange(start: number, n: number): void {
    if (n <= 0) return;
    if (start === 0 && n === this.length) {
      this.clear();
      return;
    }
    const p = this.seek(start)!;
    let node: ListNode | null = p.node;
    let i = p.i;
    while (node && n > 0) {
      const next: ListNode | null = node.next;
      const take = Math.min(n, node.count - i);
      if (i === 0 && take === node.count) {
        // A COLD node's entries are not counted in bytes: it leaves without a load.
        if (node.tier === null || node.tier.state !== NODE_COLD) this.bytes -= node.entriesHeapBytes();
        this.unlinkNode(node);
      } else {
        this.ensure(node);
        this.bytes -= node.removeRange(i, take);
      }
      this.length -= take;
      n -= take;
      node = next;
      i = 0;
    }
  }

  /** LTRIM: drops `left` entries from the head and `right` from the tail. */
  trim(left: number, right: number): void {
    if (left + right >= this.length) {
      this.clear();
      return;
    }
    if (left > 0) this.deleteRange(0, left);
    if (right > 0) this.deleteRange(this.length - right, right);
  }

  clear(): void {
    if (this.tiered) for (let n = this.head; n; n = n.next) if (n.tier !== null) n.markChanged();
    this.coldNodes = 0;
    this.head = this.tail = null;
    this.length = 0;
    this.nodeCount = 0;
    this.bytes = LIST_BYTES;
  }

  /**
   * LREM: removes entries equal to v, at most `count` of them (0 = all), scanning from the head, or
   * from the tail when fromTail is set. Returns how many were removed.
   */
  removeValue(v: string, count: number, fromTail: boolean): number {
    let removed = 0;
    let node = fromTail ? this.tail : this.head;
    while (node && (count === 0 || removed < count)) {
      const next = fromTail ? node.prev : node.next;
      this.ensure(node);
      const e = node.entries;
      let hits = 0;
      for (let k = node.start; k < node.start + node.count; k++) if (e[k] === v) hits++;
      if (hits > 0) {
        const want = count === 0 ? hits : Math.min(hits, count - removed);
        if (want === node.count) {
          this.bytes -= want * entryHeapBytes(v.length);
          this.unlinkNode(node);
        } else {
          // Rebuild the node without `want` matches, taken from the scan direction's side.
          const kept: string[] = [];
          let skip = want;
          if (!fromTail) {
            for (let k = 0; k < node.count; k++) {
              const x = node.get(k);
              if (skip > 0 && x === v) skip--;
              else kept.push(x);
            }
          } else {
            for (let k = node.count - 1; k >= 0; k--) {
              const x = node.get(k);
              if (skip > 0 && x === v) skip--;
              else kept.push(x);
            }
            kept.reverse();
          }
          node.markChanged();
          node.entries = kept;
          node.start = 0;
          node.count = kept.length;
          node.sz -= want * entryPackedBytes(v.length);
          this.bytes -= want * entryHeapBytes(v.length);
          this.mergeBehind(node, fromTail);
        }
        removed += want;
        this.length -= want;
      }
      node = next;
    }
    return removed;
  }

  /**
   * After a node shrank during a scan: merges it into the neighbour the scan has already passed
   * (prev when scanning towards the tail) when both fit in one node, as quicklist does after
   * deletions. Merging only backwards keeps the scan's next node valid.
   */
  private mergeBehind(node: ListNode, fromTail: boolean): void {
    if (!fromTail) {
      const prev = node.prev;
      if (prev && this.allowMerge(prev, node)) {
        this.ensure(prev);
        for (let k = 0; k < node.count; k++) prev.pushBack(node.get(k));
        this.unlinkNode(node);
      }
    } else {
      const next = node.next;
      if (next && this.allowMerge(node, next)) {
        this.ensure(next);
        for (let k = node.count - 1; k >= 0; k--) next.pushFront(node.get(k));
        this.unlinkNode(node);
      }
    }
  }

  /** quicklist _quicklistNodeAllowMerge. */
  private allowMerge(a: ListNode, b: ListNode): boolean {
    const sz = a.sz + b.sz - 11;
    const fill = this.fill;
    if (fill < 0) {
      const limit = SIZE_LIMITS[-fill - 1];
      if (limit !== undefined && sz <= limit) return true;
    }
    if (sz > SIZE_SAFETY_LIMIT) return false;
    return a.count + b.count <= fill;
  }

  // --- search and insertion ------------------------------------------------------------------------

  /** Index of the first entry equal to v scanning from the head, or -1. */
  indexOf(v: string): number {
    let base = 0;
    for (let n = this.head; n; n = n.next) {
      this.ensure(n);
      const e = n.entries;
      for (let k = n.start, end = n.start + n.count; k < end; k++) if (e[k] === v) return base + k - n.start;
      base += n.count;
    }
    return -1;
  }

  /**
   * LINSERT: inserts v before (or after) the first entry equal to pivot. Returns false when the
   * pivot is missing.
   */
  insertAtPivot(pivot: string, v: string, after: boolean): boolean {
    for (let n = this.head; n; n = n.next) {
      this.ensure(n);
      const e = n.entries;
      for (let k = n.start, end = n.start + n.count; k < end; k++) {
        if (e[k] === pivot) {
          this.insertAt(n, k - n.start + (after ? 1 : 0), v);
          return true;
        }
      }
    }
    return false;
  }

  /** Inserts v as entry i of node (0..count), splitting the node when it is full. */
  private insertAt(node: ListNode, i: number, v: string): void {
    this.length++;
    this.bytes += entryHeapBytes(v.length);
    if (this.allowInsert(node, v.length)) {
      node.insert(i, v);
      return;
    }
    // Full node: use a neighbour with room at the boundary, else split (quicklist _quicklistInsert).
    if (i === node.count && node.next && this.allowInsert(node.next, v.length)) {
      this.ensure(node.next);
      node.next.pushFront(v);
      return;
    }
    if (i === 0 && node.prev && this.allowInsert(node.prev, v.length)) {
      this.ensure(node.prev);
      node.prev.pushBack(v);
      return;
    }
    if (i === node.count) {
      this.insertNodeAfter(node, new ListNode([v]));
      return;
    }
    if (i === 0) {
      if (node.prev) this.insertNodeAfter(node.prev, new ListNode([v]));
      else this.prependNode(new ListNode([v]));
      return;
    }
    const right = node.splitAt(i);
    this.insertNodeAfter(node, right);
    if (this.allowInsert(node, v.length)) node.pushBack(v);
    else if (this.allowInsert(right, v.length)) right.pushFront(v);
    else this.insertNodeAfter(node, new ListNode([v]));
  }

  /**
   * LPOS: indices of entries equal to v. Scans from the head (or the tail when reverse), skips the
   * first rank-1 matches, collects up to maxMatches (0 = all) and looks at no more than maxLen
   * entries (0 = all).
   */
  positions(v: string, rank: number, maxMatches: number, maxLen: number, reverse: boolean): number[] {
    const out: number[] = [];
    let seen = 0;
    let matches = 0;
    const len = this.length;
    let node = reverse ? this.tail : this.head;
    while (node) {
      if (maxLen !== 0 && seen >= maxLen) return out;
      this.ensure(node);
      const e = node.entries;
      const s = node.start;
      for (let j = 0; j < node.count; j++) {
        if (maxLen !== 0 && seen >= maxLen) return out;
        const k = reverse ? s + node.count - 1 - j : s + j;
        if (e[k] === v) {
          matches++;
          if (matches >= rank) {
            out.push(reverse ? len - 1 - seen : seen);
            if (maxMatches !== 0 && out.length >= maxMatches) return out;
          }
        }
        seen++;
      }
      node = reverse ? node.prev : node.next;
    }
    return out;
  }

  /** All entries head to tail (tests, DUMP-like uses). */
  toArray(): string[] {
    const out: string[] = [];
    for (let n = this.head; n; n = n.next) {
      this.ensure(n);
      for (let k = 0; k < n.count; k++) out.push(n.get(k));
    }
    return out;
  }

  /** Consistency check for tests: counts, links, sizes and byte accounting. */
  check(): void {
    let len = 0;
    let nodes = 0;
    let bytes = LIST_BYTES;
    let prev: ListNode | null = null;
    let cold = 0;
    for (let n = this.head; n; n = n.next) {
      if (n.prev !== prev) throw new Error('broken prev link');
      if (n.count <= 0) throw new Error('empty node');
      if (n.tier !== null && n.tier.state === NODE_COLD) {
        cold++;
        len += n.count;
        nodes++;
        bytes += NODE_BYTES;
        prev = n;
        continue;
      }
      if (n.entries.length !== n.start + n.count) throw new Error('node array length mismatch');
      let sz = LP_EMPTY;
      for (let k = 0; k < n.count; k++) {
        const v = n.get(k);
        if (typeof v !== 'string') throw new Error('hole in node');
        sz += entryPackedBytes(v.length);
        bytes += entryHeapBytes(v.length);
      }
      if (sz !== n.sz) throw new Error(`node sz ${n.sz} != ${sz}`);
      len += n.count;
      nodes++;
      bytes += NODE_BYTES;
      prev = n;
    }
    if (prev !== this.tail) throw new Error('broken tail');
    if (len !== this.length) throw new Error(`length ${this.length} != ${len}`);
    if (nodes !== this.nodeCount) throw new Error(`nodeCount ${this.nodeCount} != ${nodes}`);
    if (bytes !== this.bytes) throw new Error(`bytes ${this.bytes} != ${bytes}`);
    if (cold !== this.coldNodes) throw new Error(`coldNodes ${this.coldNodes} != ${cold}`);
  }
}
