/**
 * Clients blocked on keys (BLPOP, BRPOP, BLMOVE, BLMPOP, BZPOPMIN, XREAD BLOCK, ...).
 *
 * A blocked client keeps its command; when one of its keys is modified the key is marked ready, and
 * after the current command the ready keys are served: each waiting client, oldest first, runs its
 * command again. If it blocks again it keeps its place in the queue and its original deadline.
 */
import type { BlockedState, Client } from './client';
import type { Server } from './server';

export class BlockingManager {
  /** db -> key -> clients in the order they blocked. */
  private readonly waiting = new Map<number, Map<string, Client[]>>();
  private ready: { db: number; key: string }[] = [];
  private readySet = new Set<string>();
  count = 0;
  /** Set while a blocked client's command is being run again. */
  private rerunning: Client | null = null;
  /**
   * The ready key a re-run command is being served from (null otherwise). As in Redis 7.0, a client
   * blocked on several keys is served from the key that became ready, not the first one it listed.
   */
  servingKey: string | null = null;
  private reblocked = false;
  /**
   * Set when the command being run blocked (or stayed blocked). Like Redis 7.0, a blocking command
   * counts one call in commandstats when it is served, times out or is unblocked, not when it blocks.
   */
  callBlocked = false;

  constructor(private readonly server: Server) {}

  block(c: Client, state: BlockedState): void {
    this.callBlocked = true;
    if (this.rerunning === c) {
      // Still nothing to serve: keep the original registration (place in queue and deadline).
      this.reblocked = true;
      return;
    }
    c.blocked = state;
    this.count++;
    let byKey = this.waiting.get(state.db);
    if (!byKey) this.waiting.set(state.db, (byKey = new Map()));
    for (const key of new Set(state.keys)) {
      const list = byKey.get(key);
      if (list) list.push(c);
      else byKey.set(key, [c]);
    }
    if (state.deadline > 0) {
      state.timer = setTimeout(() => this.timeout(c), Math.max(0, state.deadline - Date.now()));
    }
  }

  /** Called for every modified key: marks it ready when someone waits on it. */
  keyModified(db: number, key: string): void {
    if (this.count === 0) return;
    const list = this.waiting.get(db)?.get(key);
    if (!list || list.length === 0) return;
    const id = db + '\0' + key;
    if (this.readySet.has(id)) return;
    this.readySet.add(id);
    this.ready.push({ db, key });
  }

  /** SWAPDB: every key waited on in the database may now hold other data. */
  dbChanged(db: number): void {
    const byKey = this.waiting.get(db);
    if (byKey) for (const key of byKey.keys()) this.keyModified(db, key);
  }

  /** Serves clients waiting on ready keys; runs after every command that may have written. */
  serveReady(): void {
    while (this.ready.length > 0) {
      const batch = this.ready;
      this.ready = [];
      this.readySet = new Set();
      for (const { db, key } of batch) {
        const list = this.waiting.get(db)?.get(key);
        if (!list) continue;
        for (const c of [...list]) {
          if (c.blocked === null || c.closed) continue;
          const state = c.blocked;
          // Only a key of the type the command waits for can serve it (a list for BLPOP): a key
          // re-created as another type, or deleted again, leaves the client blocked.
          if (state.type !== undefined && this.server.keyspace.dbs[db].typeOf(key) !== state.type) continue;
          this.rerunning = c;
          this.reblocked = false;
          const savedDb = c.db;
          c.db = this.server.keyspace.dbs[state.db];
          this.servingKey = key;
          try {
            this.server.call(c, state.spec, state.argv);
          } finally {
            this.rerunning = null;
            this.servingKey = null;
          }
          if (c.db === this.server.keyspace.dbs[state.db]) c.db = savedDb;
          if (!this.reblocked) {
            this.unregister(c);
            this.server.resume(c);
          } else {
            // Its reply buffer may have partial output from the re-run; nothing was written.
          }
        }
      }
    }
  }

  /** CLIENT UNBLOCK: ends the wait with the timeout reply or an error. */
  unblock(c: Client, withError: boolean): boolean {
    if (!c.blocked) return false;
    const state = c.blocked;
    this.unregister(c);
    if (withError) c.reply.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    else state.onTimeout(c);
    this.server.stats.called(state.spec, 0, withError, 'UNBLOCKED');
    this.server.resume(c);
    return true;
  }

  /** A disconnecting client stops waiting. */
  remove(c: Client): void {
    if (c.blocked) this.unregister(c);
  }

  private timeout(c: Client): void {
    if (!c.blocked || c.closed) return;
    const state = c.blocked;
    this.unregister(c);
    state.onTimeout(c);
    this.server.stats.called(state.spec, 0, false, '');
    this.server.resume(c);
  }

  private unregister(c: Client): void {
    const state = c.blocked;
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    const byKey = this.waiting.get(state.db);
    for (const key of new Set(state.keys)) {
      const list = byKey?.get(key);
      if (!list) continue;
      const i = list.indexOf(c);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) byKey!.delete(key);
    }
    c.blocked = null;
    this.count--;
  }
}
