/**
 * The keyspace: numbered databases of typed values with TTLs, lazy and active expiry, eviction
 * sampling, SCAN and honest memory accounting. Commands work through Db; the table mechanics live in
 * key-table.ts.
 *
 * Values: strings are latin1 JS strings (one char per byte: binary safe and compact); lists, hashes,
 * sets and sorted sets are objects that implement `Sized`, keeping their own byte count so accounting
 * stays O(1) per write.
 */
import { CommandError, Err } from '../protocol/errors';
import {
  KeyTable,
  Segment,
  decodeCursor,
  encodeCursor,
  hashKey,
  keyRecordBytes,
  SEGMENT_COUNT,
  NO_VALUE,
} from './key-table';

export const enum ValueType {
  String = 0,
  List = 1,
  Hash = 2,
  Set = 3,
  ZSet = 4,
  Stream = 5,
}

export const TYPE_NAMES = ['string', 'list', 'hash', 'set', 'zset', 'stream'] as const;

export function typeByName(name: string): ValueType | -1 {
  const i = (TYPE_NAMES as readonly string[]).indexOf(name.toLowerCase());
  return i as ValueType | -1;
}

/** A collection value that knows the bytes it holds. */
export interface Sized {
  readonly bytes: number;
}

/**
 * What every collection value (list, hash, set, zset, stream) implements: its byte count for
 * used_memory, a deep copy for COPY, and its OBJECT ENCODING name.
 */
export interface CollectionValue extends Sized {
  clone(): CollectionValue;
  encoding(): string;
}

/** OBJECT ENCODING of a string value, as Redis names it. */
export function stringEncoding(s: string): string {
  if (s.length <= 20 && /^(0|-?[1-9][0-9]*)$/.test(s)) {
    const n = BigInt(s);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return 'int';
  }
  return s.length <= 44 ? 'embstr' : 'raw';
}

/** Bytes V8 uses for a one-byte string of n chars (map, hash, length header; 8-byte aligned). */
export function stringBytes(n: number): number {
  return 16 + ((n + 7) & ~7);
}

export function valueBytes(type: ValueType, value: unknown): number {
  return type === ValueType.String ? stringBytes((value as string).length) : (value as Sized).bytes;
}

/** What the server learns from the keyspace: it turns these into WATCH, notifications and stats. */
export interface KeyspaceListener {
  /** A key's value or existence changed (signalModifiedKey). */
  modified(db: number, key: string): void;
  /** A key was found expired and removed. */
  expired(db: number, key: string): void;
  /** A key was created (Redis's dbAdd: the "new" keyspace event). */
  added(db: number, key: string): void;
  /** A read lookup found no key (counted as a keyspace miss: the "keymiss" event). */
  missed(db: number, key: string): void;
}

const noListener: KeyspaceListener = { modified() {}, expired() {}, added() {}, missed() {} };

/**
 * What the values column holds for a string whose value lives only on disk (tiering): the key
 * table's "no value", so a cold entry takes no slot in its segment's values pages.
 */
export const COLD_VALUE: unknown = NO_VALUE;

/**
 * The tiering engine's hooks (tiering/engine.ts). Entries whose tier state is non-zero belong to the
 * engine: reads go through access(), replacement and removal through release().
 */
export interface TierHooks {
  /** The RAM value of an offloaded string entry, read from disk synchronously if it is cold. */
  access(seg: Segment, id: number, touch: boolean): string;
  /** The entry's value is replaced or removed: free its disk copy, cancel its pending write. */
  release(seg: Segment, id: number): void;
}

export class Keyspace {
  readonly dbs: Db[] = [];
  /** Command time snapshot: one clock reading per command, so a command sees one "now". */
  now = Date.now();
  listener: KeyspaceListener = noListener;
  /** The tiering engine, when tiering is on. */
  tier: TierHooks | null = null;
  /** Bytes held by keys and values (not the table columns, see overheadBytes). */
  dataBytes = 0;
  expiredKeys = 0;
  expiredStalePerc = 0;
  hits = 0;
  misses = 0;
  /** CLIENT PAUSE (Redis 7.0): expired keys read as missing but are not removed while paused. */
  expiryPaused = false;
  /** LRU clock in seconds, refreshed by the server cron. */
  lruClock = (Date.now() / 1000) >>> 0;
  /**
   * With an LFU maxmemory-policy the per-entry `access` column holds Redis's LFU state instead of the
   * LRU clock: 16 bits of minutes (last decrement time) above an 8-bit logarithmic counter.
   */
  lfu = false;
  lfuLogFactor = 10;
  /** Idle minutes per counter decrement (0 = never decay). */
  lfuDecayTime = 1;

