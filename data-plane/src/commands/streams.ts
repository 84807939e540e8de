/**
 * Stream commands (Redis 7.0 t_stream.c): XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XREAD, the
 * consumer-group commands (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM), XINFO and XSETID.
 * The structure lives in store/stream.ts. Arguments are checked in Redis's order, so a bad command
 * gets the same error as from Redis.
 *
 * Blocking (XREAD/XREADGROUP BLOCK) uses c.block() with the stream type: when a stream key is
 * written, the command runs again. XREAD's "$" is rewritten to the stream's last ID at the time the
 * client blocked, so the re-run sees only newer entries; a re-run serves only the key that became
 * ready, with Redis's default COUNT of 1000 for blocked readers.
 */
import {
  CommandError,
  Err,
  StreamErr,
  noGroupForKey,
  noGroupKey,
  noGroupXreadgroup,
  wrongArity,
  xclaimBadOption,
  subcommandSyntax,
} from '../protocol/errors';
import type { Client } from '../server/client';
import type { Config } from '../server/config';
import { ValueType } from '../store/keyspace';
import {
  ConsumerGroup,
  MAX_ID,
  StreamValue,
  ZERO_ID,
  decrId,
  formatId,
  half,
  incrId,
  parseId,
  type Consumer,
  type Nack,
  type StreamEntry,
} from '../store/stream';
import { isOpt, msTimeoutArg, parseI64, parseInteger } from './args';
import { helpHandler } from './help';
import { written } from './ritual';
import { KEY1, type CommandSpec } from './table';

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

const ZERO_SEQ = '0000000000000000';
/** Redis's XREAD_BLOCKED_DEFAULT_COUNT. */
const BLOCKED_DEFAULT_COUNT = 1000;

/** stream-node-max-entries and stream-node-max-bytes, cached per Config (read on every XADD). */
let limitsConfig: Config | null = null;
let nodeMaxEntries = 100;
let nodeMaxBytes = 4096;

function nodeLimits(c: Client): void {
  const config = c.server.config;
  if (limitsConfig === config) return;
  limitsConfig = config;
  const load = (): void => {
    if (limitsConfig !== config) return;
    nodeMaxEntries = config.num('stream-node-max-entries');
    nodeMaxBytes = config.num('stream-node-max-bytes');
  };
  load();
  config.onChange('stream-node-max-entries', load);
  config.onChange('stream-node-max-bytes', load);
}

function readStream(c: Client, key: string): StreamValue | undefined {
  return c.db.get<StreamValue>(key, ValueType.Stream);
}

function writeStream(c: Client, key: string): StreamValue | undefined {
  return c.db.getForWrite<StreamValue>(key, ValueType.Stream);
}

/** getLongLongFromObjectOrReply. */
function llArg(s: string, error: string = Err.notInteger): number {
  const v = parseInteger(s);
  if (v === null) throw new CommandError(error);
  return v;
}

/** A strict ID (no "-" / "+"). */
function strictId(s: string): string {
  const p = parseId(s, false, true);
  if (p === null) throw new CommandError(StreamErr.invalidId);
  return p.id;
}

/** streamParseIntervalIDOrReply + the exclusive-bound adjustment. */
function intervalStart(s: string): string | null {
  if (s.length > 1 && s[0] === '(') {
    const p = parseId(s.slice(1), false, true);
    if (p === null) throw new CommandError(StreamErr.invalidId);
    const next = incrId(p.id);
    if (next === null) throw new CommandError(StreamErr.invalidStart);
    return next;
  }
  const p = parseId(s, false, false);
  if (p === null) throw new CommandError(StreamErr.invalidId);
  return p.id;
}

function intervalEnd(s: string): string {
  if (s.length > 1 && s[0] === '(') {
    const p = parseId(s.slice(1), true, true);
    if (p === null) throw new CommandError(StreamErr.invalidId);
    const prev = decrId(p.id);
    if (prev === null) throw new CommandError(StreamErr.invalidEnd);
    return prev;
  }
  const p = parseId(s, true, false);
  if (p === null) throw new CommandError(StreamErr.invalidId);
  return p.id;
}

function replyId(c: Client, id: string): void {
  c.reply.bulk(formatId(id));
}

/** One entry: [id, [field, value, ...]]. */
function replyEntry(c: Client, e: StreamEntry): void {
  c.reply.arrayLen(2);
  c.reply.bulk(e.sid);
  const f = e.fields;
  c.reply.arrayLen(f.length);
  for (let i = 0; i < f.length; i++) c.reply.bulk(f[i]);
}

/** Replies with the entries of a range as an array. */
function replyRange(
  c: Client,
  s: StreamValue,
  start: string,
  end: string,
  count: number,
  rev: boolean,
): void {
  const out: StreamEntry[] = [];
  s.range(start, end, count, rev, (e) => out.push(e));
  c.reply.arrayLen(out.length);
  for (const e of out) replyEntry(c, e);
}

function now(c: Client): number {
  return c.server.keyspace.now;
}

// ---------------------------------------------------------------------------------------------------
// XADD / XTRIM argument parsing (streamParseAddOrTrimArgsOrReply)
// ---------------------------------------------------------------------------------------------------

const enum Trim {
  None = 0,
  Maxlen = 1,
  Minid = 2,
}

interface AddTrimArgs {
  strategy: Trim;
  maxlen: number;
  minid: string;
  approx: boolean;
  limit: number;
  noMkstream: boolean;
  idGiven: boolean;
  seqGiven: boolean;
  id: string;
  /** XADD: index of the ID argument. */
  idPos: number;
}

