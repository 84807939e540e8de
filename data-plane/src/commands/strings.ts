/**
 * String commands. A string value is a latin1 JS string (one char per byte).
 */
import { CommandError, Err, invalidExpireTime } from '../protocol/errors';
import type { Client } from '../server/client';
import { ValueType } from '../store/keyspace';
import { intArg, isOpt } from './args';
import { written } from './ritual';
import { KEY1, type CommandSpec } from './table';

// GET key
function get(c: Client, argv: string[]): void {
  c.reply.bulkOrNull(c.db.get<string>(argv[1], ValueType.String));
}

interface SetOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  /** Absolute expiry in ms, 0 = none. */
  expireAt: number;
}

/** Parses SET's options (and GETEX-style expiry options) with Redis's conflict rules. */
function parseSetOptions(c: Client, argv: string[], from: number, cmd: string): SetOptions {
  const o: SetOptions = { nx: false, xx: false, get: false, keepTtl: false, expireAt: 0 };
  let expiry: string | undefined;
  for (let i = from; i < argv.length; i++) {
    const a = argv[i].toUpperCase();
    const hasNext = i + 1 < argv.length;
    if (a === 'NX' && !o.xx) o.nx = true;
    else if (a === 'XX' && !o.nx) o.xx = true;
    else if (a === 'GET') o.get = true;
    else if (a === 'KEEPTTL' && expiry === undefined) o.keepTtl = true;
    else if (
      (a === 'EX' || a === 'PX' || a === 'EXAT' || a === 'PXAT') &&
      expiry === undefined &&
      !o.keepTtl &&
      hasNext
    ) {
      expiry = a;
      const n = intArg(argv[++i]);
      if (n <= 0) throw new CommandError(invalidExpireTime(cmd));
      const now = c.server.keyspace.now;
      const ms = a === 'EX' ? n * 1000 : a === 'PX' ? n : a === 'EXAT' ? n * 1000 : n;
      const at = a === 'EX' || a === 'PX' ? now + ms : ms;
      if (
        !Number.isSafeInteger(at) ||
        (a === 'EX' && n > Number.MAX_SAFE_INTEGER / 1000) ||
        (a === 'EXAT' && n > Number.MAX_SAFE_INTEGER / 1000)
      )
        throw new CommandError(invalidExpireTime(cmd));
      o.expireAt = at;
    } else {
      throw new CommandError(Err.syntax);
    }
  }
  return o;
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
function set(c: Client, argv: string[]): void {
  const key = argv[1];
  const o = parseSetOptions(c, argv, 3, 'set');
  const db = c.db;
  let old: string | undefined;
  if (o.get) {
    const t = db.typeOf(key);
    if (t !== -1 && t !== ValueType.String) throw new CommandError(Err.wrongType);
    old = db.get<string>(key, ValueType.String);
  }
  if ((o.nx && db.exists(key)) || (o.xx && !db.exists(key))) {
    if (o.get) c.reply.bulkOrNull(old);
    else c.reply.nullBulk();
    return;
  }
  db.set(key, ValueType.String, argv[2], o.keepTtl);
  written(c, key, '$', 'set');
  if (o.expireAt !== 0) {
    db.setExpireAt(key, o.expireAt);
    c.server.notifier.notify('g', 'expire', key, db.index);
  }
  if (o.get) c.reply.bulkOrNull(old);
  else c.reply.ok();
}

export const stringCommands: CommandSpec[] = [
  {
    name: 'get',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Get the value of a key',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: get,
  },
  {
    name: 'set',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: KEY1,
    acl: ['string'],
    group: 'string',
    summary: 'Set the string value of a key',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: set,
  },
];

export { parseSetOptions, isOpt };
