/**
 * List-node tiering (issue 6): the middle of a long list lives on disk, its ends in RAM.
 *
 * The unit is a list node (store/list.ts): a node farther than list_tiering_threshold nodes from both
 * ends is written out as one record (encodeNodeEntries, checksummed) through the engine's blob API
 * (small-bin pages for records under 2 KiB, an own extent for larger ones) and its entries are
 * dropped from RAM. The node object stays in the chain with its count and sz, so LLEN, index
 * arithmetic and the fill rules need no disk read. Node states (NodeTier on the node):
 *   (no tier)  entries in RAM only.
 *   STASHING   entries in RAM, write in flight. Any change of the node voids the tier object; the
 *              completion sees that its NodeTier is no longer the node's and frees what it wrote.
 *   CLEAN      entries in RAM and a valid disk copy: going COLD costs no I/O.
 *   COLD       entries only on disk.
 * A change of a CLEAN node frees its record at once (store/list.ts calls changed() before it
 * changes entries); deleting the key (DEL, expiry, overwrite, FLUSHALL) frees every record of the
 * list through the engine's release() (the key's entry carries the LIST_NODES flag; a list of more
 * than SYNC_RELEASE_NODES nodes is released in bounded steps). RENAME and MOVE hand a list with COLD
 * nodes over with its records: the release is decided after the command (settle()). Records in
 * small-bin pages are moved out of sparse pages by the engine's defragmentation (relocate()).
 *
 * Loads: before a command runs, the dispatcher's prepare stage asks collect() which COLD nodes the
 * command touches (an index for LINDEX/LSET, a range for LRANGE, the kept edges for LTRIM, the ends
 * for pushes and pops, every node for LREM, LPOS, LINSERT, SORT and COPY) and waits for their reads;
 * one read per node however many clients wait for it. A blocked client served from a push whose
 * list end is COLD blocks again until the read is done (waitForServe()); write commands on that key
 * queue behind it (queueBehindServes()), as Redis serves blocked clients before the next command. A
 * list operation that still meets a COLD node (a script) loads it synchronously (a counted fallback).
 * After a pop (or LTRIM, LREM...), COLD nodes within threshold + the list's prefetch depth of the end
 * it moved are prefetched, so a draining queue finds its next nodes in RAM; the depth adapts to the
 * pop rate (see PREFETCH_NODES). Pushes that outrun the offloader wait for it (throttlePush()).
 *
 * Offloading runs in bounded steps (about a millisecond) when the engine says memory is short (the
 * strings trigger: free memory under tiered_offload_threshold × maxmemory), over the lists that
 * commands touched (a Map from list to its key). A reloaded node is kept in RAM for PIN_MS, then
 * dropped again if it is still in the middle.
 */
import zlib from 'node:zlib';
import { hashKey } from '../store/key-table';
import { ValueType } from '../store/keyspace';
import {
  ListNode,
  ListValue,
  NODE_CLEAN,
  NODE_COLD,
  NODE_STASHING,
  decodeNodeEntries,
  encodeNodeEntries,
  entryHeapBytes,
  type ListTierHooks,
  type NodeTier,
} from '../store/list';
import { CommandError } from '../protocol/errors';
import { keyPositions, type CommandSpec } from '../commands/table';
import type { Client } from '../server/client';
import type { Server } from '../server/server';
import type { TieredStorage } from './engine';

/** Flag in the key's tier state column: the list value has nodes with disk records. */
export const LIST_NODES = 8;

/** A reloaded node stays in RAM at least this long (ms) before the offloader may drop it again. */
const PIN_MS = 1000;
/** Lists with at most this many nodes are released at once when their key goes; longer ones in steps. */
const SYNC_RELEASE_NODES = 1024;
/**
 * Nodes read ahead beyond the RAM ends after a pop: the starting depth of a list. With 8 KiB nodes of
 * 1 KiB jobs one node lasts seven pops, and 32 consumers pop about 32 jobs in one event-loop turn, before
 * a read started in that turn completes: a pop that still waits for a read doubles its list's depth
 * (at most once per RAISE_MS, up to MAX_PREFETCH_NODES); a second without such a wait halves it.
 */
const PREFETCH_NODES = 4;
const MAX_PREFETCH_NODES = 64;
const RAISE_MS = 2;
const DECAY_MS = 1000;
/** A full pass over a list's middle (finding nodes changed deep inside) at most this often (ms). */
const FULL_PASS_MS = 1000;
/** Records shorter than this share small-bin pages (engine.ts SMALL_MAX) and can be moved by defrag. */
const SMALL_RECORD = 2048;
/** Bookkeeping bytes per node with a tier object, per tracked list (counted in used_memory). */
const NODE_TIER_BYTES = 96;
const TRACKED_BYTES = 128;

/** A push waits while its list holds this much RAM beyond its ends (see throttlePush), at most PUSH_WAIT_MS. */
const PUSH_SLACK_BYTES = 4 << 20;
const PUSH_WAIT_MS = 50;
/** After a stash found the tier file full, pushes are not throttled for this long (ms). */
const NO_SPACE_MS = 1000;
/** Pushes that grow a list at an end (argv[1] is the key). */
const PUSHES = new Set(['lpush', 'rpush', 'lpushx', 'rpushx']);

/** Commands that read every node of the lists at their keys. */
const ALL_NODES = new Set(['lrem', 'lpos', 'linsert', 'sort', 'sort_ro', 'copy', 'dump']);
/** How many RENAME/MOVE destinations are remembered for settle(). */
const HANDOVERS = 64;

/** Commands that never read list entries (count and sz are in RAM). */
const NO_LOAD = new Set([
  'llen',
  'type',
  'exists',
  'del',
  'unlink',
  'expire',
  'pexpire',
  'expireat',
  'pexpireat',
  'persist',
  'ttl',
  'pttl',
  'expiretime',
  'pexpiretime',
  'touch',
  'object|encoding',
  'object|freq',
  'object|idletime',
  'object|refcount',
  'memory|usage',
  'debug',
]);

