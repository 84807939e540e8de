/**
 * KeyTable: the keyspace's hash table, built to stay compact and pause-free at tens of millions of
 * keys.
 *
 * - Keys are split over 256 segments by the top bits of their hash. Each segment is an open-addressing
 *   table (linear probing, backward-shift deletion, no tombstones) over *dense* columns: entry i of a
 *   segment has its key, hash, type and access clock at index i of typed arrays (value, size and
 *   expiry are kept where only entries that need them pay, see below). No JavaScript object is allocated per key: the key's bytes live in a per-segment byte
 *   arena (one Buffer outside the V8 heap, see "Key arena" below) and only the value is a JS object
 *   (and not even that for a value on disk), so the garbage collector has almost nothing to trace.
 * - A segment grows on its own, so a resize rebuilds 1/256 of the keyspace (tens of thousands of
 *   slots at 10M keys): no stop-the-world rehash.
 * - Deleting moves the segment's last entry into the hole, so columns stay dense. That makes random
 *   sampling O(1) (RANDOMKEY, eviction, active expiry) and lets SCAN walk each segment from its end
 *   down: an entry only ever moves from the end (already visited) into a lower index, so every key that
 *   exists for the whole scan is returned at least once, as Redis guarantees.
 * - Keys with a TTL are also listed in a per-segment dense "volatile" column so active expiry samples
 *   only those, and their expiry time is kept there (beside the id), not per entry: a key without a
 *   TTL costs no expiry bytes. The entry -> volatile position column exists only in segments that
 *   ever held a key with a TTL.
 * - Values and their accounted sizes are held in pages of VALUE_PAGE entries (plain JS arrays of
 *   value, size pairs, only as long as the highest entry used in them, so a small segment pays for a
 *   few slots, not a whole page) allocated only while one of their entries has a value in RAM or a
 *   non-zero size: an entry whose value lives on disk (tiering) costs neither a pointer slot
 *   nor a size, and the garbage collector has no array of cold slots to mark. NO_VALUE stands for
 *   "no value in RAM".
 *
 * Key arena: a key is stored as a record `[length][latin1 bytes]` appended to its segment's arena (the
 * length takes 1 byte under 128, else 4 bytes big-endian with the top bit set); `koff` holds the
 * record's offset. find() compares hash, then length, then bytes, without building a string; keyAt()
 * decodes a key when a command needs it (SCAN, KEYS, RANDOMKEY, notifications). A removed key leaves its
 * record as garbage: when garbage passes half of the arena, the segment starts a new arena and moves
 * the live records over in bounded steps (one step per insert or remove in that segment), so no
 * operation ever copies more than a step's worth of keys. During such a compaction the top bit of
 * `koff` tells which arena an entry's record is in (`curBit` = the new one).
 *
 * Entry ids are only valid until the next insert or delete in the same segment.
 */

export const SEGMENT_COUNT = 256;
const SEGMENT_SHIFT = 24; // 32-bit hash >>> 24 -> 0..255

/**
 * The bytes of the last key hashed (up to PROBE_MAX chars): hashKey() writes them while it reads the
 * chars anyway, so the find() that follows compares the arena against bytes instead of reading every
 * char of the key a second time (charCodeAt is the costly part of a compare).
 */
const PROBE_MAX = 256;
const probeBytes = new Uint8Array(PROBE_MAX);
let probeKey = '';

