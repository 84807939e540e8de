/**
 * The ritual that ends every successful write, as in Redis: re-account the key and signal it as
 * modified (WATCH, blocked clients), count the change, publish the keyspace notification.
 */
import type { Client } from '../server/client';
import type { NotifyClass } from '../server/notify';

export function written(c: Client, key: string, cls: NotifyClass, event: string): void {
  c.db.modified(key);
  c.server.dirty++;
  c.server.notifier.notify(cls, event, key, c.db.index);
}

/** For a deleted key: the deletion already signalled the modification. */
export function deleted(c: Client, key: string, event = 'del'): void {
  c.server.dirty++;
  c.server.notifier.notify('g', event, key, c.db.index);
}
