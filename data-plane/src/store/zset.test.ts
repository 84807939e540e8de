/**
 * ZSetValue against a sorted-array model (random inserts, score updates, deletes, ranks, ranges,
 * range removals, scans, serialise/parse, clone), and rank/range timings on 1M members (printed,
 * never asserted).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prng } from '../testing/prng';
import { ZSetValue, type LexRange, type ScoreRange, type ZNode } from './zset';

interface Entry {
  member: string;
  score: number;
}

function cmp(a: Entry, b: Entry): number {
  if (a.score !== b.score) return a.score < b.score ? -1 : 1;
  return a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
}

/** The model: a plain array kept sorted by (score, member). */
class Model {
  items: Entry[] = [];

  find(member: string): number {
    return this.items.findIndex((e) => e.member === member);
  }

  set(member: string, score: number): void {
    const i = this.find(member);
    if (i >= 0) this.items.splice(i, 1);
    this.items.push({ member, score });
    this.items.sort(cmp);
  }

  delete(member: string): boolean {
    const i = this.find(member);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }

  inScore(e: Entry, r: ScoreRange): boolean {
    return (r.minex ? e.score > r.min : e.score >= r.min) && (r.maxex ? e.score < r.max : e.score <= r.max);
  }
}

function contents(z: ZSetValue): Entry[] {
  const out: Entry[] = [];
  for (let x: ZNode | null = z.first(); x !== null; x = x.next[0])
    out.push({ member: x.member, score: x.score });
  return out;
}

function backwards(z: ZSetValue): Entry[] {
  const out: Entry[] = [];
  for (let x: ZNode | null = z.last(); x !== null; x = x.prev) out.push({ member: x.member, score: x.score });
  return out.reverse();
}

