/** WATCH bookkeeping: which clients watch which keys; a modification makes their EXEC fail. */
import type { Client } from './client';

export class WatchRegistry {
  private readonly byKey = new Map<string, Set<Client>>();

  private static id(db: number, key: string): string {
    return db + '\0' + key;
  }

  watch(c: Client, db: number, key: string): void {
    if (c.watched.some((w) => w.db === db && w.key === key)) return;
    c.watched.push({ db, key });
    const id = WatchRegistry.id(db, key);
    let set = this.byKey.get(id);
    if (!set) this.byKey.set(id, (set = new Set()));
    set.add(c);
  }

  unwatchAll(c: Client): void {
    for (const { db, key } of c.watched) {
      const id = WatchRegistry.id(db, key);
      const set = this.byKey.get(id);
      set?.delete(c);
      if (set?.size === 0) this.byKey.delete(id);
    }
    c.watched.length = 0;
    c.watchDirty = false;
  }

  /** signalModifiedKey: every client watching the key will see its EXEC fail. */
  touch(db: number, key: string): void {
    if (this.byKey.size === 0) return;
    const set = this.byKey.get(WatchRegistry.id(db, key));
    if (set) for (const c of set) c.watchDirty = true;
  }

  /** FLUSHDB/FLUSHALL/SWAPDB: every watcher of a key in the database. */
  touchDb(db: number): void {
    for (const set of this.byKey.values()) {
      for (const c of set) if (c.watched.some((w) => w.db === db)) c.watchDirty = true;
    }
  }

  get size(): number {
    return this.byKey.size;
  }
}
