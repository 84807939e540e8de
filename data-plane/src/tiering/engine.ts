/**
 * The tiering engine: moves string values between RAM and one tier file on disk.
 *
 * Layers: DiskAllocator (allocator.ts: offsets, page occupancy) under the operation manager below
 * (stashes, fetches, small-bin packing, defragmentation, policy), over the native io_uring engine
 * (@strata/native: O_DIRECT reads and writes with an aligned buffer pool).
 *
 * Per-entry state lives in typed-array columns of the key table (TierColumns): no JavaScript object
 * per offloaded key. States:
 *   HOT      value in RAM only.
 *   STASHING value in RAM, disk write in flight (epoch identifies the write).
 *   COOLED   value in RAM and on disk; dropping the RAM copy needs no I/O.
 *   COLD     value on disk only; the values column holds COLD_VALUE.
 * Every disk operation carries the entry's (segment, hash, epoch); on completion the entry is looked
 * up again and the result is applied only if it still is the same version, so overwrites, deletes,
 * expiry, RENAME, FLUSHALL and SWAPDB never see stale data.
 *
 * Records: values < 2 KiB are packed into 4 KiB pages (header: u16 count, then 16 bytes per entry:
 * u16 db, u32 key hash, u16 offset, u16 length, u32 crc32; data from the end of the page down),
 * larger values take their own extent of whole pages. The CRC32 of each value (zlib.crc32) is kept in
 * RAM and checked on every read: a mismatch or an I/O error answers the command with an error.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createIoEngine, setMallocMmapThreshold, type IoEngine, type TierFile } from '@strata/native';
import { hashKey as hashOf, type Segment, type KeyTable } from '../store/key-table';
import { COLD_VALUE, ValueType, stringBytes, type Db, type TierHooks } from '../store/keyspace';
import { CommandError } from '../protocol/errors';
import { keyPositions, type CommandSpec } from '../commands/table';
import type { Client } from '../server/client';
import type { Server } from '../server/server';
import { log } from '../server/log';
import { boundOldGeneration, oldGenerationCollections, youngGenerationBytes } from '../server/heap';
import { DiskAllocator, PAGE } from './allocator';
import { CoolQueue } from './cool-queue';
import { LIST_NODES, ListTiering, type TierLoad } from './lists';
import type { HashValue } from '../store/hash';
import {
  ColdHashView,
  HASH_NO_LOAD,
  HASH_VIEW_COMMANDS,
  HashTierPolicy,
  decodeHashRecord,
  hashAux,
  sortLookupKeys,
} from './hashes';

export const HOT = 0;
export const STASHING = 1;
export const COOLED = 2;
export const COLD = 3;
const STATE_MASK = 3;
/** Set on a COOLED entry after its first read: the second read promotes it. */
const READ_ONCE = 4;

/** Values shorter than this are packed into small-bin pages. */
export const SMALL_MAX = 2048;
/** The malloc mmap threshold a tiered server runs with (glibc's initial default, kept fixed). */
const MMAP_THRESHOLD = 128 * 1024;
const BIN_HEADER = 2;

/** Reads handed to the kernel at once when one event-loop turn queues many (see read()). */
const READ_BATCH = 8;
const BIN_ENTRY = 16;

/** Commands that never need a value in RAM (the length column answers STRLEN-like questions). */
const NO_LOAD = new Set([
  'strlen',
  'exists',
  'type',
  'ttl',
  'pttl',
  'expiretime',
  'pexpiretime',
  'del',
  'unlink',
  'expire',
  'pexpire',
  'expireat',
  'pexpireat',
  'persist',
  'touch',
  'mset',
  'msetnx',
  'setex',
  'psetex',
  'setnx',
  // RESTORE replaces the value whole (REPLACE) or refuses an existing key (BUSYKEY): never reads it.
  'restore',
]);

interface BinEntry {
  seg: Segment;
  h: number;
  epoch: number;
  db: number;
  len: number;
  crc: number;
  /** Offset inside the page. */
  at: number;
  /** For a defragmentation move: the entry's old disk offset; -1 for a stash. */
  oldOff: number;
  /** A blob (stashBlob): its completion; seg is unused. */
  blob?: (off: number, err: string | null) => void;
}

/** db field of a small-bin page entry that is a blob (a list node), not a key's value. */
const BLOB_DB = 0xffff;

interface Waiter {
  seg: Segment;
  h: number;
  epoch: number;
  off: number;
  len: number;
  crc: number;
  done: (err: string | null) => void;
  /** A blob read (fetchBlob): gets the page buffer and the record's offset in it. */
  blob?: (err: string | null, buf: Buffer | null, at: number) => void;
  /**
   * Set by fetchDone when a string was loaded while free memory is under the upload threshold (a hash:
   * while offloading runs): its RAM copy serves the waiting command only and is dropped right after
   * it ran (dropTransient), so cold reads do not fill RAM. Otherwise the copy stays (COOLED).
   */
  transient?: boolean;
}

interface ReadOp {
  len: number;
  waiters: Waiter[];
}

export interface TierStats {
  totalStashes: number;
  totalFetches: number;
  totalCancels: number;
  totalDeletes: number;
  totalUploads: number;
  totalDefrags: number;
  totalStashOverflows: number;
  offloadingSteps: number;
  offloadingStashes: number;
  ramHits: number;
  ramCoolHits: number;
  ramMisses: number;
  totalClientsThrottled: number;
  checksumErrors: number;
  ioErrors: number;
  syncReads: number;
  /** Reads of offloaded hashes (Strata extra). */
  hashFetches: number;
}

function human(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T', 'P'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${bytes}B` : `${v.toFixed(2)}${units[i]}`;
}

/** An entry the offload step sampled, with its LRU clock. */
interface Candidate {
  seg: Segment;
  id: number;
  db: number;
  access: number;
}

const byAccess = (a: Candidate, b: Candidate): number => a.access - b.access;

export class TieredStorage implements TierHooks {
  readonly io: IoEngine;
  readonly file: TierFile;
  readonly path: string;
  private readonly syncFd: number;
  readonly alloc: DiskAllocator;
  readonly stats: TierStats = {
    totalStashes: 0,
    totalFetches: 0,
    totalCancels: 0,
    totalDeletes: 0,
    totalUploads: 0,
    totalDefrags: 0,
    totalStashOverflows: 0,
    offloadingSteps: 0,
    offloadingStashes: 0,
    ramHits: 0,
    ramCoolHits: 0,
    ramMisses: 0,
    totalClientsThrottled: 0,
    checksumErrors: 0,
    ioErrors: 0,
    syncReads: 0,
    hashFetches: 0,
  };
  /** Entries with a disk copy (COOLED or COLD) and their value bytes. */
  entries = 0;
  entriesBytes = 0;
  coldBytes = 0;
  pendingStashCnt = 0;
  pendingStashBytes = 0;
  smallBins = 0;
  smallBinEntries = 0;
  /** Hashes with a disk copy (COOLED or COLD) and their record bytes (part of entries/entriesBytes). */
  hashEntries = 0;
  hashEntriesBytes = 0;
  /** Which hashes may go to disk (tiered_experimental_hash_support and the listpack limits). */
  readonly hashPolicy: HashTierPolicy;
  /** Set while a metadata-only command runs (HASH_VIEW_COMMANDS): a cold hash is not read for it. */
  private viewCommand = false;
  private epochCounter = 0;
  /** COOLED entries, oldest first: RAM copies are dropped from its head when memory is short. */
  private readonly cool = new CoolQueue();
  private readonly reads = new Map<number, ReadOp>();
  private pendingReadCnt = 0;
  /** Reads started in this event-loop turn (see read()). */
  private turnReads = 0;
  /** Whether this turn's first waiting command had its reads submitted at once (see read()). */
  private turnFlushed = false;
  private readonly endTurn = (): void => {
    this.turnReads = 0;
    this.turnFlushed = false;
  };
  private bin: { buf: Buffer; entries: BinEntry[]; low: number } | null = null;
  private readonly defragQueue = new Set<number>();
  private defragInFlight = 0;
  private throttled: { c: Client; argv: string[] }[] = [];
  private waitingClients = 0;
  private kickScheduled = false;
  /** After a step found nothing to offload, kicks wait for the cron until this time. */
  private idleUntil = 0;
  private lastRoomStep = 0;
  /** The client being resumed (its keys were counted in the RAM hit/miss figures already). */
  private resuming: Client | null = null;
  /** A client whose command runs without the prepare stage (EXEC after a failed read). */
  private bypass: Client | null = null;
  private closed = false;
  /** Test hook: when set, the next I/O completions report this error code. */
  injectIoError: string | null = null;
  /** Test hook: when set, write completions wait until releaseWrites(). */
  holdWrites = false;
  private heldWrites: (() => void)[] = [];
  // Cached settings.
  private offloadThreshold = 0.5;
  private uploadThreshold = 0.1;
  private minValueSize = 64;
  private maxPendingStash = 262144;
  private cooling = true;
  private minTtl = 5000;

