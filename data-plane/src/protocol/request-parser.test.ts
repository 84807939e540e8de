import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestParser, ProtocolError, splitArgs } from './request-parser';

function parseAll(input: string | Buffer, authenticated = true): (string[] | Error)[] {
  const p = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024, authenticated });
  p.feed(Buffer.isBuffer(input) ? input : Buffer.from(input, 'latin1'));
  const out: (string[] | Error)[] = [];
  for (;;) {
    try {
      const cmd = p.next();
      if (cmd === null) break;
      out.push(cmd);
    } catch (e) {
      out.push(e as Error);
      break;
    }
  }
  return out;
}

test('multibulk commands, pipelined, binary safe', () => {
  const out = parseAll('*2\r\n$3\r\nGET\r\n$3\r\nf\x00o\r\n*1\r\n$4\r\nPING\r\n');
  assert.deepEqual(out, [['GET', 'f\x00o'], ['PING']]);
});

test('a command split across chunks is assembled', () => {
  const p = new RequestParser({ protoMaxBulkLen: 1 << 20, authenticated: true });
  const bytes = '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n';
  const got: string[][] = [];
  for (const ch of bytes) {
    p.feed(Buffer.from(ch, 'latin1'));
    const cmd = p.next();
    if (cmd) got.push(cmd);
  }
  assert.deepEqual(got, [['SET', 'k', 'hello']]);
});

test('inline commands with quotes and escapes', () => {
  assert.deepEqual(parseAll('set "a b" "c\\x41\\n"\r\n'), [['set', 'a b', 'cA\n']]);
  assert.deepEqual(splitArgs(`a 'it\\'s' ""`), ['a', "it's", '']);
  assert.equal(splitArgs('"unterminated'), null);
  assert.equal(splitArgs('"a"b'), null);
});

test('protocol errors carry Redis texts', () => {
  const cases: [string, string][] = [
    ['*-x\r\n', 'Protocol error: invalid multibulk length'],
    ['*3000000000\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\nfoo\r\n', "Protocol error: expected '$', got 'f'"],
    ['*1\r\n$-10\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$blabla\r\n', 'Protocol error: invalid bulk length'],
    ['"unbalanced\r\n', 'Protocol error: unbalanced quotes in request'],
  ];
  for (const [input, message] of cases) {
    const out = parseAll(input);
    assert.ok(out.at(-1) instanceof ProtocolError, input);
    assert.equal((out.at(-1) as Error).message, message);
  }
  const big = parseAll('x'.repeat(70 * 1024));
  assert.equal((big[0] as Error).message, 'Protocol error: too big inline request');
});

test('unauthenticated clients get the tighter limits', () => {
  const out = parseAll('*1\r\n$20000\r\n', false);
  assert.equal((out[0] as Error).message, 'Protocol error: unauthenticated bulk length');
});

test('empty multibulk and blank inline lines are ignored', () => {
  assert.deepEqual(parseAll('*0\r\n\r\nPING\r\n'), [[], [], ['PING']]);
});