/** 32-bit string hash: FNV-1a over the latin1 bytes with a murmur3 finaliser. */
export function hashKey(s: string): number {
  let h = 0x811c9dc5;
  const n = s.length;
  if (n <= PROBE_MAX) {
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      probeBytes[i] = c;
      h ^= c;
      h = Math.imul(h, 0x01000193);
    }
    probeKey = s;
  } else {
    for (let i = 0; i < n; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Memory of a whole table, kept current as segments change: `bytes` is every typed column and key
 * arena at its allocated size, `keyBytes` the live key records inside the arenas (counted in the
 * keyspace's dataBytes, so overheadBytes() leaves them out).
 */
export interface ByteCounter {
  bytes: number;
  keyBytes: number;
}

/** Bytes a key of `len` chars takes in its segment's arena (length header plus latin1 bytes). */
export function keyRecordBytes(len: number): number {
  return len + (len < 0x80 ? 1 : 4);
}

const OFF_MASK = 0x7fffffff;
/** Largest arena: offsets keep their top bit for the compaction arena flag. */
const MAX_ARENA = OFF_MASK;
/** Garbage under this many bytes never triggers a compaction (small segments just keep it). */
const MIN_COMPACT_GARBAGE = 4096;
/** Entries visited per compaction step, and bytes copied per step (whichever comes first). */
const COMPACT_STEP_ENTRIES = 256;
const COMPACT_STEP_BYTES = 64 * 1024;
const EMPTY_ARENA = Buffer.alloc(0);
/** Entries per values page (a power of two). */
const VALUE_PAGE_SHIFT = 6;
export const VALUE_PAGE = 1 << VALUE_PAGE_SHIFT;
/**
 * The value of an entry that has none in RAM (a value on disk): valueAt() returns it for an entry of
 * a page that is not allocated, setValue(id, NO_VALUE) releases the slot (and its page when empty).
 */
export const NO_VALUE: unknown = Object.freeze({ cold: true });
/** Heap bytes of a values page besides its slots: the JSArray object and its backing store's header. */
export const VALUE_PAGE_HEADER_BYTES = 32 + 16;
/**
 * Released values pages kept for reuse, process-wide (they are empty: NO_VALUE and 0 in every slot).
 * With tiering, a read of a cold value opens its page and the drop of the copy right after releases
 * it again: without the spares that was an array allocated and grown slot by slot per cold read. At
 * most SPARE_PAGES pages of at most VALUE_PAGE pairs (about 8 KiB in all) are held outside used_memory.
 */
const SPARE_PAGES = 8;
const sparePages: unknown[][] = [];

/**
 * Per-entry tiering columns (allocated only when tiering is on): the tier state, the value's disk
 * offset, length and checksum, and the epoch that ties an in-flight disk operation to the version of
 * the value it was started for. Owned by the tiering engine (tiering/engine.ts).
 */
export class TierColumns {
  // Views into the owning segment's column block (Segment.layout assigns them on every resize).
  state = new Uint8Array(0);
  /** The disk offset as a 4 KiB page index and an offset in that page (offOf/setOff): 6 bytes, 16 TiB. */
  offPage = new Uint32Array(0);
  offIn = new Uint16Array(0);
  len = new Uint32Array(0);
  crc = new Uint32Array(0);
  epoch = new Uint32Array(0);
  /**
   * A type-specific count kept in RAM for an offloaded value (a hash's field count): its own column,
   * allocated the first time a non-zero count is set in the segment (strings never need one).
   */
  private auxCol: Uint32Array | null = null;
  /** Entries the columns have room for (Segment.layout keeps it current). */
  capacity = 0;

  constructor(private readonly counter: ByteCounter) {}

  /** The disk offset of entry `id`'s record. */
  offOf(id: number): number {
    return this.offPage[id] * TIER_PAGE + this.offIn[id];
  }

  setOff(id: number, off: number): void {
    const page = Math.floor(off / TIER_PAGE);
    if (page > 0xffffffff) throw new Error('key-table: a tier offset beyond 16 TiB');
    this.offPage[id] = page;
    this.offIn[id] = off - page * TIER_PAGE;
  }

  auxOf(id: number): number {
    return this.auxCol === null ? 0 : this.auxCol[id];
  }

  setAux(id: number, v: number): void {
    if (this.auxCol === null) {
      if (v === 0) return;
      this.auxCol = new Uint32Array(this.capacity);
      this.counter.bytes += this.auxCol.byteLength;
    }
    this.auxCol[id] = v;
  }

  /** Bytes of the columns allocated outside the segment's block. */
  get extraBytes(): number {
    return this.auxCol === null ? 0 : this.auxCol.byteLength;
  }

  /** Re-sizes the columns kept outside the block to `n` entries (the first `keep` are copied). */
  resizeExtra(n: number, keep: number): void {
    this.capacity = n;
    if (this.auxCol === null) return;
    const a = new Uint32Array(n);
    a.set(this.auxCol.subarray(0, keep));
    this.auxCol = a;
  }

  clear(id: number): void {
    this.state[id] = 0;
    this.epoch[id] = 0;
    if (this.auxCol !== null) this.auxCol[id] = 0;
  }

  move(to: number, from: number): void {
    this.state[to] = this.state[from];
    this.offPage[to] = this.offPage[from];
    this.offIn[to] = this.offIn[from];
    this.len[to] = this.len[from];
    this.crc[to] = this.crc[from];
    this.epoch[to] = this.epoch[from];
    if (this.auxCol !== null) this.auxCol[to] = this.auxCol[from];
  }
}

/** Bytes per entry of the column block: Uint32 hashes, access, koff; Uint8 types. */
const BASE_ENTRY_BYTES = 3 * 4 + 1;
/** Tiering adds Uint32 offPage, len, crc, epoch; Uint16 offIn; Uint8 state. */
const TIER_ENTRY_BYTES = 4 * 4 + 2 + 1;
/** The page size the tier offset is split by (tiering/allocator.ts PAGE). */
const TIER_PAGE = 4096;

export class Segment {
  count = 0;
  /** Tiering columns, or null when tiering is off. */
  tier: TierColumns | null = null;
  /** Set when FLUSHALL/FLUSHDB dropped this segment (in-flight disk operations discard their result). */
  dead = false;
  /**
   * Values pages (see the header): page p holds entries [p * VALUE_PAGE, (p + 1) * VALUE_PAGE), entry
   * i's value at 2i and its size (bytes accounted in used_memory) at 2i + 1; a page is only as long
   * as its highest entry in use needs, or as a reused spare page was (slots past its end are NO_VALUE
   * and 0).
   */
  private vpages: (unknown[] | null)[] = [];
  /** Entries of each page in use: with a value (not NO_VALUE) or a non-zero size. */
  private vlive = new Uint8Array(0);
  // The per-entry columns below are views into one ArrayBuffer per segment (see layout()): one
  // allocation per resize, large enough to be mmap'ed, so capacity not yet used costs no RSS.
  hashes = new Uint32Array(0);
  types = new Uint8Array(0);
  /** LRU clock (seconds) or LFU counter, per maxmemory-policy. */
  access = new Uint32Array(0);
  /** Offset of the entry's key record in its arena (top bit: which arena, see curBit). */
  koff = new Uint32Array(0);
  /** Key arena: records [0, arenaUsed) of which arenaGarbage bytes belong to removed keys. */
  private arena: Buffer = EMPTY_ARENA;
  private arenaUsed = 0;
  private arenaGarbage = 0;
  /** The arena being evacuated by an incremental compaction, or null. */
  private oldArena: Buffer | null = null;
  /** Entries whose record is still in oldArena. */
  private oldLive = 0;
  /** Next entry id the compaction looks at. */
  private compactPos = 0;
  /** koff's top bit for records in `arena` (flips when a compaction starts). */
  private curBit = 0;
  /** Arena compactions started in this segment. */
  compactions = 0;
  /** The ArrayBuffer the columns above are views into. */
  private block = new ArrayBuffer(0);
  /**
   * Entry -> 1 + its index in `vol` for a key with a TTL, 0 otherwise; null while the segment never
   * had a key with a TTL (allocated outside the block, re-sized with it).
   */
  private volIdx: Int32Array | null = null;
  /** Entry ids of the keys with a TTL (dense, volCount of them) and, at the same index, their expiry. */
  vol = new Int32Array(4);
  /** Absolute expiry in ms since the epoch of vol[i]. */
  private volExp = new Float64Array(4);
  volCount = 0;
  /**
   * Slot -> entry id + 1 (0 = empty). 16-bit while the table has at most 65536 slots (ids stay under
   * 3/4 of that), 32-bit above: at 10M keys a segment has 64Ki slots, 2 bytes each.
   */
  slots: Uint16Array | Int32Array = new Uint16Array(8);
  mask = 7;

  constructor(
    private readonly counter: ByteCounter,
    tiered = false,
  ) {
    if (tiered) this.tier = new TierColumns(this.counter);
    this.layout(4);
    counter.bytes += this.typedBytes();
  }

  /** Turns the tiering columns on (existing entries get zeroed tier columns: state hot). */
  enableTier(): void {
    if (this.tier) return;
    this.tier = new TierColumns(this.counter);
    this.resizeColumns(this.hashes.length);
  }

  /** Bytes held by this segment's columns and key arenas (the values pages are counted as they change). */
  typedBytes(): number {
    return (
      this.arena.length +
      (this.oldArena !== null ? this.oldArena.length : 0) +
      this.block.byteLength +
      (this.volIdx !== null ? this.volIdx.byteLength : 0) +
      (this.tier !== null ? this.tier.extraBytes : 0) +
      this.vol.byteLength +
      this.volExp.byteLength +
      this.vlive.byteLength +
      this.vpages.length * 8 +
      this.slots.byteLength
    );
  }

  // -----------------------------------------------------------------------------------------------
  // Values (paged, see the header)
  // -----------------------------------------------------------------------------------------------

  /** Values pages currently allocated. */
  livePages = 0;

  /** The value of entry `id`, NO_VALUE when it has none in RAM. */
  valueAt(id: number): unknown {
    const p = this.vpages[id >>> VALUE_PAGE_SHIFT];
    if (p === null) return NO_VALUE;
    const j = (id & (VALUE_PAGE - 1)) << 1;
    return j < p.length ? p[j] : NO_VALUE;
  }

  /** Sets entry `id`'s value; NO_VALUE releases the slot (and the page once none of its entries is in use). */
  setValue(id: number, v: unknown): void {
    const pi = id >>> VALUE_PAGE_SHIFT;
    const j = (id & (VALUE_PAGE - 1)) << 1;
    let p = this.vpages[pi];
    if (p === null || j >= p.length) {
      if (v === NO_VALUE) return;
      p = this.pageFor(pi, j);
    }
    const size = p[j + 1];
    const was = p[j] !== NO_VALUE || size !== 0;
    p[j] = v;
    this.pageUse(pi, was, v !== NO_VALUE || size !== 0);
  }

  /** Bytes accounted to entry `id` in used_memory (0 for an entry with nothing in RAM). */
  sizeOf(id: number): number {
    const p = this.vpages[id >>> VALUE_PAGE_SHIFT];
    if (p === null) return 0;
    const j = ((id & (VALUE_PAGE - 1)) << 1) + 1;
    return j < p.length ? (p[j] as number) : 0;
  }

  setSize(id: number, bytes: number): void {
    const pi = id >>> VALUE_PAGE_SHIFT;
    const j = (id & (VALUE_PAGE - 1)) << 1;
    let p = this.vpages[pi];
    if (p === null || j >= p.length) {
      if (bytes === 0) return;
      p = this.pageFor(pi, j);
    }
    const was = p[j] !== NO_VALUE || p[j + 1] !== 0;
    p[j + 1] = bytes;
    this.pageUse(pi, was, p[j] !== NO_VALUE || bytes !== 0);
  }

  /** Page `pi`, allocated or lengthened so that it holds slot pair `j`. */
  private pageFor(pi: number, j: number): unknown[] {
    let p = this.vpages[pi];
    if (p === null) {
      p = sparePages.pop() ?? [];
      this.counter.bytes += p.length * 8;
      this.vpages[pi] = p;
      this.livePages++;
      this.counter.bytes += VALUE_PAGE_HEADER_BYTES;
    }
    const from = p.length;
    while (p.length <= j) p.push(NO_VALUE, 0);
    this.counter.bytes += (p.length - from) * 8;
    return p;
  }

  /** Counts an entry of page `pi` going in or out of use; an unused page is released. */
  private pageUse(pi: number, was: boolean, now: boolean): void {
    if (was === now) return;
    if (now) this.vlive[pi]++;
    else if (--this.vlive[pi] === 0) {
      const p = this.vpages[pi]!;
      this.counter.bytes -= VALUE_PAGE_HEADER_BYTES + p.length * 8;
      this.vpages[pi] = null;
      this.livePages--;
      // Unused, every slot is NO_VALUE and 0 again: the next page to open can take it as it is.
      if (sparePages.length < SPARE_PAGES) sparePages.push(p);
    }
  }

  /** Bytes of the values pages, added up from the pages themselves (tests check the running count). */
  valuePagesBytes(): number {
    let n = 0;
    for (const p of this.vpages) if (p !== null) n += VALUE_PAGE_HEADER_BYTES + p.length * 8;
    return n;
  }

  // -----------------------------------------------------------------------------------------------
  // Expiry (kept beside the volatile column)
  // -----------------------------------------------------------------------------------------------

  /** Absolute expiry of entry `id` in ms since the epoch; 0 when the key has no TTL. */
  expireOf(id: number): number {
    const vi = this.volIdx;
    if (vi === null) return 0;
    const p = vi[id];
    return p === 0 ? 0 : this.volExp[p - 1];
  }

  /** Expiry of the i-th key with a TTL (vol[i]). */
  volExpireAt(i: number): number {
    return this.volExp[i];
  }

  find(key: string, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const s = slots[i];
      if (s === 0) return -1;
      const id = s - 1;
      if (this.hashes[id] === h && this.keyEquals(id, key)) return id;
      i = (i + 1) & mask;
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Key arena
  // -----------------------------------------------------------------------------------------------

  /** Whether entry `id`'s key is `key` (compares length, then bytes; no string is built). */
  keyEquals(id: number, key: string): boolean {
    const o = this.koff[id];
    const buf = o >>> 31 === this.curBit ? this.arena : this.oldArena!;
    let p = o & OFF_MASK;
    let len = buf[p];
    if (len < 0x80) p += 1;
    else {
      len = ((len & 0x7f) << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];
      p += 4;
    }
    if (len !== key.length) return false;
    // The usual caller just hashed this key: its bytes are in probeBytes (=== is a pointer check then).
    if (key === probeKey) {
      for (let i = 0; i < len; i++) if (buf[p + i] !== probeBytes[i]) return false;
      return true;
    }
    for (let i = 0; i < len; i++) if (buf[p + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  /** The key of entry `id`, decoded from the arena (a new latin1 string). */
  keyAt(id: number): string {
    const o = this.koff[id];
    const buf = o >>> 31 === this.curBit ? this.arena : this.oldArena!;
    let p = o & OFF_MASK;
    let len = buf[p];
    if (len < 0x80) p += 1;
    else {
      len = ((len & 0x7f) << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];
      p += 4;
    }
    return buf.toString('latin1', p, p + len);
  }

  /** Length in chars of entry `id`'s key. */
  keyLength(id: number): number {
    const o = this.koff[id];
    const buf = o >>> 31 === this.curBit ? this.arena : this.oldArena!;
    const p = o & OFF_MASK;
    const len = buf[p];
    return len < 0x80 ? len : ((len & 0x7f) << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];
  }

  /** Appends a key record to the current arena; returns its koff. */
  private appendKey(key: string): number {
    const len = key.length;
    const rec = keyRecordBytes(len);
    this.reserveArena(rec);
    const buf = this.arena;
    let p = this.arenaUsed;
    const at = p;
    if (len < 0x80) buf[p++] = len;
    else {
      buf[p++] = 0x80 | (len >>> 24);
      buf[p++] = (len >>> 16) & 0xff;
      buf[p++] = (len >>> 8) & 0xff;
      buf[p++] = len & 0xff;
    }
    // Bytes past arenaUsed are not live yet: a throw here leaves the segment unchanged.
    for (let i = 0; i < len; i++) {
      const c = key.charCodeAt(i);
      if (c > 0xff) throw new Error('key-table: keys must be latin1 strings');
      buf[p + i] = c;
    }
    this.arenaUsed = at + rec;
    this.counter.keyBytes += rec;
    return (this.curBit << 31) + at;
  }

  /** Makes room for `n` more bytes in the current arena (grows by doubling; the copy is one segment's keys). */
  private reserveArena(n: number): void {
    const need = this.arenaUsed + n;
    if (need <= this.arena.length) return;
    if (need > MAX_ARENA) throw new Error('key-table: a segment holds more than 2 GiB of keys');
    let cap = Math.max(256, this.arena.length * 2);
    while (cap < need) cap *= 2;
    cap = Math.min(cap, MAX_ARENA);
    // allocUnsafeSlow: its own allocation (no pool slab), not zeroed, so the unused tail costs no RSS.
    const next = Buffer.allocUnsafeSlow(cap);
    this.arena.copy(next, 0, 0, this.arenaUsed);
    this.counter.bytes += cap - this.arena.length;
    this.arena = next;
  }

  /** Forgets entry `id`'s key record (called before the entry is removed). */
  private dropKey(id: number): void {
    const o = this.koff[id];
    const rec = keyRecordBytes(this.keyLength(id));
    this.counter.keyBytes -= rec;
    if (o >>> 31 !== this.curBit) {
      this.oldLive--;
      return;
    }
    const at = o & OFF_MASK;
    // The newest record (SET then DEL of a new key) is simply taken back.
    if (at + rec === this.arenaUsed) this.arenaUsed = at;
    else this.arenaGarbage += rec;
  }

  /** Whether an incremental arena compaction is in progress. */
  get compacting(): boolean {
    return this.oldArena !== null;
  }

  /** Bytes of removed keys' records still in the current arena. */
  get garbageBytes(): number {
    return this.arenaGarbage;
  }

  /** Starts a compaction when more than half the arena is garbage. */
  private maybeCompact(): void {
    if (this.oldArena !== null) {
      this.compactStep();
      return;
    }
    if (this.count === 0) {
      // Nothing live: start over with an empty arena.
      this.counter.bytes -= this.arena.length;
      this.arena = EMPTY_ARENA;
      this.arenaUsed = 0;
      this.arenaGarbage = 0;
      return;
    }
    if (this.arenaGarbage < MIN_COMPACT_GARBAGE || this.arenaGarbage * 2 < this.arenaUsed) return;
    const live = this.arenaUsed - this.arenaGarbage;
    this.oldArena = this.arena;
    this.oldLive = this.count;
    this.compactPos = 0;
    this.curBit ^= 1;
    this.compactions++;
    const cap = Math.min(MAX_ARENA, Math.max(256, live + (live >> 1)));
    this.arena = Buffer.allocUnsafeSlow(cap);
    this.counter.bytes += cap;
    this.arenaUsed = 0;
    this.arenaGarbage = 0;
    this.compactStep();
  }

  /**
   * One bounded step of compaction: moves the records of up to COMPACT_STEP_ENTRIES entries (or
   * COMPACT_STEP_BYTES) from the old arena to the current one. Entries only move from the end of the
   * columns to a lower id (remove), so an entry can slip behind the cursor: the walk restarts from 0
   * until no entry is left in the old arena.
   */
  compactStep(): void {
    const old = this.oldArena;
    if (old === null) return;
    let entries = 0;
    let bytes = 0;
    while (entries < COMPACT_STEP_ENTRIES && bytes < COMPACT_STEP_BYTES) {
      if (this.oldLive === 0) {
        this.counter.bytes -= old.length;
        this.oldArena = null;
        return;
      }
      if (this.compactPos >= this.count) this.compactPos = 0;
      const id = this.compactPos++;
      entries++;
      const o = this.koff[id];
      if (o >>> 31 === this.curBit) continue;
      const at = o & OFF_MASK;
      const b0 = old[at];
      const len =
        b0 < 0x80 ? b0 : ((b0 & 0x7f) << 24) | (old[at + 1] << 16) | (old[at + 2] << 8) | old[at + 3];
      const rec = keyRecordBytes(len);
      this.reserveArena(rec);
      old.copy(this.arena, this.arenaUsed, at, at + rec);
      this.koff[id] = (this.curBit << 31) + this.arenaUsed;
      this.arenaUsed += rec;
      this.oldLive--;
      bytes += rec;
    }
  }

  insert(key: string, h: number, type: number, value: unknown): number {
    if (this.count === this.hashes.length) this.growColumns();
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.rehash((this.mask + 1) * 2);
    const koff = this.appendKey(key);
    const id = this.count++;
    this.koff[id] = koff;
    this.setValue(id, value);
    this.hashes[id] = h;
    this.types[id] = type;
    this.access[id] = 0;
    if (this.volIdx !== null) this.volIdx[id] = 0;
    if (this.tier) this.tier.clear(id);
    let i = h & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = id + 1;
    if (this.oldArena !== null) this.compactStep();
    return id;
  }

  /** Removes entry `id`; the last entry moves into its place. */
  remove(id: number): void {
    this.setExpire(id, 0);
    this.clearSlot(this.slotOf(id));
    this.dropKey(id);
    const last = this.count - 1;
    if (id !== last) {
      this.slots[this.slotOf(last)] = id + 1;
      this.koff[id] = this.koff[last];
      this.setValue(id, this.valueAt(last));
      this.setSize(id, this.sizeOf(last));
      this.hashes[id] = this.hashes[last];
      this.types[id] = this.types[last];
      this.access[id] = this.access[last];
      if (this.volIdx !== null) {
        const vp = this.volIdx[last];
        this.volIdx[id] = vp;
        if (vp !== 0) this.vol[vp - 1] = id;
      }
      if (this.tier) this.tier.move(id, last);
    }
    this.setValue(last, NO_VALUE);
    this.setSize(last, 0);
    this.count = last;
    if (this.count < this.hashes.length >> 2 && this.hashes.length > 16) this.shrinkColumns();
    if (this.count * 8 < this.mask + 1 && this.mask > 7) this.rehash((this.mask + 1) >> 1);
    this.maybeCompact();
  }

  /** Sets (or with 0 removes) entry `id`'s absolute expiry. */
  setExpire(id: number, at: number): void {
    let vi = this.volIdx;
    if (vi === null) {
      if (at === 0) return;
      vi = this.volIdx = new Int32Array(this.hashes.length);
      this.counter.bytes += vi.byteLength;
    }
    const vp = vi[id];
    if (at !== 0) {
      if (vp !== 0) {
        this.volExp[vp - 1] = at;
        return;
      }
      if (this.volCount === this.vol.length) {
        this.counter.bytes += this.vol.byteLength + this.volExp.byteLength;
        this.vol = grow(this.vol, this.vol.length * 2);
        this.volExp = grow(this.volExp, this.volExp.length * 2);
      }
      this.vol[this.volCount] = id;
      this.volExp[this.volCount] = at;
      vi[id] = ++this.volCount;
    } else if (vp !== 0) {
      const lastVol = --this.volCount;
      const moved = this.vol[lastVol];
      this.vol[vp - 1] = moved;
      this.volExp[vp - 1] = this.volExp[lastVol];
      vi[moved] = vp;
      vi[id] = 0;
    }
  }

  private slotOf(id: number): number {
    let i = this.hashes[id] & this.mask;
    while (this.slots[i] !== id + 1) i = (i + 1) & this.mask;
    return i;
  }

  /** Backward-shift deletion: moves later members of the probe run back so no tombstone is needed. */
  private clearSlot(i: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const s = slots[j];
      if (s === 0) break;
      const home = this.hashes[s - 1] & mask;
      // Move s back to i unless its home lies cyclically in (i, j].
      const inRange = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!inRange) {
        slots[i] = s;
        i = j;
      }
    }
    slots[i] = 0;
  }

  private rehash(size: number): void {
    const slots = size <= 0x10000 ? new Uint16Array(size) : new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let i = this.hashes[id] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.counter.bytes += slots.byteLength - this.slots.byteLength;
    this.slots = slots;
    this.mask = mask;
  }

  private growColumns(): void {
    const n = this.hashes.length * 2;
    this.resizeColumns(n);
  }

  private shrinkColumns(): void {
    this.resizeColumns(this.hashes.length >> 1);
  }

  private resizeColumns(n: number): void {
    const before = this.typedBytes();
    this.layout(n);
    this.counter.bytes += this.typedBytes() - before;
  }

  /**
   * Allocates a column block for `n` entries and copies the live entries into it. Columns are
   * grouped by element size (4, 2, then 1 byte) so every view is aligned; only the first `count`
   * entries of each column are written, so a fresh block's tail pages stay untouched.
   */
  private layout(n: number): void {
    const t = this.tier;
    // Not zeroed (malloc, not calloc: a reused heap chunk is not memset, so its unused tail is not
    // touched either): entries below `keep` are copied (or zeroed for columns that are new, such as
    // the tier columns when tiering is turned on), entries from `count` up are set by insert().
    const block = Buffer.allocUnsafeSlow(n * (BASE_ENTRY_BYTES + (t !== null ? TIER_ENTRY_BYTES : 0))).buffer;
    const keep = Math.min(this.count, n);
    let at = 0;
    const u32 = (prev: Uint32Array) => {
      const a = new Uint32Array(block, at, n);
      at += n * 4;
      if (prev.length > 0) a.set(prev.subarray(0, keep));
      else a.fill(0, 0, keep);
      return a;
    };
    const u16 = (prev: Uint16Array) => {
      const a = new Uint16Array(block, at, n);
      at += n * 2;
      if (prev.length > 0) a.set(prev.subarray(0, keep));
      else a.fill(0, 0, keep);
      return a;
    };
    const u8 = (prev: Uint8Array) => {
      const a = new Uint8Array(block, at, n);
      at += n;
      if (prev.length > 0) a.set(prev.subarray(0, keep));
      else a.fill(0, 0, keep);
      return a;
    };
    this.hashes = u32(this.hashes);
    this.access = u32(this.access);
    this.koff = u32(this.koff);
    if (t !== null) {
      t.offPage = u32(t.offPage);
      t.len = u32(t.len);
      t.crc = u32(t.crc);
      t.epoch = u32(t.epoch);
      t.resizeExtra(n, keep);
      t.offIn = u16(t.offIn);
    }
    this.types = u8(this.types);
    if (t !== null) t.state = u8(t.state);
    this.block = block;
    // Columns outside the block: the volatile positions (only once a key had a TTL; dropped when no
    // key has one now) and the values pages' index.
    if (this.volIdx !== null) {
      if (this.volCount === 0) this.volIdx = null;
      else {
        const vi = new Int32Array(n);
        vi.set(this.volIdx.subarray(0, keep));
        this.volIdx = vi;
      }
    }
    const pages = (n + VALUE_PAGE - 1) >>> VALUE_PAGE_SHIFT;
    if (pages !== this.vpages.length) {
      // Pages past the new end hold no value (entries from count up have none).
      this.vpages.length = Math.min(this.vpages.length, pages);
      while (this.vpages.length < pages) this.vpages.push(null);
      const live = new Uint8Array(pages);
      live.set(this.vlive.subarray(0, pages));
      this.vlive = live;
    }
  }
}

type TypedArray = Int32Array | Float64Array;

function grow<T extends TypedArray>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a.length > n ? (a.subarray(0, n) as T) : a);
  return b;
}

export class KeyTable {
  readonly segments: Segment[] = [];
  size = 0;
  /** Whether segments carry tiering columns (set by the tiering engine). */
  tiered = false;
  volatileCount = 0;
  private readonly columns: ByteCounter = { bytes: 0, keyBytes: 0 };

  constructor() {
    for (let i = 0; i < SEGMENT_COUNT; i++) this.segments.push(new Segment(this.columns));
  }

  segmentOf(h: number): Segment {
    return this.segments[h >>> SEGMENT_SHIFT];
  }

  /**
   * Bytes held by the table itself: typed columns, key arenas (minus the live key records, which the
   * keyspace counts as data) and the values pages (8 bytes a slot: no pointer compression).
   */
  overheadBytes(): number {
    return this.columns.bytes - this.columns.keyBytes;
  }

  /** A random non-empty segment chosen with probability close to its share of keys. */
  randomSegment(volatileOnly = false): Segment | undefined {
    if ((volatileOnly ? this.volatileCount : this.size) === 0) return undefined;
    for (let tries = 0; tries < 64; tries++) {
      const s = this.segments[(Math.random() * SEGMENT_COUNT) | 0];
      if ((volatileOnly ? s.volCount : s.count) > 0) return s;
    }
    for (const s of this.segments) if ((volatileOnly ? s.volCount : s.count) > 0) return s;
    return undefined;
  }

  /** Adds the tiering columns to every segment, now and after clear(). */
  enableTier(): void {
    this.tiered = true;
    for (const s of this.segments) s.enableTier();
  }

  clear(): void {
    this.columns.bytes = 0;
    this.columns.keyBytes = 0;
    for (let i = 0; i < SEGMENT_COUNT; i++) {
      this.segments[i].dead = true;
      this.segments[i] = new Segment(this.columns, this.tiered);
    }
    this.size = 0;
    this.volatileCount = 0;
  }
}

/**
 * SCAN cursor layout: the low 8 bits are the segment, the rest counts the entries of that segment
 * still to visit (walked from the end down). 0 starts and ends a scan.
 */
export function encodeCursor(segment: number, remaining: number): number {
  return remaining * SEGMENT_COUNT + segment;
}

export function decodeCursor(cursor: number): { segment: number; remaining: number } {
  return { segment: cursor % SEGMENT_COUNT, remaining: Math.floor(cursor / SEGMENT_COUNT) };
}
