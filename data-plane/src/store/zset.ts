/**
 * The sorted-set value: Redis's design, a skiplist with spans (rank and range queries in O(log n))
 * ordered by (score, member), plus a Map member -> node for O(1) score lookups.
 *
 * Members compare by bytes: members are latin1 JS strings (one char per byte), and JS's `<` on such
 * strings compares UTF-16 code units, which for latin1 is byte order (Redis's memcmp, then length).
 *
 * Every node also sits in a dense array (`slots`, node.slot is its position) so ZSCAN has a cursor
 * that never misses a member present for the whole scan (the array is walked from its end down;
 * deletion moves the last node into the hole, insertion appends, as in store/hash.ts) and
 * ZRANDMEMBER picks a member in O(1).
 *
 * Encodings: one structure, named as Redis 7.0 names its two: 'listpack' while the set has at most
 * zset-max-listpack-entries members of at most zset-max-listpack-value bytes, else 'skiplist'; a set
 * never converts back (Redis 7.0), except that a freshly built result (ZUNIONSTORE, ZRANGESTORE...)
 * gets the encoding its size calls for, as zsetConvertToListpackIfNeeded does.
 *
 * For tiering, a set serialises to one latin1 string (serialise / ZSetValue.parse).
 */
import { stringBytes, type CollectionValue } from './keyspace';

const MAX_LEVEL = 32;
/** Probability of one more level (Redis's ZSKIPLIST_P). */
const P = 0.25;

// Accounting constants, measured on Node 20 (node --expose-gc, heapUsed over sets of 10k to 200k
// members): the value object with its header node and Map; per member the node object (boxed score),
// its two level arrays at the average 1.33 levels, the Map entry and the dense-array slot.
const ZSET_BASE_BYTES = 900;
const ZSET_MEMBER_BYTES = 270;

/** Serialised form: tag byte, encoding byte, varint count, then per member 8 score bytes + varint length + bytes. */
const SERIAL_TAG = 0x5a; // 'Z'
const SERIAL_LISTPACK = 0;
const SERIAL_SKIPLIST = 1;

export class ZNode {
  /** Forward pointers per level (the header has MAX_LEVEL of them). */
  readonly next: (ZNode | null)[];
  /** Members skipped by each forward pointer (the rank distance). */
  readonly span: number[];
  prev: ZNode | null = null;
  /** Position in the dense slot array. */
  slot = 0;

  constructor(
    readonly member: string,
    public score: number,
    level: number,
  ) {
    this.next = new Array<ZNode | null>(level).fill(null);
    this.span = new Array<number>(level).fill(0);
  }
}

/** A score interval (zrangespec): min/max with exclusive flags. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** A lex bound: '-' (inf -1), '+' (inf 1) or a member with an exclusive flag. */
export interface LexBound {
  inf: -1 | 0 | 1;
  value: string;
  ex: boolean;
}

export interface LexRange {
  min: LexBound;
  max: LexBound;
}

/** sdscmplex: a member (or bound) against a bound, '-' below and '+' above everything. */
function cmpLex(value: string, b: LexBound): number {
  if (b.inf !== 0) return -b.inf;
  return value < b.value ? -1 : value > b.value ? 1 : 0;
}

export function lexGteMin(value: string, r: LexRange): boolean {
  const c = cmpLex(value, r.min);
  return r.min.ex ? c > 0 : c >= 0;
}

export function lexLteMax(value: string, r: LexRange): boolean {
  const c = cmpLex(value, r.max);
  return r.max.ex ? c < 0 : c <= 0;
}

function gteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}

function lteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}

/** Whether (score, member) a sorts before (bScore, bMember). */
function before(a: ZNode, score: number, member: string): boolean {
  return a.score < score || (a.score === score && a.member < member);
}

function randomLevel(): number {
  let level = 1;
  while (level < MAX_LEVEL && Math.random() < P) level++;
  return level;
}

// Scratch vectors for the search paths (the server is single-threaded; no call re-enters).
const update: ZNode[] = new Array<ZNode>(MAX_LEVEL);
const rankAt: number[] = new Array<number>(MAX_LEVEL).fill(0);

export class ZSetValue implements CollectionValue {
  private readonly head = new ZNode('', 0, MAX_LEVEL);
  private tail: ZNode | null = null;
  private level = 1;
  private readonly dict = new Map<string, ZNode>();
  private slots: ZNode[] = [];
  private listpack = true;
  private byteCount = ZSET_BASE_BYTES;

  get size(): number {
    return this.slots.length;
  }

  get bytes(): number {
    return this.byteCount;
  }

