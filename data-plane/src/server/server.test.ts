import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import net from 'node:net';
import Redis from 'ioredis';
import {
  rawExchange,
  startRedis,
  startStrata,
  type RunningProcess,
  type RunningServer,
} from '../testing/harness';

let strata: RunningServer;
let redis: RunningProcess;

before(async () => {
  strata = await startStrata();
  redis = await startRedis();
});
after(async () => {
  await strata.close();
  await redis.close();
});

/** Sends the same raw bytes to both servers and returns both answers. */
async function both(bytes: string, until?: (s: string) => boolean) {
  const [a, b] = await Promise.all([
    rawExchange(strata.port, bytes, until, 1000),
    rawExchange(redis.port, bytes, until, 1000),
  ]);
  return { strata: a, redis: b };
}

test('malformed protocol: same error as Redis, connection closed', async () => {
  for (const bytes of [
    '*1\r\nfoo\r\n',
    '*-x\r\n',
    '*1\r\n$-10\r\n',
    '*3000000000\r\n',
    '"unbalanced\r\n',
    '*1\r\n$blabla\r\n',
  ]) {
    const r = await both(bytes);
    assert.equal(r.strata.text, r.redis.text, JSON.stringify(bytes));
    assert.equal(r.strata.closed, true, 'strata closes after a protocol error');
  }
});

test('inline commands, pipelining and empty lines answer like Redis', async () => {
  const bytes = 'PING\r\n\r\nset k "a b"\r\nget k\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nECHO x\r\n';
  const r = await both(bytes, (s) => s.endsWith('$1\r\nx\r\n'));
  assert.equal(r.strata.text, r.redis.text);
});

test('unknown commands and wrong arity carry Redis texts', async () => {
  const bytes = 'NOSUCH a b\r\nGET\r\nSET k\r\nCONFIG NOPE\r\nCONFIG\r\nPING\r\n';
  const r = await both(bytes, (s) => s.endsWith('+PONG\r\n'));
  assert.equal(r.strata.text, r.redis.text);
});

test('a protocol error on one connection does not disturb another', async () => {
  const client = new Redis(strata.port, '127.0.0.1', { lazyConnect: true });
  await client.connect();
  await client.set('survivor', '1');
  await rawExchange(strata.port, '*1\r\nfoo\r\n');
  assert.equal(await client.get('survivor'), '1');
  client.disconnect();
});

test('RESP3: HELLO 3 switches null and map encodings', async () => {
  const bytes = 'HELLO 3\r\nGET nokey\r\nCONFIG GET maxmemory\r\nHELLO 2\r\nGET nokey\r\n';
  const r = await rawExchange(strata.port, bytes, (s) => s.endsWith('$-1\r\n'));
  assert.match(r.text, /^%7\r\n/);
  assert.ok(r.text.includes('_\r\n%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n'), r.text);
  assert.ok(
    r.text.endsWith(
      '*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:2\r\n$2\r\nid\r\n' +
        r.text.split('$2\r\nid\r\n')[2].split('\r\n')[0] +
        '\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n$-1\r\n',
    ),
  );
});

test('HELLO with a bad version answers NOPROTO like Redis', async () => {
  const r = await both('HELLO 4\r\nHELLO x\r\nPING\r\n', (s) => s.endsWith('+PONG\r\n'));
  assert.equal(r.strata.text, r.redis.text);
});

test('many commands in one write are all answered in order', async () => {
  let bytes = '';
  for (let i = 0; i < 5000; i++)
    bytes += `*3\r\n$3\r\nSET\r\n$${String(i).length + 2}\r\npk${i}\r\n$${String(i).length}\r\n${i}\r\n`;
  for (let i = 0; i < 5000; i++) bytes += `*2\r\n$3\r\nGET\r\n$${String(i).length + 2}\r\npk${i}\r\n`;
  const expected =
    '+OK\r\n'.repeat(5000) +
    Array.from({ length: 5000 }, (_, i) => `$${String(i).length}\r\n${i}\r\n`).join('');
  const r = await rawExchange(strata.port, bytes, (s) => s.length >= expected.length, 5000);
  assert.equal(r.text, expected);
});

test('a deep pipeline runs in time slices of the event loop, its replies complete and in order', async () => {
  const deferrals = async () => {
    const info = (await rawExchange(strata.port, 'INFO stats\r\n', (s) => s.endsWith('\r\n\r\n'), 2000)).text;
    return Number(/client_input_deferrals:(\d+)/.exec(info)?.[1]);
  };
  const before = await deferrals();
  const n = 30000;
  const bytes = '*2\r\n$4\r\nINCR\r\n$5\r\nslice\r\n'.repeat(n);
  const expected = Array.from({ length: n }, (_, i) => `:${i + 1}\r\n`).join('');
  // A second client is served while the pipeline runs, and sees part of its effect at most.
  const [a, b] = await Promise.all([
    rawExchange(strata.port, bytes, (s) => s.length >= expected.length, 20000),
    rawExchange(strata.port, 'PING\r\n', (s) => s.endsWith('\r\n'), 20000),
  ]);
  assert.equal(a.text, expected);
  assert.equal(b.text, '+PONG\r\n');
  // 30,000 commands take longer than one slice (2 ms): the rest waited for later turns.
  assert.ok((await deferrals()) > before, 'the pipeline was continued in later turns');
});

