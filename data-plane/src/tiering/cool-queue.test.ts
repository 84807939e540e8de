import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CoolQueue } from './cool-queue';
import { KeyTable, type Segment } from '../store/key-table';

const segs: Segment[] = new KeyTable().segments;

test('the cool queue hands entries back oldest first, across blocks, and re-queued ones last', () => {
  const q = new CoolQueue();
  const n = 10_000; // more than two blocks
  for (let i = 0; i < n; i++) q.push(segs[i % 7], i, i * 3);
  assert.equal(q.size, n);
  const bytes = q.bytes();
  assert.ok(bytes >= n * 16, 'counts its slots');
  const seen: number[] = [];
  // The first 100 go back to the tail once.
  for (let i = 0; i < 100; i++)
    q.shift((seg, h, epoch) => {
      assert.equal(seg, segs[h % 7]);
      assert.equal(epoch, h * 3);
      q.push(seg, h, epoch);
    });
  while (q.shift((_seg, h) => seen.push(h)));
  assert.equal(q.size, 0);
  assert.deepEqual(seen.slice(0, 3), [100, 101, 102]);
  assert.deepEqual(
    seen.slice(-100),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.equal(seen.length, n);
  assert.ok(q.bytes() < bytes, 'used blocks are given back');
  assert.equal(
    q.shift(() => assert.fail('empty')),
    false,
  );
});

test('the cool queue keeps working after it ran empty and after clear()', () => {
  const q = new CoolQueue();
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 5000; i++) q.push(segs[0], i, round);
    let k = 0;
    while (
      q.shift((_s, h, e) => {
        assert.equal(h, k++);
        assert.equal(e, round);
      })
    );
    assert.equal(k, 5000);
  }
  q.push(segs[1], 1, 1);
  q.clear();
  assert.equal(q.size, 0);
  q.push(segs[2], 2, 2);
  assert.ok(q.shift((s, h) => assert.deepEqual([s, h], [segs[2], 2])));
});