  encoding(): 'listpack' | 'skiplist' {
    return this.listpack ? 'listpack' : 'skiplist';
  }

  get isListpack(): boolean {
    return this.listpack;
  }

  /** Marks a set as outgrown (a first member too long, or a listpack limit of 0). */
  toSkiplist(): void {
    this.listpack = false;
  }

  /** zsetConvertToListpackIfNeeded for freshly built results. */
  fitEncoding(maxEntries: number, maxValue: number): void {
    if (this.size > maxEntries) {
      this.listpack = false;
      return;
    }
    for (const n of this.slots) {
      if (n.member.length > maxValue) {
        this.listpack = false;
        return;
      }
    }
    this.listpack = true;
    for (const n of this.slots) if (n.score === 0) n.score = 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Lookups
  // ---------------------------------------------------------------------------------------------

  score(member: string): number | undefined {
    return this.dict.get(member)?.score;
  }

  node(member: string): ZNode | undefined {
    return this.dict.get(member);
  }

  first(): ZNode | null {
    return this.head.next[0];
  }

  last(): ZNode | null {
    return this.tail;
  }

  /** 0-based rank of a member in ascending order, -1 when absent. */
  rank(member: string): number {
    const n = this.dict.get(member);
    return n === undefined ? -1 : this.rankOf(n);
  }

  /** 0-based rank of a node that is in the set. */
  rankOf(node: ZNode): number {
    const { score, member } = node;
    let x = this.head;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let y = x.next[i];
      while (y !== null && (y.score < score || (y.score === score && y.member <= member))) {
        rank += x.span[i];
        x = y;
        y = x.next[i];
      }
      if (x === node) return rank - 1;
    }
    return -1;
  }

