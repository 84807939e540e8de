/**
 * Pub/sub delivery: channels, glob patterns and shard channels (SSUBSCRIBE/SPUBLISH: without
 * cluster mode simply a namespace of their own that patterns do not see), RESP2 arrays or RESP3
 * push messages. The SUBSCRIBE family of commands lives in commands/pubsub.ts.
 */
import type { Client } from './client';
import type { Server } from './server';
import { globMatch } from '../util/glob';

export class PubSub {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();
  readonly shardChannels = new Map<string, Set<Client>>();

  constructor(private readonly server: Server) {}

  subscribe(c: Client, channel: string): boolean {
    if (c.channels.has(channel)) return false;
    c.channels.add(channel);
    let set = this.channels.get(channel);
    if (!set) this.channels.set(channel, (set = new Set()));
    set.add(c);
    return true;
  }

  unsubscribe(c: Client, channel: string): boolean {
    if (!c.channels.delete(channel)) return false;
    const set = this.channels.get(channel);
    set?.delete(c);
    if (set?.size === 0) this.channels.delete(channel);
    return true;
  }

  psubscribe(c: Client, pattern: string): boolean {
    if (c.patterns.has(pattern)) return false;
    c.patterns.add(pattern);
    let set = this.patterns.get(pattern);
    if (!set) this.patterns.set(pattern, (set = new Set()));
    set.add(c);
    return true;
  }

  punsubscribe(c: Client, pattern: string): boolean {
    if (!c.patterns.delete(pattern)) return false;
    const set = this.patterns.get(pattern);
    set?.delete(c);
    if (set?.size === 0) this.patterns.delete(pattern);
    return true;
  }

  ssubscribe(c: Client, channel: string): boolean {
    if (c.shardChannels.has(channel)) return false;
    c.shardChannels.add(channel);
    let set = this.shardChannels.get(channel);
    if (!set) this.shardChannels.set(channel, (set = new Set()));
    set.add(c);
    return true;
  }

  sunsubscribe(c: Client, channel: string): boolean {
    if (!c.shardChannels.delete(channel)) return false;
    const set = this.shardChannels.get(channel);
    set?.delete(c);
    if (set?.size === 0) this.shardChannels.delete(channel);
    return true;
  }

  /** A closing or RESET client leaves every subscription without being told. */
  removeClient(c: Client): void {
    if (c.channels.size > 0) for (const ch of [...c.channels]) this.unsubscribe(c, ch);
    if (c.patterns.size > 0) for (const p of [...c.patterns]) this.punsubscribe(c, p);
    if (c.shardChannels.size > 0) for (const ch of [...c.shardChannels]) this.sunsubscribe(c, ch);
  }

  /** SPUBLISH: shard channel subscribers only (patterns never match shard channels). */
  spublish(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel);
    if (!subs) return 0;
    for (const c of subs) {
      c.reply.pushLen(3);
      c.reply.bulk('smessage');
      c.reply.bulk(channel);
      c.reply.bulk(message);
      this.server.deliver(c);
    }
    return subs.size;
  }

  /** Delivers a message; returns the number of receiving clients. */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const subs = this.channels.get(channel);
    if (subs) {
      for (const c of subs) {
        c.reply.pushLen(3);
        c.reply.bulk('message');
        c.reply.bulk(channel);
        c.reply.bulk(message);
        this.server.deliver(c);
        receivers++;
      }
    }
    if (this.patterns.size === 0) return receivers;
    for (const [pattern, set] of this.patterns) {
      if (!globMatch(pattern, channel)) continue;
      for (const c of set) {
        c.reply.pushLen(4);
        c.reply.bulk('pmessage');
        c.reply.bulk(pattern);
        c.reply.bulk(channel);
        c.reply.bulk(message);
        this.server.deliver(c);
        receivers++;
      }
    }
    return receivers;
  }
}
