/**
 * Streams in Redis 7.0's DUMP payload (RDB_TYPE_STREAM_LISTPACKS_2; RESTORE also reads the 6.x
 * RDB_TYPE_STREAM_LISTPACKS): the nodes as listpacks keyed by their master ID, the stream's IDs and
 * counters, then the consumer groups with their pending entries and consumers (t_stream.c, rdb.c).
 *
 * A node's listpack: live count, deleted count, the master entry (field count, field names, 0), then
 * per entry its flags (2 = same fields as the master entry, 1 = deleted), the ID as differences from
 * the master ID, the field count and names unless the flags say they are the master's, the values,
 * and the number of elements the entry took. Strata keeps no deleted entries, so its DUMP writes only
 * live ones (a deleted count of 0): for a stream without deletions the bytes are Redis's.
 *
 * RESTORE validates as Redis does with sanitize-dump-payload yes (streamValidateListpackIntegrity,
 * duplicate nodes, groups, consumers, pending entries, a pending entry without a consumer) and also
 * refuses what strata cannot hold: entries out of ID order, a length that is not the live count, a
 * last ID below the last entry, a first ID that is not the first entry's, a counter or time past 2^53.
 */
import { decodeListpack, encodeListpack } from './listpack';
import { BadPayload, ByteWriter, RDB_TYPE, RdbReader, writeLen, writeLenBig, writeString } from './rdb';
import { StreamValue, type ConsumerGroup } from './stream';

const FLAG_DELETED = 1;
const FLAG_SAMEFIELDS = 2;
const U64 = 2n ** 64n;

const msOf = (id: string): bigint => BigInt('0x' + id.slice(0, 16));
const seqOf = (id: string): bigint => BigInt('0x' + id.slice(16));
const hexId = (ms: bigint, seq: bigint): string =>
  ms.toString(16).padStart(16, '0') + seq.toString(16).padStart(16, '0');
const rawId = (id: string): Buffer => Buffer.from(id, 'hex');

// -------------------------------------------------------------------------------------------------
// DUMP
// -------------------------------------------------------------------------------------------------

export function dumpStream(w: ByteWriter, s: StreamValue): void {
  w.byte(RDB_TYPE.STREAM_LISTPACKS_2);
  const nodes = s.dumpNodes().filter((n) => n.entries.length > 0);
  writeLen(w, nodes.length);
  for (const n of nodes) {
    writeString(w, rawId(n.masterId));
    writeString(w, encodeListpack(nodeItems(n.masterId, n.masterFields, n.entries)));
  }
  writeLen(w, s.length);
  const first = s.firstId();
  for (const id of [s.lastId, first, s.maxDeletedId]) {
    writeLenBig(w, msOf(id));
    writeLenBig(w, seqOf(id));
  }
  writeLen(w, s.entriesAdded);
  const groups = s.sortedGroups();
  writeLen(w, groups.length);
  for (const g of groups) dumpGroup(w, g);
}

function nodeItems(
  masterId: string,
  masterFields: readonly string[],
  entries: readonly { id: string; fields: readonly string[] }[],
): string[] {
  const items = [String(entries.length), '0', String(masterFields.length), ...masterFields, '0'];
  const masterMs = msOf(masterId);
  const masterSeq = seqOf(masterId);
  for (const e of entries) {
    const n = e.fields.length >> 1;
    let same = n === masterFields.length;
    for (let i = 0; same && i < n; i++) same = e.fields[2 * i] === masterFields[i];
    items.push(
      String(same ? FLAG_SAMEFIELDS : 0),
      String(BigInt.asIntN(64, msOf(e.id) - masterMs)),
      String(BigInt.asIntN(64, seqOf(e.id) - masterSeq)),
    );
    if (same) for (let i = 1; i < e.fields.length; i += 2) items.push(e.fields[i]);
    else items.push(String(n), ...e.fields);
    items.push(String(same ? n + 3 : 2 * n + 4));
  }
  return items;
}

function writeMillis(w: ByteWriter, ms: number): void {
  w.i64le(BigInt(Math.trunc(ms)));
}