function parseAddTrim(c: Client, argv: string[], xadd: boolean): AddTrimArgs {
  const a: AddTrimArgs = {
    strategy: Trim.None,
    maxlen: 0,
    minid: ZERO_ID,
    approx: false,
    limit: -1,
    noMkstream: false,
    idGiven: false,
    seqGiven: true,
    id: ZERO_ID,
    idPos: argv.length,
  };
  let limitGiven = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i];
    if (xadd && opt === '*') break;
    if (more > 0 && (isOpt(opt, 'MAXLEN') || isOpt(opt, 'MINID'))) {
      const maxlen = opt.length === 6;
      if (a.strategy !== Trim.None) throw new CommandError(StreamErr.maxlenMinid);
      a.approx = false;
      const next = argv[i + 1];
      if (more >= 2 && next === '~') {
        a.approx = true;
        i++;
      } else if (more >= 2 && next === '=') {
        i++;
      }
      if (maxlen) {
        a.maxlen = llArg(argv[i + 1]);
        if (a.maxlen < 0) throw new CommandError(StreamErr.maxlenNegative);
        a.strategy = Trim.Maxlen;
      } else {
        a.minid = strictId(argv[i + 1]);
        a.strategy = Trim.Minid;
      }
      i++;
    } else if (more > 0 && isOpt(opt, 'LIMIT')) {
      a.limit = llArg(argv[i + 1]);
      if (a.limit < 0) throw new CommandError(StreamErr.limitNegative);
      limitGiven = true;
      i++;
    } else if (xadd && isOpt(opt, 'NOMKSTREAM')) {
      a.noMkstream = true;
    } else if (xadd) {
      const p = parseId(opt, false, true, true);
      if (p === null) throw new CommandError(StreamErr.invalidId);
      a.id = p.id;
      a.seqGiven = p.seqGiven;
      a.idGiven = true;
      break;
    } else {
      throw new CommandError(Err.syntax);
    }
  }
  a.idPos = i;
  if (a.limit > 0 && a.strategy === Trim.None) throw new CommandError(StreamErr.limitWithoutStrategy);
  if (!xadd && a.strategy === Trim.None) throw new CommandError(StreamErr.xtrimNoStrategy);
  if (limitGiven) {
    if (!a.approx) throw new CommandError(StreamErr.limitWithoutApprox);
  } else if (a.approx) {
    nodeLimits(c);
    a.limit = 100 * nodeMaxEntries;
    if (a.limit <= 0 || a.limit > 1000000) a.limit = 1000000;
  } else {
    a.limit = 0;
  }
  return a;
}

function trimStream(s: StreamValue, a: AddTrimArgs): number {
  if (a.strategy === Trim.None) return 0;
  return s.trim(a.maxlen, a.strategy === Trim.Minid ? a.minid : null, a.approx, a.limit);
}

// ---------------------------------------------------------------------------------------------------
// XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID
// ---------------------------------------------------------------------------------------------------

/** Set by nextId when it already knows the reply form of the new ID. */
let autoSid: string | null = null;

/** The ID a new entry gets, or throws (streamAppendItem's checks). */
function nextId(s: StreamValue, a: AddTrimArgs): string {
  const last = s.lastId;
  let id: string;
  if (a.idGiven) {
    if (a.seqGiven) id = a.id;
    else if (a.id.slice(0, 16) === last.slice(0, 16)) {
      const next = incrId(last);
      if (next === null || next.slice(0, 16) !== last.slice(0, 16))
        throw new CommandError(StreamErr.xaddTooSmall);
      id = next;
    } else id = a.id;
  } else {
    const ms = Date.now();
    if (ms > parseInt(last.slice(0, 16), 16)) {
      // The common case: a new millisecond (the reply form is known without formatting).
      autoSid = ms + '-0';
      return half(ms) + ZERO_SEQ;
    }
    id = incrId(last) as string;
  }
  if (id <= last) throw new CommandError(StreamErr.xaddTooSmall);
  return id;
}

// XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...]
function xadd(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, true);
  const fieldPos = a.idPos + 1;
  const nf = argv.length - fieldPos;
  if (nf < 2 || nf % 2 === 1) throw new CommandError(wrongArity('xadd'));
  if (a.idGiven && a.seqGiven && a.id === ZERO_ID) throw new CommandError(StreamErr.xaddZero);
  const key = argv[1];
  let s = writeStream(c, key);
  let created = false;
  if (!s) {
    if (a.noMkstream) {
      c.reply.nullBulk();
      return;
    }
    s = new StreamValue();
    created = true;
  }
  if (s.lastId === MAX_ID) throw new CommandError(StreamErr.exhausted);
  autoSid = null;
  const id = nextId(s, a);
  const sid = autoSid ?? formatId(id);
  nodeLimits(c);
  s.append(id, sid, argv.slice(fieldPos), nodeMaxEntries, nodeMaxBytes);
  if (created) c.db.set(key, ValueType.Stream, s);
  c.reply.bulk(sid);
  written(c, key, 't', 'xadd');
  if (a.strategy !== Trim.None && trimStream(s, a) > 0) {
    c.db.modified(key);
    c.server.notifier.notify('t', 'xtrim', key, c.db.index);
  }
}

// XLEN key
function xlen(c: Client, argv: string[]): void {
  const s = readStream(c, argv[1]);
  c.reply.integer(s ? s.length : 0);
}

function rangeGeneric(c: Client, argv: string[], rev: boolean): void {
  const start = intervalStart(rev ? argv[3] : argv[2]);
  const end = intervalEnd(rev ? argv[2] : argv[3]);
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (isOpt(argv[j], 'COUNT') && j + 1 < argv.length) {
      count = llArg(argv[j + 1]);
      if (count < 0) count = 0;
      j++;
    } else throw new CommandError(Err.syntax);
  }
  const s = readStream(c, argv[1]);
  if (!s) {
    c.reply.arrayLen(0);
    return;
  }
  if (count === 0) {
    c.reply.nullArray();
    return;
  }
  replyRange(c, s, start as string, end, count === -1 ? 0 : count, rev);
}

// XRANGE key start end [COUNT count]
function xrange(c: Client, argv: string[]): void {
  rangeGeneric(c, argv, false);
}

// XREVRANGE key end start [COUNT count]
function xrevrange(c: Client, argv: string[]): void {
  rangeGeneric(c, argv, true);
}