  constructor(databases: number) {
    for (let i = 0; i < databases; i++) this.dbs.push(new Db(i, this));
  }

  overheadBytes(): number {
    let n = 0;
    for (const db of this.dbs) n += db.table.overheadBytes();
    return n;
  }

  totalKeys(): number {
    let n = 0;
    for (const db of this.dbs) n += db.size;
    return n;
  }

  swap(a: number, b: number): void {
    const ta = this.dbs[a].table;
    this.dbs[a].table = this.dbs[b].table;
    this.dbs[b].table = ta;
  }
}

export class Db {
  table = new KeyTable();

  constructor(
    readonly index: number,
    readonly ks: Keyspace,
  ) {}

  get size(): number {
    return this.table.size;
  }

  get volatileSize(): number {
    return this.table.volatileCount;
  }

  // ---------------------------------------------------------------------------------------------
  // Lookups
  // ---------------------------------------------------------------------------------------------

  /** Finds a live entry: returns its segment and id through `found`, or false. Expired keys are removed. */
  private locate(key: string): boolean {
    const h = hashKey(key);
    const seg = this.table.segmentOf(h);
    const id = seg.find(key, h);
    if (id < 0) return false;
    const exp = seg.expireOf(id);
    if (exp !== 0 && exp <= this.ks.now) {
      if (!this.ks.expiryPaused) this.expireEntry(seg, id);
      return false;
    }
    found.seg = seg;
    found.id = id;
    return true;
  }

  exists(key: string): boolean {
    return this.locate(key);
  }

  /** The key's type, or -1 when missing. */
  typeOf(key: string): ValueType | -1 {
    return this.locate(key) ? (found.seg.types[found.id] as ValueType) : -1;
  }

  /** A read lookup that found nothing: counted, and the "keymiss" notification (lookupKeyRead). */
  miss(key: string): void {
    this.ks.misses++;
    this.ks.listener.missed(this.index, key);
  }

  /**
   * The value of a key of the given type, undefined when missing; throws WRONGTYPE when the key
   * holds another type. Counts keyspace hits and misses and updates the access clock.
   */
  get<T = unknown>(key: string, type: ValueType): T | undefined {
    if (!this.locate(key)) {
      this.miss(key);
      return undefined;
    }
    const { seg, id } = found;
    // Like lookupKeyRead: a key of the wrong type still counts as a hit and is touched.
    this.ks.hits++;
    seg.access[id] = this.ks.lfu ? lfuTouch(this.ks, seg.access[id]) : this.ks.lruClock;
    if (seg.types[id] !== type) throw new CommandError(Err.wrongType);
    if (seg.tier !== null && seg.tier.state[id] !== 0) return this.ks.tier!.access(seg, id, true) as T;
    return seg.valueAt(id) as T;
  }

  /**
   * STRLEN: like get, but the length of an offloaded string comes from the tiering length column,
   * with no disk read. 0 when missing; throws WRONGTYPE.
   */
  stringLength(key: string): number {
    if (!this.locate(key)) {
      this.miss(key);
      return 0;
    }
    const { seg, id } = found;
    this.ks.hits++;
    seg.access[id] = this.ks.lfu ? lfuTouch(this.ks, seg.access[id]) : this.ks.lruClock;
    if (seg.types[id] !== ValueType.String) throw new CommandError(Err.wrongType);
    if (seg.tier !== null && seg.tier.state[id] !== 0) return seg.tier.len[id];
    return (seg.valueAt(id) as string).length;
  }