function dumpGroup(w: ByteWriter, g: ConsumerGroup): void {
  writeString(w, g.name);
  writeLenBig(w, msOf(g.lastId));
  writeLenBig(w, seqOf(g.lastId));
  writeLenBig(w, BigInt.asUintN(64, BigInt(g.entriesRead)));
  writeLen(w, g.pelOrder.length);
  for (const id of g.pelOrder) {
    const n = g.pel.get(id)!;
    w.bytes(rawId(id));
    writeMillis(w, n.deliveryTime);
    writeLen(w, n.deliveryCount);
  }
  const consumers = [...g.consumers.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  writeLen(w, consumers.length);
  for (const c of consumers) {
    writeString(w, c.name);
    writeMillis(w, c.seenTime);
    const ids = c.sortedIds();
    writeLen(w, ids.length);
    for (const id of ids) w.bytes(rawId(id));
  }
}

// -------------------------------------------------------------------------------------------------
// RESTORE
// -------------------------------------------------------------------------------------------------

/** An integer element of a stream listpack (lpGetIntegerIfValid). */
function int(items: string[], at: number): bigint {
  const s = items[at];
  if (s === undefined || !/^(0|-?[1-9][0-9]{0,18})$/.test(s)) throw new BadPayload('stream: not an integer');
  const v = BigInt(s);
  if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new BadPayload('stream: integer out of range');
  return v;
}

interface NodeEntry {
  id: string;
  fields: string[];
  deleted: boolean;
}

function readNode(masterId: string, items: string[]): NodeEntry[] {
  let p = 0;
  const live = int(items, p++);
  const deleted = int(items, p++);
  // Redis's validation counts down from live + deleted until it reaches 0: a negative total never
  // does. A node of no entries Redis takes (and keeps, empty); strata refuses it.
  if (live < 0n || deleted < 0n || live + deleted === 0n) throw new BadPayload('stream: entry counts');
  const masterCount = int(items, p++);
  if (masterCount < 0n || masterCount > BigInt(items.length)) throw new BadPayload('stream: master fields');
  const master = items.slice(p, p + Number(masterCount));
  p += Number(masterCount);
  if (int(items, p++) !== 0n) throw new BadPayload('stream: master entry terminator');
  const masterMs = msOf(masterId);
  const masterSeq = seqOf(masterId);
  const out: NodeEntry[] = [];
  for (let k = live + deleted; k > 0n; k--) {
    if (p >= items.length) throw new BadPayload('stream: entries missing');
    const flags = int(items, p++);
    const ms = (masterMs + int(items, p++) + U64) % U64;
    const seq = (masterSeq + int(items, p++) + U64) % U64;
    let n = masterCount;
    const fields: string[] = [];
    if ((flags & BigInt(FLAG_SAMEFIELDS)) !== 0n) {
      if (p + Number(n) > items.length) throw new BadPayload('stream: values missing');
      for (let i = 0; i < Number(n); i++) fields.push(master[i], items[p++]);
    } else {
      n = int(items, p++);
      if (n < 0n || p + 2 * Number(n) > items.length) throw new BadPayload('stream: fields missing');
      for (let i = 0; i < 2 * Number(n); i++) fields.push(items[p++]); // field, value, field, value
    }
    const extra = (flags & BigInt(FLAG_SAMEFIELDS)) !== 0n ? 3n : 4n + n;
    if (int(items, p++) !== n + extra) throw new BadPayload('stream: lp-count');
    out.push({ id: hexId(ms, seq), fields, deleted: (flags & BigInt(FLAG_DELETED)) !== 0n });
  }
  if (p !== items.length) throw new BadPayload('stream: trailing elements');
  return out;
}

export function restoreStream(r: RdbReader, t: number): StreamValue {
  const nodeCount = r.len();
  const nodes: { masterId: string; masterFields: string[]; entries: NodeEntry[] }[] = [];
  const keys = new Set<string>();
  for (let i = 0; i < nodeCount; i++) {
    const key = r.string();
    if (key.length !== 16) r.fail('stream node key is not an ID');
    const masterId = key.toString('hex');
    const items = decodeListpack(r.string(), false);
    if (items === null) r.fail('stream listpack integrity check failed');
    if (keys.has(masterId)) r.fail('stream node added twice');
    keys.add(masterId);
    const entries = readNode(masterId, items);
    const masterCount = Number(items[2]);
    nodes.push({ masterId, masterFields: items.slice(3, 3 + masterCount), entries });
  }
  nodes.sort((a, b) => (a.masterId < b.masterId ? -1 : 1)); // the rax orders nodes by master ID
  let prev = '';
  let liveCount = 0;
  for (const n of nodes) {
    for (const e of n.entries) {
      if (e.id <= prev) r.fail('stream entries out of order');
      prev = e.id;
      if (!e.deleted) liveCount++;
    }
  }
  const length = r.lenBig();
  const lastId = hexId(r.lenBig(), r.lenBig());
  let firstId: string | null = null;
  let maxDeletedId = '0'.repeat(32);
  let entriesAdded = length;
  if (t === RDB_TYPE.STREAM_LISTPACKS_2) {
    firstId = hexId(r.lenBig(), r.lenBig());
    maxDeletedId = hexId(r.lenBig(), r.lenBig());
    entriesAdded = r.lenBig();
  }
  if (length !== BigInt(liveCount)) r.fail('stream length is not the live entry count');
  if (prev !== '' && lastId < prev) r.fail('stream last ID below its last entry');
  const s = StreamValue.fromNodes(nodes);
  // Strata derives the first ID from the entries (Redis keeps it so: 0-0 when empty).
  if (firstId !== null && firstId !== s.firstId()) r.fail('stream first ID is not its first entry');
  s.lastId = lastId;
  s.maxDeletedId = maxDeletedId;
  s.entriesAdded = safe(r, entriesAdded);
  readGroups(r, t, s);
  return s;
}

/** A counter strata holds as a JS number: past 2^53 it could not be kept exactly, so it is refused. */
function safe(r: RdbReader, v: bigint): number {
  if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) r.fail('stream counter out of range');
  return Number(v);
}