/** Where a list lives (db index and key), for re-accounting its RAM bytes and setting its flag. */
interface Home {
  db: number;
  key: string;
  /** The full pass's position in the list (a node; re-validated before use). */
  cursor: ListNode | null;
  /** When the next full pass may start (performance.now()). */
  nextFullPass: number;
  /** Prefetch depth (nodes beyond the threshold) and when it last changed (performance.now()). */
  depth: number;
  depthAt: number;
  /** The last prefetch walk from each end: its end node, depth and time (see prefetch). */
  headWalk: PrefetchWalk;
  tailWalk: PrefetchWalk;
}

interface PrefetchWalk {
  node: ListNode | null;
  depth: number;
  at: number;
}

function newHome(db: number, key: string): Home {
  return {
    db,
    key,
    cursor: null,
    nextFullPass: 0,
    depth: PREFETCH_NODES,
    depthAt: 0,
    headWalk: { node: null, depth: 0, at: 0 },
    tailWalk: { node: null, depth: 0, at: 0 },
  };
}

/** A load a command waits for; calls done once with an error text or null. */
export type TierLoad = (done: (err: string | null) => void) => void;

export interface ListTierStats {
  stashes: number;
  cancels: number;
  loads: number;
  prefetches: number;
  syncLoads: number;
  errors: number;
  drops: number;
  /** Blocked clients served from a list that waited for node reads (blocked again meanwhile). */
  servedWaits: number;
  /** Commands that waited in the prepare stage for node reads (prefetch did not keep up). */
  commandWaits: number;
  /** Commands that waited for a blocked client served from their key (see queueBehindServes). */
  queuedBehindServes: number;
  /** Pushes that waited for the offloader (see throttlePush). */
  pushThrottles: number;
  /** Full passes of the offloader over a list's middle (see offloadList). */
  fullPasses: number;
}

export class ListTiering {
  readonly stats: ListTierStats = {
    stashes: 0,
    cancels: 0,
    loads: 0,
    prefetches: 0,
    syncLoads: 0,
    errors: 0,
    drops: 0,
    servedWaits: 0,
    commandWaits: 0,
    queuedBehindServes: 0,
    pushThrottles: 0,
    fullPasses: 0,
  };
  /** Nodes with a valid disk record (CLEAN or COLD) and the record bytes. */
  diskNodes = 0;
  diskBytes = 0;
  /** Nodes whose entries are only on disk. */
  coldNodes = 0;
  /** Nodes with a tier object (any state). */
  private tierNodes = 0;
  private enabled = false;
  private threshold = 0;
  private readonly tracked = new Map<ListValue, Home>();
  /** Round-robin order over tracked lists for the offloader. */
  private order: ListValue[] = [];
  private orderAt = 0;
  /** Loads in flight: node -> callbacks waiting for it. */
  private readonly loading = new Map<ListNode, ((err: string | null) => void)[]>();
  /** Lists with cold nodes released by the command running now: alive at a new key, or dropped. */
  private readonly limbo = new Set<ListValue>();
  private settleScheduled = false;
  /** The last destinations of RENAME/MOVE commands seen by the prepare stage (EXEC's queue too). */
  private readonly handovers: Home[] = [];
  /** Long lists whose key was deleted: their records are freed in steps (see reap). */
  private readonly dying: { list: ListValue; node: ListNode | null; before: number }[] = [];
  /** Numbers disk copies (NodeTier.born), so a release leaves newer copies alone. */
  private seq = 0;
  private stepScheduled = false;
  private closed = false;
  /** Keys (servingId) with blocked clients waiting for node reads, and the commands queued behind. */
  private readonly serving = new Map<string, { pending: number; queued: ((err: string | null) => void)[] }>();
  /** Nodes whose read failed while a blocked client waited for them (it then reads synchronously). */
  private readonly failedLoads = new WeakSet<ListNode>();
  /** Records in small-bin pages (under SMALL_RECORD bytes) by disk offset, for defragmentation. */
  private readonly smallRecords = new Map<number, ListNode>();
  /** Given to every node this layer offloads (store/list.ts calls back through it). */
  private readonly hooks: ListTierHooks;
  /** Test hook: when set, load completions wait until releaseLoads(). */
  holdLoads = false;
  private heldLoads: (() => void)[] = [];

  constructor(
    private readonly engine: TieredStorage,
    private readonly server: Server,
  ) {
    const cfg = server.config;
    const refresh = () => {
      this.threshold = cfg.num('list_tiering_threshold');
      this.enabled = cfg.bool('tiered_experimental_list_support') && this.threshold > 0;
    };
    refresh();
    cfg.onChange('list_tiering_threshold', refresh);
    cfg.onChange('tiered_experimental_list_support', refresh);
    this.hooks = {
      load: (list, node) => this.loadSync(list, node),
      changed: (node) => this.changed(node),
    };
  }

  close(): void {
    this.closed = true;
    if (this.pushTimer !== null) clearTimeout(this.pushTimer);
  }

  overheadBytes(): number {
    return (
      this.tierNodes * NODE_TIER_BYTES +
      this.tracked.size * TRACKED_BYTES +
      (this.loading.size + this.smallRecords.size) * 64
    );
  }