  /**
   * lookupKeyRead for commands that do not care about the type (TYPE, TOUCH, OBJECT, EXISTS): the
   * key's type or -1, counting keyspace hits and misses; `touch` updates the access clock.
   */
  lookup(key: string, touch: boolean): ValueType | -1 {
    if (!this.locate(key)) {
      this.miss(key);
      return -1;
    }
    const { seg, id } = found;
    this.ks.hits++;
    if (touch) seg.access[id] = this.ks.lfu ? lfuTouch(this.ks, seg.access[id]) : this.ks.lruClock;
    return seg.types[id] as ValueType;
  }

  /** The raw access column of a key (LRU clock or LFU state), -1 when missing. */
  accessOf(key: string): number {
    return this.locate(key) ? found.seg.access[found.id] : -1;
  }

  /** Restores an access column value (RENAME and MOVE keep the object's LRU/LFU state, as Redis does). */
  setAccess(key: string, access: number): void {
    if (this.locate(key)) found.seg.access[found.id] = access;
  }

  /**
   * Like get, for a command about to write the key (Redis's lookupKeyWrite): throws WRONGTYPE,
   * updates the access clock, but counts no keyspace hit or miss.
   */
  getForWrite<T = unknown>(key: string, type: ValueType): T | undefined {
    if (!this.locate(key)) return undefined;
    const { seg, id } = found;
    if (seg.types[id] !== type) throw new CommandError(Err.wrongType);
    seg.access[id] = this.ks.lfu ? lfuTouch(this.ks, seg.access[id]) : this.ks.lruClock;
    if (seg.tier !== null && seg.tier.state[id] !== 0) return this.ks.tier!.access(seg, id, true) as T;
    return seg.valueAt(id) as T;
  }

  /** Like get, without stats or access-clock updates (for commands that only inspect). */
  peek(key: string): { type: ValueType; value: unknown } | undefined {
    if (!this.locate(key)) return undefined;
    const { seg, id } = found;
    if (seg.tier !== null && seg.tier.state[id] !== 0)
      return { type: seg.types[id] as ValueType, value: this.ks.tier!.access(seg, id, false) };
    return { type: seg.types[id] as ValueType, value: seg.valueAt(id) };
  }

  /** Absolute expiry in ms, 0 when none, -1 when the key is missing. */
  expireAt(key: string): number {
    return this.locate(key) ? found.seg.expireOf(found.id) : -1;
  }

  /** Seconds since last access (OBJECT IDLETIME), -1 when missing. */
  idleSeconds(key: string): number {
    if (!this.locate(key)) return -1;
    return Math.max(0, this.ks.lruClock - found.seg.access[found.id]);
  }

  // ---------------------------------------------------------------------------------------------
  // Writes. Every write is followed by modified(): it refreshes accounting and signals WATCH.
  // ---------------------------------------------------------------------------------------------

  /** Sets a key to a value, replacing any value and (unless keepTtl) removing its TTL. */
  set(key: string, type: ValueType, value: unknown, keepTtl = false): void {
    const h = hashKey(key);
    const seg = this.table.segmentOf(h);
    let id = seg.find(key, h);
    if (id >= 0) {
      const exp = seg.expireOf(id);
      if (exp !== 0 && (!keepTtl || exp <= this.ks.now)) {
        if (exp <= this.ks.now) {
          this.expireEntry(seg, id);
          id = -1;
        } else {
          seg.setExpire(id, 0);
          this.table.volatileCount--;
        }
      }
    }
    if (id < 0) {
      id = seg.insert(key, h, type, value);
      this.table.size++;
      this.ks.dataBytes += keyRecordBytes(key.length);
      seg.access[id] = this.ks.lfu ? lfuInit(this.ks) : this.ks.lruClock;
      this.ks.listener.added(this.index, key);
    } else {
      if (seg.tier !== null && seg.tier.state[id] !== 0) this.ks.tier!.release(seg, id);
      seg.types[id] = type;
      seg.setValue(id, value);
      // An overwrite is a write access: LFU counts it, LRU restarts the idle time.
      seg.access[id] = this.ks.lfu ? lfuTouch(this.ks, seg.access[id]) : this.ks.lruClock;
    }
    const bytes = valueBytes(type, value);
    this.ks.dataBytes += bytes - seg.sizeOf(id);
    seg.setSize(id, bytes);
    this.ks.listener.modified(this.index, key);
  }