describe('ZSetValue', () => {
  test('random operations match a sorted-array model', () => {
    const rnd = prng(42);
    const z = new ZSetValue();
    const m = new Model();
    const member = () => 'm' + Math.floor(rnd() * 400) + (rnd() < 0.1 ? '\xff' : '');
    const score = () => (rnd() < 0.05 ? (rnd() < 0.5 ? -Infinity : Infinity) : Math.floor(rnd() * 50) / 2);
    for (let step = 0; step < 20000; step++) {
      const op = rnd();
      if (op < 0.45) {
        const mem = member();
        const s = score();
        const node = z.node(mem);
        if (node) z.setScore(node, s);
        else z.insert(mem, s, 64, 64);
        m.set(mem, s);
      } else if (op < 0.7) {
        const mem = member();
        assert.equal(z.delete(mem), m.delete(mem));
      } else if (op < 0.8) {
        const mem = member();
        const i = m.find(mem);
        assert.equal(z.rank(mem), i);
        assert.equal(z.score(mem), i < 0 ? undefined : m.items[i].score);
        if (m.items.length > 0) {
          const r = Math.floor(rnd() * m.items.length);
          assert.equal(z.at(r)!.member, m.items[r].member);
        }
      } else if (op < 0.9) {
        const a = score();
        const b = score();
        const r: ScoreRange = {
          min: Math.min(a, b),
          max: Math.max(a, b),
          minex: rnd() < 0.5,
          maxex: rnd() < 0.5,
        };
        const inRange = m.items.filter((e) => m.inScore(e, r));
        assert.equal(z.countInRange(r), inRange.length);
        assert.equal(z.firstInRange(r)?.member, inRange[0]?.member);
        assert.equal(z.lastInRange(r)?.member, inRange[inRange.length - 1]?.member);
        if (rnd() < 0.1) {
          assert.equal(z.removeScoreRange(r), inRange.length);
          m.items = m.items.filter((e) => !m.inScore(e, r));
        }
      } else if (op < 0.95 && m.items.length > 0) {
        const a = Math.floor(rnd() * m.items.length);
        const b = Math.min(m.items.length - 1, a + Math.floor(rnd() * 5));
        assert.equal(z.removeRankRange(a, b), b - a + 1);
        m.items.splice(a, b - a + 1);
      } else {
        assert.deepEqual(contents(z), m.items);
        assert.deepEqual(backwards(z), m.items);
        assert.equal(z.size, m.items.length);
      }
    }
    assert.deepEqual(contents(z), m.items);
    assert.equal(z.encoding(), 'skiplist');
    // A set built from sorted input answers the same, and keeps working under writes.
    const built = ZSetValue.fromSorted(
      m.items.map((e) => e.member),
      m.items.map((e) => e.score),
      64,
      64,
    );
    for (let i = 0; i < m.items.length; i++) {
      assert.equal(built.rank(m.items[i].member), i);
      assert.equal(built.at(i)!.member, m.items[i].member);
    }
    for (let i = 0; i < 500; i++) {
      const mem = 'n' + Math.floor(rnd() * 300);
      const s = score();
      const node = built.node(mem);
      if (node) built.setScore(node, s);
      else built.insert(mem, s, 64, 64);
      m.set(mem, s);
      if (rnd() < 0.3) {
        const gone = member();
        assert.equal(built.delete(gone), m.delete(gone));
      }
    }
    assert.deepEqual(contents(built), m.items);
    assert.deepEqual(backwards(built), m.items);
    for (let i = 0; i < m.items.length; i++) assert.equal(built.rank(m.items[i].member), i);
  });

  test('lex ranges on same-score members', () => {
    const z = new ZSetValue();
    const members = ['', 'a', 'aa', 'ab', 'b', 'ba', 'c', 'z\xff', '\xff'];
    for (const mem of members) z.insert(mem, 0, 128, 64);
    const lex = (s: string) =>
      s === '-'
        ? { inf: -1 as const, value: '', ex: true }
        : s === '+'
          ? { inf: 1 as const, value: '', ex: true }
          : { inf: 0 as const, value: s.slice(1), ex: s[0] === '(' };
    const bounds = ['-', '+', '[a', '(a', '[b', '(ba', '[', '(', '[\xff', '(zz'];
    for (const a of bounds) {
      for (const b of bounds) {
        const r: LexRange = { min: lex(a), max: lex(b) };
        const expect = members.filter((mm) => {
          const lo =
            r.min.inf === -1
              ? true
              : r.min.inf === 1
                ? false
                : r.min.ex
                  ? mm > r.min.value
                  : mm >= r.min.value;
          const hi =
            r.max.inf === 1
              ? true
              : r.max.inf === -1
                ? false
                : r.max.ex
                  ? mm < r.max.value
                  : mm <= r.max.value;
          return lo && hi;
        });
        assert.equal(z.countInLexRange(r), expect.length, `${a} ${b}`);
        assert.equal(z.firstInLexRange(r)?.member, expect[0], `${a} ${b}`);
        assert.equal(z.lastInLexRange(r)?.member, expect[expect.length - 1], `${a} ${b}`);
      }
    }
  });

  test('encodings, -0 in a listpack, byte count, clone, scan', () => {
    const z = new ZSetValue();
    const empty = z.bytes;
    z.insert('a', -0, 2, 8);
    assert.ok(Object.is(z.score('a'), 0), 'a listpack stores -0 as 0');
    assert.equal(z.encoding(), 'listpack');
    z.insert('b', 1, 2, 8);
    assert.equal(z.encoding(), 'listpack');
    z.insert('c', 2, 2, 8);
    assert.equal(z.encoding(), 'skiplist');
    z.insert('d', -0, 2, 8);
    assert.ok(Object.is(z.score('d'), -0), 'a skiplist keeps -0');
    z.delete('c');
    z.delete('d');
    assert.equal(z.encoding(), 'skiplist', 'never converts back');
    const long = new ZSetValue();
    long.insert('x'.repeat(9), 1, 128, 8);
    assert.equal(long.encoding(), 'skiplist');
    assert.ok(z.bytes > empty);
    z.delete('a');
    z.delete('b');
    assert.equal(z.bytes, empty, 'the byte count returns to the empty size');

    const big = new ZSetValue();
    for (let i = 0; i < 1000; i++) big.insert('k' + i, i % 10, 128, 64);
    const copy = big.clone();
    big.delete('k1');
    assert.equal(copy.size, 1000);
    assert.equal(copy.encoding(), 'skiplist');
    assert.equal(copy.bytes, big.bytes + (copy.bytes - big.bytes));
    // A full scan sees every member present throughout, even with deletions mid-scan.
    const seen = new Set<string>();
    let cursor = 0;
    let rounds = 0;
    do {
      cursor = copy.scan(cursor, 10, (n) => seen.add(n.member));
      if (rounds++ === 5) for (let i = 0; i < 50; i++) copy.delete('k' + (999 - i));
    } while (cursor !== 0);
    for (let i = 0; i < 950; i++) assert.ok(seen.has('k' + i), 'k' + i);
  });

  test('serialise and parse round-trip; corrupt records are refused', () => {
    const z = new ZSetValue();
    const members = ['', 'a', 'b\x00c', '\xff'.repeat(300), 'x'];
    const scores = [-Infinity, -0.5, 1e-300, 3, Infinity];
    members.forEach((mem, i) => z.insert(mem, scores[i], 128, 64));
    const rec = z.serialise();
    const back = ZSetValue.parse(rec);
    assert.deepEqual(contents(back), contents(z));
    assert.equal(back.encoding(), z.encoding());
    assert.equal(back.bytes, z.bytes);
    assert.throws(() => ZSetValue.parse(rec.slice(0, -1)));
    assert.throws(() => ZSetValue.parse('H' + rec.slice(1)));
    assert.throws(() => ZSetValue.parse(rec + 'x'));
    const dup = new ZSetValue();
    dup.insert('a', 1, 128, 64);
    const one = dup.serialise();
    // The same member twice (count patched to 2, the entry repeated with a higher score).
    const twice = ZSetValue.parse(one);
    twice.insert('b', 2, 128, 64);
    const rec2 = twice.serialise().replace('b', 'a');
    assert.throws(() => ZSetValue.parse(rec2));
  });

  test('1M members: rank and range timings (printed, not asserted)', () => {
    const n = 1_000_000;
    // Random inserts on 100k, then a 1M set built from sorted input (O(n)) for the queries.
    const r = new ZSetValue();
    let t = process.hrtime.bigint();
    for (let i = 0; i < 100_000; i++) r.insert('member:' + i, (i * 7919) % 1000003, 128, 64);
    const insertUs = Number(process.hrtime.bigint() - t) / 1e3 / 100_000;
    const members: string[] = [];
    const scores: number[] = [];
    for (let i = 0; i < n; i++) {
      members.push('member:' + String(i).padStart(7, '0'));
      scores.push(Math.floor(i / 3));
    }
    t = process.hrtime.bigint();
    const z = ZSetValue.fromSorted(members, scores, 128, 64);
    const buildMs = Number(process.hrtime.bigint() - t) / 1e6;
    const q = 100_000;
    t = process.hrtime.bigint();
    let sum = 0;
    for (let i = 0; i < q; i++) {
      const k = (i * 7919) % n;
      const rank = z.rank(members[k]);
      assert.equal(rank, k);
      sum += rank;
    }
    const rankUs = Number(process.hrtime.bigint() - t) / 1e3 / q;
    t = process.hrtime.bigint();
    for (let i = 0; i < q; i++) {
      const k = (i * 37) % n;
      const node = z.at(k)!;
      assert.equal(node.member, members[k]);
      sum += node.score;
    }
    const atUs = Number(process.hrtime.bigint() - t) / 1e3 / q;
    t = process.hrtime.bigint();
    for (let i = 0; i < q; i++) {
      const lo = (i * 13) % 333333;
      assert.equal(
        z.countInRange({ min: lo, max: lo + 100, minex: false, maxex: true }),
        lo + 100 <= 333333 ? 300 : (333334 - lo) * 3 - 2,
      );
    }
    const countUs = Number(process.hrtime.bigint() - t) / 1e3 / q;
    t = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) z.insert('extra:' + i, (i * 331) % 333333, 128, 64);
    for (let i = 0; i < 1000; i++) z.delete('extra:' + i);
    const writeUs = Number(process.hrtime.bigint() - t) / 1e3 / 2000;
    assert.equal(z.size, n);
    assert.ok(sum > 0);
    console.log(
      `# zset: 100k random inserts ${insertUs.toFixed(2)} us each; 1M members built in ${buildMs.toFixed(0)} ms; ` +
        `on 1M: rank ${rankUs.toFixed(2)} us, at(rank) ${atUs.toFixed(2)} us, count-in-range ${countUs.toFixed(2)} us, ` +
        `insert/delete ${writeUs.toFixed(2)} us; accounted ${(z.bytes / n).toFixed(0)} B/member`,
    );
  });
});