  info(): [string, string | number][] {
    const s = this.stats;
    return [
      ['tiered_list_nodes', this.diskNodes],
      ['tiered_list_nodes_bytes', this.diskBytes],
      ['tiered_list_cold_nodes', this.coldNodes],
      ['tiered_list_node_stashes', s.stashes],
      ['tiered_list_node_cancels', s.cancels],
      ['tiered_list_node_loads', s.loads],
      ['tiered_list_node_prefetches', s.prefetches],
      ['tiered_list_node_sync_loads', s.syncLoads],
      ['tiered_list_node_errors', s.errors],
      ['tiered_list_served_waits', s.servedWaits],
      ['tiered_list_command_waits', s.commandWaits],
      ['tiered_list_queued_behind_serves', s.queuedBehindServes],
      ['tiered_list_push_throttles', s.pushThrottles],
      ['tiered_list_full_passes', s.fullPasses],
      ['tiered_list_pending_loads', this.loading.size],
    ];
  }

  // ---------------------------------------------------------------------------------------------
  // Node state changes
  // ---------------------------------------------------------------------------------------------

  /** store/list.ts: a node with a tier is about to change or leave its list; its record is void. */
  private changed(node: ListNode): void {
    const t = node.tier!;
    node.tier = null;
    this.tierNodes--;
    if (t.state === NODE_STASHING) {
      this.stats.cancels++; // the completion frees what it wrote
      return;
    }
    if (t.state === NODE_COLD) this.coldNodes--;
    if (t.len < SMALL_RECORD && this.smallRecords.get(t.off) === node) this.smallRecords.delete(t.off);
    this.engine.freeBlob(t.off, t.len);
    this.diskNodes--;
    this.diskBytes -= t.len;
  }

  /** The key holding `list` is deleted or overwritten (engine.release): every record is void. */
  releaseList(list: unknown): void {
    if (!(list instanceof ListValue) || !list.tiered) return;
    this.tracked.delete(list);
    if (list.coldNodes > 0) {
      // RENAME and MOVE place the value at its new key first, then delete the old one: a list whose
      // entries are partly on disk only is decided on after the command (see settle()).
      this.limbo.add(list);
      this.scheduleSettle();
      return;
    }
    this.dropRecords(list);
  }

  /** Voids every disk copy of a list that left the keyspace (in steps when it is long). */
  private dropRecords(list: ListValue): void {
    if (list.nodeCount <= SYNC_RELEASE_NODES) {
      this.voidNodes(list, list.head, this.seq + 1, Infinity);
      list.tiered = false;
      return;
    }
    // A long list is released in bounded steps (a 1M-job queue has ~140k nodes on disk).
    this.dying.push({ list, node: list.head, before: this.seq + 1 });
    this.schedule();
  }

  /**
   * Voids the disk state of nodes from `n` on whose copy predates `before` (a later one belongs to
   * the list living on under another key: RENAME and MOVE hand the value over after a release).
   * Returns the node to go on from when the deadline passed, else null.
   */
  private voidNodes(list: ListValue, n: ListNode | null, before: number, deadline: number): ListNode | null {
    let k = 0;
    while (n !== null) {
      if ((++k & 63) === 0 && performance.now() > deadline) return n;
      const next = n.next;
      const t = n.tier;
      if (t !== null && t.born < before) {
        // A COLD node of a dropped list keeps no entries; the value is gone from the keyspace.
        if (t.state === NODE_COLD) list.coldNodes--;
        n.markChanged();
      }
      n = next;
    }
    return null;
  }

  /** After the command that released lists with cold nodes: the ones found at a new key live on. */
  private scheduleSettle(): void {
    if (this.settleScheduled || this.closed) return;
    this.settleScheduled = true;
    setImmediate(() => {
      this.settleScheduled = false;
      this.settle();
    });
  }

  private settle(): void {
    for (const list of this.limbo) {
      this.limbo.delete(list);
      const home = this.handovers.find((h) => this.entryOf(h, list) !== null);
      if (home !== undefined) this.adopt(list, home.db, home.key);
      else this.dropRecords(list);
    }
  }

  /** A list handed over to another key (RENAME, MOVE) keeps its records: tracked and flagged there. */
  private adopt(list: ListValue, db: number, key: string): void {
    this.limbo.delete(list);
    this.track(list, db, key);
    this.flagEntry(this.tracked.get(list)!, list);
  }

  /** Records where a RENAME or MOVE will put a list (checked against the keyspace, so never stale). */
  private noteHandover(c: Client, name: string, argv: string[]): void {
    let at: Home;
    if (name === 'rename' || name === 'renamenx') at = newHome(c.db.index, argv[2]);
    else if (name === 'move') at = newHome(toInt(argv[2]), argv[1]);
    else return;
    this.handovers.push(at);
    if (this.handovers.length > HANDOVERS) this.handovers.shift();
  }

  /** Releases of long lists, a bounded slice per step; true when work is left. */
  private reap(deadline: number): boolean {
    while (this.dying.length > 0) {
      const d = this.dying[0];
      d.node = this.voidNodes(d.list, d.node, d.before, deadline);
      if (d.node !== null) return true;
      this.dying.shift();
    }
    return false;
  }

  /** Starts writing a RAM node; false when there is no disk space. */
  private stash(list: ListValue, node: ListNode, home: Home): boolean {
    const data = encodeNodeEntries(node);
    const t: NodeTier = {
      born: ++this.seq,
      owner: this.hooks,
      state: NODE_STASHING,
      off: -1,
      len: data.length,
      crc: 0,
      loadedAt: 0,
      loading: false,
    };
    node.tier = t;
    this.tierNodes++;
    list.tiered = true;
    this.flagEntry(home, list);
    const crc = this.engine.stashBlob(data, (off, err) => this.stashDone(list, node, t, off, err));
    if (crc < 0) {
      this.noSpaceAt = performance.now();
      if (node.tier === t) {
        node.tier = null;
        this.tierNodes--;
      }
      return false;
    }
    t.crc = crc;
    this.stats.stashes++;
    return true;
  }