  /** Re-accounts a collection value mutated in place and signals the modification. */
  modified(key: string): void {
    if (this.locate(key) && found.seg.valueAt(found.id) !== COLD_VALUE) {
      const { seg, id } = found;
      const bytes = valueBytes(seg.types[id] as ValueType, seg.valueAt(id));
      this.ks.dataBytes += bytes - seg.sizeOf(id);
      seg.setSize(id, bytes);
    }
    this.ks.listener.modified(this.index, key);
  }

  delete(key: string): boolean {
    if (!this.locate(key)) return false;
    this.removeEntry(found.seg, found.id);
    this.ks.listener.modified(this.index, key);
    return true;
  }

  /** Sets an absolute expiry (ms). A time in the past deletes the key. Returns false when missing. */
  setExpireAt(key: string, at: number): boolean {
    if (!this.locate(key)) return false;
    const { seg, id } = found;
    if (seg.expireOf(id) === 0) this.table.volatileCount++;
    seg.setExpire(id, at);
    this.ks.listener.modified(this.index, key);
    return true;
  }

  persist(key: string): boolean {
    if (!this.locate(key)) return false;
    const { seg, id } = found;
    if (seg.expireOf(id) === 0) return false;
    seg.setExpire(id, 0);
    this.table.volatileCount--;
    this.ks.listener.modified(this.index, key);
    return true;
  }

  flush(): void {
    for (const seg of this.table.segments) {
      for (let id = 0; id < seg.count; id++) {
        if (seg.tier !== null && seg.tier.state[id] !== 0) this.ks.tier!.release(seg, id);
        this.ks.dataBytes -= seg.sizeOf(id) + keyRecordBytes(seg.keyLength(id));
      }
    }
    this.table.clear();
  }

  private removeEntry(seg: Segment, id: number): void {
    if (seg.tier !== null && seg.tier.state[id] !== 0) this.ks.tier!.release(seg, id);
    this.ks.dataBytes -= seg.sizeOf(id) + keyRecordBytes(seg.keyLength(id));
    if (seg.expireOf(id) !== 0) this.table.volatileCount--;
    seg.remove(id);
    this.table.size--;
  }

  private expireEntry(seg: Segment, id: number): void {
    const key = seg.keyAt(id);
    this.removeEntry(seg, id);
    this.ks.expiredKeys++;
    this.ks.listener.expired(this.index, key);
    this.ks.listener.modified(this.index, key);
  }

  // ---------------------------------------------------------------------------------------------
  // Sampling and iteration
  // ---------------------------------------------------------------------------------------------

  /** A random live key (expired keys met on the way are removed), undefined when empty. */
  randomKey(): string | undefined {
    for (let tries = 0; tries < 100; tries++) {
      const seg = this.table.randomSegment();
      if (!seg) return undefined;
      const id = (Math.random() * seg.count) | 0;
      const exp = seg.expireOf(id);
      if (exp !== 0 && exp <= this.ks.now) {
        if (!this.ks.expiryPaused) this.expireEntry(seg, id);
        continue;
      }
      return seg.keyAt(id);
    }
    return undefined;
  }

  /** Samples up to n entries (for eviction); volatileOnly samples keys with a TTL. */
  sample(
    n: number,
    volatileOnly: boolean,
    visit: (key: string, access: number, expireAt: number) => void,
  ): void {
    for (let i = 0; i < n; i++) {
      const seg = this.table.randomSegment(volatileOnly);
      if (!seg) return;
      const id = volatileOnly ? seg.vol[(Math.random() * seg.volCount) | 0] : (Math.random() * seg.count) | 0;
      visit(seg.keyAt(id), seg.access[id], seg.expireOf(id));
    }
  }