// XDEL key id [id ...]
function xdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = writeStream(c, key);
  if (!s) {
    c.reply.integer(0);
    return;
  }
  const ids: string[] = [];
  for (let j = 2; j < argv.length; j++) ids.push(strictId(argv[j]));
  let deleted = 0;
  for (const id of ids) {
    if (s.delete(id)) {
      if (id > s.maxDeletedId) s.maxDeletedId = id;
      deleted++;
    }
  }
  if (deleted > 0) {
    written(c, key, 't', 'xdel');
    c.server.dirty += deleted - 1;
  }
  c.reply.integer(deleted);
}

// XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]
function xtrim(c: Client, argv: string[]): void {
  // Redis parses the arguments before it looks the key up: a bad argument is an error even when
  // the key is missing.
  const a = parseAddTrim(c, argv, false);
  const key = argv[1];
  const s = writeStream(c, key);
  if (!s) {
    c.reply.integer(0);
    return;
  }
  const deleted = trimStream(s, a);
  if (deleted > 0) {
    written(c, key, 't', 'xtrim');
    c.server.dirty += deleted - 1;
  }
  c.reply.integer(deleted);
}

// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
function xsetid(c: Client, argv: string[]): void {
  const id = strictId(argv[2]);
  let entriesAdded = -1;
  let maxDel = ZERO_ID;
  for (let i = 3; i < argv.length; i += 2) {
    const more = argv.length - 1 - i;
    if (more > 0 && isOpt(argv[i], 'ENTRIESADDED')) {
      entriesAdded = llArg(argv[i + 1]);
      if (entriesAdded < 0) throw new CommandError(StreamErr.entriesAddedNegative);
    } else if (more > 0 && isOpt(argv[i], 'MAXDELETEDID')) {
      maxDel = strictId(argv[i + 1]);
      if (id < maxDel) throw new CommandError(StreamErr.xsetidMaxDeleted);
    } else throw new CommandError(Err.syntax);
  }
  const key = argv[1];
  const s = writeStream(c, key);
  if (!s) throw new CommandError(StreamErr.noSuchKey);
  if (s.length > 0) {
    if (id < s.lastValidId()) throw new CommandError(StreamErr.xsetidSmaller);
    if (entriesAdded !== -1 && s.length > entriesAdded) throw new CommandError(StreamErr.xsetidEntriesAdded);
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (maxDel !== ZERO_ID) s.maxDeletedId = maxDel;
  written(c, key, 't', 'xsetid');
  c.reply.ok();
}

// ---------------------------------------------------------------------------------------------------
// XREAD, XREADGROUP
// ---------------------------------------------------------------------------------------------------

/** Key positions of XREAD/XREADGROUP: the first half of the arguments after STREAMS. */
function xreadKeys(argv: readonly string[]): number[] {
  const group = argv[0].length === 10;
  for (let i = 1; i < argv.length; i++) {
    if (group && isOpt(argv[i], 'GROUP')) {
      i += 2;
      continue;
    }
    if (isOpt(argv[i], 'STREAMS')) {
      const n = argv.length - i - 1;
      if (n % 2 !== 0) return [];
      const out: number[] = [];
      for (let k = i + 1; k <= i + n / 2; k++) out.push(k);
      return out;
    }
  }
  return [];
}

const GT_MARK = '>';

function xreadGeneric(c: Client, argv: string[], spec: CommandSpec): void {
  const xreadgroup = argv[0].length === 10;
  let deadline = -1;
  let count = 0;
  let streamsArg = 0;
  let nstreams = 0;
  let noack = false;
  let groupName: string | null = null;
  let consumerName = '';
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const o = argv[i];
    if (more > 0 && isOpt(o, 'BLOCK')) {
      // Redis refuses BLOCK inside scripts (before it parses the timeout).
      if (c === c.server.scripting.luaClient)
        throw new CommandError(`ERR ${argv[0]} command is not allowed with BLOCK option from scripts`);
      i++;
      deadline = msTimeoutArg(argv[i], Date.now());
    } else if (more > 0 && isOpt(o, 'COUNT')) {
      i++;
      count = llArg(argv[i]);
      if (count < 0) count = 0;
    } else if (more > 0 && isOpt(o, 'STREAMS')) {
      streamsArg = i + 1;
      nstreams = argv.length - streamsArg;
      if (nstreams % 2 !== 0)
        throw new CommandError(xreadgroup ? StreamErr.xreadgroupUnbalanced : StreamErr.xreadUnbalanced);
      nstreams /= 2;
      break;
    } else if (more >= 2 && isOpt(o, 'GROUP')) {
      if (!xreadgroup) throw new CommandError(StreamErr.groupOnlyXreadgroup);
      groupName = argv[i + 1];
      consumerName = argv[i + 2];
      i += 2;
    } else if (isOpt(o, 'NOACK')) {
      if (!xreadgroup) throw new CommandError(StreamErr.noackOnlyXreadgroup);
      noack = true;
    } else throw new CommandError(Err.syntax);
  }
  if (streamsArg === 0) throw new CommandError(Err.syntax);
  if (xreadgroup && groupName === null) throw new CommandError(StreamErr.missingGroup);

  const ids: string[] = new Array<string>(nstreams);
  const groups: (ConsumerGroup | null)[] = new Array<ConsumerGroup | null>(nstreams);
  let dollar = false;
  const serving = c.server.blocking.servingKey;
  for (let k = 0; k < nstreams; k++) {
    const key = argv[streamsArg + k];
    if (xreadgroup && key === serving) {
      // A blocked XREADGROUP whose stream or group went away is unblocked with an error (Redis 7.0).
      const v = c.db.peek(key);
      if (!v || v.type !== ValueType.Stream) throw new CommandError(StreamErr.blockedKeyGone);
      if (!(v.value as StreamValue).group(groupName as string))
        throw new CommandError(StreamErr.blockedGroupGone);
    }
    const arg = argv[streamsArg + nstreams + k];
    const s = c.db.get<StreamValue>(key, ValueType.Stream);
    groups[k] = null;
    if (groupName !== null) {
      const g = s?.group(groupName);
      if (!g) throw new CommandError(noGroupXreadgroup(key, groupName));
      groups[k] = g;
    }
    if (arg === '$') {
      if (xreadgroup) throw new CommandError(StreamErr.dollarInXreadgroup);
      ids[k] = s ? s.lastId : ZERO_ID;
      dollar = true;
      continue;
    }
    if (arg === '>') {
      if (!xreadgroup) throw new CommandError(StreamErr.gtOnlyXreadgroup);
      ids[k] = GT_MARK;
      continue;
    }
    ids[k] = strictId(arg);
    // Redis stores '>' as the largest ID: given explicitly, that ID means new entries too.
    if (xreadgroup && ids[k] === MAX_ID) ids[k] = GT_MARK;
  }

  if (serving !== null && count === 0) count = BLOCKED_DEFAULT_COUNT;
  // Which streams can be served now, and from where.
  const serve: number[] = [];
  const starts: string[] = [];
  for (let k = 0; k < nstreams; k++) {
    const key = argv[streamsArg + k];
    if (serving !== null && key !== serving) continue;
    const s = c.db.peek(key);
    if (!s || s.type !== ValueType.Stream) continue;
    const stream = s.value as StreamValue;
    const g = groups[k];
    let gt = ids[k];
    if (g) {
      if (gt !== GT_MARK) {
        serve.push(k);
        starts.push(gt);
        continue;
      }
      if (stream.length > 0 && stream.lastValidId() > g.lastId) gt = g.lastId;
      else continue;
    } else if (stream.length === 0 || stream.lastValidId() <= gt) continue;
    serve.push(k);
    starts.push(gt);
  }
  if (serve.length > 0) {
    if (c.reply.resp === 2) c.reply.arrayLen(serve.length);
    else c.reply.mapLen(serve.length);
    for (let j = 0; j < serve.length; j++) {
      const k = serve[j];
      const key = argv[streamsArg + k];
      const stream = c.db.peek(key)!.value as StreamValue;
      const start = incrId(starts[j]) ?? MAX_ID;
      if (c.reply.resp === 2) c.reply.arrayLen(2);
      c.reply.bulk(key);
      const g = groups[k];
      if (g) {
        let consumer = g.consumers.get(consumerName);
        if (!consumer) {
          consumer = stream.createConsumer(g, consumerName, now(c));
          c.server.notifier.notify('t', 'xgroup-createconsumer', key, c.db.index);
        }
        consumer.seenTime = now(c);
        if (ids[k] !== GT_MARK) replyConsumerHistory(c, stream, start, count, consumer);
        else replyGroupRange(c, stream, start, count, g, consumer, noack);
        c.db.modified(key);
        c.server.dirty++;
      } else {
        replyRange(c, stream, start, MAX_ID, count, false);
      }
    }
    return;
  }
  if (deadline !== -1) {
    if (!c.canBlock) {
      c.reply.nullArray();
      return;
    }
    const keys = argv.slice(streamsArg, streamsArg + nstreams);
    let blockArgv = argv;
    if (dollar) {
      // "$" means the last ID when the client blocked: the re-run must not read it afresh.
      blockArgv = argv.slice();
      for (let k = 0; k < nstreams; k++)
        if (argv[streamsArg + nstreams + k] === '$') blockArgv[streamsArg + nstreams + k] = formatId(ids[k]);
    }
    // XREADGROUP wakes on any change of its keys (deleted, retyped, group destroyed: an error).
    c.block(spec, blockArgv, keys, deadline, replyNullArray, xreadgroup ? undefined : ValueType.Stream);
    return;
  }
  c.reply.nullArray();
}

