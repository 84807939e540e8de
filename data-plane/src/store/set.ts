/**
 * The set value, with Redis 7.0's two encodings:
 *
 * - 'intset': every member is a 64-bit integer (in the canonical form string2ll accepts) and there
 *   are at most set-max-intset-entries of them. Kept sorted by numeric value, as Redis's intset is,
 *   so SMEMBERS/SSCAN/SRANDMEMBER show the same order; lookups are binary searches.
 * - 'hashtable': members in an array plus an index (member -> position): O(1) lookups and O(1)
 *   random members (SPOP, SRANDMEMBER); removal moves the last member into the hole.
 *
 * An intset becomes a hashtable when a non-integer is added or it outgrows the limit, never back.
 */
import { stringBytes, type CollectionValue } from './keyspace';

// Accounting constants (Node 20, measured as for HashValue; within about 10% from 10 members up): the
// object and its array; per member the array slot with growth slack; a hashtable adds its index (the
// Map, then an entry per member).
const SET_BASE_BYTES = 170;
const HASHTABLE_BASE_BYTES = 200;
const INTSET_MEMBER_BYTES = 10;
const HASHTABLE_MEMBER_BYTES = 40;
/** Redis caps set-max-intset-entries at 2^30 (intset internals). */
export const INTSET_HARD_LIMIT = 1 << 30;

/** Whether a member is stored in an intset: string2ll's canonical 64-bit integers. */
export function isIntsetMember(s: string): boolean {
  const len = s.length;
  if (len === 0 || len > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 45 /* - */) {
    if (len === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48 /* 0 */) return len === 1;
  if (first < 49 || first > 57) return false;
  for (let k = i + 1; k < len; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  const digits = len - i;
  if (digits < 19) return true;
  if (digits > 19) return false;
  return i === 1 ? s.slice(1) <= '9223372036854775808' : s <= '9223372036854775807';
}

/** Numeric order of two intset members (canonical integer strings). */
export function compareInts(a: string, b: string): number {
  const na = a.charCodeAt(0) === 45;
  const nb = b.charCodeAt(0) === 45;
  if (na !== nb) return na ? -1 : 1;
  let r = a.length - b.length;
  if (r === 0) r = a < b ? -1 : a > b ? 1 : 0;
  return na ? -r : r;
}

export class SetValue implements CollectionValue {
  /** Intset: sorted by numeric value. Hashtable: slot order. */
  private members: string[] = [];
  /** Hashtable encoding only: member -> position in members. */
  private index: Map<string, number> | null = null;
  private byteCount = SET_BASE_BYTES;

  /** setTypeCreate: an intset when the first member is an integer, else a hashtable. */
  static forFirstMember(member: string): SetValue {
    const s = new SetValue();
    if (!isIntsetMember(member)) {
      s.index = new Map();
      s.byteCount += HASHTABLE_BASE_BYTES;
    }
    return s;
  }

  get size(): number {
    return this.members.length;
  }

  get bytes(): number {
    return this.byteCount;
  }

  encoding(): 'intset' | 'hashtable' {
    return this.index === null ? 'intset' : 'hashtable';
  }

  get isIntset(): boolean {
    return this.index === null;
  }

  /** Intset: the position of a member, or -(insertion point) - 1 when absent. */
  private search(member: string): number {
    const m = this.members;
    let lo = 0;
    let hi = m.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareInts(m[mid], member);
      if (c < 0) lo = mid + 1;
      else if (c > 0) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  has(member: string): boolean {
    if (this.index !== null) return this.index.has(member);
    return isIntsetMember(member) && this.search(member) >= 0;
  }

  /** The n-th member in iteration order (0 <= n < size). */
  memberAt(n: number): string {
    return this.members[n];
  }

  /** A uniformly random position (the set must not be empty). */
  randomPosition(): number {
    return (Math.random() * this.members.length) | 0;
  }

  /** Adds a member; returns whether it was new. `maxIntset` is set-max-intset-entries. */
  add(member: string, maxIntset: number): boolean {
    if (this.index !== null) {
      if (this.index.has(member)) return false;
      this.index.set(member, this.members.length);
      this.members.push(member);
      this.byteCount += stringBytes(member.length) + HASHTABLE_MEMBER_BYTES;
      return true;
    }
    if (!isIntsetMember(member)) {
      this.toHashtable();
      return this.add(member, maxIntset);
    }
    const at = this.search(member);
    if (at >= 0) return false;
    this.members.splice(-at - 1, 0, member);
    this.byteCount += stringBytes(member.length) + INTSET_MEMBER_BYTES;
    if (this.members.length > Math.min(maxIntset, INTSET_HARD_LIMIT)) this.toHashtable();
    return true;
  }

  /** Removes a member; returns whether it was there. */
  remove(member: string): boolean {
    const m = this.members;
    if (this.index === null) {
      if (!isIntsetMember(member)) return false;
      const at = this.search(member);
      if (at < 0) return false;
      m.splice(at, 1);
      this.byteCount -= stringBytes(member.length) + INTSET_MEMBER_BYTES;
      return true;
    }
    const at = this.index.get(member);
    if (at === undefined) return false;
    this.index.delete(member);
    const last = m.length - 1;
    if (at !== last) {
      m[at] = m[last];
      this.index.set(m[at], at);
    }
    m.length = last;
    this.byteCount -= stringBytes(member.length) + HASHTABLE_MEMBER_BYTES;
    return true;
  }

  private toHashtable(): void {
    const index = new Map<string, number>();
    const m = this.members;
    for (let i = 0; i < m.length; i++) index.set(m[i], i);
    this.index = index;
    this.byteCount += HASHTABLE_BASE_BYTES + m.length * (HASHTABLE_MEMBER_BYTES - INTSET_MEMBER_BYTES);
  }

  /**
   * One SSCAN step. An intset is returned whole with cursor 0 (as Redis does); a hashtable is walked
   * from the last position down, the cursor being the number of positions left, so a member present
   * for the whole scan is never missed (removal only moves the last member, insertion appends).
   */
  scan(cursor: number, count: number, visit: (member: string) => void): number {
    const m = this.members;
    if (this.index === null) {
      for (let i = 0; i < m.length; i++) visit(m[i]);
      return 0;
    }
    let p = cursor === 0 || cursor > m.length ? m.length : cursor;
    for (let visited = 0; p > 0 && visited < count; visited++) visit(m[--p]);
    return p;
  }

  /**
   * A set of distinct members (RESTORE builds sets this way): an intset when `intset` (the members
   * are then canonical integers, sorted by value), else a hashtable in the given order.
   */
  static fromMembers(members: string[], intset: boolean): SetValue {
    const s = new SetValue();
    s.members = members;
    let bytes = SET_BASE_BYTES;
    for (const m of members) bytes += stringBytes(m.length) + INTSET_MEMBER_BYTES;
    s.byteCount = bytes;
    if (!intset) s.toHashtable();
    return s;
  }

  clone(): SetValue {
    const s = new SetValue();
    s.members = this.members.slice();
    s.index = this.index === null ? null : new Map(this.index);
    s.byteCount = this.byteCount;
    return s;
  }
}
