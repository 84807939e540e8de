/**
 * KeyTable: the keyspace's hash table, built to stay compact and pause-free at tens of millions of
 * keys.
 *
 * - Keys are split over 256 segments by the top bits of their hash. Each segment is an open-addressing
 *   table (linear probing, backward-shift deletion, no tombstones) over *dense* columns: entry i of a
 *   segment has its key, value, hash, type, expiry, access clock and accounted size at index i of
 *   typed arrays. No JavaScript object is allocated per key besides the key string and the value.
 * - A segment grows on its own, so a resize rebuilds 1/256 of the keyspace (tens of thousands of
 *   slots at 10M keys): no stop-the-world rehash.
 * - Deleting moves the segment's last entry into the hole, so columns stay dense. That makes random
 *   sampling O(1) (RANDOMKEY, eviction, active expiry) and lets SCAN walk each segment from its end
 *   down: an entry only ever moves from the end (already visited) into a lower index, so every key that
 *   exists for the whole scan is returned at least once, as Redis guarantees.
 * - Keys with a TTL are also listed in a per-segment dense "volatile" column so active expiry samples
 *   only those.
 *
 * Entry ids are only valid until the next insert or delete in the same segment.
 */

export const SEGMENT_COUNT = 256;
const SEGMENT_SHIFT = 24; // 32-bit hash >>> 24 -> 0..255

/** 32-bit string hash: FNV-1a over the latin1 bytes with a murmur3 finaliser. */
export function hashKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Bytes held by the typed-array columns of a whole table, kept current as segments resize. */
export interface ByteCounter {
  bytes: number;
}

/**
 * Per-entry tiering columns (allocated only when tiering is on): the tier state, the value's disk
 * offset, length and checksum, and the epoch that ties an in-flight disk operation to the version of
 * the value it was started for. Owned by the tiering engine (tiering/engine.ts).
 */
export class TierColumns {
  state: Uint8Array;
  off: Float64Array;
  len: Uint32Array;
  crc: Uint32Array;
  epoch: Uint32Array;
  /** A type-specific count kept in RAM for an offloaded value (a hash's field count). */
  aux: Uint32Array;

  constructor(n: number) {
    this.state = new Uint8Array(n);
    this.off = new Float64Array(n);
    this.len = new Uint32Array(n);
    this.crc = new Uint32Array(n);
    this.epoch = new Uint32Array(n);
    this.aux = new Uint32Array(n);
  }

  bytes(): number {
    return this.state.length * 25;
  }

  resize(n: number): void {
    this.state = grow(this.state, n);
    this.off = grow(this.off, n);
    this.len = grow(this.len, n);
    this.crc = grow(this.crc, n);
    this.epoch = grow(this.epoch, n);
    this.aux = grow(this.aux, n);
  }

  clear(id: number): void {
    this.state[id] = 0;
    this.epoch[id] = 0;
    this.aux[id] = 0;
  }

  move(to: number, from: number): void {
    this.state[to] = this.state[from];
    this.off[to] = this.off[from];
    this.len[to] = this.len[from];
    this.crc[to] = this.crc[from];
    this.epoch[to] = this.epoch[from];
    this.aux[to] = this.aux[from];
  }
}

export class Segment {
  count = 0;
  /** Tiering columns, or null when tiering is off. */
  tier: TierColumns | null = null;
  /** Set when FLUSHALL/FLUSHDB dropped this segment (in-flight disk operations discard their result). */
  dead = false;
  keys: string[] = [];
  values: unknown[] = [];
  hashes = new Uint32Array(4);
  types = new Uint8Array(4);
  /** Absolute expiry in ms since the epoch; 0 when the key has no TTL. */
  expires = new Float64Array(4);
  /** LRU clock (seconds) or LFU counter, per maxmemory-policy. */
  access = new Uint32Array(4);
  /** Bytes accounted to this entry in used_memory. */
  sizes = new Float64Array(4);
  /** Index in `vol` of a key with a TTL, -1 otherwise. */
  volPos = new Int32Array(4);
  vol = new Int32Array(4);
  volCount = 0;
  /** Slot -> entry id + 1 (0 = empty). */
  slots = new Int32Array(8);
  mask = 7;

