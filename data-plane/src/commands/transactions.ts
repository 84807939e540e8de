/**
 * Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis 7.0 semantics).
 *
 * The dispatcher queues commands while the client is in MULTI (server.ts execute), marks the
 * transaction dirty when a command fails to queue (EXEC then answers EXECABORT), refuses to queue
 * when out of memory and refuses EXEC of a queue holding a denyoom command then. Watched keys are
 * tracked by server/watch.ts: any modification, FLUSHDB/FLUSHALL/SWAPDB touching them, or a watched
 * key expiring makes EXEC answer a null array.
 */
import { CommandError, Err } from '../protocol/errors';
import type { Client } from '../server/client';
import { KEYS_ALL, type CommandSpec } from './table';

/** Redis's EXEC-time ACL refusal: the reason, from the NOPERM text the dispatcher would give. */
function aclChangedSinceQueued(denied: string): string {
  const reason =
    denied === Err.noPermKey
      ? 'no permission to touch the specified keys'
      : denied === Err.noPermChannel
        ? 'no permission to access one of the channels used as arguments'
        : 'no permission to execute the command or subcommand';
  return (
    'NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. ' +
    'This command is no longer allowed for the following reason: ' +
    reason
  );
}

// MULTI
function multi(c: Client): void {
  if (c.inMulti) throw new CommandError(Err.multiNested);
  c.inMulti = true;
  c.reply.ok();
}

// EXEC
function exec(c: Client): void {
  if (!c.inMulti) throw new CommandError(Err.execWithoutMulti);
  const s = c.server;
  if (c.watched.length > 0 && s.watch.watchedKeyExpired(c)) c.watchDirty = true;
  if (c.multiDirty) {
    c.discardMulti();
    throw new CommandError(Err.execAbort);
  }
  if (c.watchDirty) {
    c.discardMulti();
    c.reply.nullArray();
    return;
  }
  const queue = c.multiQueue;
  s.watch.unwatchAll(c); // as early as possible: the queue's own writes must not touch them
  // Replies of the queued commands follow the header one by one (each call writes its own).
  c.reply.arrayLen(queue.length);
  c.inExec = true;
  // Errors of the queued commands are theirs (failed_calls, errorstats): EXEC itself did not fail.
  const errorsBefore = c.reply.errors;
  try {
    for (let i = 0; i < queue.length; i++) {
      const { spec, argv } = queue[i];
      // ACL rules are checked again: they may have changed since the command was queued.
      const denied = s.acl.restrictedUsers > 0 ? s.acl.deny(c, spec, argv) : null;
      if (denied !== null) c.reply.error(aclChangedSinceQueued(denied));
      else s.call(c, spec, argv);
    }
  } finally {
    c.reply.errors = errorsBefore;
    c.inExec = false;
    c.discardMulti();
  }
}

// DISCARD
function discard(c: Client): void {
  if (!c.inMulti) throw new CommandError(Err.discardWithoutMulti);
  c.discardMulti();
  c.reply.ok();
}

// WATCH key [key ...]
function watch(c: Client, argv: string[]): void {
  if (c.inMulti) throw new CommandError(Err.watchInMulti);
  // No point in watching more once the transaction is doomed.
  if (!c.watchDirty) for (let i = 1; i < argv.length; i++) c.server.watch.watch(c, c.db.index, argv[i]);
  c.reply.ok();
}

// UNWATCH
function unwatch(c: Client): void {
  c.server.watch.unwatchAll(c);
  c.reply.ok();
}

export const transactionCommands: CommandSpec[] = [
  {
    name: 'multi',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    acl: ['transaction'],
    group: 'transactions',
    summary: 'Mark the start of a transaction block',
    since: '1.2.0',
    complexity: 'O(1)',
    handler: multi,
  },
  {
    name: 'exec',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'skip_slowlog'],
    acl: ['transaction'],
    group: 'transactions',
    summary: 'Execute all commands issued after MULTI',
    since: '1.2.0',
    complexity: 'Depends on commands in the transaction',
    handler: exec,
  },
  {
    name: 'discard',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    acl: ['transaction'],
    group: 'transactions',
    summary: 'Discard all commands issued after MULTI',
    since: '2.0.0',
    complexity: 'O(N), when N is the number of queued commands',
    handler: discard,
  },
  {
    name: 'watch',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    keys: KEYS_ALL,
    acl: ['transaction'],
    group: 'transactions',
    summary: 'Watch the given keys to determine execution of the MULTI/EXEC block',
    since: '2.2.0',
    complexity: 'O(1) for every key.',
    handler: watch,
  },
  {
    name: 'unwatch',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    acl: ['transaction'],
    group: 'transactions',
    summary: 'Forget about all watched keys',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: unwatch,
  },
];