  /**
   * One step of SCAN: visits about `count` entries starting at `cursor` and returns the next cursor
   * (0 when the scan is complete). Expired keys are skipped (and removed).
   */
  scan(cursor: number, count: number, visit: (key: string, type: ValueType) => void): number {
    let { segment, remaining } = decodeCursor(cursor);
    let visited = 0;
    const now = this.ks.now;
    while (segment < SEGMENT_COUNT) {
      const seg = this.table.segments[segment];
      let i = remaining === 0 ? seg.count - 1 : Math.min(remaining - 1, seg.count - 1);
      const expired: number[] = [];
      for (; i >= 0 && visited < count; i--, visited++) {
        const exp = seg.expireOf(i);
        if (exp !== 0 && exp <= now) {
          if (!this.ks.expiryPaused) expired.push(i);
        } else visit(seg.keyAt(i), seg.types[i] as ValueType);
      }
      // Expired entries are removed after the walk (removal moves entries around).
      for (let k = expired.length - 1; k >= 0; k--) {
        const id = expired[k];
        if (id < seg.count && seg.expireOf(id) !== 0 && seg.expireOf(id) <= now) this.expireEntry(seg, id);
      }
      if (i >= 0) return encodeCursor(segment, i + 1);
      segment++;
      remaining = 0;
      if (visited >= count) return segment >= SEGMENT_COUNT ? 0 : encodeCursor(segment, 0);
    }
    return 0;
  }

  /** Every live key (KEYS, FLUSH bookkeeping). */
  *keys(): Generator<string> {
    const now = this.ks.now;
    for (const seg of this.table.segments) {
      for (let i = seg.count - 1; i >= 0; i--) {
        const exp = seg.expireOf(i);
        if (exp === 0 || exp > now) yield seg.keyAt(i);
      }
    }
  }

  /**
   * Active expiry: samples keys with a TTL and removes the expired ones, Redis-style: repeat while
   * more than a quarter of a sample was expired, within a time budget. Returns keys removed.
   */
  activeExpire(deadline: number, samplesPerLoop = 20): number {
    let removed = 0;
    const now = this.ks.now;
    for (;;) {
      if (this.table.volatileCount === 0) return removed;
      let expiredInSample = 0;
      let sampled = 0;
      for (let i = 0; i < samplesPerLoop; i++) {
        const seg = this.table.randomSegment(true);
        if (!seg) break;
        sampled++;
        const id = seg.vol[(Math.random() * seg.volCount) | 0];
        if (seg.expireOf(id) <= now) {
          this.expireEntry(seg, id);
          expiredInSample++;
          removed++;
        }
      }
      if (sampled > 0) this.ks.expiredStalePerc = (expiredInSample / sampled) * 100;
      if (expiredInSample * 4 <= sampled || Date.now() >= deadline) return removed;
    }
  }
}

// -------------------------------------------------------------------------------------------------
// LFU (Redis's evict.c scheme): counter starts at LFU_INIT_VAL, grows with probability
// 1/((counter - LFU_INIT_VAL) * lfu-log-factor + 1), and loses one per lfu-decay-time minutes idle.
// -------------------------------------------------------------------------------------------------

const LFU_INIT_VAL = 5;

function lfuMinutes(ks: Keyspace): number {
  return ((ks.lruClock / 60) >>> 0) & 0xffff;
}

/** Access state of a new key under an LFU policy. */
export function lfuInit(ks: Keyspace): number {
  return (lfuMinutes(ks) << 8) | LFU_INIT_VAL;
}

/** The counter after decay for the minutes elapsed since its last decrement (LFUDecrAndReturn). */
export function lfuDecayed(ks: Keyspace, access: number): number {
  const ldt = access >>> 8;
  const counter = access & 0xff;
  const now = lfuMinutes(ks);
  const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
  const periods = ks.lfuDecayTime > 0 ? Math.floor(elapsed / ks.lfuDecayTime) : 0;
  return periods > counter ? 0 : counter - periods;
}

/** updateLFU: decay, logarithmic increment, stamp with the current minutes. */
export function lfuTouch(ks: Keyspace, access: number): number {
  let counter = lfuDecayed(ks, access);
  if (counter < 255) {
    const base = Math.max(0, counter - LFU_INIT_VAL);
    if (Math.random() < 1 / (base * ks.lfuLogFactor + 1)) counter++;
  }
  return (lfuMinutes(ks) << 8) | counter;
}

/** Result slot of Db.locate (module-level to avoid an allocation per lookup). */
const found: { seg: Segment; id: number } = { seg: undefined as unknown as Segment, id: -1 };

/** For handlers: a value of an expected type or a WRONGTYPE error. */
export function expectType(actual: ValueType | -1, wanted: ValueType): void {
  if (actual !== -1 && actual !== wanted) throw new CommandError(Err.wrongType);
}