  constructor(
    private readonly counter: ByteCounter,
    tiered = false,
  ) {
    if (tiered) this.tier = new TierColumns(this.hashes.length);
    counter.bytes += this.typedBytes();
  }

  /** Turns the tiering columns on (empty segments only grow them from here). */
  enableTier(): void {
    if (this.tier) return;
    const before = this.typedBytes();
    this.tier = new TierColumns(this.hashes.length);
    this.counter.bytes += this.typedBytes() - before;
  }

  /** Bytes held by this segment's typed-array columns. */
  typedBytes(): number {
    return (
      this.hashes.byteLength +
      this.types.byteLength +
      this.expires.byteLength +
      this.access.byteLength +
      this.sizes.byteLength +
      this.volPos.byteLength +
      this.vol.byteLength +
      this.slots.byteLength +
      (this.tier ? this.tier.bytes() : 0)
    );
  }

  find(key: string, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const s = slots[i];
      if (s === 0) return -1;
      const id = s - 1;
      if (this.hashes[id] === h && this.keys[id] === key) return id;
      i = (i + 1) & mask;
    }
  }

  insert(key: string, h: number, type: number, value: unknown): number {
    if (this.count === this.hashes.length) this.growColumns();
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.rehash((this.mask + 1) * 2);
    const id = this.count++;
    this.keys[id] = key;
    this.values[id] = value;
    this.hashes[id] = h;
    this.types[id] = type;
    this.expires[id] = 0;
    this.access[id] = 0;
    this.sizes[id] = 0;
    this.volPos[id] = -1;
    if (this.tier) this.tier.clear(id);
    let i = h & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = id + 1;
    return id;
  }

  /** Removes entry `id`; the last entry moves into its place. */
  remove(id: number): void {
    this.setExpire(id, 0);
    this.clearSlot(this.slotOf(id));
    const last = this.count - 1;
    if (id !== last) {
      this.slots[this.slotOf(last)] = id + 1;
      this.keys[id] = this.keys[last];
      this.values[id] = this.values[last];
      this.hashes[id] = this.hashes[last];
      this.types[id] = this.types[last];
      this.expires[id] = this.expires[last];
      this.access[id] = this.access[last];
      this.sizes[id] = this.sizes[last];
      const vp = this.volPos[last];
      this.volPos[id] = vp;
      if (vp >= 0) this.vol[vp] = id;
      if (this.tier) this.tier.move(id, last);
    }
    this.keys.length = last;
    this.values.length = last;
    this.count = last;
    if (this.count < this.hashes.length >> 2 && this.hashes.length > 16) this.shrinkColumns();
    if (this.count * 8 < this.mask + 1 && this.mask > 7) this.rehash((this.mask + 1) >> 1);
  }

  setExpire(id: number, at: number): void {
    this.expires[id] = at;
    const vp = this.volPos[id];
    if (at !== 0 && vp < 0) {
      if (this.volCount === this.vol.length) {
        this.counter.bytes += this.vol.byteLength;
        this.vol = grow(this.vol, this.vol.length * 2);
      }
      this.vol[this.volCount] = id;
      this.volPos[id] = this.volCount++;
    } else if (at === 0 && vp >= 0) {
      const lastVol = --this.volCount;
      const moved = this.vol[lastVol];
      this.vol[vp] = moved;
      this.volPos[moved] = vp;
      this.volPos[id] = -1;
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
    const slots = new Int32Array(size);
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
    this.hashes = grow(this.hashes, n);
    this.types = grow(this.types, n);
    this.expires = grow(this.expires, n);
    this.access = grow(this.access, n);
    this.sizes = grow(this.sizes, n);
    this.volPos = grow(this.volPos, n);
    if (this.tier) this.tier.resize(n);
    this.counter.bytes += this.typedBytes() - before;
  }
}

type TypedArray = Uint32Array | Uint8Array | Float64Array | Int32Array;

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
  private readonly columns: ByteCounter = { bytes: 0 };

  constructor() {
    for (let i = 0; i < SEGMENT_COUNT; i++) this.segments.push(new Segment(this.columns));
  }

  segmentOf(h: number): Segment {
    return this.segments[h >>> SEGMENT_SHIFT];
  }

  /** Bytes held by the table's own arrays: typed columns plus the key and value pointer arrays. */
  overheadBytes(): number {
    return this.columns.bytes + this.size * 16;
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