const replyNullArray = (c: Client): void => c.reply.nullArray();

/** New entries for a group (">"): delivers them, advancing the group and filling the PELs. */
function replyGroupRange(
  c: Client,
  s: StreamValue,
  start: string,
  count: number,
  g: ConsumerGroup,
  consumer: Consumer,
  noack: boolean,
): void {
  const out: StreamEntry[] = [];
  s.range(start, MAX_ID, count, false, (e) => out.push(e));
  c.reply.arrayLen(out.length);
  const t = now(c);
  for (const e of out) {
    if (e.id > g.lastId) s.advanceGroup(g, e.id);
    replyEntry(c, e);
    if (noack) continue;
    const existing = g.pel.get(e.id);
    if (!existing) {
      s.newNack(g, e.id, consumer, t);
    } else {
      existing.consumer.pel.delete(e.id);
      existing.consumer = consumer;
      existing.deliveryTime = t;
      existing.deliveryCount = 1;
      consumer.pel.set(e.id, existing);
    }
  }
}

/** A consumer's own pending entries from start (XREADGROUP with an explicit ID). */
function replyConsumerHistory(
  c: Client,
  s: StreamValue,
  start: string,
  count: number,
  consumer: Consumer,
): void {
  const ids = consumer.sortedIds();
  let i = lowerBoundIds(ids, start);
  const n = count > 0 ? Math.min(count, ids.length - i) : ids.length - i;
  c.reply.arrayLen(n);
  const t = now(c);
  for (const end = i + n; i < end; i++) {
    const id = ids[i];
    const e = s.find(id);
    if (!e) {
      c.reply.arrayLen(2);
      replyId(c, id);
      c.reply.nullArray();
    } else {
      replyEntry(c, e);
      const nack = consumer.pel.get(id)!;
      nack.deliveryTime = t;
      nack.deliveryCount++;
    }
  }
}