  /** The node at a 0-based rank (0 <= rank < size). */
  at(rank: number): ZNode | null {
    const target = rank + 1;
    let x = this.head;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let y = x.next[i];
      while (y !== null && traversed + x.span[i] <= target) {
        traversed += x.span[i];
        x = y;
        y = x.next[i];
      }
      if (traversed === target) return x;
    }
    return null;
  }

  /** A node chosen uniformly at random (the set must not be empty). */
  randomNode(): ZNode {
    return this.slots[(Math.random() * this.slots.length) | 0];
  }

  /** The node in slot n (0 <= n < size): an arbitrary but stable-enough order for sampling. */
  slotNode(n: number): ZNode {
    return this.slots[n];
  }

  // ---------------------------------------------------------------------------------------------
  // Ranges
  // ---------------------------------------------------------------------------------------------

  private inRange(r: ScoreRange): boolean {
    if (r.min > r.max || (r.min === r.max && (r.minex || r.maxex))) return false;
    const t = this.tail;
    if (t === null || !gteMin(t.score, r)) return false;
    const f = this.head.next[0];
    return f !== null && lteMax(f.score, r);
  }

  firstInRange(r: ScoreRange): ZNode | null {
    if (!this.inRange(r)) return null;
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      let y = x.next[i];
      while (y !== null && !gteMin(y.score, r)) {
        x = y;
        y = x.next[i];
      }
    }
    const n = x.next[0];
    return n !== null && lteMax(n.score, r) ? n : null;
  }

  lastInRange(r: ScoreRange): ZNode | null {
    if (!this.inRange(r)) return null;
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      let y = x.next[i];
      while (y !== null && lteMax(y.score, r)) {
        x = y;
        y = x.next[i];
      }
    }
    return x !== this.head && gteMin(x.score, r) ? x : null;
  }

  private inLexRange(r: LexRange): boolean {
    const c =
      r.min.inf !== 0 || r.max.inf !== 0
        ? r.min.inf === r.max.inf && r.min.inf !== 0
          ? 0
          : r.min.inf === 1 || r.max.inf === -1
            ? 1
            : -1
        : r.min.value < r.max.value
          ? -1
          : r.min.value > r.max.value
            ? 1
            : 0;
    if (c > 0 || (c === 0 && (r.min.ex || r.max.ex))) return false;
    const t = this.tail;
    if (t === null || !lexGteMin(t.member, r)) return false;
    const f = this.head.next[0];
    return f !== null && lexLteMax(f.member, r);
  }

  /**
   * The first member in a lex range. Lex ranges assume equal scores; on mixed scores the answer
   * depends on the search, so each encoding searches as Redis's does: a listpack linearly from the
   * head (zzlFirstInLexRange), a skiplist down its levels (zslFirstInLexRange).
   */
  firstInLexRange(r: LexRange): ZNode | null {
    if (!this.inLexRange(r)) return null;
    let n: ZNode | null;
    if (this.listpack) {
      n = this.head.next[0];
      while (n !== null && !lexGteMin(n.member, r)) n = n.next[0];
    } else {
      let x = this.head;
      for (let i = this.level - 1; i >= 0; i--) {
        let y = x.next[i];
        while (y !== null && !lexGteMin(y.member, r)) {
          x = y;
          y = x.next[i];
        }
      }
      n = x.next[0];
    }
    return n !== null && lexLteMax(n.member, r) ? n : null;
  }

  /** The last member in a lex range (a listpack searched linearly from its tail). */
  lastInLexRange(r: LexRange): ZNode | null {
    if (!this.inLexRange(r)) return null;
    let n: ZNode | null;
    if (this.listpack) {
      n = this.tail;
      while (n !== null && !lexLteMax(n.member, r)) n = n.prev;
    } else {
      let x = this.head;
      for (let i = this.level - 1; i >= 0; i--) {
        let y = x.next[i];
        while (y !== null && lexLteMax(y.member, r)) {
          x = y;
          y = x.next[i];
        }
      }
      n = x === this.head ? null : x;
    }
    return n !== null && lexGteMin(n.member, r) ? n : null;
  }

  /** Members with a score in range: O(log n) through ranks. */
  countInRange(r: ScoreRange): number {
    const f = this.firstInRange(r);
    if (f === null) return 0;
    return this.rankOf(this.lastInRange(r)!) - this.rankOf(f) + 1;
  }

  /** ZLEXCOUNT: a listpack walks from the first member while in range, a skiplist uses ranks. */
  countInLexRange(r: LexRange): number {
    const f = this.firstInLexRange(r);
    if (f === null) return 0;
    if (this.listpack) {
      let n = 0;
      for (let x: ZNode | null = f; x !== null && lexLteMax(x.member, r); x = x.next[0]) n++;
      return n;
    }
    const l = this.lastInLexRange(r);
    return l === null ? 0 : this.rankOf(l) - this.rankOf(f) + 1;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes
  // ---------------------------------------------------------------------------------------------

  /**
   * Inserts a member that is not in the set. Converts a listpack to a skiplist first when the set
   * would outgrow maxEntries or the member is longer than maxValue (zsetAdd's check).
   */
  insert(member: string, score: number, maxEntries: number, maxValue: number): ZNode {
    if (this.listpack && (this.slots.length + 1 > maxEntries || member.length > maxValue))
      this.listpack = false;
    // A listpack stores -0 as 0 (what Redis replies for it afterwards).
    if (this.listpack && score === 0) score = 0;
    const node = this.link(member, score);
    node.slot = this.slots.length;
    this.slots.push(node);
    this.dict.set(member, node);
    this.byteCount += stringBytes(member.length) + ZSET_MEMBER_BYTES;
    return node;
  }

  /** Changes a member's score (it must be in the set); returns the node now holding it. */
  setScore(node: ZNode, score: number): ZNode {
    if (this.listpack && score === 0) score = 0;
    const prev = node.prev;
    const next = node.next[0];
    // Still in order with its neighbours: update in place (zslUpdateScore's shortcut).
    if ((prev === null || prev.score < score) && (next === null || next.score > score)) {
      node.score = score;
      return node;
    }
    this.unlink(node);
    const fresh = this.link(node.member, score);
    fresh.slot = node.slot;
    this.slots[node.slot] = fresh;
    this.dict.set(node.member, fresh);
    return fresh;
  }

  /** Removes a member; returns whether it was there. */
  delete(member: string): boolean {
    const node = this.dict.get(member);
    if (node === undefined) return false;
    this.remove(node);
    return true;
  }

  /** Removes a node that is in the set. */
  remove(node: ZNode): void {
    this.unlink(node);
    this.dict.delete(node.member);
    const slots = this.slots;
    const last = slots.pop()!;
    if (last !== node) {
      last.slot = node.slot;
      slots[node.slot] = last;
    }
    this.byteCount -= stringBytes(node.member.length) + ZSET_MEMBER_BYTES;
  }

  /** Removes `count` nodes in order starting at `from`; returns how many were removed. */
  removeRun(from: ZNode | null, count: number): number {
    let removed = 0;
    let x = from;
    while (x !== null && removed < count) {
      const next = x.next[0];
      this.remove(x);
      removed++;
      x = next;
    }
    return removed;
  }

  /** ZREMRANGEBYRANK on a clamped 0-based [start, end]. */
  removeRankRange(start: number, end: number): number {
    return this.removeRun(this.at(start), end - start + 1);
  }

  removeScoreRange(r: ScoreRange): number {
    const f = this.firstInRange(r);
    return f === null ? 0 : this.removeRun(f, this.rankOf(this.lastInRange(r)!) - this.rankOf(f) + 1);
  }

  /** ZREMRANGEBYLEX: from the first member in range, while members stay under the max. */
  removeLexRange(r: LexRange): number {
    let removed = 0;
    let x = this.firstInLexRange(r);
    while (x !== null && lexLteMax(x.member, r)) {
      const next = x.next[0];
      this.remove(x);
      removed++;
      x = next;
    }
    return removed;
  }

  /** Adds a node to the skiplist (zslInsert). */
  private link(member: string, score: number): ZNode {
    const head = this.head;
    let x = head;
    for (let i = this.level - 1; i >= 0; i--) {
      rankAt[i] = i === this.level - 1 ? 0 : rankAt[i + 1];
      let y = x.next[i];
      while (y !== null && before(y, score, member)) {
        rankAt[i] += x.span[i];
        x = y;
        y = x.next[i];
      }
      update[i] = x;
    }
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0;
        update[i] = head;
        head.span[i] = this.slots.length;
      }
      this.level = level;
    }
    const node = new ZNode(member, score, level);
    const r0 = rankAt[0];
    for (let i = 0; i < level; i++) {
      const u = update[i];
      node.next[i] = u.next[i];
      u.next[i] = node;
      node.span[i] = u.span[i] - (r0 - rankAt[i]);
      u.span[i] = r0 - rankAt[i] + 1;
    }
    for (let i = level; i < this.level; i++) update[i].span[i]++;
    node.prev = update[0] === head ? null : update[0];
    const after = node.next[0];
    if (after !== null) after.prev = node;
    else this.tail = node;
    return node;
  }

  /** Takes a node out of the skiplist (zslDelete + zslDeleteNode); the slot array is the caller's. */
  private unlink(node: ZNode): void {
    const { score, member } = node;
    let x = this.head;
    for (let i = this.level - 1; i >= 0; i--) {
      let y = x.next[i];
      while (y !== null && y !== node && before(y, score, member)) {
        x = y;
        y = x.next[i];
      }
      update[i] = x;
    }
    for (let i = 0; i < this.level; i++) {
      const u = update[i];
      if (u.next[i] === node) {
        u.span[i] += node.span[i] - 1;
        u.next[i] = node.next[i];
      } else {
        u.span[i] -= 1;
      }
    }
    const after = node.next[0];
    if (after !== null) after.prev = node.prev;
    else this.tail = node.prev;
    while (this.level > 1 && this.head.next[this.level - 1] === null) {
      this.head.span[this.level - 1] = 0;
      this.level--;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Iteration
  // ---------------------------------------------------------------------------------------------

  /**
   * One ZSCAN step over a skiplist-encoded set from `cursor`, visiting about `count` members;
   * returns the next cursor (0 = done). The cursor is the number of slots still to visit.
   */
  scan(cursor: number, count: number, visit: (node: ZNode) => void): number {
    const n = this.slots.length;
    let p = cursor === 0 || cursor > n ? n : cursor;
    for (let visited = 0; p > 0 && visited < count; visited++) visit(this.slots[--p]);
    return p;
  }

  // ---------------------------------------------------------------------------------------------
  // Copies and the serialised form
  // ---------------------------------------------------------------------------------------------

  clone(): ZSetValue {
    const members: string[] = [];
    const scores: number[] = [];
    for (let x = this.head.next[0]; x !== null; x = x.next[0]) {
      members.push(x.member);
      scores.push(x.score);
    }
    const z = new ZSetValue();
    z.build(members, scores);
    z.listpack = this.listpack;
    return z;
  }

  /**
   * A set built from members already sorted by (score, member), all distinct (ZUNION, ZINTER,
   * ZDIFF, ZRANGESTORE results); its encoding fits its size as zsetConvertToListpackIfNeeded does.
   */
  static fromSorted(
    members: readonly string[],
    scores: readonly number[],
    maxEntries: number,
    maxValue: number,
  ): ZSetValue {
    const z = new ZSetValue();
    z.build(members, scores);
    z.fitEncoding(maxEntries, maxValue);
    return z;
  }

  /**
   * Fills an empty set from members sorted by (score, member), all distinct, in O(n): each node is
   * linked after the last node of each of its levels, spans from the ranks (a pointer to nothing
   * spans the members left after its node, the invariant zslInsert keeps).
   */
  private build(members: readonly string[], scores: readonly number[]): void {
    const head = this.head;
    const lastAt: ZNode[] = new Array<ZNode>(MAX_LEVEL).fill(head);
    const lastRank: number[] = new Array<number>(MAX_LEVEL).fill(0);
    const n = members.length;
    let prev: ZNode | null = null;
    let top = 1;
    let bytes = 0;
    for (let k = 0; k < n; k++) {
      const rank = k + 1;
      const level = randomLevel();
      if (level > top) top = level;
      const node = new ZNode(members[k], scores[k], level);
      for (let i = 0; i < level; i++) {
        lastAt[i].next[i] = node;
        lastAt[i].span[i] = rank - lastRank[i];
        lastAt[i] = node;
        lastRank[i] = rank;
      }
      node.prev = prev;
      prev = node;
      node.slot = k;
      this.slots.push(node);
      this.dict.set(node.member, node);
      bytes += stringBytes(node.member.length) + ZSET_MEMBER_BYTES;
    }
    for (let i = 0; i < top; i++) lastAt[i].span[i] = n - lastRank[i];
    this.tail = prev;
    this.level = top;
    this.byteCount += bytes;
  }

  /**
   * The compact form for tiering: one latin1 string. Layout: 'Z', encoding (0 listpack, 1
   * skiplist), varint count, then in rank order each score as 8 IEEE-754 bytes (big-endian) and the
   * member as varint length + bytes.
   */
  serialise(): string {
    const parts: string[] = [
      String.fromCharCode(SERIAL_TAG, this.listpack ? SERIAL_LISTPACK : SERIAL_SKIPLIST),
      varint(this.size),
    ];
    const view = new DataView(new ArrayBuffer(8));
    for (let x = this.head.next[0]; x !== null; x = x.next[0]) {
      view.setFloat64(0, x.score);
      let s = '';
      for (let i = 0; i < 8; i++) s += String.fromCharCode(view.getUint8(i));
      parts.push(s, varint(x.member.length), x.member);
    }
    return parts.join('');
  }

  /** Parses what serialise() produced; throws on a malformed record. */
  static parse(record: string): ZSetValue {
    const len = record.length;
    let pos = 2;
    const readVarint = (): number => {
      let n = 0;
      let mul = 1;
      for (;;) {
        if (pos >= len) throw new Error('corrupt zset record: truncated');
        const b = record.charCodeAt(pos++);
        if (b > 0xff) throw new Error('corrupt zset record: not latin1');
        n += (b & 0x7f) * mul;
        if (b < 0x80) return n;
        mul *= 128;
        if (mul > 2 ** 49) throw new Error('corrupt zset record: bad length');
      }
    };
    if (len < 3 || record.charCodeAt(0) !== SERIAL_TAG) throw new Error('corrupt zset record: bad tag');
    const enc = record.charCodeAt(1);
    if (enc !== SERIAL_LISTPACK && enc !== SERIAL_SKIPLIST)
      throw new Error('corrupt zset record: bad encoding');
    const count = readVarint();
    if (count * 9 > len) throw new Error('corrupt zset record: bad count');
    const view = new DataView(new ArrayBuffer(8));
    const members: string[] = [];
    const scores: number[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      if (pos + 8 > len) throw new Error('corrupt zset record: truncated');
      for (let k = 0; k < 8; k++) {
        const b = record.charCodeAt(pos++);
        if (b > 0xff) throw new Error('corrupt zset record: not latin1');
        view.setUint8(k, b);
      }
      const score = view.getFloat64(0);
      if (Number.isNaN(score)) throw new Error('corrupt zset record: NaN score');
      const n = readVarint();
      if (pos + n > len) throw new Error('corrupt zset record: truncated');
      const member = record.slice(pos, pos + n);
      pos += n;
      const last = scores.length - 1;
      if (
        (last >= 0 && !(scores[last] < score || (scores[last] === score && members[last] < member))) ||
        seen.has(member)
      )
        throw new Error('corrupt zset record: out of order or duplicate member');
      seen.add(member);
      members.push(member);
      scores.push(score);
    }
    if (pos !== len) throw new Error('corrupt zset record: trailing bytes');
    const z = new ZSetValue();
    z.build(members, scores);
    z.listpack = enc === SERIAL_LISTPACK;
    return z;
  }
}

/** LEB128 unsigned varint as latin1 chars. */
function varint(n: number): string {
  if (n < 0x80) return String.fromCharCode(n);
  let s = '';
  while (n >= 0x80) {
    s += String.fromCharCode((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  return s + String.fromCharCode(n);
}
