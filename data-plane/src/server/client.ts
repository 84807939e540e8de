/**
 * Per-connection state: protocol version, database, authentication, name, transaction and blocking
 * state, subscriptions, and the reply buffer. The dispatcher and command families read and change it;
 * the socket is owned by Server.
 */
import type { Socket } from 'node:net';
import { RequestParser } from '../protocol/request-parser';
import { ReplyWriter } from '../protocol/reply';
import type { Db } from '../store/keyspace';
import type { CommandSpec } from '../commands/table';
import type { Server } from './server';
import type { WatchedKey } from './watch';

export interface QueuedCommand {
  spec: CommandSpec;
  argv: string[];
}

/** A client blocked on keys (BLPOP and friends): re-run when a key becomes ready, or time out. */
export interface BlockedState {
  spec: CommandSpec;
  argv: string[];
  db: number;
  keys: string[];
  /** Absolute ms; 0 = block forever. */
  deadline: number;
  /** Writes the timeout reply (usually a null array). */
  onTimeout: (c: Client) => void;
  /** When set, only a ready key holding this ValueType re-runs the command (Redis serves lists only to list waiters). */
  type?: number;
  timer?: NodeJS.Timeout;
}

export class Client {
  readonly id: number;
  readonly createdAt = Date.now();
  lastInteraction = Date.now();
  name = '';
  libName = '';
  libVersion = '';
  readonly reply = new ReplyWriter(2);
  readonly parser: RequestParser;
  db: Db;
  authenticated: boolean;
  user = 'default';
  /** Set when the connection must close after the pending replies are written. */
  closeAfterReply = false;
  closed = false;
  /** Last command name (CLIENT LIST "cmd"). */
  lastCommand = 'NULL';

  // MULTI/EXEC
  inMulti = false;
  multiQueue: QueuedCommand[] = [];
  /** A command failed to queue: EXEC will answer EXECABORT. */
  multiDirty = false;
  /** A watched key was modified: EXEC will answer a null array. */
  watchDirty = false;
  readonly watched: WatchedKey[] = [];
  /** True while EXEC runs the queue (blocking commands must not block then). */
  inExec = false;
  /** Bytes held by the queued commands (counted in used_memory). */
  multiBytes = 0;
  /** A queued command is flagged denyoom: EXEC is refused when out of memory. */
  multiDenyoom = false;

  // Blocking
  blocked: BlockedState | null = null;
  /** Set by CLIENT PAUSE / a pending async step: commands wait in the parser until resumed. */
  paused = false;
  /**
   * Its commands ran out of the event-loop turn's time slice (Server.processInput): the rest wait
   * for the next turn, with the socket paused so that no more input piles up meanwhile.
   */
  deferred = false;

  // Pub/sub
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  /** SSUBSCRIBE channels (a namespace of their own). */
  readonly shardChannels = new Set<string>();
  /** Every subscription: while non-zero a RESP2 client is in subscribed mode. */
  get subscriptionCount(): number {
    return this.channels.size + this.patterns.size + this.shardChannels.size;
  }
  /** Subscribe/unsubscribe confirmations written while CLIENT REPLY is OFF/SKIP: delivered anyway. */
  silencedPushes = '';

  /** MONITOR clients receive every command. */
  monitor = false;
  /** CLIENT REPLY OFF / SKIP. */
  replyMode: 'on' | 'off' | 'skip' = 'on';
  /** Output-buffer soft limit bookkeeping: when the soft limit was first exceeded (ms), 0 = not. */
  softLimitSince = 0;

  constructor(
    readonly server: Server,
    readonly socket: Socket,
    id: number,
  ) {
    this.id = id;
    this.db = server.keyspace.dbs[0];
    this.authenticated = server.acl.defaultUserOpen();
    this.parser = new RequestParser(this);
  }

  /** For the request parser's limits. */
  get protoMaxBulkLen(): number {
    return this.server.protoMaxBulkLen;
  }

  get resp(): 2 | 3 {
    return this.reply.resp;
  }

  get addr(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? 0}`;
  }

  get laddr(): string {
    return `${this.socket.localAddress ?? '?'}:${this.socket.localPort ?? 0}`;
  }

  /** Ends MULTI (Redis's discardTransaction): drops the queue and its memory, unwatches all keys. */
  discardMulti(): void {
    this.server.multiBytes -= this.multiBytes;
    this.multiBytes = 0;
    this.multiDenyoom = false;
    this.inMulti = false;
    if (this.multiQueue.length > 0) this.multiQueue = [];
    this.multiDirty = false;
    this.server.watch.unwatchAll(this);
  }

  /** Whether a blocking command may block now (not inside MULTI/EXEC or a script). */
  get canBlock(): boolean {
    return !this.inExec;
  }

  /**
   * Blocks the client on keys until one is ready (the command is then run again), the deadline
   * passes (onTimeout replies), or CLIENT UNBLOCK. Called by blocking commands when nothing is ready.
   */
  block(
    spec: CommandSpec,
    argv: string[],
    keys: string[],
    deadline: number,
    onTimeout: (c: Client) => void,
    type?: number,
  ): void {
    this.server.blocking.block(this, { spec, argv, db: this.db.index, keys, deadline, onTimeout, type });
  }
}