function lowerBoundIds(a: readonly string[], id: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
function xread(c: Client, argv: string[]): void {
  xreadGeneric(c, argv, XREAD_SPEC);
}

// XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]
function xreadgroup(c: Client, argv: string[]): void {
  xreadGeneric(c, argv, XREADGROUP_SPEC);
}

// ---------------------------------------------------------------------------------------------------
// Consumer groups
// ---------------------------------------------------------------------------------------------------

/** XGROUP's common part: the key (and for some subcommands the group) must exist. */
function xgroupLookup(
  c: Client,
  argv: string[],
  mkstream: boolean,
  needGroup: boolean,
): { s: StreamValue | undefined; g: ConsumerGroup | undefined } {
  const s = writeStream(c, argv[2]);
  let g: ConsumerGroup | undefined;
  if (!mkstream) {
    if (!s) throw new CommandError(StreamErr.xgroupNoKey);
    g = s.group(argv[3]);
    if (!g && needGroup) throw new CommandError(noGroupForKey(argv[3], argv[2]));
  }
  return { s, g };
}

function entriesReadArg(s: string): number {
  const v = llArg(s);
  if (v < 0 && v !== -1) throw new CommandError(StreamErr.entriesReadRange);
  return v;
}

// XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]
function xgroupCreate(c: Client, argv: string[]): void {
  let mkstream = false;
  let entriesRead = -1;
  for (let i = 5; i < argv.length;) {
    if (isOpt(argv[i], 'MKSTREAM')) {
      mkstream = true;
      i++;
    } else if (isOpt(argv[i], 'ENTRIESREAD') && i + 1 < argv.length) {
      entriesRead = entriesReadArg(argv[i + 1]);
      i += 2;
    } else throw new CommandError(subcommandSyntax('xgroup', argv[1]));
  }
  let { s } = xgroupLookup(c, argv, mkstream, false);
  if (argv.length > 8) throw new CommandError(subcommandSyntax('xgroup', argv[1]));
  const key = argv[2];
  const id = argv[4] === '$' ? (s ? s.lastId : ZERO_ID) : strictId(argv[4]);
  if (!s) {
    s = new StreamValue();
    c.db.set(key, ValueType.Stream, s);
    c.db.modified(key);
  }
  if (!s.createGroup(argv[3], id, entriesRead)) throw new CommandError(StreamErr.busyGroup);
  written(c, key, 't', 'xgroup-create');
  c.reply.ok();
}

// XGROUP SETID key group id|$ [ENTRIESREAD entries-read]
function xgroupSetid(c: Client, argv: string[]): void {
  const { s, g } = xgroupLookup(c, argv, false, true);
  if (argv.length !== 5 && argv.length !== 7) throw new CommandError(subcommandSyntax('xgroup', argv[1]));
  let id: string;
  if (argv[4] === '$') id = s!.lastId;
  else {
    const p = parseId(argv[4], false, false);
    if (p === null) throw new CommandError(StreamErr.invalidId);
    id = p.id;
  }
  let entriesRead = -1;
  if (argv.length === 7) {
    if (!isOpt(argv[5], 'ENTRIESREAD')) throw new CommandError(subcommandSyntax('xgroup', argv[1]));
    entriesRead = entriesReadArg(argv[6]);
  }
  g!.lastId = id;
  g!.entriesRead = entriesRead;
  written(c, argv[2], 't', 'xgroup-setid');
  c.reply.ok();
}

// XGROUP DESTROY key group
function xgroupDestroy(c: Client, argv: string[]): void {
  const { s, g } = xgroupLookup(c, argv, false, false);
  if (!g) {
    c.reply.integer(0);
    return;
  }
  s!.destroyGroup(argv[3]);
  written(c, argv[2], 't', 'xgroup-destroy');
  c.reply.integer(1);
}

// XGROUP CREATECONSUMER key group consumer
function xgroupCreateconsumer(c: Client, argv: string[]): void {
  const { s, g } = xgroupLookup(c, argv, false, true);
  if (g!.consumers.has(argv[4])) {
    c.reply.integer(0);
    return;
  }
  s!.createConsumer(g!, argv[4], now(c));
  written(c, argv[2], 't', 'xgroup-createconsumer');
  c.reply.integer(1);
}

// XGROUP DELCONSUMER key group consumer
function xgroupDelconsumer(c: Client, argv: string[]): void {
  const { s, g } = xgroupLookup(c, argv, false, true);
  const consumer = g!.consumers.get(argv[4]);
  let pending = 0;
  if (consumer) {
    pending = s!.deleteConsumer(g!, consumer);
    written(c, argv[2], 't', 'xgroup-delconsumer');
  }
  c.reply.integer(pending);
}

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

// XACK key group id [id ...]
function xack(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = readStream(c, key);
  const g = s?.group(argv[2]);
  if (!s || !g) {
    c.reply.integer(0);
    return;
  }
  const ids: string[] = [];
  for (let j = 3; j < argv.length; j++) ids.push(strictId(argv[j]));
  let acked = 0;
  for (const id of ids) {
    const n = g.pel.get(id);
    if (n) {
      s.ack(g, n);
      acked++;
    }
  }
  if (acked > 0) {
    c.db.modified(key);
    c.server.dirty += acked;
  }
  c.reply.integer(acked);
}

// XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
function xpending(c: Client, argv: string[]): void {
  const justInfo = argv.length === 3;
  if (argv.length !== 3 && (argv.length < 6 || argv.length > 9)) throw new CommandError(Err.syntax);
  let minIdle = 0;
  let count = 0;
  let start = ZERO_ID;
  let end = MAX_ID;
  let consumerName: string | null = null;
  if (argv.length >= 6) {
    let si = 3;
    if (isOpt(argv[3], 'IDLE')) {
      minIdle = llArg(argv[4]);
      if (argv.length < 8) throw new CommandError(Err.syntax);
      si += 2;
    }
    count = llArg(argv[si + 2]);
    if (count < 0) count = 0;
    start = intervalStart(argv[si]) as string;
    end = intervalEnd(argv[si + 1]);
    if (si + 3 < argv.length) consumerName = argv[si + 3];
  }
  const key = argv[1];
  const s = readStream(c, key);
  const g = s?.group(argv[2]);
  if (!s || !g) throw new CommandError(noGroupKey(key, argv[2]));
  if (justInfo) {
    c.reply.arrayLen(4);
    c.reply.integer(g.pel.size);
    if (g.pel.size === 0) {
      c.reply.nullBulk();
      c.reply.nullBulk();
      c.reply.nullArray();
      return;
    }
    replyId(c, g.pelOrder[0]);
    replyId(c, g.pelOrder[g.pelOrder.length - 1]);
    const names = [...g.consumers.values()].filter((x) => x.pel.size > 0).sort(byName);
    c.reply.arrayLen(names.length);
    for (const cons of names) {
      c.reply.arrayLen(2);
      c.reply.bulk(cons.name);
      c.reply.bulk(String(cons.pel.size));
    }
    return;
  }
  let ids: readonly string[];
  let i: number;
  if (consumerName !== null) {
    const cons = g.consumers.get(consumerName);
    if (!cons) {
      c.reply.arrayLen(0);
      return;
    }
    ids = cons.sortedIds();
    i = lowerBoundIds(ids, start);
  } else {
    ids = g.pelOrder;
    i = g.pelSeek(start);
  }
  const t = now(c);
  const out: Nack[] = [];
  for (; count > 0 && i < ids.length && ids[i] <= end; i++) {
    const n = g.pel.get(ids[i])!;
    if (minIdle && t - n.deliveryTime < minIdle) continue;
    out.push(n);
    count--;
  }
  c.reply.arrayLen(out.length);
  for (const n of out) {
    c.reply.arrayLen(4);
    replyId(c, n.id);
    c.reply.bulk(n.consumer.name);
    c.reply.integer(Math.max(0, t - n.deliveryTime));
    c.reply.integer(n.deliveryCount);
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Moves a NACK to a consumer (creating the consumer on first use), as XCLAIM/XAUTOCLAIM do. */
function claimTo(
  c: Client,
  s: StreamValue,
  g: ConsumerGroup,
  key: string,
  name: string,
  consumer: Consumer | null,
): Consumer {
  if (consumer) return consumer;
  let cons = g.consumers.get(name);
  if (!cons) {
    cons = s.createConsumer(g, name, now(c));
    c.server.notifier.notify('t', 'xgroup-createconsumer', key, c.db.index);
  }
  cons.seenTime = now(c);
  return cons;
}

// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-ms] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]
function xclaim(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = readStream(c, key);
  const g = s?.group(argv[2]);
  if (!s || !g) throw new CommandError(noGroupKey(key, argv[2]));
  let minIdle = llArg(argv[4], StreamErr.minIdleTimeClaim);
  if (minIdle < 0) minIdle = 0;
  const ids: string[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const p = parseId(argv[j], false, true);
    if (p === null) break;
    ids.push(p.id);
  }
  const t = now(c);
  let deliveryTime = -1;
  let retryCount = -1;
  let force = false;
  let justId = false;
  let lastId = ZERO_ID;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j];
    if (isOpt(opt, 'FORCE')) force = true;
    else if (isOpt(opt, 'JUSTID')) justId = true;
    else if (more > 0 && isOpt(opt, 'IDLE')) deliveryTime = t - llArg(argv[++j], StreamErr.invalidIdleTime);
    else if (more > 0 && isOpt(opt, 'TIME')) deliveryTime = llArg(argv[++j], StreamErr.invalidTime);
    else if (more > 0 && isOpt(opt, 'RETRYCOUNT')) retryCount = llArg(argv[++j], StreamErr.invalidRetryCount);
    else if (more > 0 && isOpt(opt, 'LASTID')) lastId = strictId(argv[++j]);
    else throw new CommandError(xclaimBadOption(opt));
  }
  let changed = false;
  if (lastId > g.lastId) {
    g.lastId = lastId;
    changed = true;
  }
  if (deliveryTime === -1 || deliveryTime < 0 || deliveryTime > t) deliveryTime = t;
  let consumer: Consumer | null = null;
  const replies: (StreamEntry | string | null)[] = [];
  for (const id of ids) {
    let nack = g.pel.get(id);
    const entry = s.find(id);
    if (!entry) {
      if (nack) {
        s.ack(g, nack);
        changed = true;
      }
      continue;
    }
    let fresh = false;
    if (force && !nack) fresh = true;
    if (!nack && !fresh) continue;
    if (nack && minIdle && t - nack.deliveryTime < minIdle) continue;
    consumer = claimTo(c, s, g, key, argv[3], consumer);
    if (fresh) {
      nack = s.newNack(g, id, consumer, deliveryTime);
      nack.deliveryCount = 0;
    } else if (nack!.consumer !== consumer) {
      nack!.consumer.pel.delete(id);
      nack!.consumer = consumer;
      consumer.pel.set(id, nack!);
    }
    nack!.deliveryTime = deliveryTime;
    if (retryCount >= 0) nack!.deliveryCount = retryCount;
    else if (!justId) nack!.deliveryCount++;
    replies.push(justId ? id : entry);
    changed = true;
  }
  if (changed) {
    c.db.modified(key);
    c.server.dirty++;
  }
  c.reply.arrayLen(replies.length);
  for (const r of replies) {
    if (typeof r === 'string') replyId(c, r);
    else if (r === null) c.reply.nullBulk();
    else replyEntry(c, r);
  }
}

// XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
function xautoclaim(c: Client, argv: string[]): void {
  let minIdle = llArg(argv[4], StreamErr.minIdleTime);
  if (minIdle < 0) minIdle = 0;
  const start = intervalStart(argv[5]) as string;
  let count = 100;
  let justId = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (more > 0 && isOpt(argv[j], 'COUNT')) {
      const v = parseI64(argv[j + 1]);
      if (v === null || v < 1n || v > 576460752303423487n) throw new CommandError(StreamErr.xautoclaimCount);
      count = Number(v);
      j++;
    } else if (isOpt(argv[j], 'JUSTID')) justId = true;
    else throw new CommandError(Err.syntax);
  }
  const key = argv[1];
  const s = readStream(c, key);
  const g = s?.group(argv[2]);
  if (!s || !g) throw new CommandError(noGroupKey(key, argv[2]));
  let attempts = count * 10;
  const t = now(c);
  let consumer: Consumer | null = null;
  const claimed: (StreamEntry | string)[] = [];
  const deletedIds: string[] = [];
  const order = g.pelOrder;
  let i = g.pelSeek(start);
  while (attempts-- > 0 && count > 0 && i < order.length) {
    const id = order[i];
    const nack = g.pel.get(id)!;
    const entry = s.find(id);
    if (!entry) {
      s.ack(g, nack); // removes order[i]
      deletedIds.push(id);
      count--;
      continue;
    }
    i++;
    if (minIdle && t - nack.deliveryTime < minIdle) continue;
    consumer = claimTo(c, s, g, key, argv[3], consumer);
    if (nack.consumer !== consumer) {
      nack.consumer.pel.delete(id);
      nack.consumer = consumer;
      consumer.pel.set(id, nack);
    }
    nack.deliveryTime = t;
    if (!justId) nack.deliveryCount++;
    claimed.push(justId ? id : entry);
    count--;
  }
  const cursor = i < order.length ? order[i] : ZERO_ID;
  if (claimed.length > 0 || deletedIds.length > 0) {
    c.db.modified(key);
    c.server.dirty += claimed.length + deletedIds.length;
  }
  c.reply.arrayLen(3);
  replyId(c, cursor);
  c.reply.arrayLen(claimed.length);
  for (const r of claimed) {
    if (typeof r === 'string') replyId(c, r);
    else replyEntry(c, r);
  }
  c.reply.arrayLen(deletedIds.length);
  for (const id of deletedIds) replyId(c, id);
}

