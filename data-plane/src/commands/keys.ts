/**
 * Generic key commands: DEL, UNLINK, EXISTS, TOUCH, TYPE, RENAME, RENAMENX, COPY, MOVE, KEYS, SCAN,
 * RANDOMKEY, the EXPIRE family, TTL family, PERSIST and OBJECT. Semantics and error texts follow
 * Redis 7.0's db.c, expire.c and object.c.
 */
import { CommandError, Err, invalidExpireTime } from '../protocol/errors';
import { replyHelp } from './help';
import type { Client } from '../server/client';
import {
  type CollectionValue,
  type Db,
  TYPE_NAMES,
  ValueType,
  lfuDecayed,
  stringEncoding,
} from '../store/keyspace';
import { globMatch } from '../util/glob';
import { intArg, isOpt, parseI64 } from './args';
import { deleted } from './ritual';
import { parseScanCursor, parseScanOptions } from './scan-args';
import type { CommandSpec } from './table';

// ---------------------------------------------------------------------------------------------------
// Existence, type, deletion
// ---------------------------------------------------------------------------------------------------

// DEL key [key ...]   (also UNLINK: memory is reclaimed by the GC either way)
function del(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    if (c.db.delete(argv[i])) {
      deleted(c, argv[i]);
      n++;
    }
  }
  c.reply.integer(n);
}

// EXISTS key [key ...]
function exists(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.lookup(argv[i], false) !== -1) n++;
  c.reply.integer(n);
}

// TOUCH key [key ...]
function touch(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.lookup(argv[i], true) !== -1) n++;
  c.reply.integer(n);
}

// TYPE key
function type(c: Client, argv: string[]): void {
  const t = c.db.lookup(argv[1], false);
  c.reply.status(t === -1 ? 'none' : TYPE_NAMES[t]);
}

// ---------------------------------------------------------------------------------------------------
// Renaming, moving, copying
// ---------------------------------------------------------------------------------------------------

/** Puts `value` at `key` in `db` with the given absolute expiry (0 = none). */
function place(db: Db, key: string, t: ValueType, value: unknown, expireAt: number): void {
  db.set(key, t, value);
  if (expireAt !== 0) db.setExpireAt(key, expireAt);
}

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const [, src, dst] = argv;
  const db = c.db;
  const entry = db.peek(src);
  if (!entry) throw new CommandError(Err.noSuchKey);
  if (src === dst) {
    if (nx) c.reply.integer(0);
    else c.reply.ok();
    return;
  }
  const expireAt = db.expireAt(src);
  const access = db.accessOf(src);
  if (db.exists(dst)) {
    if (nx) {
      c.reply.integer(0);
      return;
    }
    db.delete(dst);
  }
  place(db, dst, entry.type, entry.value, expireAt);
  db.setAccess(dst, access);
  db.delete(src);
  c.server.dirty++;
  c.server.notifier.notify('g', 'rename_from', src, db.index);
  c.server.notifier.notify('g', 'rename_to', dst, db.index);
  if (nx) c.reply.integer(1);
  else c.reply.ok();
}

// RENAME key newkey
function rename(c: Client, argv: string[]): void {
  renameGeneric(c, argv, false);
}

// RENAMENX key newkey
function renamenx(c: Client, argv: string[]): void {
  renameGeneric(c, argv, true);
}

/** A database index argument (getIntFromObjectOrReply, then selectDb), with Redis's texts. */
function dbArg(c: Client, s: string): Db {
  const idx = intArg(s);
  if (idx < -0x80000000 || idx > 0x7fffffff)
    throw new CommandError('ERR value is out of range, value must between -2147483648 and 2147483647');
  if (idx < 0 || idx >= c.server.keyspace.dbs.length) throw new CommandError(Err.dbIndexOutOfRange);
  return c.server.keyspace.dbs[idx];
}

// MOVE key db
function move(c: Client, argv: string[]): void {
  const key = argv[1];
  const src = c.db;
  const dst = dbArg(c, argv[2]);
  if (src === dst) throw new CommandError(Err.sameObject);
  const entry = src.peek(key);
  if (!entry || dst.exists(key)) {
    c.reply.integer(0);
    return;
  }
  const expireAt = src.expireAt(key);
  const access = src.accessOf(key);
  place(dst, key, entry.type, entry.value, expireAt);
  dst.setAccess(key, access);
  src.delete(key);
  c.server.dirty++;
  c.server.notifier.notify('g', 'move_from', key, src.index);
  c.server.notifier.notify('g', 'move_to', key, dst.index);
  c.reply.integer(1);
}

