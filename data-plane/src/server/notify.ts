/**
 * Keyspace notifications (notify-keyspace-events): __keyspace@<db>__:<key> and
 * __keyevent@<db>__:<event> messages published for the event classes that are switched on.
 */
import type { Server } from './server';

/** Event class letters, as in Redis: g generic, $ string, l list, s set, h hash, z zset, x expired, e evicted, t stream, m key-miss, d module, n new. */
export type NotifyClass = 'g' | '$' | 'l' | 's' | 'h' | 'z' | 'x' | 'e' | 't' | 'm' | 'n';

export class Notifier {
  private keyspace = false;
  private keyevent = false;
  private classes = new Set<string>();

  constructor(private readonly server: Server) {
    const apply = (v: string) => {
      this.keyspace = v.includes('K');
      this.keyevent = v.includes('E');
      const all = v.includes('A') ? 'g$lshzxetd' : '';
      this.classes = new Set((v + all).replace(/[KEA]/g, ''));
    };
    apply(server.config.get('notify-keyspace-events'));
    server.config.onChange('notify-keyspace-events', apply);
  }

  /** Whether events of a class are published at all (a cheap test for hot paths such as read misses). */
  enabled(cls: NotifyClass): boolean {
    return (this.keyspace || this.keyevent) && this.classes.has(cls);
  }

  notify(cls: NotifyClass, event: string, key: string, db: number): void {
    if (!this.keyspace && !this.keyevent) return;
    if (!this.classes.has(cls)) return;
    if (this.keyspace) this.server.pubsub.publish(`__keyspace@${db}__:${key}`, event);
    if (this.keyevent) this.server.pubsub.publish(`__keyevent@${db}__:${event}`, key);
  }

  /** CONFIG GET form: the flags in Redis's canonical order. */
  static canonical(v: string): string {
    const set = new Set(v);
    let out = '';
    if (set.has('A')) out += 'A';
    else for (const ch of 'g$lshzxetd') if (set.has(ch)) out += ch;
    if (set.has('m')) out += 'm';
    if (set.has('n')) out += 'n';
    if (set.has('K')) out += 'K';
    if (set.has('E')) out += 'E';
    return out;
  }
}