// ---------------------------------------------------------------------------------------------------
// XINFO
// ---------------------------------------------------------------------------------------------------

function xinfoStreamValue(c: Client, key: string): StreamValue {
  const s = readStream(c, key);
  if (!s) throw new CommandError(StreamErr.noSuchKey);
  return s;
}

function replyNullableInt(c: Client, n: number | null): void {
  if (n === null) c.reply.nullBulk();
  else c.reply.integer(n);
}

// XINFO CONSUMERS key group
function xinfoConsumers(c: Client, argv: string[]): void {
  const s = xinfoStreamValue(c, argv[2]);
  const g = s.group(argv[3]);
  if (!g) throw new CommandError(noGroupForKey(argv[3], argv[2]));
  const list = [...g.consumers.values()].sort(byName);
  const t = now(c);
  c.reply.arrayLen(list.length);
  for (const cons of list) {
    c.reply.mapLen(3);
    c.reply.bulk('name');
    c.reply.bulk(cons.name);
    c.reply.bulk('pending');
    c.reply.integer(cons.pel.size);
    c.reply.bulk('idle');
    c.reply.integer(Math.max(0, t - cons.seenTime));
  }
}

// XINFO GROUPS key
function xinfoGroups(c: Client, argv: string[]): void {
  const s = xinfoStreamValue(c, argv[2]);
  const groups = s.sortedGroups();
  c.reply.arrayLen(groups.length);
  for (const g of groups) {
    c.reply.mapLen(6);
    c.reply.bulk('name');
    c.reply.bulk(g.name);
    c.reply.bulk('consumers');
    c.reply.integer(g.consumers.size);
    c.reply.bulk('pending');
    c.reply.integer(g.pel.size);
    c.reply.bulk('last-delivered-id');
    replyId(c, g.lastId);
    c.reply.bulk('entries-read');
    replyNullableInt(c, g.entriesRead === -1 ? null : g.entriesRead);
    c.reply.bulk('lag');
    replyNullableInt(c, s.lag(g));
  }
}

