import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareReplies } from './compare';
import { minimalHistory } from './history';
import { Reply, ReplyReader, encodeCommand, formatCommand, formatReply, replyEquals } from './resp';
import type { Step } from './step';

function readAll(bytes: string, chunk = 1): Reply[] {
  const r = new ReplyReader();
  const out: Reply[] = [];
  const b = Buffer.from(bytes, 'latin1');
  for (let i = 0; i < b.length; i += chunk) {
    r.feed(b.subarray(i, i + chunk));
    for (let x = r.next(); x; x = r.next()) out.push(x);
  }
  return out;
}

test('the reader keeps every RESP2 type apart, fed byte by byte', () => {
  const replies = readAll('+OK\r\n$2\r\nOK\r\n$-1\r\n*-1\r\n:-7\r\n-ERR x\r\n*2\r\n$0\r\n\r\n*0\r\n');
  assert.deepEqual(replies.map(formatReply), ['+OK', '"OK"', '$-1', '*-1', ':-7', '-ERR x', '["", []]']);
  assert.equal(replyEquals(replies[0], replies[1]), false, 'status and bulk differ');
  assert.equal(replyEquals(replies[2], replies[3]), false, 'null bulk and null array differ');
});

test('the reader reads RESP3 types and binary bulk strings', () => {
  const replies = readAll(
    '_\r\n,1.5\r\n#t\r\n(12345678901234567890\r\n%1\r\n+a\r\n:1\r\n~1\r\n$4\r\na\r\nb\r\n=7\r\ntxt:abc\r\n',
    3,
  );
  assert.deepEqual(replies.map(formatReply), [
    '_',
    ',1.5',
    '#t',
    '(12345678901234567890',
    '%{+a, :1}',
    '~{"a\\r\\nb"}',
    '=txt:"abc"',
  ]);
});

test('the reader rejects bytes that are not RESP', () => {
  const r = new ReplyReader();
  r.feed(Buffer.from('?what\r\n'));
  assert.throws(() => r.next(), /unexpected reply type/);
});

test('commands encode as RESP arrays and print as redis-cli input', () => {
  assert.equal(
    encodeCommand(['SET', 'k', Buffer.from([0])]).toString('latin1'),
    '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n\x00\r\n',
  );
  assert.equal(formatCommand(['SET', 'a b', '', Buffer.from([255])]), 'SET "a b" "" "\\xff"');
});

const bulk = (s: string): Reply => ({ type: 'bulk', value: Buffer.from(s) });
const arr = (...items: Reply[]): Reply => ({ type: 'array', items });
const int = (n: number): Reply => ({ type: 'integer', value: BigInt(n) });

test('checks: unordered, pairs, approximate TTLs and validity', () => {
  assert.equal(
    compareReplies({ kind: 'unordered' }, arr(bulk('a'), bulk('b')), arr(bulk('b'), bulk('a'))),
    null,
  );
  assert.notEqual(compareReplies({ kind: 'unordered' }, arr(bulk('a'), bulk('a')), arr(bulk('a'))), null);
  assert.notEqual(
    compareReplies({ kind: 'exact' }, arr(bulk('a'), bulk('b')), arr(bulk('b'), bulk('a'))),
    null,
  );
  const p1 = arr(bulk('f'), bulk('1'), bulk('g'), bulk('2'));
  const p2 = arr(bulk('g'), bulk('2'), bulk('f'), bulk('1'));
  const p3 = arr(bulk('g'), bulk('1'), bulk('f'), bulk('2'));
  assert.equal(compareReplies({ kind: 'unordered-pairs' }, p1, p2), null);
  assert.notEqual(compareReplies({ kind: 'unordered-pairs' }, p1, p3), null);
  assert.equal(compareReplies({ kind: 'approx', tolerance: 1 }, int(100), int(99)), null);
  assert.notEqual(compareReplies({ kind: 'approx', tolerance: 1 }, int(100), int(97)), null);
  assert.notEqual(compareReplies({ kind: 'approx', tolerance: 1 }, int(-1), int(0)), null);
  const valid = {
    kind: 'valid' as const,
    validate: (r: Reply) => (formatReply(r) === '"ok"' ? null : 'bad'),
  };
  assert.equal(compareReplies(valid, bulk('ok'), bulk('ok')), null);
  assert.match(compareReplies(valid, bulk('ok'), bulk('no')) ?? '', /second server/);
  assert.notEqual(compareReplies(valid, bulk('ok'), { type: 'nullbulk' }), null);
});

test('minimal history follows keys through RENAME and stops at FLUSHDB', () => {
  const c = (args: string[], keys: [number, string][], extra: Partial<Step> = {}): Step =>
    ({
      kind: 'command',
      family: 'f',
      db: 0,
      args,
      check: { kind: 'exact' },
      keys: keys.map(([db, key]) => ({ db, key })),
      ...extra,
    }) as Step;
  const steps: Step[] = [
    c(['SET', 'b', '1'], [[0, 'b']]), // 0: before the flush: irrelevant
    c(['FLUSHDB'], [[0, '*']], { barrier: true }), // 1
    c(['SET', 'b', '2'], [[0, 'b']]), // 2
    c(['SET', 'c', '3'], [[0, 'c']]), // 3: unrelated
    c(['KEYS', '*'], [[0, '*']]), // 4: read-only over the db
    c(
      ['RENAME', 'b', 'a'],
      [
        [0, 'b'],
        [0, 'a'],
      ],
    ), // 5
    c(['SET', 'b', '9'], [[0, 'b']]), // 6: b written after the rename: irrelevant to a
    c(['GET', 'a'], [[0, 'a']]), // 7: failing
  ];
  assert.deepEqual(minimalHistory(steps, 7), [1, 2, 5]);
});