  private stashDone(list: ListValue, node: ListNode, t: NodeTier, off: number, err: string | null): void {
    if (node.tier !== t) {
      // The node changed or left its list meanwhile: what was written is garbage.
      if (off >= 0) this.engine.freeBlob(off, t.len);
      return;
    }
    if (off < 0 || err !== null) {
      node.tier = null;
      this.tierNodes--;
      return;
    }
    t.off = off;
    t.state = NODE_CLEAN;
    if (t.len < SMALL_RECORD) this.smallRecords.set(off, node);
    this.diskNodes++;
    this.diskBytes += t.len;
    const home = this.tracked.get(list);
    if (home !== undefined && this.engine.memoryShort()) {
      if (this.farFromEnds(list, node)) this.drop(list, node, home);
      this.schedule();
    }
  }

  /** CLEAN -> COLD: the entries leave RAM (no I/O). */
  private drop(list: ListValue, node: ListNode, home: Home | undefined): void {
    const t = node.tier!;
    const heap = node.entriesHeapBytes();
    node.entries = [];
    node.start = 0;
    t.state = NODE_COLD;
    t.born = ++this.seq;
    list.coldNodes++;
    this.coldNodes++;
    list.bytes -= heap;
    this.stats.drops++;
    if (this.pushWaiters.size > 0 && !this.pushCheck) {
      this.pushCheck = true;
      queueMicrotask(() => {
        this.pushCheck = false;
        this.releaseCaughtUp();
      });
    }
    if (home !== undefined) this.reaccount(home, list);
  }

  /** A COLD node's record, read and checked, becomes its entries again (CLEAN). */
  private install(list: ListValue, node: ListNode, t: NodeTier, data: string): string | null {
    let entries: string[];
    try {
      entries = decodeNodeEntries(data);
    } catch (e) {
      entries = [];
      void e;
    }
    if (entries.length !== node.count) {
      this.stats.errors++;
      this.engine.stats.checksumErrors++;
      return 'ERR tiered storage read failed: list node record does not match its node';
    }
    node.entries = entries;
    node.start = 0;
    t.state = NODE_CLEAN;
    t.loadedAt = performance.now();
    list.coldNodes--;
    this.coldNodes--;
    let heap = 0;
    for (const e of entries) heap += entryHeapBytes(e.length);
    list.bytes += heap;
    this.stats.loads++;
    const home = this.tracked.get(list);
    if (home !== undefined) this.reaccount(home, list);
    return null;
  }

  /** Reads a COLD node asynchronously; `done` (optional) gets an error text or null. */
  private load(list: ListValue, node: ListNode, done: ((err: string | null) => void) | null): void {
    const waiting = this.loading.get(node);
    if (waiting !== undefined) {
      if (done) waiting.push(done);
      return;
    }
    const t = node.tier!;
    const cbs: ((err: string | null) => void)[] = done ? [done] : [];
    this.loading.set(node, cbs);
    t.loading = true;
    const off = t.off;
    this.engine.fetchBlob(off, t.len, (ioErr, buf, at) => {
      if (this.holdLoads) {
        // The page buffer is only valid during the call: keep a copy of the record.
        const copy = buf === null ? null : Buffer.from(buf.subarray(at, at + t.len));
        this.heldLoads.push(() => this.loadDone(list, node, t, off, ioErr, copy, 0, cbs));
      } else this.loadDone(list, node, t, off, ioErr, buf, at, cbs);
    });
  }

  /** Test hook: delivers the load completions held while holdLoads was set. */
  releaseLoads(): void {
    this.holdLoads = false;
    const held = this.heldLoads;
    this.heldLoads = [];
    for (const f of held) f();
  }

  private loadDone(
    list: ListValue,
    node: ListNode,
    t: NodeTier,
    off: number,
    ioErr: string | null,
    buf: Buffer | null,
    at: number,
    cbs: ((err: string | null) => void)[],
  ): void {
    this.loading.delete(node);
    t.loading = false;
    let err: string | null = null;
    if (node.tier === t && t.state === NODE_COLD && t.off === off) {
      // Still the same record (a sync load, a change or a delete would have replaced the tier; a
      // defragmentation move changes the offset: the waiting command then reads the new copy).
      if (ioErr !== null) {
        this.stats.errors++;
        this.engine.stats.ioErrors++;
        err = `ERR tiered storage read failed: ${ioErr}`;
      } else if (zlib.crc32(buf!.subarray(at, at + t.len)) !== t.crc) {
        this.stats.errors++;
        this.engine.stats.checksumErrors++;
        err = 'ERR tiered storage read failed: checksum mismatch';
      } else {
        err = this.install(list, node, t, buf!.toString('latin1', at, at + t.len));
      }
    }
    for (const cb of cbs) cb(err);
  }

  /** store/list.ts fallback: a COLD node is needed now (outside the prepare stage). */
  private loadSync(list: ListValue, node: ListNode): void {
    const t = node.tier!;
    this.stats.syncLoads++;
    let buf: Buffer;
    try {
      buf = this.engine.readBlobSync(t.off, t.len);
    } catch (e) {
      this.stats.errors++;
      throw e;
    }
    if (zlib.crc32(buf) !== t.crc) {
      this.stats.errors++;
      this.engine.stats.checksumErrors++;
      throw new CommandError('ERR tiered storage read failed: checksum mismatch');
    }
    const err = this.install(list, node, t, buf.toString('latin1'));
    if (err !== null) throw new CommandError(err);
  }

  // ---------------------------------------------------------------------------------------------
  // Keys: tracking, flag, accounting
  // ---------------------------------------------------------------------------------------------

  /** The key-table entry of a home if it still holds `list`. */
  private entryOf(
    home: Home,
    list: ListValue,
  ): { seg: import('../store/key-table').Segment; id: number } | null {
    const db = this.server.keyspace.dbs[home.db];
    if (db === undefined) return null;
    const h = hashKey(home.key);
    const seg = db.table.segmentOf(h);
    const id = seg.find(home.key, h);
    if (id < 0 || seg.valueAt(id) !== list) return null;
    return { seg, id };
  }