/** A time in ms, refused past 2^53 (as safe()). */
function millis(r: RdbReader): number {
  const t = r.millis();
  if (!Number.isSafeInteger(t)) r.fail('stream time out of range');
  return t;
}

function readGroups(r: RdbReader, t: number, s: StreamValue): void {
  const groups = r.len();
  for (let i = 0; i < groups; i++) {
    const name = r.string().toString('latin1');
    const lastId = hexId(r.lenBig(), r.lenBig());
    let entriesRead = -1;
    if (t === RDB_TYPE.STREAM_LISTPACKS_2) {
      const read = BigInt.asIntN(64, r.lenBig());
      entriesRead = read === -1n ? -1 : safe(r, read);
    } else entriesRead = s.estimateDistance(lastId);
    const g = s.createGroup(name, lastId, entriesRead);
    if (g === null) r.fail('duplicate consumer group');
    const pending = new Map<string, { deliveryTime: number; deliveryCount: number; owned: boolean }>();
    const pelSize = r.len();
    for (let k = 0; k < pelSize; k++) {
      const id = r.take(16).toString('hex');
      const deliveryTime = millis(r);
      const deliveryCount = safe(r, r.lenBig());
      if (pending.has(id)) r.fail('duplicate pending entry');
      pending.set(id, { deliveryTime, deliveryCount, owned: false });
    }
    const consumers = r.len();
    for (let k = 0; k < consumers; k++) {
      const cname = r.string().toString('latin1');
      if (g.consumers.has(cname)) r.fail('duplicate consumer');
      const c = s.createConsumer(g, cname, millis(r));
      const owned = r.len();
      for (let j = 0; j < owned; j++) {
        const id = r.take(16).toString('hex');
        const p = pending.get(id);
        if (p === undefined) r.fail('consumer entry not in the group PEL');
        if (p.owned) r.fail('pending entry owned twice');
        p.owned = true;
        const nack = s.newNack(g, id, c, p.deliveryTime);
        nack.deliveryCount = p.deliveryCount;
      }
    }
    for (const p of pending.values()) if (!p.owned) r.fail('pending entry without a consumer');
  }
}