// COPY source destination [DB destination-db] [REPLACE]
function copy(c: Client, argv: string[]): void {
  const [, src, dstKey] = argv;
  let dst = c.db;
  let replace = false;
  for (let i = 3; i < argv.length; i++) {
    if (isOpt(argv[i], 'REPLACE')) replace = true;
    else if (isOpt(argv[i], 'DB') && i + 1 < argv.length) dst = dbArg(c, argv[++i]);
    else throw new CommandError(Err.syntax);
  }
  if (dst === c.db && src === dstKey) throw new CommandError(Err.sameObject);
  const t = c.db.lookup(src, true);
  if (t === -1) {
    c.reply.integer(0);
    return;
  }
  const value = c.db.peek(src)!.value;
  const expireAt = c.db.expireAt(src);
  if (dst.exists(dstKey)) {
    if (!replace) {
      c.reply.integer(0);
      return;
    }
    dst.delete(dstKey);
  }
  // Strings are immutable JS strings and can be shared; collections get a deep copy.
  place(dst, dstKey, t, t === ValueType.String ? value : (value as CollectionValue).clone(), expireAt);
  c.server.dirty++;
  c.server.notifier.notify('g', 'copy_to', dstKey, dst.index);
  c.reply.integer(1);
}

// ---------------------------------------------------------------------------------------------------
// Iteration
// ---------------------------------------------------------------------------------------------------

// KEYS pattern
function keys(c: Client, argv: string[]): void {
  const pattern = argv[1];
  const all = pattern === '*';
  const out: string[] = [];
  for (const k of c.db.keys()) if (all || globMatch(pattern, k)) out.push(k);
  c.reply.bulkArray(out);
}

export { parseScanCursor };

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
function scan(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[1]);
  const { count, pattern, type: typeName } = parseScanOptions(argv, 2, true);
  const found: string[] = [];
  const next = c.db.scan(cursor, count, (key, t) => {
    if (pattern !== undefined && !globMatch(pattern, key)) return;
    if (typeName !== undefined && TYPE_NAMES[t] !== typeName) return;
    found.push(key);
  });
  c.reply.arrayLen(2);
  c.reply.bulk(String(next));
  c.reply.bulkArray(found);
}

// RANDOMKEY
function randomkey(c: Client): void {
  c.reply.bulkOrNull(c.db.randomKey());
}

// ---------------------------------------------------------------------------------------------------
// Expiry
// ---------------------------------------------------------------------------------------------------

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

function expireFlags(argv: string[]): number {
  let flags = 0;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toUpperCase();
    if (opt === 'NX') flags |= EXPIRE_NX;
    else if (opt === 'XX') flags |= EXPIRE_XX;
    else if (opt === 'GT') flags |= EXPIRE_GT;
    else if (opt === 'LT') flags |= EXPIRE_LT;
    else throw new CommandError(`ERR Unsupported option ${argv[i]}`);
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT))
    throw new CommandError('ERR NX and XX, GT or LT options at the same time are not compatible');
  if (flags & EXPIRE_GT && flags & EXPIRE_LT)
    throw new CommandError('ERR GT and LT options at the same time are not compatible');
  return flags;
}

const LLONG_MAX = 2n ** 63n - 1n;
const LLONG_MIN = -(2n ** 63n);

/**
 * The absolute expiry in ms of an EXPIRE-family argument, with Redis's overflow checks (int64
 * arithmetic). Texts of at most 15 digits cannot overflow and take the plain-number path.
 */
function expireWhen(cmd: string, arg: string, seconds: boolean, basetime: number): number {
  if (arg.length <= 15) {
    const n = intArg(arg);
    return (seconds ? n * 1000 : n) + basetime;
  }
  let when = parseI64(arg);
  if (when === null) throw new CommandError(Err.notInteger);
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) throw new CommandError(invalidExpireTime(cmd));
    when *= 1000n;
  }
  if (when > LLONG_MAX - BigInt(basetime)) throw new CommandError(invalidExpireTime(cmd));
  return Number(when + BigInt(basetime));
}

function expireGeneric(c: Client, argv: string[], cmd: string, seconds: boolean, relative: boolean): void {
  const key = argv[1];
  const flags = expireFlags(argv);
  const now = c.server.keyspace.now;
  const when = expireWhen(cmd, argv[2], seconds, relative ? now : 0);
  const db = c.db;
  const current = db.expireAt(key);
  if (current === -1) {
    c.reply.integer(0);
    return;
  }
  if (flags !== 0) {
    const has = current !== 0;
    if (
      (flags & EXPIRE_NX && has) ||
      (flags & EXPIRE_XX && !has) ||
      (flags & EXPIRE_GT && (!has || when <= current)) ||
      (flags & EXPIRE_LT && has && when >= current)
    ) {
      c.reply.integer(0);
      return;
    }
  }
  if (when <= now) {
    db.delete(key);
    deleted(c, key);
  } else {
    db.setExpireAt(key, when);
    c.server.dirty++;
    c.server.notifier.notify('g', 'expire', key, db.index);
  }
  c.reply.integer(1);
}