  /** The list's RAM bytes changed outside a command: the keyspace's figures follow. */
  private reaccount(home: Home, list: ListValue): void {
    const e = this.entryOf(home, list);
    if (e === null) return;
    const ks = this.server.keyspace;
    ks.dataBytes += list.bytes - e.seg.sizeOf(e.id);
    e.seg.setSize(e.id, list.bytes);
  }

  private flagEntry(home: Home, list: ListValue): void {
    const e = this.entryOf(home, list);
    if (e !== null && e.seg.tier !== null) e.seg.tier.state[e.id] |= LIST_NODES;
  }

  /** The list at a key of the client's db, if it is one. */
  private listAt(c: Client, key: string): ListValue | null {
    const h = hashKey(key);
    const seg = c.db.table.segmentOf(h);
    const id = seg.find(key, h);
    if (id < 0 || seg.types[id] !== ValueType.List) return null;
    const exp = seg.expireOf(id);
    if (exp !== 0 && exp <= this.server.keyspace.now) return null;
    return seg.valueAt(id) as ListValue;
  }

  // ---------------------------------------------------------------------------------------------
  // The prepare stage: which COLD nodes a command touches
  // ---------------------------------------------------------------------------------------------

  /** Adds the loads `argv` needs (nodes of lists at its keys that are COLD). */
  collect(c: Client, spec: CommandSpec, argv: string[], out: TierLoad[]): void {
    if (this.serving.size > 0 && spec.flags.includes('write')) this.queueBehindServes(c, spec, argv, out);
    if (this.tracked.size > 0 && PUSHES.has(spec.name) && this.enabled) this.throttlePush(c, argv, out);
    if (this.coldNodes === 0 || NO_LOAD.has(spec.name)) return;
    this.noteHandover(c, spec.name, argv);
    const pos = keyPositions(spec, argv);
    const before = out.length;
    for (const p of pos) {
      const key = argv[p];
      if (key === undefined) continue;
      const list = this.listAt(c, key);
      if (list === null || list.coldNodes === 0) continue;
      // Known at this key from now on (after SWAPDB, say): loads re-account its RAM bytes.
      this.track(list, c.db.index, key);
      const waits = out.length;
      for (const node of this.nodesFor(spec.name, argv, list, p)) {
        if (node.tier === null || node.tier.state !== NODE_COLD) continue;
        out.push((done) => this.load(list, node, done));
      }
      if (out.length > waits && poppedEnds(spec.name, argv, p) !== 0) this.deepen(list);
    }
    if (out.length > before) this.stats.commandWaits++;
  }

