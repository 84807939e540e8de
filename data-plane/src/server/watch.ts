/**
 * WATCH bookkeeping: which clients watch which keys; a modification makes their EXEC fail.
 *
 * As in Redis 7.0, a key that was already expired (but not yet removed) when it was watched is
 * remembered as such: its removal is no logical change, and EXEC does not fail because it expired.
 */
import { hashKey } from '../store/key-table';
import type { Db } from '../store/keyspace';
import type { Client } from './client';

/** One watched key of one client (Redis's watchedKey). */
export interface WatchedKey {
  client: Client;
  db: number;
  key: string;
  /** The key was stored but already expired when WATCH ran. */
  expired: boolean;
}

/** Whether a key is stored (live or expired, not yet removed), without expiring it. */
const enum Stored {
  No = 0,
  Live = 1,
  Expired = 2,
}

export class WatchRegistry {
  /** db + '\0' + key -> the watchers of that key, in the order they watched it. */
  private readonly byKey = new Map<string, Set<WatchedKey>>();

  constructor(private readonly dbs: readonly Db[]) {}

  private static id(db: number, key: string): string {
    return db + '\0' + key;
  }

  /** dictFind + keyIsExpired of Redis: looks at the stored entry without removing it. */
  private stored(db: Db, key: string): Stored {
    const h = hashKey(key);
    const seg = db.table.segmentOf(h);
    const id = seg.find(key, h);
    if (id < 0) return Stored.No;
    const exp = seg.expireOf(id);
    return exp !== 0 && exp <= db.ks.now ? Stored.Expired : Stored.Live;
  }

  watch(c: Client, db: number, key: string): void {
    for (const w of c.watched) if (w.db === db && w.key === key) return;
    const wk: WatchedKey = { client: c, db, key, expired: this.stored(this.dbs[db], key) === Stored.Expired };
    c.watched.push(wk);
    const id = WatchRegistry.id(db, key);
    let set = this.byKey.get(id);
    if (!set) this.byKey.set(id, (set = new Set()));
    set.add(wk);
  }

  unwatchAll(c: Client): void {
    for (const wk of c.watched) {
      const id = WatchRegistry.id(wk.db, wk.key);
      const set = this.byKey.get(id);
      set?.delete(wk);
      if (set?.size === 0) this.byKey.delete(id);
    }
    c.watched.length = 0;
    c.watchDirty = false;
  }

  /** isWatchedKeyExpired: a watched key (live when watched) has expired since. */
  watchedKeyExpired(c: Client): boolean {
    for (const wk of c.watched) {
      if (!wk.expired && this.stored(this.dbs[wk.db], wk.key) === Stored.Expired) return true;
    }
    return false;
  }

  /** signalModifiedKey (touchWatchedKey): every client watching the key will see its EXEC fail. */
  touch(db: number, key: string): void {
    if (this.byKey.size === 0) return;
    const set = this.byKey.get(WatchRegistry.id(db, key));
    if (!set) return;
    for (const wk of set) {
      if (wk.expired) {
        // Watched while already expired: its removal is no logical change.
        if (this.stored(this.dbs[db], key) === Stored.No) {
          wk.expired = false;
          continue;
        }
        // Redis 7.0 stops at the first such watcher (a `break` in touchWatchedKey).
        break;
      }
      const c = wk.client;
      // No need to keep watching: the transaction is already doomed.
      this.unwatchAll(c);
      c.watchDirty = true;
    }
  }

  /**
   * FLUSHDB/FLUSHALL (replacedWith undefined) and SWAPDB: call BEFORE the database is emptied or
   * swapped. Touches the watchers of keys that exist in it (or in the one replacing it), with
   * Redis 7.0's rules for keys that were expired when watched (touchAllWatchedKeysInDb).
   */
  touchDb(emptied: number, replacedWith?: number): void {
    if (this.byKey.size === 0) return;
    const from = this.dbs[emptied];
    const to = replacedWith === undefined ? undefined : this.dbs[replacedWith];
    const dirty: Client[] = [];
    for (const set of this.byKey.values()) {
      const first = set.values().next().value as WatchedKey | undefined;
      if (!first || first.db !== emptied) continue;
      const key = first.key;
      const existsInEmptied = this.stored(from, key) !== Stored.No;
      const inReplacement = to ? this.stored(to, key) : Stored.No;
      if (!existsInEmptied && inReplacement === Stored.No) continue;
      for (const wk of set) {
        if (wk.expired) {
          if (inReplacement === Stored.No) {
            wk.expired = false;
            continue;
          } else if (inReplacement === Stored.Expired) {
            continue;
          }
        } else if (!existsInEmptied && inReplacement === Stored.Expired) {
          wk.expired = true;
          continue;
        }
        dirty.push(wk.client);
      }
    }
    for (const c of dirty) c.watchDirty = true;
  }

  get size(): number {
    return this.byKey.size;
  }
}
