/**
 * List commands, differential against a real redis-server: the same command sequences (edge indices,
 * wrong types, bad numbers, RESP3) and the same multi-client blocking scenarios run on both servers,
 * and the exact reply bytes every client sees must be equal. A few assertions on the expected values
 * guard against both servers agreeing on something unexpected.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ValueType } from '../store/keyspace';
import { ListValue } from '../store/list';
import { startRedis, startStrata, type RunningProcess, type RunningServer } from '../testing/harness';
import { RespClient } from '../testing/resp-client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------------------------------

let strata: RunningServer;
let redis: RunningProcess;

before(async () => {
  [strata, redis] = await Promise.all([startStrata(), startRedis()]);
});

after(async () => {
  await Promise.all([strata?.close(), redis?.close()]);
});

/** Runs a command sequence on one server (fresh keyspace, optional RESP3), returns the raw replies. */
async function runSequence(port: number, seq: string[][], resp3: boolean): Promise<string[]> {
  const c = await RespClient.connect(port);
  try {
    await c.call('FLUSHALL');
    if (resp3) await c.call('HELLO', '3');
    const out: string[] = [];
    for (const cmd of seq) out.push(await c.call(...cmd));
    return out;
  } finally {
    c.close();
  }
}

async function differential(seq: string[][], resp3 = false): Promise<string[]> {
  const got = await runSequence(strata.port, seq, resp3);
  const want = await runSequence(redis.port, seq, resp3);
  for (let i = 0; i < seq.length; i++) {
    assert.equal(JSON.stringify(got[i]), JSON.stringify(want[i]), `step ${i}: ${seq[i].join(' ')}`);
  }
  return got;
}

// ---------------------------------------------------------------------------------------------------
// Command sequences
// ---------------------------------------------------------------------------------------------------

const s = (line: string): string[] => line.split(' ');