// EXPIRE key seconds [NX | XX | GT | LT]
function expire(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'expire', true, true);
}

// PEXPIRE key milliseconds [NX | XX | GT | LT]
function pexpire(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'pexpire', false, true);
}

// EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
function expireat(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'expireat', true, false);
}

// PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
function pexpireat(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'pexpireat', false, false);
}

function ttlGeneric(c: Client, key: string, ms: boolean, absolute: boolean): void {
  if (c.db.lookup(key, false) === -1) {
    c.reply.integer(-2);
    return;
  }
  const at = c.db.expireAt(key);
  if (at === 0) {
    c.reply.integer(-1);
    return;
  }
  const ttl = Math.max(0, absolute ? at : at - c.server.keyspace.now);
  c.reply.integer(ms ? ttl : Math.floor((ttl + 500) / 1000));
}

// TTL key
function ttl(c: Client, argv: string[]): void {
  ttlGeneric(c, argv[1], false, false);
}

// PTTL key
function pttl(c: Client, argv: string[]): void {
  ttlGeneric(c, argv[1], true, false);
}

// EXPIRETIME key
function expiretime(c: Client, argv: string[]): void {
  ttlGeneric(c, argv[1], false, true);
}

// PEXPIRETIME key
function pexpiretime(c: Client, argv: string[]): void {
  ttlGeneric(c, argv[1], true, true);
}

// PERSIST key
function persist(c: Client, argv: string[]): void {
  if (c.db.persist(argv[1])) {
    c.server.dirty++;
    c.server.notifier.notify('g', 'persist', argv[1], c.db.index);
    c.reply.integer(1);
  } else {
    c.reply.integer(0);
  }
}

// ---------------------------------------------------------------------------------------------------
// OBJECT
// ---------------------------------------------------------------------------------------------------

/** Redis shares the integers 0..9999 (refcount INT_MAX) unless an LRU/LFU maxmemory policy is set. */
const OBJ_SHARED_INTEGERS = 10000;
const OBJ_SHARED_REFCOUNT = 2147483647;

/** objectCommandLookup: counts hits/misses, leaves the access clock alone; null reply when missing. */
function objectLookup(c: Client, key: string): { type: ValueType; value: unknown } | undefined {
  if (c.db.lookup(key, false) === -1) {
    c.reply.nullBulk();
    return undefined;
  }
  return c.db.peek(key);
}

// OBJECT ENCODING key
function objectEncoding(c: Client, argv: string[]): void {
  const e = objectLookup(c, argv[2]);
  if (!e) return;
  c.reply.bulk(
    e.type === ValueType.String ? stringEncoding(e.value as string) : (e.value as CollectionValue).encoding(),
  );
}

// OBJECT REFCOUNT key
function objectRefcount(c: Client, argv: string[]): void {
  const e = objectLookup(c, argv[2]);
  if (!e) return;
  let shared = false;
  if (e.type === ValueType.String) {
    const s = e.value as string;
    const policy = c.server.config.get('maxmemory-policy');
    const noShared = c.server.maxmemory > 0 && (policy.endsWith('-lru') || policy.endsWith('-lfu'));
    if (!noShared && s.length <= 4 && stringEncoding(s) === 'int') {
      const n = Number(s);
      shared = n >= 0 && n < OBJ_SHARED_INTEGERS;
    }
  }
  c.reply.integer(shared ? OBJ_SHARED_REFCOUNT : 1);
}