test('requirepass: NOAUTH before AUTH, WRONGPASS for a bad password, like Redis', async () => {
  const s = await startStrata(['--requirepass', 'secret']);
  const r = await startRedis(['--requirepass', 'secret']);
  try {
    const bytes = 'GET k\r\nAUTH nope\r\nAUTH default nope\r\nAUTH secret\r\nGET k\r\n';
    const [a, b] = await Promise.all([
      rawExchange(s.port, bytes, (t) => t.endsWith('$-1\r\n')),
      rawExchange(r.port, bytes, (t) => t.endsWith('$-1\r\n')),
    ]);
    assert.equal(a.text, b.text);
    assert.match(a.text, /^-NOAUTH/);
  } finally {
    await s.close();
    await r.close();
  }
});

test('maxclients refuses the extra connection with Redis text', async () => {
  const s = await startStrata(['--maxclients', '2']);
  const socks: net.Socket[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const sock = net.connect(s.port, '127.0.0.1');
      await new Promise((res) => sock.once('connect', res));
      socks.push(sock);
    }
    await new Promise((res) => setTimeout(res, 50));
    const r = await rawExchange(s.port, 'PING\r\n');
    assert.equal(r.text, '-ERR max number of clients reached\r\n');
    assert.equal(r.closed, true);
  } finally {
    socks.forEach((x) => x.destroy());
    await s.close();
  }
});

test('a client that never reads its replies is disconnected at the output buffer limit', async () => {
  const s = await startStrata([
    '--client-output-buffer-limit',
    'normal 1mb 0 0 slave 0 0 0 pubsub 32mb 8mb 60',
  ]);
  try {
    const c = new Redis(s.port, '127.0.0.1');
    await c.set('big', 'x'.repeat(512 * 1024));
    c.disconnect();
    const sock = net.connect(s.port, '127.0.0.1');
    await new Promise((res) => sock.once('connect', res));
    sock.pause(); // never read (a paused socket sees no "close": watch the server side)
    const connected = () =>
      [...s.server.clients.values()].some((cl) => cl.socket.remotePort === sock.localPort);
    assert.equal(connected(), true);
    sock.write('*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n'.repeat(200));
    const deadline = Date.now() + 5000;
    while (connected() && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    assert.equal(connected(), false, 'the server dropped the non-reading client');
    sock.destroy();
    // the server still serves others
    const other = new Redis(s.port, '127.0.0.1');
    assert.equal(await other.ping(), 'PONG');
    other.disconnect();
  } finally {
    await s.close();
  }
});

test('CONFIG SET/GET validation matches Redis', async () => {
  const bytes = [
    'CONFIG SET maxmemory 10mb',
    'CONFIG GET maxmemory',
    'CONFIG SET maxmemory abc',
    'CONFIG SET maxmemory-policy nope',
    'CONFIG SET nosuchsetting 1',
    'CONFIG SET maxmemory-policy allkeys-lru maxmemory-policy noeviction',
    'CONFIG SET hz 5000',
    'CONFIG GET hz',
    'CONFIG SET maxmemory 0',
    'CONFIG GET maxmemory-policy',
    'PING',
  ]
    .map((l) => l + '\r\n')
    .join('');
  const r = await both(bytes, (s) => s.endsWith('+PONG\r\n'));
  assert.equal(r.strata.text, r.redis.text);
});

test('strata-server refuses unknown and malformed flags with a message', () => {
  const bin = require.resolve('../../bin/strata-server.js');
  const bad = spawnSync(process.execPath, [bin, '--nope', '1'], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /unknown flag --nope/);
  const malformed = spawnSync(process.execPath, [bin, '--maxmemory', 'lots'], { encoding: 'utf8' });
  assert.equal(malformed.status, 1);
  assert.match(malformed.stderr, /invalid value 'lots' for --maxmemory/);
  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--tiered_prefix/);
});

test('QUIT answers OK and closes', async () => {
  const r = await rawExchange(strata.port, 'QUIT\r\nPING\r\n');
  assert.equal(r.text, '+OK\r\n');
  assert.equal(r.closed, true);
});

test('node-redis and ioredis both work over RESP2 and RESP3', async () => {
  const { createClient } = await import('redis');
  for (const RESP of [2, 3] as const) {
    const client = createClient({ socket: { port: strata.port, host: '127.0.0.1' }, RESP });
    await client.connect();
    await client.set('nr', 'value');
    assert.equal(await client.get('nr'), 'value');
    await client.quit();
  }
});

test('redis-cli prints the same as against redis-server, RESP2 and RESP3', async () => {
  const run = promisify(execFile);
  const script = [
    ['SET', 'cli:k', 'hello world'],
    ['GET', 'cli:k'],
    ['RPUSH', 'cli:l', 'a', 'b', 'c'],
    ['LRANGE', 'cli:l', '0', '-1'],
    ['HSET', 'cli:h', 'f', '1'],
    ['HGETALL', 'cli:h'],
    ['INCRBYFLOAT', 'cli:f', '1.5'],
    ['GET', 'cli:nokey'],
    ['LPOP', 'cli:k'],
    ['DEL', 'cli:k', 'cli:l', 'cli:h', 'cli:f'],
  ];
  for (const proto of ['-2', '-3']) {
    for (const argv of script) {
      const [a, b] = await Promise.all(
        [strata.port, redis.port].map((port) =>
          run('redis-cli', ['-p', String(port), proto, ...argv]).then((r) => r.stdout),
        ),
      );
      assert.equal(a, b, `redis-cli ${proto} ${argv.join(' ')}`);
    }
  }
});