const SEQUENCES: Record<string, string[][]> = {
  'push and pop': [
    s('RPUSH l a b c'),
    s('LPUSH l x y'),
    s('LRANGE l 0 -1'),
    s('LLEN l'),
    s('LPOP l'),
    s('RPOP l'),
    s('LPOP l 2'),
    s('RPOP l 0'),
    s('LPOP l -1'),
    s('LPOP l abc'),
    s('LPOP l 1 2'),
    s('RPOP l 9223372036854775807'),
    s('RPOP l 9223372036854775808'),
    s('EXISTS l'),
    s('LPOP l'),
    s('LPOP l 1'),
    s('RPOP l 0'),
    s('LPUSHX l a'),
    s('RPUSHX l a b'),
    s('EXISTS l'),
    s('RPUSH l 1'),
    s('LPUSHX l 0 -1'),
    s('RPUSHX l 2 3'),
    s('LRANGE l 0 -1'),
    s('LPUSH l'),
    s('RPOP'),
    s('LLEN nosuch'),
  ],
  'indices and ranges': [
    s('RPUSH l 0 1 2 3 4 5 6 7 8 9'),
    s('LINDEX l 0'),
    s('LINDEX l -1'),
    s('LINDEX l 9'),
    s('LINDEX l 10'),
    s('LINDEX l -10'),
    s('LINDEX l -11'),
    s('LINDEX l 9223372036854775807'),
    s('LINDEX l -9223372036854775808'),
    s('LINDEX l 9223372036854775808'),
    s('LINDEX l 01'),
    s('LINDEX l +1'),
    s('LINDEX l 1.0'),
    s('LINDEX nosuch abc'),
    s('LRANGE l 0 -1'),
    s('LRANGE l -3 -1'),
    s('LRANGE l 5 2'),
    s('LRANGE l -100 100'),
    s('LRANGE l 10 20'),
    s('LRANGE l -1 -2'),
    s('LRANGE l 0 -100'),
    s('LRANGE l -9223372036854775808 9223372036854775807'),
    s('LRANGE l x 1'),
    s('LRANGE nosuch x 1'),
    s('LRANGE nosuch 0 -1'),
    s('LSET l 0 first'),
    s('LSET l -1 last'),
    s('LSET l 10 x'),
    s('LSET l -11 x'),
    s('LSET l x x'),
    s('LSET nosuch 0 x'),
    s('LSET nosuch x x'),
    s('LRANGE l 0 -1'),
  ],
  'ltrim lrem linsert': [
    s('RPUSH l a b a c a d a'),
    s('LREM l 2 a'),
    s('LRANGE l 0 -1'),
    s('LREM l -1 a'),
    s('LRANGE l 0 -1'),
    s('LREM l 0 a'),
    s('LREM l 0 zz'),
    s('LREM l x a'),
    s('LREM nosuch 0 a'),
    s('LINSERT l BEFORE c X'),
    s('LINSERT l after d Y'),
    s('LINSERT l AFTER nosuch Z'),
    s('LINSERT l MIDDLE c Z'),
    s('LINSERT nosuch BEFORE c Z'),
    s('LINSERT nosuch MIDDLE c Z'),
    s('LRANGE l 0 -1'),
    s('LTRIM l 1 -2'),
    s('LRANGE l 0 -1'),
    s('LTRIM l 0 100'),
    s('LTRIM l -100 1'),
    s('LRANGE l 0 -1'),
    s('LTRIM l x 1'),
    s('LTRIM nosuch 0 1'),
    s('LTRIM l 5 1'),
    s('EXISTS l'),
    s('RPUSH l a'),
    s('LREM l 1 a'),
    s('EXISTS l'),
  ],
  lpos: [
    s('RPUSH l a b c 1 2 3 c c'),
    s('LPOS l c'),
    s('LPOS l c RANK 2'),
    s('LPOS l c RANK -1'),
    s('LPOS l c RANK -3'),
    s('LPOS l c RANK 4'),
    s('LPOS l c COUNT 0'),
    s('LPOS l c COUNT 2'),
    s('LPOS l c COUNT 0 RANK -1'),
    s('LPOS l c COUNT 0 RANK 2 MAXLEN 7'),
    s('LPOS l c MAXLEN 3'),
    s('LPOS l c MAXLEN 1 COUNT 0'),
    s('LPOS l c RANK 0'),
    s('LPOS l c RANK x'),
    s('LPOS l c COUNT -1'),
    s('LPOS l c COUNT x'),
    s('LPOS l c MAXLEN -1'),
    s('LPOS l c MAXLEN x'),
    s('LPOS l c RANK'),
    s('LPOS l c BOGUS 1'),
    s('LPOS l c RANK -9223372036854775808'),
    s('LPOS l c RANK -9223372036854775808 COUNT 2'),
    s('LPOS l c RANK 9223372036854775807'),
    s('LPOS l zz'),
    s('LPOS l zz COUNT 1'),
    s('LPOS nosuch a'),
    s('LPOS nosuch a COUNT 1'),
    s('LPOS nosuch a RANK 0'),
  ],
  'lmove rpoplpush lmpop': [
    s('RPUSH src a b c'),
    s('LMOVE src dst LEFT RIGHT'),
    s('LMOVE src dst right left'),
    s('LMOVE src dst UP LEFT'),
    s('LMOVE src dst LEFT DOWN'),
    s('LRANGE dst 0 -1'),
    s('RPOPLPUSH src dst'),
    s('EXISTS src'),
    s('RPOPLPUSH src dst'),
    s('LMOVE src dst LEFT LEFT'),
    s('LMOVE dst dst LEFT RIGHT'),
    s('LRANGE dst 0 -1'),
    s('RPOPLPUSH dst dst'),
    s('LRANGE dst 0 -1'),
    s('LMPOP 2 nosuch dst LEFT'),
    s('LMPOP 2 nosuch dst RIGHT COUNT 2'),
    s('LMPOP 1 dst LEFT COUNT 10'),
    s('LMPOP 1 dst LEFT'),
    s('LMPOP 0 dst LEFT'),
    s('LMPOP -1 dst LEFT'),
    s('LMPOP x dst LEFT'),
    s('LMPOP 2 dst LEFT'),
    s('LMPOP 1 dst MIDDLE'),
    s('LMPOP 1 dst LEFT COUNT 0'),
    s('LMPOP 1 dst LEFT COUNT x'),
    s('LMPOP 1 dst LEFT COUNT 1 COUNT 1'),
    s('LMPOP 1 dst LEFT COUNT'),
    s('LMPOP 1 dst LEFT BOGUS'),
    s('LMPOP 3 a b c'),
  ],
  'wrong types': [
    s('SET str v'),
    s('LPUSH str a'),
    s('RPUSHX str a'),
    s('LPOP str'),
    s('RPOP str 0'),
    s('RPOP str -1'),
    s('LLEN str'),
    s('LINDEX str 0'),
    s('LINDEX str x'),
    s('LSET str 0 x'),
    s('LRANGE str 0 -1'),
    s('LRANGE str x 0'),
    s('LTRIM str 0 1'),
    s('LREM str 0 a'),
    s('LINSERT str BEFORE a b'),
    s('LPOS str a'),
    s('LPOS str a RANK 0'),
    s('RPUSH l a'),
    s('LMOVE str l LEFT LEFT'),
    s('LMOVE l str LEFT LEFT'),
    s('LRANGE l 0 -1'),
    s('RPOPLPUSH l str'),
    s('LMPOP 2 str l LEFT'),
    s('LMPOP 2 l str LEFT'),
    s('LMPOP 2 nosuch str LEFT'),
    s('BLPOP str 0'),
    s('BLPOP l str 0'),
    s('BLPOP nosuch str l 0'),
    s('RPUSH l a'),
    s('BLMOVE str l LEFT LEFT 0'),
    s('BLMOVE l str LEFT LEFT 0'),
    s('BRPOPLPUSH nosuch str 0.01'),
    s('BLMPOP 0 1 str LEFT'),
    s('GET str'),
  ],
  'blocking commands that need not block, and argument errors': [
    s('RPUSH a 1 2 3'),
    s('RPUSH b x'),
    s('BLPOP nosuch a b 0'),
    s('BRPOP b a 0'),
    s('BLPOP b a 1.5'),
    s('EXISTS b'),
    s('BLMOVE a b RIGHT LEFT 0'),
    s('BRPOPLPUSH b a 0'),
    s('EXISTS a'),
    s('BLMPOP 0 2 a b RIGHT COUNT 5'),
    s('BLMPOP 0.01 2 a b LEFT'),
    s('BLPOP a -1'),
    s('BLPOP a x'),
    s('BLPOP a inf'),
    s('BLPOP a -inf'),
    s('BLPOP a nan'),
    s('BLPOP a 1e400'),
    s('BLPOP a 0x7FFFFFFFFFFFFF'),
    s('BRPOP a -0.5'),
    s('BLMOVE a b LEFT LEFT -1'),
    s('BLMOVE a b NOPE LEFT -1'),
    s('BRPOPLPUSH a b x'),
    s('BLMPOP x 1 a LEFT'),
    s('BLMPOP 0 0 a LEFT'),
    s('BLMPOP 0 1 a MIDDLE'),
    s('BLMPOP 0 1 a LEFT COUNT 0'),
    s('BLMPOP -1 1 a LEFT'),
    s('BLMPOP 0 2 a'),
    s('BLPOP a'),
  ],
  'keyspace after writes': [
    s('RPUSH l a b c'),
    s('TYPE l'),
    s('LPOP l 3'),
    s('TYPE l'),
    s('EXISTS l'),
    s('RPUSH l a'),
    s('LSET l 0 b'),
    s('LTRIM l 1 0'),
    s('EXISTS l'),
    s('RPUSH l x'),
    s('LMOVE l l LEFT LEFT'),
    s('EXISTS l'),
  ],
};