// XINFO STREAM key [FULL [COUNT count]]
function xinfoStream(c: Client, argv: string[]): void {
  // Redis looks the key up before it reads the options.
  const s = xinfoStreamValue(c, argv[2]);
  let full = false;
  let count = 10;
  if (argv.length > 3) {
    if (!isOpt(argv[3], 'FULL')) throw new CommandError(subcommandSyntax('xinfo', argv[1]));
    full = true;
    if (argv.length > 4) {
      if (argv.length !== 6 || !isOpt(argv[4], 'COUNT'))
        throw new CommandError(subcommandSyntax('xinfo', argv[1]));
      count = llArg(argv[5]);
      if (count < 0) count = 0;
    }
  }
  c.reply.mapLen(full ? 9 : 10);
  c.reply.bulk('length');
  c.reply.integer(s.length);
  c.reply.bulk('radix-tree-keys');
  c.reply.integer(s.nodeCount());
  c.reply.bulk('radix-tree-nodes');
  c.reply.integer(s.radixNodes());
  c.reply.bulk('last-generated-id');
  replyId(c, s.lastId);
  c.reply.bulk('max-deleted-entry-id');
  replyId(c, s.maxDeletedId);
  c.reply.bulk('entries-added');
  c.reply.integer(s.entriesAdded);
  c.reply.bulk('recorded-first-entry-id');
  replyId(c, s.firstId());
  if (!full) {
    c.reply.bulk('groups');
    c.reply.integer(s.groups ? s.groups.size : 0);
    c.reply.bulk('first-entry');
    const first = s.firstEntry();
    if (first) replyEntry(c, first);
    else c.reply.nullBulk();
    c.reply.bulk('last-entry');
    const last = s.lastEntry();
    if (last) replyEntry(c, last);
    else c.reply.nullBulk();
    return;
  }
  c.reply.bulk('entries');
  replyRange(c, s, ZERO_ID, MAX_ID, count, false);
  c.reply.bulk('groups');
  const groups = s.sortedGroups();
  c.reply.arrayLen(groups.length);
  for (const g of groups) {
    c.reply.mapLen(7);
    c.reply.bulk('name');
    c.reply.bulk(g.name);
    c.reply.bulk('last-delivered-id');
    replyId(c, g.lastId);
    c.reply.bulk('entries-read');
    replyNullableInt(c, g.entriesRead === -1 ? null : g.entriesRead);
    c.reply.bulk('lag');
    replyNullableInt(c, s.lag(g));
    c.reply.bulk('pel-count');
    c.reply.integer(g.pel.size);
    c.reply.bulk('pending');
    const np = count ? Math.min(count, g.pelOrder.length) : g.pelOrder.length;
    c.reply.arrayLen(np);
    for (let i = 0; i < np; i++) {
      const n = g.pel.get(g.pelOrder[i])!;
      c.reply.arrayLen(4);
      replyId(c, n.id);
      c.reply.bulk(n.consumer.name);
      c.reply.integer(n.deliveryTime);
      c.reply.integer(n.deliveryCount);
    }
    c.reply.bulk('consumers');
    const list = [...g.consumers.values()].sort(byName);
    c.reply.arrayLen(list.length);
    for (const cons of list) {
      c.reply.mapLen(4);
      c.reply.bulk('name');
      c.reply.bulk(cons.name);
      c.reply.bulk('seen-time');
      c.reply.integer(cons.seenTime);
      c.reply.bulk('pel-count');
      c.reply.integer(cons.pel.size);
      c.reply.bulk('pending');
      const ids = cons.sortedIds();
      const nc = count ? Math.min(count, ids.length) : ids.length;
      c.reply.arrayLen(nc);
      for (let i = 0; i < nc; i++) {
        const n = cons.pel.get(ids[i])!;
        c.reply.arrayLen(3);
        replyId(c, n.id);
        c.reply.integer(n.deliveryTime);
        c.reply.integer(n.deliveryCount);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Table (arity, flags, keys, categories and docs as in Redis 7.0's src/commands/*.json)
// ---------------------------------------------------------------------------------------------------

const KEY2 = { first: 2, last: 2, step: 1 };

const XREAD_SPEC: CommandSpec = {
  name: 'xread',
  arity: -4,
  flags: ['readonly', 'blocking', 'movablekeys'],
  getKeys: xreadKeys,
  acl: ['stream'],
  group: 'stream',
  summary:
    'Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.',
  since: '5.0.0',
  complexity:
    'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.',
  handler: xread,
};

const XREADGROUP_SPEC: CommandSpec = {
  name: 'xreadgroup',
  arity: -7,
  flags: ['write', 'blocking', 'movablekeys'],
  getKeys: xreadKeys,
  acl: ['stream'],
  group: 'stream',
  summary:
    'Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.',
  since: '5.0.0',
  complexity:
    'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.',
  handler: xreadgroup,
};

function cmd(
  name: string,
  arity: number,
  flags: CommandSpec['flags'],
  summary: string,
  since: string,
  handler: CommandSpec['handler'],
  keys = KEY1,
): CommandSpec {
  return { name, arity, flags, keys, acl: ['stream'], group: 'stream', summary, since, handler };
}

export const streamCommands: CommandSpec[] = [
  cmd('xadd', -5, ['write', 'denyoom', 'fast'], 'Appends a new entry to a stream', '5.0.0', xadd),
  cmd('xlen', 2, ['readonly', 'fast'], 'Return the number of entries in a stream', '5.0.0', xlen),
  cmd(
    'xrange',
    -4,
    ['readonly'],
    'Return a range of elements in a stream, with IDs matching the specified IDs interval',
    '5.0.0',
    xrange,
  ),
  cmd(
    'xrevrange',
    -4,
    ['readonly'],
    'Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE',
    '5.0.0',
    xrevrange,
  ),
  cmd(
    'xdel',
    -3,
    ['write', 'fast'],
    'Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.',
    '5.0.0',
    xdel,
  ),
  cmd(
    'xtrim',
    -4,
    ['write'],
    "Trims the stream to (approximately if '~' is passed) a certain size",
    '5.0.0',
    xtrim,
  ),
  cmd(
    'xsetid',
    -3,
    ['write', 'denyoom', 'fast'],
    'An internal command for replicating stream values',
    '5.0.0',
    xsetid,
  ),
  XREAD_SPEC,
  XREADGROUP_SPEC,
  cmd(
    'xack',
    -4,
    ['write', 'fast'],
    'Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.',
    '5.0.0',
    xack,
  ),
  cmd(
    'xpending',
    -3,
    ['readonly'],
    'Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.',
    '5.0.0',
    xpending,
  ),
  cmd(
    'xclaim',
    -6,
    ['write', 'fast'],
    'Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.',
    '5.0.0',
    xclaim,
  ),
  cmd(
    'xautoclaim',
    -6,
    ['write', 'fast'],
    'Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.',
    '6.2.0',
    xautoclaim,
  ),
  {
    name: 'xgroup',
    arity: -2,
    flags: [],
    acl: [],
    group: 'stream',
    summary: 'A container for consumer groups commands',
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      cmd('xgroup|create', -5, ['write', 'denyoom'], 'Create a consumer group.', '5.0.0', xgroupCreate, KEY2),
      cmd(
        'xgroup|createconsumer',
        5,
        ['write', 'denyoom'],
        'Create a consumer in a consumer group.',
        '6.2.0',
        xgroupCreateconsumer,
        KEY2,
      ),
      cmd(
        'xgroup|delconsumer',
        5,
        ['write'],
        'Delete a consumer from a consumer group.',
        '5.0.0',
        xgroupDelconsumer,
        KEY2,
      ),
      cmd('xgroup|destroy', 4, ['write'], 'Destroy a consumer group.', '5.0.0', xgroupDestroy, KEY2),
      {
        name: 'xgroup|help',
        arity: 2,
        flags: ['loading', 'stale'],
        acl: ['stream'],
        group: 'stream',
        summary: 'Show helpful text about the different subcommands',
        since: '5.0.0',
        handler: helpHandler('XGROUP', XGROUP_HELP),
      },
      cmd(
        'xgroup|setid',
        -5,
        ['write'],
        'Set a consumer group to an arbitrary last delivered ID value.',
        '5.0.0',
        xgroupSetid,
        KEY2,
      ),
    ],
  },
  {
    name: 'xinfo',
    arity: -2,
    flags: [],
    acl: [],
    group: 'stream',
    summary: 'A container for stream introspection commands',
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      cmd(
        'xinfo|consumers',
        4,
        ['readonly'],
        'List the consumers in a consumer group',
        '5.0.0',
        xinfoConsumers,
        KEY2,
      ),
      cmd(
        'xinfo|groups',
        3,
        ['readonly'],
        'List the consumer groups of a stream',
        '5.0.0',
        xinfoGroups,
        KEY2,
      ),
      {
        name: 'xinfo|help',
        arity: 2,
        flags: ['loading', 'stale'],
        acl: ['stream'],
        group: 'stream',
        summary: 'Show helpful text about the different subcommands',
        since: '5.0.0',
        handler: helpHandler('XINFO', XINFO_HELP),
      },
      cmd('xinfo|stream', -3, ['readonly'], 'Get information about a stream', '5.0.0', xinfoStream, KEY2),
    ],
  },
];
