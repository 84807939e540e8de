/**
 * ListValue against a plain array model: random operation sequences at several node sizes, with the
 * structure's invariants (links, counts, node sizes, byte accounting) checked after every step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prng as rng } from '../testing/prng';
import { ListNode, ListValue, decodeNodeEntries, encodeNodeEntries } from './list';

function value(r: () => number): string {
  const kind = r();
  if (kind < 0.5) return String.fromCharCode(97 + Math.floor(r() * 4)); // few distinct: LREM/LPOS hits
  if (kind < 0.9) return 'v' + Math.floor(r() * 1000);
  return 'x'.repeat(Math.floor(r() * 3000)) + '\xff\x00';
}

function clamp(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  return [start, Math.min(end, len - 1)];
}

for (const fill of [1, 2, 5, 128, -1, -2, -5]) {
  test(`ListValue matches an array model (fill ${fill})`, () => {
    const r = rng(1000 + fill);
    const list = new ListValue(fill);
    let model: string[] = [];
    const int = (n: number) => Math.floor(r() * n);
    for (let step = 0; step < 4000; step++) {
      const op = int(14);
      const len = model.length;
      const idx = int(2 * len + 3) - len - 1;
      switch (op) {
        case 0:
        case 1: {
          const v = value(r);
          list.pushHead(v);
          model.unshift(v);
          break;
        }
        case 2:
        case 3: {
          const v = value(r);
          list.pushTail(v);
          model.push(v);
          break;
        }
        case 4:
          assert.equal(list.popHead(), model.shift());
          break;
        case 5:
          assert.equal(list.popTail(), model.pop());
          break;
        case 6:
          assert.equal(
            list.at(idx),
            model.at(idx) !== undefined && list.normIndex(idx) >= 0 ? model.at(idx) : undefined,
          );
          break;
        case 7: {
          const v = value(r);
          const ok = list.set(idx, v);
          const i = idx < 0 ? len + idx : idx;
          assert.equal(ok, i >= 0 && i < len);
          if (ok) model[i] = v;
          break;
        }
        case 8: {
          const pivot = value(r);
          const v = value(r);
          const after = r() < 0.5;
          const at = model.indexOf(pivot);
          assert.equal(list.insertAtPivot(pivot, v, after), at >= 0);
          if (at >= 0) model.splice(at + (after ? 1 : 0), 0, v);
          break;
        }
        case 9: {
          const v = value(r);
          const count = int(4) - 2; // -2..1
          const fromTail = count < 0;
          const max = Math.abs(count);
          let removed = 0;
          if (!fromTail) {
            model = model.filter((x) =>
              x === v && (max === 0 || removed < max) ? (removed++, false) : true,
            );
          } else {
            const kept: string[] = [];
            for (let k = model.length - 1; k >= 0; k--) {
              if (model[k] === v && (max === 0 || removed < max)) removed++;
              else kept.push(model[k]);
            }
            model = kept.reverse();
          }
          assert.equal(list.removeValue(v, max, fromTail), removed);
          break;
        }
        case 10: {
          if (r() < 0.7) break; // trims shrink the list fast
          const c = clamp(int(len + 2) - 1, len - int(len + 2), len);
          const left = c ? c[0] : len;
          const right = c ? len - c[1] - 1 : 0;
          list.trim(left, right);
          model = model.slice(left, len - right);
          break;
        }
        case 11: {
          const c = clamp(idx, idx + int(50), len);
          if (c) assert.deepEqual(list.range(c[0], c[1]), model.slice(c[0], c[1] + 1));
          break;
        }
        case 12: {
          const v = value(r);
          const rank = int(3) + 1;
          const reverse = r() < 0.5;
          const maxMatches = int(3);
          const maxLen = int(3) === 0 ? 0 : int(len + 1);
          const want: number[] = [];
          let matches = 0;
          for (let seen = 0; seen < len && (maxLen === 0 || seen < maxLen); seen++) {
            const k = reverse ? len - 1 - seen : seen;
            if (model[k] === v && ++matches >= rank) {
              want.push(k);
              if (maxMatches !== 0 && want.length >= maxMatches) break;
            }
          }
          assert.deepEqual(list.positions(v, rank, maxMatches, maxLen, reverse), want);
          break;
        }
        case 13: {
          if (len === 0 || r() < 0.8) break;
          const start = int(len);
          const n = int(len - start) + 1;
          list.deleteRange(start, n);
          model.splice(start, n);
          break;
        }
      }
      list.check();
      assert.equal(list.length, model.length);
    }
    assert.deepEqual(list.toArray(), model);
    const copy = list.clone();
    copy.check();
    assert.deepEqual(copy.toArray(), model);
    assert.equal(copy.bytes, list.bytes);
    copy.pushHead('only in copy');
    assert.deepEqual(list.toArray(), model);
  });
}

test('nodes respect the fill limit and pops at both ends never leave empty nodes', () => {
  const byCount = new ListValue(4);
  for (let i = 0; i < 10; i++) byCount.pushTail(String(i));
  assert.equal(byCount.nodeCount, 3);
  for (const n of byCount.nodes()) assert.ok(n.count <= 4);
  const bySize = new ListValue(-1); // 4 KiB nodes
  for (let i = 0; i < 100; i++) bySize.pushHead('x'.repeat(100));
  for (const n of bySize.nodes()) assert.ok(n.sz <= 4096, `node of ${n.sz} bytes`);
  assert.ok(bySize.nodeCount >= 3);
  while (bySize.length > 0) {
    bySize.popTail();
    bySize.check();
  }
  assert.equal(bySize.nodeCount, 0);
});

test('a queue living in one node does not grow its array (head gap is compacted)', () => {
  const list = new ListValue(-2);
  for (let i = 0; i < 10; i++) list.pushTail('job');
  for (let i = 0; i < 100000; i++) {
    list.pushTail('job' + i);
    list.popHead();
  }
  list.check();
  assert.equal(list.nodeCount, 1);
  assert.ok(list.head!.entries.length < 64, `array length ${list.head!.entries.length}`);
  for (let i = 0; i < 100000; i++) {
    list.pushHead('job' + i);
    list.popTail();
  }
  list.check();
  assert.ok(list.head!.entries.length < 64, `array length ${list.head!.entries.length}`);
});

test('byte accounting follows the contents', () => {
  const list = new ListValue(-2);
  const empty = list.bytes;
  for (let i = 0; i < 1000; i++) list.pushTail('x'.repeat(100));
  assert.ok(list.bytes > empty + 1000 * 100);
  list.trim(0, 0);
  list.check();
  list.trim(500, 0);
  list.check();
  list.clear();
  assert.equal(list.bytes, empty);
});

test('node entries round-trip through the serialised form (tiering)', () => {
  const entries = ['', 'a', 'x'.repeat(127), 'y'.repeat(128), 'z'.repeat(20000), '\x00\xff\x80'];
  const node = new ListNode(entries);
  const s = encodeNodeEntries(node);
  assert.deepEqual(decodeNodeEntries(s), entries);
  assert.throws(() => decodeNodeEntries(s.slice(0, -1)), /truncated/);
  assert.equal(new ListValue().encoding(), 'quicklist');
});

test('nodesForRange names the nodes an index range touches', () => {
  const list = new ListValue(3);
  for (let i = 0; i < 10; i++) list.pushTail(String(i));
  const nodes = [...list.nodes()];
  assert.deepEqual(list.nodesForRange(0, 0), [nodes[0]]);
  assert.deepEqual(list.nodesForRange(2, 3), [nodes[0], nodes[1]]);
  assert.deepEqual(list.nodesForRange(4, 9), nodes.slice(1));
});