describe('list commands against redis-server', () => {
  for (const [name, seq] of Object.entries(SEQUENCES)) {
    test(`${name} (RESP2)`, async () => {
      await differential(seq);
    });
    test(`${name} (RESP3)`, async () => {
      await differential(seq, true);
    });
  }

  test('expected values (both servers could agree on a wrong answer)', async () => {
    const r = await differential([
      s('RPUSH l a b c'),
      s('LPOP l 2'),
      s('LPOS l c RANK 0'),
      s('LPOP l 0'),
      s('LPOP nosuch 1'),
    ]);
    assert.equal(r[1], '*2\r\n$1\r\na\r\n$1\r\nb\r\n');
    assert.equal(
      r[2],
      "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n",
    );
    assert.equal(r[3], '*0\r\n');
    assert.equal(r[4], '*-1\r\n');
  });

  for (const fill of ['1', '3', '-1', '-2']) {
    test(`random operation sequences on long lists (list-max-listpack-size ${fill})`, async () => {
      const seq = randomSequence(fill === '-2' ? 7 : Number(fill) + 20, 700);
      seq.unshift(['CONFIG', 'SET', 'list-max-listpack-size', fill]);
      seq.push(['LRANGE', 'r0', '0', '-1'], ['LRANGE', 'r1', '0', '-1'], ['LRANGE', 'r2', '0', '-1']);
      await differential(seq);
    });
  }
});