// OBJECT IDLETIME key
function objectIdletime(c: Client, argv: string[]): void {
  if (!objectLookup(c, argv[2])) return;
  if (c.server.keyspace.lfu)
    throw new CommandError(
      'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
  c.reply.integer(c.db.idleSeconds(argv[2]));
}

// OBJECT FREQ key
function objectFreq(c: Client, argv: string[]): void {
  if (!objectLookup(c, argv[2])) return;
  if (!c.server.keyspace.lfu)
    throw new CommandError(
      'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
  c.reply.integer(lfuDecayed(c.server.keyspace, c.db.accessOf(argv[2])));
}

const OBJECT_HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

// OBJECT HELP
function objectHelp(c: Client): void {
  replyHelp(c, 'OBJECT', OBJECT_HELP);
}

// ---------------------------------------------------------------------------------------------------
// Table (arity, flags, keys, categories and docs as in Redis 7.0's src/commands/*.json)
// ---------------------------------------------------------------------------------------------------

export const keyCommands: CommandSpec[] = [
  {
    name: 'del',
    arity: -2,
    flags: ['write'],
    keys: { first: 1, last: -1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Delete a key',
    since: '1.0.0',
    complexity:
      'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    handler: del,
  },
  {
    name: 'unlink',
    arity: -2,
    flags: ['write', 'fast'],
    keys: { first: 1, last: -1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.',
    since: '4.0.0',
    complexity:
      'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    handler: del,
  },
  {
    name: 'exists',
    arity: -2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: -1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Determine if a key exists',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to check.',
    handler: exists,
  },
  {
    name: 'touch',
    arity: -2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: -1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.',
    since: '3.2.1',
    complexity: 'O(N) where N is the number of keys that will be touched.',
    handler: touch,
  },
  {
    name: 'type',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Determine the type stored at key',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: type,
  },
  {
    name: 'rename',
    arity: 3,
    flags: ['write'],
    keys: { first: 1, last: 2, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Rename a key',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: rename,
  },
  {
    name: 'renamenx',
    arity: 3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 2, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Rename a key, only if the new key does not exist',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: renamenx,
  },
  {
    name: 'copy',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: 2, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Copy a key',
    since: '6.2.0',
    complexity:
      'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    handler: copy,
  },
  {
    name: 'move',
    arity: 3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Move a key to another database',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: move,
  },
  {
    name: 'keys',
    arity: 2,
    flags: ['readonly'],
    acl: ['keyspace', 'dangerous'],
    group: 'generic',
    summary: 'Find all keys matching the given pattern',
    since: '1.0.0',
    complexity:
      'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
    handler: keys,
  },
  {
    name: 'scan',
    arity: -2,
    flags: ['readonly'],
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Incrementally iterate the keys space',
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    handler: scan,
  },
  {
    name: 'randomkey',
    arity: 1,
    flags: ['readonly'],
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Return a random key from the keyspace',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: randomkey,
  },
  {
    name: 'expire',
    arity: -3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: "Set a key's time to live in seconds",
    since: '1.0.0',
    complexity: 'O(1)',
    handler: expire,
  },
  {
    name: 'pexpire',
    arity: -3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: "Set a key's time to live in milliseconds",
    since: '2.6.0',
    complexity: 'O(1)',
    handler: pexpire,
  },
  {
    name: 'expireat',
    arity: -3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Set the expiration for a key as a UNIX timestamp',
    since: '1.2.0',
    complexity: 'O(1)',
    handler: expireat,
  },
  {
    name: 'pexpireat',
    arity: -3,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: pexpireat,
  },
  {
    name: 'ttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Get the time to live for a key in seconds',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: ttl,
  },
  {
    name: 'pttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Get the time to live for a key in milliseconds',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: pttl,
  },
  {
    name: 'expiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Get the expiration Unix timestamp for a key',
    since: '7.0.0',
    complexity: 'O(1)',
    handler: expiretime,
  },
  {
    name: 'pexpiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Get the expiration Unix timestamp for a key in milliseconds',
    since: '7.0.0',
    complexity: 'O(1)',
    handler: pexpiretime,
  },
  {
    name: 'persist',
    arity: 2,
    flags: ['write', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Remove the expiration from a key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: persist,
  },
  {
    name: 'object',
    arity: -2,
    flags: [],
    acl: [],
    group: 'generic',
    summary: 'A container for object introspection commands',
    since: '2.2.3',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'object|encoding',
        arity: 3,
        flags: ['readonly'],
        keys: { first: 2, last: 2, step: 1 },
        acl: ['keyspace'],
        group: 'generic',
        summary: 'Inspect the internal encoding of a Redis object',
        since: '2.2.3',
        complexity: 'O(1)',
        handler: objectEncoding,
      },
      {
        name: 'object|freq',
        arity: 3,
        flags: ['readonly'],
        keys: { first: 2, last: 2, step: 1 },
        acl: ['keyspace'],
        group: 'generic',
        summary: 'Get the logarithmic access frequency counter of a Redis object',
        since: '4.0.0',
        complexity: 'O(1)',
        handler: objectFreq,
      },
      {
        name: 'object|help',
        arity: 2,
        flags: ['loading', 'stale'],
        acl: ['keyspace'],
        group: 'generic',
        summary: 'Show helpful text about the different subcommands',
        since: '6.2.0',
        complexity: 'O(1)',
        handler: objectHelp,
      },
      {
        name: 'object|idletime',
        arity: 3,
        flags: ['readonly'],
        keys: { first: 2, last: 2, step: 1 },
        acl: ['keyspace'],
        group: 'generic',
        summary: 'Get the time since a Redis object was last accessed',
        since: '2.2.3',
        complexity: 'O(1)',
        handler: objectIdletime,
      },
      {
        name: 'object|refcount',
        arity: 3,
        flags: ['readonly'],
        keys: { first: 2, last: 2, step: 1 },
        acl: ['keyspace'],
        group: 'generic',
        summary: 'Get the number of references to the value of the key',
        since: '2.2.3',
        complexity: 'O(1)',
        handler: objectRefcount,
      },
    ],
  },
];