  constructor(private readonly server: Server) {
    const cfg = server.config;
    const prefix = cfg.get('tiered_prefix');
    this.path = `${prefix}-0000`;
    this.io = createIoEngine({ poolBytes: 8 * 1024 * 1024, flush: 'immediate' });
    let max = cfg.num('tiered_max_file_size');
    if (max === 0) {
      const st = fs.statfsSync(path.dirname(path.resolve(this.path)));
      max = Math.floor((st.bavail * st.bsize * 0.8) / PAGE) * PAGE;
    }
    const initial = Math.max(0, Math.min(max, 16 * PAGE * 256)) - (Math.min(max, 16 * PAGE * 256) % PAGE);
    this.file = this.io.openFile(this.path, { size: initial, truncate: true, unlinkOnClose: true });
    this.syncFd = fs.openSync(this.path, 'r');
    this.alloc = new DiskAllocator(max, initial, (size) => {
      try {
        this.file.grow(size);
        return true;
      } catch (e) {
        log('warning', `tier file cannot grow to ${size} bytes: ${(e as Error).message}`);
        return false;
      }
    });
    const refresh = () => {
      this.offloadThreshold = Number(cfg.get('tiered_offload_threshold'));
      this.uploadThreshold = Number(cfg.get('tiered_upload_threshold'));
      this.minValueSize = cfg.num('tiered_min_value_size');
      this.maxPendingStash = cfg.num('tiered_max_pending_stash_bytes');
      this.cooling = cfg.bool('tiered_experimental_cooling');
      this.minTtl = cfg.num('tiered_min_ttl_to_offload_ms');
      const m = cfg.num('tiered_max_file_size');
      if (m > 0) this.alloc.maxBytes = m;
    };
    refresh();
    this.hashPolicy = new HashTierPolicy(cfg);
    this.lists = new ListTiering(this, server);
    for (const name of [
      'tiered_offload_threshold',
      'tiered_upload_threshold',
      'tiered_min_value_size',
      'tiered_max_pending_stash_bytes',
      'tiered_experimental_cooling',
      'tiered_min_ttl_to_offload_ms',
      'tiered_max_file_size',
    ])
      cfg.onChange(name, refresh);
    // Dead value strings: the old generation is collected at live heap + a fixed amount (server/heap.ts).
    boundOldGeneration();
    // The key table's per-segment column blocks are large mallocs that grow and are freed as segments
    // resize; with glibc's adaptive mmap threshold they soon come from the heap, whose freed space
    // stays in RSS (at 10M keys with values on disk: 80 B of RSS per key against 58 with a fixed
    // threshold, bench/keyspace.ts). GLIBC_TUNABLES set by the operator wins.
    if (!/mmap_threshold/.test(process.env.GLIBC_TUNABLES ?? '') && !setMallocMmapThreshold(MMAP_THRESHOLD))
      log('warning', 'could not set the malloc mmap threshold (not glibc?)');
    for (const db of server.keyspace.dbs) db.table.enableTier();
    server.keyspace.tier = this;
    log(
      'notice',
      `tiering on: file ${this.path}, io engine ${this.io.kind}` +
        (this.io.fallbackReason ? ` (${this.io.fallbackReason})` : '') +
        `, max file size ${max}`,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lists.close();
    try {
      fs.closeSync(this.syncFd);
    } catch {
      // already closed
    }
    await this.io.close();
  }

  /** Bytes of engine bookkeeping outside the key table columns (counted in used_memory). */
  overheadBytes(): number {
    let n = this.alloc.overheadBytes() + this.reads.size * 96 + this.pendingReadCnt * 80;
    n += this.pendingStashCnt * 96 + (this.bin ? PAGE + this.bin.entries.length * 80 : 0);
    n += this.throttled.length * 48 + this.lists.overheadBytes() + this.cool.bytes();
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // Memory figures
  // ---------------------------------------------------------------------------------------------

  private freeMemory(): number {
    const s = this.server;
    return s.maxmemory - s.memoryForEviction();
  }

  private underPressure(): boolean {
    const max = this.server.maxmemory;
    return max > 0 && this.freeMemory() < this.offloadThreshold * max;
  }

  /** The hysteresis around tiered_upload_threshold: 1/32 of maxmemory, at most 4 MiB. */
  private band(): number {
    return Math.min(this.server.maxmemory / 32, 4 << 20);
  }

  /**
   * Whether RAM copies of values already on disk (COOLED) must go: free memory under
   * tiered_upload_threshold × maxmemory. Between the two thresholds values are written out but keep
   * their RAM copy, so RAM stays full of the most recently used values (as Dragonfly's cool queue,
   * whose copies are reclaimed only when memory is needed) and a read of one is a RAM hit.
   */
  private ramShort(): boolean {
    const max = this.server.maxmemory;
    return max > 0 && this.freeMemory() < this.uploadThreshold * max;
  }

  // ---------------------------------------------------------------------------------------------
  // Entry lookup by (segment, hash, predicate): no key string needed
  // ---------------------------------------------------------------------------------------------

  private findEntry(seg: Segment, h: number, epoch: number, states: number, off: number): number {
    if (seg.dead || seg.tier === null) return -1;
    const t = seg.tier;
    const slots = seg.slots;
    const mask = seg.mask;
    let i = h & mask;
    for (;;) {
      const s = slots[i];
      if (s === 0) return -1;
      const id = s - 1;
      if (
        seg.hashes[id] === h &&
        t.epoch[id] === epoch &&
        (states & (1 << (t.state[id] & STATE_MASK))) !== 0 &&
        (off < 0 || t.offOf(id) === off)
      )
        return id;
      i = (i + 1) & mask;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // TierHooks
  // ---------------------------------------------------------------------------------------------

  access(seg: Segment, id: number, touch: boolean): string {
    const t = seg.tier!;
    const st = t.state[id] & STATE_MASK;
    if (st === COLD) {
      // OBJECT ENCODING / MEMORY USAGE of a cold hash: answered from RAM (the aux column).
      if (!touch && this.viewCommand && seg.types[id] === ValueType.Hash)
        return new ColdHashView(t.auxOf(id)) as unknown as string;
      return this.loadSync(seg, id);
    }
    if (st === COOLED && touch) {
      if ((t.state[id] & READ_ONCE) === 0) {
        t.state[id] |= READ_ONCE;
      } else {
        const max = this.server.maxmemory;
        // A hash is not promoted while offloading runs: it would be serialised and stashed again at
        // once (a write per read); its cooled copy serves the reads until memory is needed.
        const churn = seg.types[id] === ValueType.Hash && this.underPressure();
        if (!churn && (max === 0 || this.freeMemory() > this.uploadThreshold * max)) {
          this.freeDisk(t.offOf(id), t.len[id]);
          this.entries--;
          this.entriesBytes -= t.len[id];
          this.countHash(seg, id, -1);
          // READ_ONCE on a HOT string marks it as promoted by reads (see offloadStep).
          t.state[id] = seg.types[id] === ValueType.String ? HOT | READ_ONCE : HOT;
          t.epoch[id] = 0;
          this.stats.totalUploads++;
        }
      }
    }
    return seg.valueAt(id) as string;
  }

  /** Keeps the hash figures of INFO TIERED (an entry gains, +1, or loses, -1, its disk copy). */
  private countHash(seg: Segment, id: number, sign: 1 | -1): void {
    if (seg.types[id] !== ValueType.Hash) return;
    this.hashEntries += sign;
    this.hashEntriesBytes += sign * seg.tier!.len[id];
  }

  /**
   * Before a hash is changed in place (commands/hashes.ts): the entry becomes HOT, so no disk record
   * claims a copy that is about to change. A pending stash is cancelled, a disk copy freed; a cold
   * hash the prepare stage did not load (a script, a failed read) is read here, synchronously.
   */
  promoteHash(table: KeyTable, key: string): void {
    const h = hashOf(key);
    const seg = table.segmentOf(h);
    const id = seg.find(key, h);
    if (id < 0 || seg.tier === null || seg.types[id] !== ValueType.Hash) return;
    const t = seg.tier;
    const st = t.state[id] & STATE_MASK;
    if (st === HOT) return;
    const exp = seg.expireOf(id);
    if (exp !== 0 && exp <= this.server.keyspace.now) return; // the lookup that follows removes it
    if (st === STASHING) {
      this.release(seg, id);
      return;
    }
    if (st === COLD) this.loadSync(seg, id);
    this.freeDisk(t.offOf(id), t.len[id]);
    this.entries--;
    this.entriesBytes -= t.len[id];
    this.countHash(seg, id, -1);
    t.state[id] = HOT;
    t.epoch[id] = 0;
    this.stats.totalUploads++;
  }

  /** HLEN of a cold hash from the aux column (a keyspace hit, no disk read); -1 when not cold. */
  coldHashLength(db: Db, key: string): number {
    const h = hashOf(key);
    const seg = db.table.segmentOf(h);
    const id = seg.find(key, h);
    if (id < 0 || seg.tier === null || seg.types[id] !== ValueType.Hash) return -1;
    if ((seg.tier.state[id] & STATE_MASK) !== COLD) return -1;
    const count = seg.tier.auxOf(id) >>> 1;
    // lookup() removes an expired key and counts the hit or miss, as the RAM path would.
    return db.lookup(key, true) === ValueType.Hash ? count : 0;
  }

  release(seg: Segment, id: number): void {
    const t = seg.tier!;
    if ((t.state[id] & LIST_NODES) !== 0) this.lists.releaseList(seg.valueAt(id));
    const st = t.state[id] & STATE_MASK;
    if (st === STASHING) {
      this.stats.totalCancels++;
    } else if (st === COOLED || st === COLD) {
      this.freeDisk(t.offOf(id), t.len[id]);
      this.countHash(seg, id, -1);
      this.entries--;
      this.entriesBytes -= t.len[id];
      if (st === COLD) this.coldBytes -= t.len[id];
      this.stats.totalDeletes++;
    }
    t.state[id] = HOT;
    t.epoch[id] = 0;
  }

  /** Frees the disk space of a record. */
  private freeDisk(off: number, len: number): void {
    if (len < SMALL_MAX) this.freeSmall(off, len);
    else this.alloc.release(off, Math.ceil(len / PAGE));
  }

  private freeSmall(off: number, len: number): void {
    const a = this.alloc;
    const p = Math.floor(off / PAGE);
    a.pageLive[p]--;
    a.pageBytes[p] -= len;
    this.smallBinEntries--;
    if (a.pageLive[p] === 0) {
      a.pageBytes[p] = 0;
      a.release(p * PAGE, 1);
      this.smallBins--;
      this.defragQueue.delete(p);
    } else if (a.pageBytes[p] < PAGE / 2 - 2 * BIN_ENTRY) {
      this.defragQueue.add(p);
    }
  }

  /** Reads a cold value synchronously (fallback for paths outside the prepare stage). */
  private loadSync(seg: Segment, id: number): string {
    const t = seg.tier!;
    const len = t.len[id];
    const buf = Buffer.allocUnsafe(len);
    this.stats.syncReads++;
    try {
      if (this.injectIoError) throw new Error(`injected ${this.injectIoError}`);
      const n = len === 0 ? 0 : fs.readSync(this.syncFd, buf, 0, len, t.offOf(id));
      if (n !== len) throw new Error(`short read: ${n} of ${len} bytes`);
    } catch (e) {
      this.stats.ioErrors++;
      throw new CommandError(`ERR tiered storage read failed: ${(e as Error).message}`);
    }
    if (zlib.crc32(buf) !== t.crc[id]) {
      this.stats.checksumErrors++;
      throw new CommandError('ERR tiered storage read failed: checksum mismatch');
    }
    const error = this.install(seg, id, buf, 0, len);
    if (error !== null) throw new CommandError(error);
    return seg.valueAt(id) as string;
  }

  /**
   * A record read from disk becomes the entry's RAM copy (COOLED): a string as is, a hash decoded
   * (tiering/hashes.ts). Returns an error text when the record cannot be decoded.
   */
  private install(seg: Segment, id: number, buf: Buffer, from: number, to: number): string | null {
    if (seg.types[id] === ValueType.Hash) {
      const hash = decodeHashRecord(buf, from, to);
      if (typeof hash === 'string') {
        this.stats.checksumErrors++;
        return hash;
      }
      this.makeCooled(seg, id, hash, hash.bytes);
      this.stats.hashFetches++;
    } else {
      this.makeCooled(seg, id, buf.toString('latin1', from, to), stringBytes(to - from));
    }
    this.stats.totalFetches++;
    return null;
  }

  private makeCooled(seg: Segment, id: number, value: unknown, bytes: number): void {
    const t = seg.tier!;
    seg.setValue(id, value);
    this.server.keyspace.dataBytes += bytes - seg.sizeOf(id);
    seg.setSize(id, bytes);
    t.state[id] = COOLED;
    this.coldBytes -= t.len[id];
  }

  /**
   * The cool queue's head: its RAM copy is dropped, unless the entry was read since it was queued
   * (READ_ONCE) and `secondChance` allows, which sends it back to the tail. Entries no longer COOLED
   * are skipped.
   */
  private retire(seg: Segment, h: number, epoch: number, secondChance: boolean): void {
    const id = this.findEntry(seg, h, epoch, 1 << COOLED, -1);
    if (id < 0) return;
    const t = seg.tier!;
    if (secondChance && (t.state[id] & READ_ONCE) !== 0) {
      t.state[id] &= ~READ_ONCE;
      this.cool.push(seg, h, epoch);
    } else this.dropRam(seg, id);
  }

  /** COOLED -> COLD: drops the RAM copy (no I/O). */
  private dropRam(seg: Segment, id: number): void {
    const t = seg.tier!;
    this.server.keyspace.dataBytes -= seg.sizeOf(id);
    seg.setSize(id, 0);
    seg.setValue(id, COLD_VALUE);
    t.state[id] = COLD;
    this.coldBytes += t.len[id];
  }

  // ---------------------------------------------------------------------------------------------
  // Stash (RAM -> disk)
  // ---------------------------------------------------------------------------------------------

  /** Starts writing a HOT string entry to disk. Returns false when there is no disk space. */
  private stash(seg: Segment, id: number, db: number): boolean {
    const t = seg.tier!;
    const value = this.recordOf(seg, id);
    const len = value.length;
    const h = seg.hashes[id];
    const epoch = (this.epochCounter = (this.epochCounter + 1) >>> 0 || 1);
    if (len < SMALL_MAX) {
      if (!this.binFits(len)) this.flushBin();
      if (this.bin === null && !this.openBin()) return false;
      const bin = this.bin!;
      const at = bin.low - len;
      bin.buf.write(value, at, len, 'latin1');
      const crc = zlib.crc32(bin.buf.subarray(at, at + len));
      bin.low = at;
      bin.entries.push({ seg, h, epoch, db, len, crc, at, oldOff: -1 });
      t.crc[id] = crc;
    } else {
      const pages = Math.ceil(len / PAGE);
      const off = this.alloc.alloc(pages);
      if (off < 0) {
        this.stats.totalStashOverflows++;
        return false;
      }
      this.claim(off);
      const buf = this.io.allocBuffer(pages * PAGE);
      buf.write(value, 0, len, 'latin1');
      const crc = zlib.crc32(buf.subarray(0, len));
      t.crc[id] = crc;
      this.pendingStashCnt++;
      this.pendingStashBytes += len;
      this.writeCb(off, buf, (err) => {
        this.io.releaseBuffer(buf);
        this.pendingStashCnt--;
        this.pendingStashBytes -= len;
        this.stashDone(seg, h, epoch, off, len, this.ioError(err));
        this.afterStashes();
      });
    }
    t.state[id] = STASHING;
    t.epoch[id] = epoch;
    t.len[id] = len;
    this.stats.totalStashes++;
    return true;
  }

  /** The bytes (latin1) written for an entry: a string as is, a hash serialised (aux keeps its size). */
  private recordOf(seg: Segment, id: number): string {
    if (seg.types[id] !== ValueType.Hash) return seg.valueAt(id) as string;
    const hash = seg.valueAt(id) as HashValue;
    seg.tier!.setAux(id, hashAux(hash));
    return hash.serialise();
  }

  /** Whether a HOT entry's value may go to disk (strings by size, hashes by the hash policy). */
  private offloadable(seg: Segment, id: number): boolean {
    const type = seg.types[id];
    if (type === ValueType.String) {
      const len = (seg.valueAt(id) as string).length;
      return len > 0 && len >= this.minValueSize;
    }
    return type === ValueType.Hash && this.hashPolicy.offloadable(seg.valueAt(id) as HashValue);
  }

  /** file.writeCb, with completions held back while the holdWrites test hook is set. */
  private writeCb(off: number, buf: Buffer, cb: (err: { message: string } | null) => void): void {
    this.file.writeCb(off, buf, (err) => {
      if (this.holdWrites) this.heldWrites.push(() => cb(err));
      else cb(err);
    });
  }

  /** Test hook: delivers the write completions held while holdWrites was set. */
  releaseWrites(): void {
    this.holdWrites = false;
    const held = this.heldWrites;
    this.heldWrites = [];
    for (const f of held) f();
  }

  private ioError(err: { message: string } | null): string | null {
    if (this.injectIoError) return `injected ${this.injectIoError}`;
    return err ? err.message : null;
  }

  private binFits(len: number): boolean {
    const bin = this.bin;
    if (bin === null) return true;
    return BIN_HEADER + (bin.entries.length + 1) * BIN_ENTRY + len <= bin.low;
  }

  private openBin(): boolean {
    this.bin = { buf: this.io.allocBuffer(PAGE), entries: [], low: PAGE };
    return true;
  }

  /** Writes the filling small bin as one page. */
  private flushBin(): void {
    const bin = this.bin;
    if (bin === null) return;
    this.bin = null;
    if (bin.entries.length === 0) {
      this.io.releaseBuffer(bin.buf);
      return;
    }
    const off = this.alloc.alloc(1);
    if (off >= 0) this.claim(off);
    if (off < 0) {
      this.stats.totalStashOverflows++;
      this.io.releaseBuffer(bin.buf);
      // No space: stashed entries stay HOT in RAM; moves keep their old record.
      for (const e of bin.entries) {
        if (e.blob) e.blob(-1, null);
        if (e.oldOff >= 0 || e.blob) continue;
        const id = this.findEntry(e.seg, e.h, e.epoch, 1 << STASHING, -1);
        if (id >= 0) {
          e.seg.tier!.state[id] = HOT;
          e.seg.tier!.epoch[id] = 0;
        }
      }
      return;
    }
    const buf = bin.buf;
    buf.writeUInt16LE(bin.entries.length, 0);
    let p = BIN_HEADER;
    let bytes = 0;
    for (const e of bin.entries) {
      buf.writeUInt16LE(e.db, p);
      buf.writeUInt32LE(e.h, p + 2);
      buf.writeUInt16LE(e.at, p + 6);
      buf.writeUInt16LE(e.len, p + 8);
      buf.writeUInt32LE(e.crc, p + 10);
      p += BIN_ENTRY;
      bytes += e.len;
    }
    buf.fill(0, p, bin.low);
    const page = off / PAGE;
    this.alloc.pageLive[page] = bin.entries.length;
    this.alloc.pageBytes[page] = bytes;
    this.smallBins++;
    this.smallBinEntries += bin.entries.length;
    this.pendingStashCnt++;
    this.pendingStashBytes += bytes;
    this.writeCb(off, buf, (err) => {
      this.io.releaseBuffer(buf);
      this.pendingStashCnt--;
      this.pendingStashBytes -= bytes;
      const error = this.ioError(err);
      for (const e of bin.entries) {
        if (e.blob) this.blobStashDone(e, off + e.at, error);
        else if (e.oldOff >= 0) this.moveDone(e, off + e.at, error);
        else this.stashDone(e.seg, e.h, e.epoch, off + e.at, e.len, error);
      }
      this.afterStashes();
    });
  }

  private stashDone(
    seg: Segment,
    h: number,
    epoch: number,
    off: number,
    len: number,
    err: string | null,
  ): void {
    const id = this.findEntry(seg, h, epoch, 1 << STASHING, -1);
    if (id < 0 || err !== null) {
      // Overwritten, deleted or flushed meanwhile (or the write failed): drop the record.
      this.freeDisk(off, len);
      if (err !== null) {
        this.stats.ioErrors++;
        log('warning', `tier write failed: ${err}`);
        if (id >= 0) {
          seg.tier!.state[id] = HOT;
          seg.tier!.epoch[id] = 0;
        }
      }
      return;
    }
    const t = seg.tier!;
    t.setOff(id, off);
    t.state[id] = COOLED;
    this.entries++;
    this.entriesBytes += len;
    this.countHash(seg, id, 1);
    if (!this.cooling || this.ramShort()) this.dropRam(seg, id);
    else this.cool.push(seg, h, epoch);
  }

  private moveDone(e: BinEntry, newOff: number, err: string | null): void {
    const id = err === null ? this.findEntry(e.seg, e.h, e.epoch, (1 << COOLED) | (1 << COLD), e.oldOff) : -1;
    if (id < 0) {
      if (err !== null) this.stats.ioErrors++;
      this.freeSmall(newOff, e.len);
      return;
    }
    e.seg.tier!.setOff(id, newOff);
    this.freeSmall(e.oldOff, e.len);
  }

  private afterStashes(): void {
    // Throttled writers are released one at a time, oldest first, while the budget allows: each runs
    // its command at once (and may stash), so a completion never wakes a herd that throttles again.
    // At most the clients waiting now are released: one that waits again (still short of memory)
    // goes to the back and waits for the next completion.
    let n = this.throttled.length;
    while (
      n-- > 0 &&
      this.throttled.length > 0 &&
      (this.maxPendingStash === 0 || this.pendingStashBytes <= this.maxPendingStash)
    ) {
      const { c, argv } = this.throttled.shift()!;
      this.resumeClient(c, argv, null);
    }
    if (this.underPressure() || this.defragQueue.size > 0) this.kick();
  }

  // ---------------------------------------------------------------------------------------------
  // Fetch (disk -> RAM)
  // ---------------------------------------------------------------------------------------------

  /**
   * Reads a cold entry into RAM (COOLED); `done` gets an error text or null. `track` collects the
   * waiter so that the prepare stage can drop a transient RAM copy after the command ran.
   */
  fetch(seg: Segment, id: number, done: (err: string | null) => void, track?: Waiter[]): void {
    const t = seg.tier!;
    const off = t.offOf(id);
    const len = t.len[id];
    const w: Waiter = { seg, h: seg.hashes[id], epoch: t.epoch[id], off, len, crc: t.crc[id], done };
    track?.push(w);
    this.read(w);
  }

  /** Starts (or joins) the read of the page or extent holding a waiter's record. */
  private read(w: Waiter): void {
    const { off, len } = w;
    const small = len < SMALL_MAX;
    const ioOff = small ? Math.floor(off / PAGE) * PAGE : off;
    const ioLen = small ? PAGE : Math.ceil(len / PAGE) * PAGE;
    this.pendingReadCnt++;
    const op = this.reads.get(ioOff);
    if (op !== undefined && op.len === ioLen) {
      op.waiters.push(w);
      return;
    }
    const mine: ReadOp = { len: ioLen, waiters: [w] };
    if (op === undefined) this.reads.set(ioOff, mine);
    const buf = this.io.allocBuffer(ioLen);
    this.file.readIntoCb(ioOff, buf, ioLen, (err) => {
      if (this.reads.get(ioOff) === mine) this.reads.delete(ioOff);
      const error = this.ioError(err);
      for (const x of mine.waiters) {
        this.pendingReadCnt--;
        if (x.blob) x.blob(error, error === null ? buf : null, x.off - ioOff);
        else x.done(this.fetchDone(x, buf, ioOff, error));
      }
      this.io.releaseBuffer(buf);
    });
    // Submission: the reads of the first command that waits in an event-loop turn go to the kernel
    // together as soon as that command's prepare stage has queued them all (prepare()); later ones
    // are batched, every READ_BATCH of them, and the rest when the turn ends (flush 'immediate'), so
    // many clients' requests of one poll phase share a few io_uring submissions while the disk
    // already works on the first ones.
    const n = ++this.turnReads;
    if (n === 1) setImmediate(this.endTurn);
    else if (n % READ_BATCH === 0) this.io.flush();
  }

  private fetchDone(w: Waiter, buf: Buffer, ioOff: number, err: string | null): string | null {
    const id = this.findEntry(w.seg, w.h, w.epoch, 1 << COLD, w.off);
    if (id < 0) return null; // changed, deleted or already in RAM: the command re-checks
    if (err !== null) {
      this.stats.ioErrors++;
      return `ERR tiered storage read failed: ${err}`;
    }
    const a = w.off - ioOff;
    const slice = buf.subarray(a, a + w.len);
    if (zlib.crc32(slice) !== w.crc) {
      this.stats.checksumErrors++;
      return 'ERR tiered storage read failed: checksum mismatch';
    }
    const t = w.seg.tier!;
    // A string read again after a transient load keeps READ_ONCE: access() then promotes it (second read).
    const readBefore = t.state[id] & READ_ONCE;
    const err2 = this.install(w.seg, id, buf, a, a + w.len);
    if (err2 === null && w.seg.types[id] === ValueType.String) {
      t.state[id] |= readBefore;
      // Under the upload threshold a read keeps no RAM copy (no read promotes there either): cold
      // reads do not fill RAM. Above it the copy stays (COOLED) and a second read promotes the value.
      // The drop step keeps free memory a band above the threshold and a read keeps its copy down to a
      // band under it, so that near the threshold a read's copy replaces the oldest one in the cool
      // queue instead of being thrown away (the hot set of a skewed load then stays in RAM).
      const max = this.server.maxmemory;
      w.transient = max > 0 && this.freeMemory() <= this.uploadThreshold * max - this.band();
    }
    // A hash is not promoted while offloading runs (see access()), so its copy then serves this
    // command only: hash memory stays near zero however many cold hashes are read.
    if (err2 === null && w.seg.types[id] === ValueType.Hash) w.transient = this.underPressure();
    if (err2 === null && w.transient !== true) {
      this.cool.push(w.seg, w.h, w.epoch);
      if (this.ramShort()) this.kick();
    }
    return err2;
  }

  /**
   * Disk space about to be written again: a read of its previous contents may still be in flight,
   * and a reader of the new record must not join it (it would get the old bytes: a checksum error).
   */
  private claim(off: number): void {
    this.reads.delete(off);
  }

  /** Whether every value the waiters read is in RAM now, unchanged (COOLED, same epoch and record). */
  private allLoaded(waiters: Waiter[]): boolean {
    for (const w of waiters) if (this.findEntry(w.seg, w.h, w.epoch, 1 << COOLED, w.off) < 0) return false;
    return true;
  }

  /**
   * After a command that waited for reads ran: strings loaded for it while memory is short go back
   * to COLD (no I/O: the disk copy is valid), marked READ_ONCE so that their next read promotes them
   * when memory allows. Not when the client waits again (its command has not run yet), and not for
   * entries the command changed, deleted or promoted (another state or epoch).
   */
  private dropTransient(c: Client, waiters: Waiter[]): void {
    if (c.paused && !c.closed) return;
    for (const w of waiters) {
      if (w.transient !== true) continue;
      const id = this.findEntry(w.seg, w.h, w.epoch, 1 << COOLED, w.off);
      const type = id < 0 ? -1 : w.seg.types[id];
      if (type !== ValueType.String && type !== ValueType.Hash) continue;
      this.dropRam(w.seg, id);
      w.seg.tier!.state[id] |= READ_ONCE;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The dispatcher's prepare stage
  // ---------------------------------------------------------------------------------------------

  private needsLoad(spec: CommandSpec, argv: string[]): boolean {
    if (NO_LOAD.has(spec.name)) return false;
    if (spec.name === 'set') {
      for (let i = 3; i < argv.length; i++)
        if (argv[i].length === 3 && argv[i].toLowerCase() === 'get') return true;
      return false;
    }
    return true;
  }

  /** Cold entries among the command's keys (fetches them); counts RAM hits and misses. */
  private collect(
    c: Client,
    spec: CommandSpec,
    argv: string[],
    out: { seg: Segment; id: number }[],
    inExec = false,
  ): void {
    if (!this.needsLoad(spec, argv)) return;
    const pos = keyPositions(spec, argv);
    if (pos.length === 0) return;
    const table = c.db.table;
    const now = this.server.keyspace.now;
    // SORT's BY/GET patterns read other keys (strings, hash fields): load those first too.
    if (spec.name === 'sort' || spec.name === 'sort_ro')
      for (const key of sortLookupKeys(c.db, argv)) this.classify(table, key, now, out);
    // Hash metadata commands need no load (HLEN from aux; OBJECT/MEMORY get a view), except inside
    // EXEC, where the view is not handed out and the hash must be in RAM.
    const hashNoLoad = inExec ? spec.name === 'hlen' : HASH_NO_LOAD.has(spec.name);
    for (const p of pos) {
      const key = argv[p];
      if (key === undefined) continue;
      this.classify(table, key, now, out, hashNoLoad);
    }
  }

  private classify(
    table: KeyTable,
    key: string,
    now: number,
    out: { seg: Segment; id: number }[],
    hashNoLoad = false,
  ): void {
    const h = hashOf(key);
    const seg = table.segmentOf(h);
    const id = seg.find(key, h);
    if (id < 0 || seg.tier === null) return;
    const type = seg.types[id];
    if (type !== ValueType.String && (type !== ValueType.Hash || hashNoLoad)) return;
    const exp = seg.expireOf(id);
    if (exp !== 0 && exp <= now) return;
    const st = seg.tier.state[id] & STATE_MASK;
    const count = this.resuming === null;
    if (st === COLD) {
      if (count) this.stats.ramMisses++;
      out.push({ seg, id });
    } else if (!count) return;
    else if (st === HOT) this.stats.ramHits++;
    else this.stats.ramCoolHits++;
  }

  /**
   * Before a command runs: when its keys (for EXEC: the keys of every queued command) include cold
   * values, starts their reads, makes the client wait and returns true; the command is re-run when
   * every read settled. Writers also wait here while too many stash bytes are in flight.
   */
  prepare(c: Client, spec: CommandSpec, argv: string[]): boolean {
    this.setViewCommand(HASH_VIEW_COMMANDS.has(spec.name));
    if (this.closed || c === this.bypass) return false;
    if (
      this.maxPendingStash > 0 &&
      this.pendingStashBytes > this.maxPendingStash &&
      spec.flags.includes('denyoom') &&
      this.underPressure()
    ) {
      this.throttle(c, argv);
      return true;
    }
    const cold: { seg: Segment; id: number }[] = [];
    // List nodes the command touches (tiering/lists.ts).
    const nodeLoads: TierLoad[] = [];
    if (spec.name === 'exec') {
      for (const q of c.multiQueue) {
        this.collect(c, q.spec, q.argv, cold, true);
        this.lists.collect(c, q.spec, q.argv, nodeLoads);
      }
    } else {
      this.collect(c, spec, argv, cold);
      this.lists.collect(c, spec, argv, nodeLoads);
    }
    if (cold.length === 0 && nodeLoads.length === 0) return false;
    c.paused = true;
    this.waitingClients++;
    let left = cold.length + nodeLoads.length;
    let error: string | null = null;
    const isExec = spec.name === 'exec';
    const waiters: Waiter[] = [];
    const settled = (err: string | null): void => {
      if (err !== null && error === null) error = err;
      if (--left !== 0) return;
      this.waitingClients--;
      // EXEC stays atomic: after a failed read it runs now; a command whose value cannot be read
      // answers the error. When every value read is still in RAM (nothing changed or dropped it
      // since), the command runs without a second prepare stage (no second key lookup).
      const skipPrepare =
        (isExec && error !== null) || (error === null && nodeLoads.length === 0 && this.allLoaded(waiters));
      if (skipPrepare) {
        this.bypass = c;
        try {
          this.resumeClient(c, argv, null);
        } finally {
          this.bypass = null;
        }
      } else this.resumeClient(c, argv, error);
      this.dropTransient(c, waiters);
    };
    // One settle callback for all of the command's reads and node loads.
    for (const { seg, id } of cold) this.fetch(seg, id, settled, waiters);
    for (const load of nodeLoads) load(settled);
    if (!this.turnFlushed) {
      this.turnFlushed = true;
      if (this.turnReads === 0) setImmediate(this.endTurn);
      this.io.flush();
    }
    return true;
  }

  /**
   * The view flag holds for the command about to run only: it is cleared in a microtask, i.e. before
   * any timer, I/O completion or other client can look a value up.
   */
  private setViewCommand(on: boolean): void {
    if (on && !this.viewCommand) queueMicrotask(() => (this.viewCommand = false));
    this.viewCommand = on;
  }

  private resumeClient(c: Client, argv: string[], error: string | null): void {
    c.paused = false;
    if (c.closed || this.closed) return;
    const before = this.resuming;
    this.resuming = c;
    try {
      this.server.resumeAfterTier(c, argv, error);
    } finally {
      this.resuming = before;
    }
    if (!this.cooling && this.underPressure()) this.kick();
  }

  private throttle(c: Client, argv: string[]): void {
    c.paused = true;
    this.throttled.push({ c, argv });
    this.stats.totalClientsThrottled++;
    this.kick();
  }

  /**
   * A write is refused for lack of memory: offload now, and if stashes are in flight make the client
   * wait for them (true). False when nothing can be offloaded: eviction/OOM decides, as without tiering.
   */
  waitForRoom(c: Client, argv: string[]): boolean {
    if (this.closed) return false;
    // A full offload step at most once per millisecond here: a pipeline of writes must not pay one each.
    const now = performance.now();
    if (this.pendingStashCnt === 0 && now - this.lastRoomStep >= 1) {
      this.lastRoomStep = now;
      this.offloadStep();
      this.flushBin();
      if (this.server.memoryForEviction() <= this.server.maxmemory) return false;
    }
    if (this.pendingStashCnt === 0) return false;
    this.throttle(c, argv);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Policy: offloading in small bounded steps, defragmentation
  // ---------------------------------------------------------------------------------------------

  /**
   * After a write: when memory is short, the values just written go to disk at once (no sampling),
   * so a write flood cannot outrun the offloader; then an offload step is scheduled.
   */
  afterWrite(c: Client, spec: CommandSpec, argv: string[]): void {
    if (this.closed) return;
    if (
      this.underPressure() &&
      (this.maxPendingStash === 0 || this.pendingStashBytes <= this.maxPendingStash)
    ) {
      const table = c.db.table;
      const pos = keyPositions(spec, argv);
      for (const p of pos) {
        const key = argv[p];
        if (key === undefined) continue;
        const h = hashOf(key);
        const seg = table.segmentOf(h);
        const id = seg.find(key, h);
        if (id < 0 || seg.tier === null) continue;
        if ((seg.tier.state[id] & STATE_MASK) !== HOT || !this.offloadable(seg, id)) continue;
        const exp = seg.expireOf(id);
        if (exp !== 0 && exp - this.server.keyspace.now < this.minTtl) continue;
        if (this.stash(seg, id, c.db.index)) this.stats.offloadingStashes++;
      }
    }
    this.lists.afterWrite(c, spec, argv);
    this.kick();
  }

  /** Schedules an offload step soon (after writes, after completions). */
  kick(): void {
    if (this.kickScheduled || this.closed || performance.now() < this.idleUntil) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      this.offloadStep();
    });
  }

  cron(): void {
    if (this.closed) return;
    this.idleUntil = 0;
    this.offloadStep();
    // A partly filled bin is written at the latest one cron period after it was opened.
    this.flushBin();
  }

  /**
   * One bounded offload step. Under tiered_offload_threshold the least recently used HOT values are
   * written to disk (they become COOLED and keep their RAM copy while there is room); under
   * tiered_upload_threshold the least recently used COOLED copies are dropped (no I/O). Both pick
   * the older half of a random sample, as Redis's approximate LRU does. Then a defragmentation step.
   */
  offloadStep(): void {
    if (this.closed) return;
    this.lists.step();
    const max = this.server.maxmemory;
    const deadline = performance.now() + 2;
    if (max > 0 && this.underPressure()) {
      this.stats.offloadingSteps++;
      const ks = this.server.keyspace;
      const stashTarget = this.offloadThreshold * max;
      // Copies are dropped until free memory is a band past the upload threshold, so that a burst of
      // reads that keep copies does not call for a drop step per read (see fetchDone). Without
      // cooling (tiered_experimental_cooling false) no copy stays while offloading runs.
      const dropTarget = this.cooling ? this.uploadThreshold * max + this.band() : Number.POSITIVE_INFINITY;
      const now = ks.now;
      const hot: Candidate[] = [];
      let samples = 0;
      let found = 0;
      // Above the upload threshold, strings that reads promoted (HOT with READ_ONCE) and that were read
      // in the last second or two stay in RAM: that room is theirs, stashing them would only be read
      // back. Under it (and with LFU access counters) the sampled LRU decides alone.
      const recent =
        !ks.lfu && this.freeMemory() > this.uploadThreshold * max ? ks.lruClock - 1 : Number.MAX_VALUE;
      // Dropping copies: from the head of the cool queue, until free memory is back over the target.
      // Within one pass over the queue an entry read since it was queued goes back to the tail; after
      // a full pass the next ones go whatever their bit says.
      let chances = this.cool.size;
      const retire = (seg: Segment, h: number, epoch: number) => this.retire(seg, h, epoch, chances-- > 0);
      while (this.freeMemory() < dropTarget && this.cool.size > 0 && performance.now() < deadline) {
        this.cool.shift(retire);
        found++;
      }
      // A round that finds no HOT value ends the sampling: most values are on disk already (a read
      // load), and another 500 random probes of a big table would find none either. The next step
      // samples again; a write load stashes its own values in afterWrite.
      for (let round = 0; round < 32 && samples < 256 && performance.now() < deadline; round++) {
        if (
          this.freeMemory() + this.pendingStashBytes >= stashTarget ||
          (this.maxPendingStash > 0 && this.pendingStashBytes > this.maxPendingStash)
        )
          break;
        hot.length = 0;
        for (const db of ks.dbs) {
          if (db.size === 0) continue;
          for (let k = 0; k < 16; k++) {
            samples++;
            const seg = db.table.randomSegment();
            if (!seg || seg.tier === null) break;
            const id = (Math.random() * seg.count) | 0;
            const type = seg.types[id];
            if (type !== ValueType.String && type !== ValueType.Hash) continue;
            const st = seg.tier.state[id] & STATE_MASK;
            if (st !== HOT || !this.offloadable(seg, id)) continue;
            if ((seg.tier.state[id] & READ_ONCE) !== 0 && seg.access[id] >= recent) continue;
            const exp = seg.expireOf(id);
            if (exp !== 0 && exp - now < this.minTtl) continue;
            if (hot.some((x) => x.seg === seg && x.id === id)) continue;
            hot.push({ seg, id, db: db.index, access: seg.access[id] });
          }
        }
        if (hot.length === 0) break;
        found += hot.length;
        hot.sort(byAccess);
        for (let i = 0, take = Math.max(1, hot.length >> 1); i < take; i++) {
          const x = hot[i];
          if (!this.stash(x.seg, x.id, x.db)) break;
          this.stats.offloadingStashes++;
        }
      }
      if (found === 0) this.idleUntil = performance.now() + 50;
    }
    this.defragStep();
  }

  private defragStep(): void {
    if (this.defragQueue.size === 0 || this.defragInFlight >= 4) return;
    for (const p of this.defragQueue) {
      this.defragQueue.delete(p);
      const a = this.alloc;
      if (a.pageLive[p] === 0 || a.pageBytes[p] >= PAGE / 2) continue;
      this.defragPage(p);
      if (this.defragInFlight >= 4) break;
    }
  }

  /** Reads a sparse page and re-packs its live entries into the filling bin (moves, no RAM copy). */
  private defragPage(p: number): void {
    this.defragInFlight++;
    const buf = this.io.allocBuffer(PAGE);
    const pageOff = p * PAGE;
    this.file.readIntoCb(pageOff, buf, PAGE, (err) => {
      this.defragInFlight--;
      if (err === null && !this.closed) {
        const n = buf.readUInt16LE(0);
        let moved = 0;
        for (let i = 0; i < n && BIN_HEADER + (i + 1) * BIN_ENTRY <= PAGE; i++) {
          const q = BIN_HEADER + i * BIN_ENTRY;
          const db = buf.readUInt16LE(q);
          const h = buf.readUInt32LE(q + 2);
          const at = buf.readUInt16LE(q + 6);
          const len = buf.readUInt16LE(q + 8);
          if (at + len > PAGE) continue;
          if (db === BLOB_DB) {
            if (this.moveBlob(buf.subarray(at, at + len), pageOff + at)) moved++;
            continue;
          }
          const hit = this.locateRecord(db, h, pageOff + at);
          if (hit === null) continue;
          const { seg, id } = hit;
          const t = seg.tier!;
          if (t.len[id] !== len) continue;
          const data = buf.subarray(at, at + len);
          if (zlib.crc32(data) !== t.crc[id]) continue; // left in place: a read will report it
          if (!this.binFits(len)) this.flushBin();
          if (this.bin === null) this.openBin();
          const bin = this.bin!;
          const to = bin.low - len;
          data.copy(bin.buf, to);
          bin.low = to;
          bin.entries.push({
            seg,
            h,
            epoch: t.epoch[id],
            db,
            len,
            crc: t.crc[id],
            at: to,
            oldOff: pageOff + at,
          });
          moved++;
        }
        // Survivors of several sparse pages share the filling bin; it is written when full or by the cron.
        if (moved > 0) this.stats.totalDefrags++;
      } else if (err !== null) {
        this.stats.ioErrors++;
      }
      this.io.releaseBuffer(buf);
    });
  }

  /**
   * Defragmentation of a blob (a list node's record): packed into the filling bin when its owner
   * still claims it; on completion the owner moves to the new copy (else the copy is freed).
   */
  private moveBlob(data: Buffer, oldOff: number): boolean {
    const len = data.length;
    if (!this.lists.ownsRecord(oldOff, len, zlib.crc32(data))) return false;
    if (!this.binFits(len)) this.flushBin();
    if (this.bin === null) this.openBin();
    const bin = this.bin!;
    const at = bin.low - len;
    data.copy(bin.buf, at);
    bin.low = at;
    const crc = zlib.crc32(data);
    const blob = (newOff: number): void => {
      if (newOff < 0) return; // not written: the old copy stays
      if (this.lists.relocate(oldOff, newOff)) this.freeSmall(oldOff, len);
      else this.freeSmall(newOff, len);
    };
    bin.entries.push({ seg: null!, h: 0, epoch: 0, db: BLOB_DB, len, crc, at, oldOff: -1, blob });
    return true;
  }

  /** Finds the entry whose disk record starts at `off` (by key hash; the db hint first). */
  private locateRecord(dbHint: number, h: number, off: number): { seg: Segment; id: number } | null {
    const dbs = this.server.keyspace.dbs;
    const order = dbHint < dbs.length ? [dbs[dbHint], ...dbs.filter((d) => d.index !== dbHint)] : dbs;
    for (const db of order) {
      const seg = db.table.segmentOf(h);
      const t = seg.tier;
      if (t === null) continue;
      const mask = seg.mask;
      let i = h & mask;
      for (;;) {
        const s = seg.slots[i];
        if (s === 0) break;
        const id = s - 1;
        const st = t.state[id] & STATE_MASK;
        if (seg.hashes[id] === h && (st === COOLED || st === COLD) && t.offOf(id) === off) return { seg, id };
        i = (i + 1) & mask;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Blobs: records owned by another layer (list nodes, tiering/lists.ts). The engine stores,
  // reads and frees them with the same allocator, small-bin pages and I/O paths as values; the
  // owner keeps offset, length and CRC32 and checks the CRC itself.
  // ---------------------------------------------------------------------------------------------

  /** The list-node layer. */
  readonly lists: ListTiering;

  /** Whether memory is short (free memory under tiered_offload_threshold × maxmemory). */
  memoryShort(): boolean {
    return !this.closed && this.underPressure();
  }

  /** Whether another stash fits under tiered_max_pending_stash_bytes. */
  stashRoom(): boolean {
    return this.maxPendingStash === 0 || this.pendingStashBytes <= this.maxPendingStash;
  }

  /**
   * Writes `data` (latin1) as one record. Returns its CRC32, or -1 when there is no disk space
   * (done is not called then). done(off, err) follows: off -1 when the space ran out later (a full
   * tier file when the bin was written) or the write failed (err set; the space is freed).
   */
  stashBlob(data: string, done: (off: number, err: string | null) => void): number {
    const len = data.length;
    if (this.closed) return -1;
    if (len < SMALL_MAX) {
      if (!this.binFits(len)) this.flushBin();
      if (this.bin === null) this.openBin();
      const bin = this.bin!;
      const at = bin.low - len;
      bin.buf.write(data, at, len, 'latin1');
      const crc = zlib.crc32(bin.buf.subarray(at, at + len));
      bin.low = at;
      bin.entries.push({ seg: null!, h: 0, epoch: 0, db: BLOB_DB, len, crc, at, oldOff: -1, blob: done });
      this.stats.totalStashes++;
      return crc;
    }
    const pages = Math.ceil(len / PAGE);
    const off = this.alloc.alloc(pages);
    if (off < 0) {
      this.stats.totalStashOverflows++;
      return -1;
    }
    this.claim(off);
    const buf = this.io.allocBuffer(pages * PAGE);
    buf.write(data, 0, len, 'latin1');
    const crc = zlib.crc32(buf.subarray(0, len));
    this.pendingStashCnt++;
    this.pendingStashBytes += len;
    this.stats.totalStashes++;
    this.writeCb(off, buf, (err) => {
      this.io.releaseBuffer(buf);
      this.pendingStashCnt--;
      this.pendingStashBytes -= len;
      const error = this.ioError(err);
      if (error !== null) {
        this.stats.ioErrors++;
        this.freeDisk(off, len);
        done(-1, error);
      } else done(off, null);
      this.afterStashes();
    });
    return crc;
  }

  private blobStashDone(e: BinEntry, off: number, err: string | null): void {
    if (err !== null) {
      this.stats.ioErrors++;
      this.freeSmall(off, e.len);
      e.blob!(-1, err);
    } else e.blob!(off, null);
  }

  /** Reads a record (reads of one page are shared). done gets the buffer, valid during the call only. */
  fetchBlob(
    off: number,
    len: number,
    done: (err: string | null, buf: Buffer | null, at: number) => void,
  ): void {
    this.stats.totalFetches++;
    this.read({ seg: null!, h: 0, epoch: 0, off, len, crc: 0, done: () => undefined, blob: done });
  }

  /** Reads a record synchronously (a fallback outside the prepare stage); throws a CommandError. */
  readBlobSync(off: number, len: number): Buffer {
    const buf = Buffer.allocUnsafe(len);
    this.stats.syncReads++;
    try {
      if (this.injectIoError) throw new Error(`injected ${this.injectIoError}`);
      const n = len === 0 ? 0 : fs.readSync(this.syncFd, buf, 0, len, off);
      if (n !== len) throw new Error(`short read: ${n} of ${len} bytes`);
    } catch (e) {
      this.stats.ioErrors++;
      throw new CommandError(`ERR tiered storage read failed: ${(e as Error).message}`);
    }
    this.stats.totalFetches++;
    return buf;
  }

  /** Frees a record's disk space. */
  freeBlob(off: number, len: number): void {
    this.freeDisk(off, len);
  }

  // ---------------------------------------------------------------------------------------------
  // INFO TIERED
  // ---------------------------------------------------------------------------------------------

  info(): [string, string | number][] {
    const s = this.stats;
    const io = this.io.stats();
    const filling = this.bin ? PAGE - this.bin.low : 0;
    return [
      ['tiered_entries', this.entries],
      ['tiered_entries_bytes', this.entriesBytes],
      ['tiered_entries_bytes_human', human(this.entriesBytes)],
      ['tiered_total_stashes', s.totalStashes],
      ['tiered_total_fetches', s.totalFetches],
      ['tiered_total_cancels', s.totalCancels],
      ['tiered_total_deletes', s.totalDeletes],
      ['tiered_total_uploads', s.totalUploads],
      ['tiered_total_defrags', s.totalDefrags],
      ['tiered_total_stash_overflows', s.totalStashOverflows],
      ['tiered_heap_buf_allocations', io.heapAllocations],
      ['tiered_registered_buf_allocations', io.poolAllocations],
      ['tiered_allocated_bytes', this.alloc.allocatedBytes],
      ['tiered_capacity_bytes', this.alloc.capacity],
      ['tiered_pending_read_cnt', this.pendingReadCnt],
      ['tiered_pending_stash_cnt', this.pendingStashCnt],
      ['tiered_pending_stash_bytes', this.pendingStashBytes],
      ['tiered_small_bins_cnt', this.smallBins],
      ['tiered_small_bins_entries_cnt', this.smallBinEntries],
      ['tiered_small_bins_filling_bytes', filling],
      ['tiered_cold_storage_bytes', this.coldBytes],
      ['tiered_offloading_steps', s.offloadingSteps],
      ['tiered_offloading_stashes', s.offloadingStashes],
      ['tiered_ram_hits', s.ramHits],
      ['tiered_ram_cool_hits', s.ramCoolHits],
      ['tiered_ram_misses', s.ramMisses],
      ['tiered_clients_throttled', this.throttled.length],
      ['tiered_total_clients_throttled', s.totalClientsThrottled],
      ['tiered_io_engine', this.io.kind],
      ['tiered_checksum_errors', s.checksumErrors],
      ['tiered_io_errors', s.ioErrors],
      ['tiered_sync_reads', s.syncReads],
      ['tiered_clients_waiting_reads', this.waitingClients],
      ['tiered_bookkeeping_bytes', this.overheadBytes()],
      ['tiered_io_submits', io.submits],
      ['tiered_io_submitted', io.submitted],
      ['tiered_io_completion_batches', io.completionBatches],
      ['tiered_heap_collections', oldGenerationCollections()],
      ['tiered_heap_young_bytes', youngGenerationBytes()],
    ];
  }
}