/** Deterministic random list commands over three keys with values that repeat (so LREM/LPOS hit). */
function randomSequence(seed: number, n: number): string[][] {
  let a = seed >>> 0;
  const r = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (k: number) => Math.floor(r() * k);
  const key = () => 'r' + int(3);
  const val = () => (r() < 0.6 ? 'v' + int(6) : r() < 0.9 ? 'w' + int(10000) : 'z'.repeat(int(5000)));
  const idx = () => String(int(200) - 100);
  const side = () => (r() < 0.5 ? 'LEFT' : 'RIGHT');
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const op = int(17);
    switch (op) {
      case 0:
      case 1:
      case 2:
        out.push([r() < 0.5 ? 'LPUSH' : 'RPUSH', key(), ...Array.from({ length: 1 + int(25) }, val)]);
        break;
      case 3:
        out.push([r() < 0.5 ? 'LPOP' : 'RPOP', key(), ...(r() < 0.5 ? [String(int(5))] : [])]);
        break;
      case 4:
        out.push(['LINDEX', key(), idx()]);
        break;
      case 5:
        out.push(['LSET', key(), idx(), val()]);
        break;
      case 6:
        out.push(['LRANGE', key(), idx(), idx()]);
        break;
      case 7:
        if (r() < 0.3) out.push(['LTRIM', key(), String(int(5)), String(-1 - int(5))]);
        break;
      case 8:
        out.push(['LREM', key(), String(int(5) - 2), val()]);
        break;
      case 9:
        out.push(['LINSERT', key(), r() < 0.5 ? 'BEFORE' : 'AFTER', val(), val()]);
        break;
      case 10: {
        const args = ['LPOS', key(), val()];
        if (r() < 0.5) args.push('RANK', String(int(7) - 3 || 1));
        if (r() < 0.5) args.push('COUNT', String(int(4)));
        if (r() < 0.3) args.push('MAXLEN', String(int(50)));
        out.push(args);
        break;
      }
      case 11:
        out.push(['LMOVE', key(), key(), side(), side()]);
        break;
      case 12:
        out.push(['RPOPLPUSH', key(), key()]);
        break;
      case 13:
        out.push(['LMPOP', '2', key(), key(), side(), 'COUNT', String(1 + int(4))]);
        break;
      case 14:
        out.push(['LLEN', key()]);
        break;
      case 15:
        out.push([r() < 0.5 ? 'LPUSHX' : 'RPUSHX', key(), val()]);
        break;
      case 16:
        out.push([r() < 0.5 ? 'BLPOP' : 'BRPOP', key(), key(), '0.01']);
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Blocking scenarios: several clients, transcripts compared between the two servers
// ---------------------------------------------------------------------------------------------------

interface Scenario {
  conn(): Promise<RespClient>;
  /** Waits until the server reports n blocked clients. */
  blocked(n: number): Promise<void>;
  /** Records a line of the transcript. */
  log(label: string, reply: string): void;
  isStrata: boolean;
}

async function runScenario(
  port: number,
  isStrata: boolean,
  body: (sc: Scenario) => Promise<void>,
): Promise<string[]> {
  const conns: RespClient[] = [];
  const transcript: string[] = [];
  const ctl = await RespClient.connect(port);
  conns.push(ctl);
  await ctl.call('FLUSHALL');
  const sc: Scenario = {
    isStrata,
    async conn() {
      const c = await RespClient.connect(port);
      conns.push(c);
      return c;
    },
    async blocked(n) {
      const deadline = Date.now() + 3000;
      for (;;) {
        const info = await ctl.call('INFO', 'clients');
        const m = /blocked_clients:(\d+)/.exec(info);
        if (m && Number(m[1]) === n) return;
        if (Date.now() > deadline) throw new Error(`blocked_clients never reached ${n}: ${m?.[1]}`);
        await sleep(5);
      }
    },
    log(label, reply) {
      transcript.push(label + ' ' + JSON.stringify(reply));
    },
  };
  try {
    await body(sc);
  } finally {
    for (const c of conns) c.close();
  }
  return transcript;
}

async function blockingDifferential(body: (sc: Scenario) => Promise<void>): Promise<string[]> {
  const got = await runScenario(strata.port, true, body);
  const want = await runScenario(redis.port, false, body);
  assert.deepEqual(got, want);
  return got;
}

describe('blocking list commands against redis-server', () => {
  test('clients blocked on one key are served first come, first served', async () => {
    const t = await blockingDifferential(async (sc) => {
      const ctl = await sc.conn();
      const [c1, c2, c3] = [await sc.conn(), await sc.conn(), await sc.conn()];
      c1.send('BLPOP', 'q', '0');
      await sc.blocked(1);
      c2.send('BRPOP', 'q', '0');
      await sc.blocked(2);
      c3.send('BLPOP', 'q', '0');
      await sc.blocked(3);
      sc.log('rpush', await ctl.call('RPUSH', 'q', 'a', 'b'));
      sc.log('c1', await c1.read(3000));
      sc.log('c2', await c2.read(3000));
      await sc.blocked(1);
      sc.log('exists', await ctl.call('EXISTS', 'q'));
      sc.log('lpush', await ctl.call('LPUSH', 'q', 'c'));
      sc.log('c3', await c3.read(3000));
      sc.log('pending', String(c1.pending + c2.pending + c3.pending));
    });
    assert.ok(t.includes('c1 "*2\\r\\n$1\\r\\nq\\r\\n$1\\r\\na\\r\\n"'), t.join('\n'));
  });

  test('a multi-key BLPOP is served by the key that gets an element', async () => {
    await blockingDifferential(async (sc) => {
      const ctl = await sc.conn();
      const c1 = await sc.conn();
      c1.send('BLPOP', 'k1', 'k2', 'k3', '0');
      await sc.blocked(1);
      sc.log('push', await ctl.call('RPUSH', 'k3', 'x', 'y'));
      sc.log('c1', await c1.read(3000));
      sc.log('rest', await ctl.call('LRANGE', 'k3', '0', '-1'));
      c1.send('BRPOP', 'k1', 'k1', 'k2', '0');
      await sc.blocked(1);
      sc.log('push', await ctl.call('LPUSH', 'k1', 'a', 'b'));
      sc.log('c1', await c1.read(3000));
    });
  });

  test('timeouts: fractional seconds, null reply, RESP3', async () => {
    await blockingDifferential(async (sc) => {
      const c1 = await sc.conn();
      const start = Date.now();
      sc.log('blpop', await c1.call('BLPOP', 'q', '0.05'));
      sc.log('brpop', await c1.call('BRPOP', 'q', '0.001'));
      sc.log('blmove', await c1.call('BLMOVE', 'q', 'd', 'LEFT', 'RIGHT', '0.01'));
      sc.log('brpoplpush', await c1.call('BRPOPLPUSH', 'q', 'd', '0.01'));
      sc.log('blmpop', await c1.call('BLMPOP', '0.01', '2', 'q', 'r', 'LEFT', 'COUNT', '3'));
      sc.log('waited', String(Date.now() - start >= 50));
      await c1.call('HELLO', '3');
      sc.log('blpop3', await c1.call('BLPOP', 'q', '0.01'));
      sc.log('blmove3', await c1.call('BLMOVE', 'q', 'd', 'LEFT', 'RIGHT', '0.01'));
      sc.log('blmpop3', await c1.call('BLMPOP', '0.01', '1', 'q', 'LEFT'));
      sc.log('exists', await c1.call('EXISTS', 'q', 'd'));
    });
  });

  test('a client blocked forever stays blocked, and pipelined commands wait behind it', async () => {
    await blockingDifferential(async (sc) => {
      const ctl = await sc.conn();
      const c1 = await sc.conn();
      c1.send('BLPOP', 'q', '0');
      c1.send('PING');
      await sc.blocked(1);
      await sleep(120);
      sc.log('pending', String(c1.pending));
      sc.log('info', /blocked_clients:\d+/.exec(await ctl.call('INFO', 'clients'))![0]);
      sc.log('push', await ctl.call('RPUSH', 'q', 'v'));
      sc.log('c1', await c1.read(3000));
      sc.log('c1', await c1.read(3000));
      sc.log('info', /blocked_clients:\d+/.exec(await ctl.call('INFO', 'clients'))![0]);
    });
  });

  test('BLMOVE chains: a client woken by another BLMOVE push, circular and self-referential moves', async () => {
    await blockingDifferential(async (sc) => {
      const ctl = await sc.conn();
      const [c1, c2, c3] = [await sc.conn(), await sc.conn(), await sc.conn()];
      c1.send('BLMOVE', 'l1', 'l2', 'RIGHT', 'LEFT', '0');
      await sc.blocked(1);
      c2.send('BLMOVE', 'l2', 'l3', 'LEFT', 'RIGHT', '0');
      await sc.blocked(2);
      c3.send('BLPOP', 'l3', '0');
      await sc.blocked(3);
      sc.log('push', await ctl.call('RPUSH', 'l1', 'x'));
      sc.log('c1', await c1.read(3000));
      sc.log('c2', await c2.read(3000));
      sc.log('c3', await c3.read(3000));
      sc.log('keys', await ctl.call('EXISTS', 'l1', 'l2', 'l3'));
      // Circular: each moves into the other's source.
      c1.send('BRPOPLPUSH', 'a', 'b', '0');
      await sc.blocked(1);
      c2.send('BRPOPLPUSH', 'b', 'a', '0');
      await sc.blocked(2);
      sc.log('push', await ctl.call('RPUSH', 'a', 'foo'));
      sc.log('c1', await c1.read(3000));
      sc.log('c2', await c2.read(3000));
      sc.log('a', await ctl.call('LRANGE', 'a', '0', '-1'));
      sc.log('b', await ctl.call('LRANGE', 'b', '0', '-1'));
      // Self-referential: the target is the source list.
      await ctl.call('DEL', 'a');
      c1.send('BLMOVE', 'self', 'self', 'LEFT', 'RIGHT', '0');
      await sc.blocked(1);
      sc.log('push', await ctl.call('RPUSH', 'self', 'only'));
      sc.log('c1', await c1.read(3000));
      sc.log('self', await ctl.call('LRANGE', 'self', '0', '-1'));
      // BLMPOP with COUNT served by the key that became ready.
      c1.send('BLMPOP', '0', '2', 'm1', 'm2', 'RIGHT', 'COUNT', '2');
      await sc.blocked(1);
      sc.log('push', await ctl.call('RPUSH', 'm2', '1', '2', '3'));
      sc.log('c1', await c1.read(3000));
    });
  });

  test('a key re-created as another type does not wake list waiters; a wrong destination does', async () => {
    await blockingDifferential(async (sc) => {
      const ctl = await sc.conn();
      const [c1, c2] = [await sc.conn(), await sc.conn()];
      c1.send('BLPOP', 'k', '0');
      await sc.blocked(1);
      sc.log('set', await ctl.call('SET', 'k', 'string'));
      await sleep(30);
      sc.log('pending', String(c1.pending));
      sc.log('del', await ctl.call('DEL', 'k'));
      sc.log('push', await ctl.call('RPUSH', 'k', 'v'));
      sc.log('c1', await c1.read(3000));
      // The destination holds a string: the woken BRPOPLPUSH fails and the source keeps its entry.
      await ctl.call('SET', 'dst', 'x');
      c2.send('BRPOPLPUSH', 'src', 'dst', '0');
      await sc.blocked(1);
      sc.log('push', await ctl.call('RPUSH', 'src', 'foo'));
      sc.log('c2', await c2.read(3000));
      sc.log('src', await ctl.call('LRANGE', 'src', '0', '-1'));
      await sc.blocked(0);
    });
  });

  test('RESP3 clients: served and timed-out blocking replies', async () => {
    await blockingDifferential(async (sc) => {
      const ctl = await sc.conn();
      const c1 = await sc.conn();
      await c1.call('HELLO', '3');
      c1.send('BLMPOP', '0', '1', 'q', 'LEFT', 'COUNT', '2');
      await sc.blocked(1);
      sc.log('push', await ctl.call('RPUSH', 'q', 'a', 'b', 'c'));
      sc.log('c1', await c1.read(3000));
      c1.send('BRPOPLPUSH', 'empty', 'd', '0.02');
      sc.log('c1', await c1.read(3000));
      c1.send('BLMOVE', 'q', 'd', 'RIGHT', 'LEFT', '0');
      sc.log('c1', await c1.read(3000));
      c1.send('BLPOP', 'q', '0');
      await sc.blocked(1);
      sc.log('push', await ctl.call('LPUSH', 'q', 'x'));
      sc.log('c1', await c1.read(3000));
    });
  });

  test('a disconnected blocked client is forgotten', async () => {
    await blockingDifferential(async (sc) => {
      const ctl = await sc.conn();
      const [c1, c2] = [await sc.conn(), await sc.conn()];
      c1.send('BLPOP', 'q', '0');
      await sc.blocked(1);
      c2.send('BLPOP', 'q', '0');
      await sc.blocked(2);
      c1.close();
      await sc.blocked(1);
      sc.log('push', await ctl.call('RPUSH', 'q', 'x'));
      sc.log('c2', await c2.read(3000));
      sc.log('exists', await ctl.call('EXISTS', 'q'));
    });
  });

  test('MULTI: blocking commands answer at once; LPUSH inside EXEC wakes a waiter after the transaction', async () => {
    await blockingDifferential(async (sc) => {
      const ctl = await sc.conn();
      const c1 = await sc.conn();
      await ctl.call('MULTI');
      for (const cmd of [
        s('BLPOP q 0'),
        s('BRPOP q 0'),
        s('BLMOVE q d LEFT LEFT 0'),
        s('BRPOPLPUSH q d 0'),
        s('BLMPOP 0 1 q LEFT'),
      ])
        await ctl.call(...cmd);
      sc.log('exec', await ctl.call('EXEC'));
      c1.send('BLPOP', 'a', 'q', '0');
      await sc.blocked(1);
      await ctl.call('MULTI');
      await ctl.call('LPUSH', 'q', 'x');
      await ctl.call('LPUSH', 'q', 'y');
      await ctl.call('LPUSH', 'a', 'z');
      sc.log('exec', await ctl.call('EXEC'));
      sc.log('c1', await c1.read(3000));
      // LPUSH + DEL inside one transaction: nothing to serve.
      c1.send('BLPOP', 'e', '0');
      await sc.blocked(1);
      await ctl.call('MULTI');
      await ctl.call('LPUSH', 'e', 'x');
      await ctl.call('DEL', 'e');
      sc.log('exec', await ctl.call('EXEC'));
      await sleep(30);
      sc.log('pending', String(c1.pending));
      sc.log('push', await ctl.call('RPUSH', 'e', 'late'));
      sc.log('c1', await c1.read(3000));
    });
  });

  test('CLIENT UNBLOCK ends a wait with the timeout reply or an error', async () => {
    // Strata: through the command when CLIENT is available, else through the same core entry point.
    const body = async (sc: Scenario) => {
      const ctl = await sc.conn();
      const c1 = await sc.conn();
      const unblock = async (mode: string): Promise<void> => {
        if (sc.isStrata && (await ctl.call('CLIENT', 'ID')).startsWith('-')) {
          const [client] = [...strata.server.clients.values()].filter((c) => c.blocked !== null);
          strata.server.blocking.unblock(client, mode === 'ERROR');
          return;
        }
        const list = await ctl.call('CLIENT', 'LIST');
        const id = /id=(\d+) [^\n]*cmd=(blpop|blmove)/.exec(list)![1];
        sc.log('unblock', await ctl.call('CLIENT', 'UNBLOCK', id, mode));
      };
      c1.send('BLPOP', 'q', '0');
      await sc.blocked(1);
      await unblock('TIMEOUT');
      sc.log('c1', await c1.read(3000));
      c1.send('BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '0');
      await sc.blocked(1);
      await unblock('ERROR');
      sc.log('c1', await c1.read(3000));
      await sc.blocked(0);
    };
    const got = await runScenario(strata.port, true, body);
    const want = (await runScenario(redis.port, false, body)).filter((l) => !l.startsWith('unblock'));
    assert.deepEqual(
      got.filter((l) => !l.startsWith('unblock')),
      want,
    );
    assert.deepEqual(want, ['c1 "*-1\\r\\n"', 'c1 "-UNBLOCKED client unblocked via CLIENT UNBLOCK\\r\\n"']);
  });

  test('keyspace notifications carry Redis event names', async () => {
    const commands = [
      s('RPUSH l a b c d e'),
      s('LPUSH l z'),
      s('LPUSHX l w'),
      s('LSET l 0 y'),
      s('LINSERT l BEFORE a q'),
      s('LINSERT l BEFORE nosuch q'),
      s('LREM l 1 q'),
      s('LREM l 1 nosuch'),
      s('LTRIM l 0 3'),
      s('LPOP l'),
      s('RPOP l 1'),
      s('LMOVE l m LEFT RIGHT'),
      s('RPOPLPUSH l m'),
      s('LMPOP 1 m LEFT COUNT 5'),
      s('RPUSH b 1'),
      s('BLPOP nosuch b 0.01'),
      s('RPUSH t 1 2'),
      s('LTRIM t 5 6'),
      s('BLPOP nosuch 0.01'),
    ];
    // Redis: through a pattern subscription.
    const sub = await RespClient.connect(redis.port);
    const ctl = await RespClient.connect(redis.port);
    await ctl.call('FLUSHALL');
    await ctl.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    await sub.call('PSUBSCRIBE', '__keyevent@0__:*');
    for (const cmd of commands) await ctl.call(...cmd);
    await ctl.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    await sleep(50);
    const want: string[] = [];
    while (sub.pending > 0) {
      const m = /__keyevent@0__:(\w+)\r\n\$\d+\r\n(.*)\r\n$/.exec(await sub.read(3000));
      want.push(m![1] + ' ' + m![2]);
    }
    sub.close();
    ctl.close();
    // Strata: what the notifier is asked to publish (pub/sub delivery is another family's).
    const got: string[] = [];
    const notifier = strata.server.notifier;
    const original = notifier.notify.bind(notifier);
    notifier.notify = (cls, event, key, db) => {
      got.push(event + ' ' + key);
      original(cls, event, key, db);
    };
    try {
      const c = await RespClient.connect(strata.port);
      await c.call('FLUSHALL');
      got.length = 0;
      for (const cmd of commands) await c.call(...cmd);
      c.close();
    } finally {
      notifier.notify = original;
    }
    assert.deepEqual(got, want);
    assert.ok(want.includes('linsert l') && want.includes('del m') && want.includes('ltrim t'), want.join());
  });
});

describe('in-process checks of the blocking core (no MULTI needed)', () => {
  test('a client blocked on several keys is served from the key that became ready first', async () => {
    // What MULTI; RPUSH k2 ..; RPUSH k1 ..; EXEC does: two keys become ready in one command, in
    // that order. Redis 7.0 serves the waiter from k2 although k1 is listed first.
    const c1 = await RespClient.connect(strata.port);
    try {
      c1.send('BLPOP', 'k1', 'k2', '0');
      while (strata.server.blocking.count === 0) await sleep(2);
      const db = strata.server.keyspace.dbs[0];
      for (const [key, v] of [
        ['k2', 'from-k2'],
        ['k1', 'from-k1'],
      ]) {
        const list = new ListValue();
        list.pushTail(v);
        db.set(key, ValueType.List, list);
      }
      strata.server.blocking.serveReady();
      assert.equal(await c1.read(3000), '*2\r\n$2\r\nk2\r\n$7\r\nfrom-k2\r\n');
      assert.equal(db.typeOf('k2'), -1);
      assert.equal(db.typeOf('k1'), ValueType.List);
      db.delete('k1');
    } finally {
      c1.close();
    }
  });

  test('BLPOP/BLMOVE reply at once when the client may not block', async () => {
    const c = await RespClient.connect(strata.port);
    try {
      await c.call('PING');
      const client = [...strata.server.clients.values()].at(-1)!;
      client.inExec = true;
      assert.equal(await c.call('BLPOP', 'q', '0'), '*-1\r\n');
      assert.equal(await c.call('BLMPOP', '0', '1', 'q', 'LEFT'), '*-1\r\n');
      assert.equal(await c.call('BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '0'), '$-1\r\n');
      assert.equal(await c.call('BRPOPLPUSH', 'q', 'd', '0'), '$-1\r\n');
      client.inExec = false;
      assert.equal(strata.server.blocking.count, 0);
    } finally {
      c.close();
    }
  });
});
