/**
 * DUMP and RESTORE (Redis 7.0's cluster.c): a key's value as Redis's serialized payload and back.
 * The payload format is store/dump.ts; here are the argument rules, the error texts and the write
 * ritual, as restoreCommand has them.
 */
import { CommandError, Err } from '../protocol/errors';
import type { Client } from '../server/client';
import { BadPayload, dumpValue, restoreValue, type RestoreLimits } from '../store/dump';
import { lfuInit } from '../store/keyspace';
import { footerValid, PAYLOAD_VERSION_ERROR } from '../store/rdb';
import { i64Arg, isOpt } from './args';
import { listpackLimits } from './listpack-limits';
import { deleted, written } from './ritual';
import { KEY1, type CommandSpec } from './table';

const BUSY_KEY = 'BUSYKEY Target key name already exists.';
const BAD_FORMAT = 'ERR Bad data format';

// DUMP key
function dump(c: Client, argv: string[]): void {
  // lookupKeyRead: counts the hit or miss and touches the key.
  if (c.db.lookup(argv[1], true) === -1) {
    c.reply.nullBulk();
    return;
  }
  const e = c.db.peek(argv[1])!;
  c.reply.bulk(dumpValue(e.type, e.value).toString('latin1'));
}

function restoreLimits(c: Client): RestoreLimits {
  const config = c.server.config;
  const hash = listpackLimits(c, 'hash');
  const zset = listpackLimits(c, 'zset');
  return {
    hashMaxEntries: hash.entries,
    hashMaxValue: hash.value,
    zsetMaxEntries: zset.entries,
    zsetMaxValue: zset.value,
    setMaxIntsetEntries: config.num('set-max-intset-entries'),
    listFill: config.num('list-max-listpack-size'),
  };
}

// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
function restore(c: Client, argv: string[]): void {
  let replace = false;
  let absttl = false;
  let idle = -1n;
  let freq = -1n;
  for (let j = 4; j < argv.length; j++) {
    const more = j + 1 < argv.length;
    if (isOpt(argv[j], 'REPLACE')) replace = true;
    else if (isOpt(argv[j], 'ABSTTL')) absttl = true;
    else if (isOpt(argv[j], 'IDLETIME') && more && freq === -1n) {
      idle = i64Arg(argv[++j]);
      if (idle < 0n) throw new CommandError('ERR Invalid IDLETIME value, must be >= 0');
    } else if (isOpt(argv[j], 'FREQ') && more && idle === -1n) {
      freq = i64Arg(argv[++j]);
      if (freq < 0n || freq > 255n) throw new CommandError('ERR Invalid FREQ value, must be >= 0 and <= 255');
    } else throw new CommandError(Err.syntax);
  }
  const key = argv[1];
  const db = c.db;
  // lookupKeyWrite: an expired key is removed here and does not count as existing.
  if (!replace && db.exists(key)) throw new CommandError(BUSY_KEY);
  const ttl = i64Arg(argv[2]);
  if (ttl < 0n) throw new CommandError('ERR Invalid TTL value, must be >= 0');
  const payload = Buffer.from(argv[3], 'latin1');
  if (!footerValid(payload)) throw new CommandError(PAYLOAD_VERSION_ERROR);
  let restored: ReturnType<typeof restoreValue>;
  try {
    restored = restoreValue(payload, restoreLimits(c));
  } catch (err) {
    if (err instanceof BadPayload) throw new CommandError(BAD_FORMAT);
    throw err;
  }

  const wasThere = replace && db.delete(key);
  const now = c.server.keyspace.now;
  // int64 arithmetic as in Redis: a relative TTL that overflows lands in the past.
  const at = ttl === 0n ? 0n : absttl ? ttl : BigInt.asIntN(64, ttl + BigInt(now));
  if (at !== 0n && at <= BigInt(now)) {
    // Already expired: nothing is created; a replaced key was deleted.
    if (wasThere) deleted(c, key);
    c.reply.ok();
    return;
  }
  db.set(key, restored.type, restored.value);
  if (at !== 0n) db.setExpireAt(key, Number(at));
  const ks = c.server.keyspace;
  if (ks.lfu) {
    if (freq >= 0n) db.setAccess(key, (lfuInit(ks) & ~0xff) | Number(freq));
  } else if (idle >= 0n) {
    // The LRU clock counts seconds; an idle time beyond it reads as the longest idle time.
    db.setAccess(key, Math.max(0, ks.lruClock - Number(idle > BigInt(ks.lruClock) ? ks.lruClock : idle)));
  }
  written(c, key, 'g', 'restore');
  c.reply.ok();
}

// ---------------------------------------------------------------------------------------------------
// Table (arity, flags, keys, categories and docs as in Redis 7.0's src/commands/*.json)
// ---------------------------------------------------------------------------------------------------

export const dumpCommands: CommandSpec[] = [
  {
    name: 'dump',
    arity: 2,
    flags: ['readonly'],
    keys: KEY1,
    acl: ['keyspace'],
    group: 'generic',
    summary: 'Return a serialized version of the value stored at the specified key.',
    since: '2.6.0',
    complexity:
      'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).',
    handler: dump,
  },
  {
    name: 'restore',
    arity: -4,
    flags: ['write', 'denyoom'],
    keys: KEY1,
    acl: ['keyspace', 'dangerous'],
    group: 'generic',
    summary: 'Create a key using the provided serialized value, previously obtained using DUMP.',
    since: '2.6.0',
    complexity:
      'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).',
    handler: restore,
  },
];
