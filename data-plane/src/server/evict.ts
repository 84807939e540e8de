/**
 * maxmemory eviction with Redis's approximated policies: sample maxmemory-samples keys per database,
 * keep the best candidates in a small pool, evict the best one, repeat until under the limit.
 */
import type { Server } from './server';
import type { MaxmemoryPolicy } from './config';
import { lfuDecayed } from '../store/keyspace';

interface Candidate {
  db: number;
  key: string;
  score: number; // higher = better to evict
}

const POOL_SIZE = 16;

export class Evictor {
  private pool: Candidate[] = [];

  constructor(private readonly server: Server) {}

  /**
   * Frees memory until used memory is under maxmemory. Returns false when it cannot (noeviction,
   * nothing evictable), in which case denyoom commands are refused.
   */
  makeRoom(): boolean {
    const s = this.server;
    if (s.maxmemory <= 0 || s.memoryForEviction() <= s.maxmemory) return true;
    const policy = s.config.get('maxmemory-policy') as MaxmemoryPolicy;
    if (policy === 'noeviction') return false;
    const tenacity = s.config.num('maxmemory-eviction-tenacity');
    const maxEvictions = 16 + tenacity * 100;
    for (let n = 0; n < maxEvictions && s.memoryForEviction() > s.maxmemory; n++) {
      const victim = this.pick(policy);
      if (!victim) return false;
      const db = s.keyspace.dbs[victim.db];
      if (db.delete(victim.key)) {
        s.stats.evictedKeys++;
        s.notifier.notify('e', 'evicted', victim.key, victim.db);
      }
    }
    return s.memoryForEviction() <= s.maxmemory;
  }

  private pick(policy: MaxmemoryPolicy): Candidate | undefined {
    const s = this.server;
    const volatile = policy.startsWith('volatile-');
    const samples = s.config.num('maxmemory-samples');
    const now = s.keyspace.now;
    const clock = s.keyspace.lruClock;
    if (policy.endsWith('-random')) {
      const dbs = s.keyspace.dbs.filter((d) => (volatile ? d.volatileSize : d.size) > 0);
      if (dbs.length === 0) return undefined;
      const db = dbs[(Math.random() * dbs.length) | 0];
      let picked: Candidate | undefined;
      db.sample(1, volatile, (key) => (picked = { db: db.index, key, score: 0 }));
      return picked;
    }
    for (const db of s.keyspace.dbs) {
      if ((volatile ? db.volatileSize : db.size) === 0) continue;
      db.sample(samples, volatile, (key, access, expireAt) => {
        let score: number;
        if (policy.endsWith('-ttl')) score = Number.MAX_SAFE_INTEGER - (expireAt - now);
        else if (policy.endsWith('-lfu')) score = 255 - lfuDecayed(s.keyspace, access);
        else score = clock - access;
        if (this.pool.some((c) => c.db === db.index && c.key === key)) return;
        this.pool.push({ db: db.index, key, score });
      });
    }
    this.pool.sort((a, b) => b.score - a.score);
    if (this.pool.length > POOL_SIZE) this.pool.length = POOL_SIZE;
    while (this.pool.length > 0) {
      const best = this.pool.shift()!;
      if (s.keyspace.dbs[best.db].exists(best.key)) return best;
    }
    return undefined;
  }
}