  /**
   * The nodes a command will read or change at the list at argv[p] (a superset is fine; fewer is a
   * sync load later). Pushes and pops name only the end they work at: an LPUSH never waits for a
   * read at the tail a consumer is draining.
   */
  private nodesFor(name: string, argv: string[], list: ListValue, p: number): ListNode[] {
    const len = list.length;
    if (len === 0) return [];
    const head = (): ListNode[] => [list.head!];
    const tail = (): ListNode[] => [list.tail!];
    switch (name) {
      case 'lindex':
      case 'lset': {
        const i = list.normIndex(toInt(argv[2]));
        return i < 0 ? [] : list.nodesForRange(i, i);
      }
      case 'lrange':
      case 'ltrim': {
        let s = toInt(argv[2]);
        let e = toInt(argv[3]);
        if (s < 0) s += len;
        if (e < 0) e += len;
        if (s < 0) s = 0;
        if (e >= len) e = len - 1;
        if (s > e || s >= len) return name === 'ltrim' ? [...head(), ...tail()] : [];
        if (name === 'lrange') return list.nodesForRange(s, e);
        return [...list.nodesForRange(s, s), ...list.nodesForRange(e, e)];
      }
      case 'lpush':
      case 'lpushx':
      case 'blpop':
        return head();
      case 'rpush':
      case 'rpushx':
      case 'brpop':
        return tail();
      case 'lpop':
      case 'rpop': {
        const n = argv.length > 2 ? Math.min(len, Math.max(1, toInt(argv[2]))) : 1;
        return name === 'lpop' ? list.nodesForRange(0, n - 1) : list.nodesForRange(len - n, len - 1);
      }
      case 'lmpop':
      case 'blmpop': {
        // [timeout] numkeys key [key ...] LEFT|RIGHT [COUNT count]
        const nk = name === 'lmpop' ? 1 : 2;
        const dir = nk + 1 + toInt(argv[nk]);
        const left = argv[dir]?.toLowerCase() !== 'right';
        let n = argv[dir + 1]?.toLowerCase() === 'count' ? toInt(argv[dir + 2]) : 1;
        n = Math.min(len, Math.max(1, n));
        return left ? list.nodesForRange(0, n - 1) : list.nodesForRange(len - n, len - 1);
      }
      case 'rpoplpush':
      case 'brpoplpush':
        // Source tail (argv[1]), destination head (argv[2]); the same list: both.
        if (argv[1] === argv[2]) return [...head(), ...tail()];
        return p === 1 ? tail() : head();
      case 'lmove':
      case 'blmove': {
        const fromLeft = argv[3]?.toLowerCase() === 'left';
        const toLeft = argv[4]?.toLowerCase() === 'left';
        if (argv[1] === argv[2]) return [...head(), ...tail()];
        return (p === 1 ? fromLeft : toLeft) ? head() : tail();
      }
      default:
        // Scans (LREM, LPOS, LINSERT, SORT), COPY and DUMP read every node. RENAME and MOVE hand the
        // value over with its records; scripts read what they touch (a sync load, usually the RAM
        // ends); other commands on a list key answer WRONGTYPE.
        return ALL_NODES.has(name) ? [...list.nodes()] : [];
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Defragmentation (engine.ts moves records out of sparse small-bin pages)
  // ---------------------------------------------------------------------------------------------

  /** Whether a node's current record is the one at `off` (same length and checksum). */
  ownsRecord(off: number, len: number, crc: number): boolean {
    const t = this.smallRecords.get(off)?.tier;
    return t !== undefined && t !== null && t.off === off && t.len === len && t.crc === crc;
  }

  /** A copy of the record at oldOff was written at newOff: the node uses it (false if it changed). */
  relocate(oldOff: number, newOff: number): boolean {
    const node = this.smallRecords.get(oldOff);
    const t = node?.tier;
    if (node === undefined || t === undefined || t === null || t.off !== oldOff || t.state === NODE_STASHING)
      return false;
    t.off = newOff;
    this.smallRecords.delete(oldOff);
    this.smallRecords.set(newOff, node);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Blocked clients served from a list whose ends are on disk
  // ---------------------------------------------------------------------------------------------

  /**
   * A blocked client is being served (the blocking manager runs its command again) from the list at
   * `key` and would touch `nodes` (of that list, or for BLMOVE of its destination): when some are on
   * disk only, starts their reads and returns true;
   * the command blocks again (keeping its place and deadline) and the key is marked ready once the
   * nodes are in RAM, so the client is served then without a synchronous read. False when nothing
   * is cold, or when a read of one of these nodes failed before (the command then reads it
   * synchronously and answers the error instead of waiting forever).
   */
  waitForServe(c: Client, key: string, nodes: { list: ListValue; node: ListNode }[]): boolean {
    const cold = nodes.filter(({ node: n }) => n.tier !== null && n.tier.state === NODE_COLD);
    if (cold.length === 0 || cold.some(({ node }) => this.failedLoads.has(node))) return false;
    const db = c.db.index;
    let left = cold.length;
    this.stats.servedWaits++;
    this.deepen(cold[0].list);
    const id = servingId(db, key);
    let serve = this.serving.get(id);
    if (serve === undefined) this.serving.set(id, (serve = { pending: 0, queued: [] }));
    serve.pending++;
    for (const { list, node } of cold) {
      this.load(list, node, (err) => {
        if (err !== null) this.failedLoads.add(node);
        if (--left > 0 || this.closed) return;
        this.server.blocking.keyModified(db, key);
        this.server.blocking.serveReady();
        // The blocked clients had their turn (or waited again): the commands queued behind them run.
        if (--serve.pending > 0) return;
        this.serving.delete(id);
        for (const done of serve.queued) done(null);
      });
    }
    return true;
  }

  /**
   * While a blocked client served from a key waits for node reads, a write command on that key
   * waits behind it: in Redis the blocked client is served before any other command runs, so a
   * direct RPOP must not take the job a served BLMOVE or BLMPOP COUNT is waiting to take. (Reads
   * such as LLEN or EXISTS answer at once and may see the job still in the list.)
   */
  private queueBehindServes(c: Client, spec: CommandSpec, argv: string[], out: TierLoad[]): void {
    for (const p of keyPositions(spec, argv)) {
      const key = argv[p];
      if (key === undefined) continue;
      const serve = this.serving.get(servingId(c.db.index, key));
      if (serve === undefined) continue;
      this.stats.queuedBehindServes++;
      out.push((done) => serve.queued.push(done));
      return;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // After a command: tracking and prefetch
  // ---------------------------------------------------------------------------------------------

  /**
   * After a write command: lists at its keys become offload candidates, and the end a pop moved
   * inward is read ahead (pushes need nothing: the end node they write is in RAM).
   */
  afterWrite(c: Client, spec: CommandSpec, argv: string[]): void {
    if (this.limbo.size > 0) {
      // RENAME/MOVE (also from a script, which has no prepare stage): the list lives on at its new key.
      this.noteHandover(c, spec.name, argv);
      this.settle();
    }
    if (!this.enabled) return;
    const pos = keyPositions(spec, argv);
    for (const p of pos) {
      const key = argv[p];
      if (key === undefined) continue;
      const list = this.listAt(c, key);
      if (list === null || (list.nodeCount <= 2 * this.threshold && !this.tracked.has(list))) continue;
      this.track(list, c.db.index, key);
      if (list.coldNodes > 0) {
        const ends = poppedEnds(spec.name, argv, p);
        if (ends !== 0) this.prefetch(list, this.tracked.get(list)!, ends);
      }
    }
    if (this.tracked.size > 0) this.schedule();
  }

  /**
   * A push onto a list whose RAM part has outgrown its ends by more than PUSH_SLACK_BYTES (nodes
   * written faster than the offloader can stash them: a pipelined fill) waits until the offloader
   * caught up, at most PUSH_WAIT_MS. Without this a fill at 150k LPUSH/s left hundreds of MiB of
   * nodes in RAM waiting for their write, and the V8 heap and RSS grew with them.
   */
  private throttlePush(c: Client, argv: string[], out: TierLoad[]): void {
    const list = this.listAt(c, argv[1]);
    if (list === null) return;
    const home = this.tracked.get(list);
    if (home === undefined || list.entryBytes() <= this.ramBound(list, home) || !this.engine.memoryShort())
      return;
    // The tier file was full a moment ago (the nodes stay in RAM: waiting would not help), or the
    // offloader did not catch up within PUSH_WAIT_MS (pushes go on unthrottled as long again).
    const now = performance.now();
    if (now - this.noSpaceAt < NO_SPACE_MS || now < this.unthrottledUntil) return;
    this.stats.pushThrottles++;
    out.push((done) => {
      let waiting = this.pushWaiters.get(list);
      if (waiting === undefined) this.pushWaiters.set(list, (waiting = []));
      waiting.push(done);
      if (this.pushTimer === null) this.pushTimer = setTimeout(this.releasePushes, PUSH_WAIT_MS);
      this.schedule();
    });
  }

  /** Entry bytes a list may hold in RAM while memory is short: its ends, its prefetch window, slack. */
  private ramBound(list: ListValue, home: Home): number {
    return (2 * this.threshold + home.depth) * list.maxNodeBytes() + PUSH_SLACK_BYTES;
  }

  /** Pushes waiting for the offloader: released when their list is under its bound, or on the timer. */
  private readonly pushWaiters = new Map<ListValue, ((err: string | null) => void)[]>();
  private pushTimer: NodeJS.Timeout | null = null;
  private pushCheck = false;
  /** When a stash last found no disk space (performance.now()). */
  private noSpaceAt = -Infinity;
  /** Pushes are not throttled before this time (performance.now()), see releasePushes. */
  private unthrottledUntil = 0;
  private readonly releasePushes = (): void => {
    this.pushTimer = null;
    this.unthrottledUntil = performance.now() + PUSH_WAIT_MS;
    const all = [...this.pushWaiters.values()];
    this.pushWaiters.clear();
    for (const waiting of all) for (const done of waiting) done(null);
  };

  /** After an offload step: pushes whose list is back under its bound go on. */
  private releaseCaughtUp(): void {
    for (const [list, waiting] of this.pushWaiters) {
      const home = this.tracked.get(list);
      if (home !== undefined && list.entryBytes() > this.ramBound(list, home) && this.enabled) continue;
      this.pushWaiters.delete(list);
      for (const done of waiting) done(null);
    }
    if (this.pushWaiters.size === 0 && this.pushTimer !== null) {
      clearTimeout(this.pushTimer);
      this.pushTimer = null;
    }
  }

  /** Makes `list` an offload candidate known at (db, key), or updates where it lives. */
  private track(list: ListValue, db: number, key: string): void {
    const home = this.tracked.get(list);
    if (home === undefined) {
      this.tracked.set(list, newHome(db, key));
      this.order.push(list);
    } else if (home.key !== key || home.db !== db) {
      home.key = key;
      home.db = db;
    }
  }

  /** A pop waited for a read of this list: read further ahead (see PREFETCH_NODES). */
  private deepen(list: ListValue): void {
    const home = this.tracked.get(list);
    if (home === undefined) return;
    const now = performance.now();
    if (now - home.depthAt < RAISE_MS) return;
    home.depth = Math.min(MAX_PREFETCH_NODES, home.depth * 2);
    home.depthAt = now;
  }

  /**
   * Loads COLD nodes within threshold + the list's prefetch depth of the ends given (no client waits).
   * An end whose node and depth are those of its last walk, done less than half a pin ago, is not
   * walked again: pops inside one node (seven 1 KiB jobs to an 8 KiB node) leave the same nodes in
   * reach, and those the walk loaded are still pinned in RAM.
   */
  private prefetch(list: ListValue, home: Home, ends: number): void {
    const now = performance.now();
    if (home.depth > PREFETCH_NODES && now - home.depthAt >= DECAY_MS) {
      home.depth = Math.max(PREFETCH_NODES, home.depth >> 1);
      home.depthAt = now;
    }
    const reach = this.threshold + home.depth;
    for (const end of ENDS) {
      if ((ends & end) === 0) continue;
      const mark = end === HEAD ? home.headWalk : home.tailWalk;
      const first = end === HEAD ? list.head : list.tail;
      if (mark.node === first && mark.depth === home.depth && now - mark.at < PIN_MS / 2) continue;
      mark.node = first;
      mark.depth = home.depth;
      mark.at = now;
      let n = first;
      for (let d = 0; n && d < reach; d++, n = end === HEAD ? n.next : n.prev) this.prefetchNode(list, n);
    }
  }

  private prefetchNode(list: ListValue, node: ListNode): void {
    const t = node.tier;
    if (t === null || t.state !== NODE_COLD || t.loading) return;
    this.stats.prefetches++;
    this.load(list, node, null);
  }

  /** Whether a node is more than `threshold` nodes away from both ends. */
  private farFromEnds(list: ListValue, node: ListNode): boolean {
    const T = this.threshold;
    let a = list.head;
    let b = list.tail;
    for (let d = 0; d < T; d++) {
      if (a === node || b === node) return false;
      a = a ? a.next : null;
      b = b ? b.prev : null;
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // The offloader
  // ---------------------------------------------------------------------------------------------

  private schedule(): void {
    if (this.stepScheduled || this.closed) return;
    this.stepScheduled = true;
    setImmediate(() => {
      this.stepScheduled = false;
      this.step();
    });
  }

  /**
   * One bounded step (about a millisecond): over the tracked lists, stash RAM nodes in the middle
   * and drop the RAM copy of CLEAN ones (not within PIN_MS of their load). Reschedules itself while
   * there is work left and memory is short. (Prefetching is driven by commands, see afterWrite.)
   */
  step(): void {
    if (this.closed) return;
    const deadline = performance.now() + 1;
    if (this.reap(deadline)) {
      this.schedule();
      return;
    }
    if (!this.enabled) {
      // Turned off: forget the candidates (a command that loads a list's nodes tracks it again).
      this.tracked.clear();
      this.order.length = 0;
      return;
    }
    if (this.tracked.size === 0) return;
    const short = this.engine.memoryShort();
    let more = false;
    for (let visited = 0; visited < this.order.length && performance.now() < deadline; visited++) {
      if (this.orderAt >= this.order.length) this.orderAt = 0;
      const list = this.order[this.orderAt];
      const home = this.tracked.get(list);
      if (home === undefined || this.entryOf(home, list) === null) {
        // Deleted, renamed or moved: forgotten until a command touches it at its new key.
        this.tracked.delete(list);
        this.order[this.orderAt] = this.order[this.order.length - 1];
        this.order.pop();
        continue;
      }
      if (short && this.offloadList(list, home, deadline)) {
        more = true;
        break;
      }
      this.orderAt++;
    }
    if (more) this.schedule();
  }

  /**
   * Offloads the middle of one list; true when it stopped for lack of time with work left. Every
   * step looks at the two edges of the middle, where pushes add RAM nodes, walking inward until the
   * first node that is on disk (or just loaded). Nodes the walks cannot reach (changed or loaded deep
   * inside by LSET, LINSERT, LREM, LINDEX, or left behind disk records by a walk the stash budget
   * stopped) are found by a full pass from a cursor, at most once per FULL_PASS_MS per list, and only
   * while the list has more nodes outside the disk than the walks saw: a queue whose middle is all
   * on disk is not walked end to end every second.
   */
  private offloadList(list: ListValue, home: Home, deadline: number): boolean {
    const T = this.threshold;
    if (list.nodeCount <= 2 * T) return false;
    // The guarded ends are the first and last T nodes; a and b are the first candidates inside them.
    let a = list.head;
    let b = list.tail;
    let seen = 0; // nodes not COLD among the guards and the nodes the walks reached
    for (let d = 0; d < T; d++) {
      if (notCold(a!)) seen++;
      if (notCold(b!)) seen++;
      a = a!.next;
      b = b!.prev;
    }
    // Where walks over the middle end: the innermost node of the other end's guard.
    const headStop = a!.prev;
    const tailStop = b!.next;
    const now = performance.now();
    let stoppedAt: ListNode | null = null;
    for (const forward of [true, false]) {
      let n = forward ? a : b;
      const end = forward ? tailStop : headStop;
      let steps = 0;
      let pinned = 0;
      while (n !== end && n !== stoppedAt) {
        const t = n!.tier;
        // Writes in flight are walked past: behind them may lie nodes pushed while the stash
        // budget was used up (a fast fill), which would otherwise wait for the next full pass. So
        // are the nodes read ahead at a queue's end (pinned, up to the deepest prefetch): their
        // pins run out one after the other, and the walk must see the whole run to know that no
        // full pass is needed.
        if (t !== null && t.state === NODE_COLD) break;
        if (t !== null && t.state === NODE_CLEAN && now - t.loadedAt < PIN_MS) {
          seen++;
          if (++pinned > MAX_PREFETCH_NODES) break;
          n = forward ? n!.next : n!.prev;
          continue;
        }
        if ((++steps & 7) === 0 && performance.now() > deadline) return true;
        if (!this.offloadNode(list, home, n!, now)) return false;
        if (notCold(n!)) seen++;
        n = forward ? n!.next : n!.prev;
      }
      // The forward walk reached the tail guard: it saw the whole middle.
      if (forward && n === end) return false;
      stoppedAt = n;
    }
    if (home.cursor === null && (now < home.nextFullPass || seen >= list.nodeCount - list.coldNodes))
      return false;
    if (home.cursor === null) this.stats.fullPasses++;
    let n = home.cursor;
    // A cursor that left the list (its node was unlinked) or sits in a guard restarts after the head guard.
    if (n === null || (n.prev === null && n !== list.head) || !this.farFromEnds(list, n)) n = a;
    let steps = 0;
    while (n !== null && n !== tailStop) {
      if ((++steps & 7) === 0 && performance.now() > deadline) {
        home.cursor = n;
        return true;
      }
      if (!this.offloadNode(list, home, n, now)) {
        home.cursor = n;
        return false;
      }
      n = n.next;
    }
    home.cursor = null;
    home.nextFullPass = now + FULL_PASS_MS;
    return false;
  }

  /**
   * Stashes a RAM node or drops the RAM copy of a CLEAN one (loaded more than PIN_MS ago). False
   * when no stash can start now (too many bytes in flight: a completion reschedules; or the tier
   * file is full: the nodes stay in RAM).
   */
  private offloadNode(list: ListValue, home: Home, n: ListNode, now: number): boolean {
    const t = n.tier;
    if (t === null) {
      if (!this.engine.stashRoom()) return false;
      return this.stash(list, n, home);
    }
    if (t.state === NODE_CLEAN && now - t.loadedAt >= PIN_MS) this.drop(list, n, home);
    return true;
  }
}

const HEAD = 1;
const TAIL = 2;
const ENDS = [HEAD, TAIL] as const;

/** Whether a node's entries are in RAM (it has no disk copy, or one it was loaded from or is being written to). */
function notCold(n: ListNode): boolean {
  return n.tier === null || n.tier.state !== NODE_COLD;
}

/** Which ends of the list at argv[p] a write command removed entries from (HEAD | TAIL), 0 for none. */
function poppedEnds(name: string, argv: string[], p: number): number {
  switch (name) {
    case 'lpop':
    case 'blpop':
      return HEAD;
    case 'rpop':
    case 'brpop':
      return TAIL;
    case 'rpoplpush':
    case 'brpoplpush':
      return p === 1 ? TAIL : 0;
    case 'lmove':
    case 'blmove':
      return p === 1 ? (argv[3]?.toLowerCase() === 'left' ? HEAD : TAIL) : 0;
    case 'lmpop':
    case 'blmpop':
    case 'ltrim':
    case 'lrem':
      return HEAD | TAIL;
    default:
      // Pushes write an end node that is in RAM; RENAME, MOVE and the rest move no end.
      return 0;
  }
}

/** The serving map's key for a key of a database. */
function servingId(db: number, key: string): string {
  return `${db} ${key}`;
}

function toInt(s: string | undefined): number {
  if (s === undefined) return 0;
  const n = Number(s);
  return Number.isInteger(n) ? n : 0;
}
