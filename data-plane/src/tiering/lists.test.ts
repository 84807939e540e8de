/**
 * List-node tiering (tiering/lists.ts): every list command on lists whose middle is on disk against
 * a real redis-server, loads racing with writes, deletes and expiry, stashes racing with changes, a
 * queue drained by 32 blocked consumers, MULTI/EXEC, a corrupted record, a full tier file, and the
 * random differential test (lists and keys families; LT_FAMILIES=a,b,... picks others) with list
 * tiering forced on.
 *
 * "Forced": maxmemory is large but tiered_offload_threshold is 1.0 (memory always counts as short),
 * list_tiering_threshold 1 and list-max-listpack-size 4 (many small nodes), so every node but the
 * two ends goes to disk as soon as the offloader sees the list.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Redis from 'ioredis';
import {
  forcedTieringFlags,
  until,
  startRedis,
  startStrata,
  type RunningProcess,
  type RunningServer,
} from '../testing/harness';
import { callOrError as call, tieringOf as engine } from '../testing/tier-probe';
import { ValueType } from '../store/keyspace';
import {
  ListValue,
  NODE_CLEAN,
  NODE_COLD,
  NODE_STASHING,
  entryHeapBytes,
  type ListNode,
  type ListTierHooks,
} from '../store/list';
import { randomDifferential } from '../testing/differential';
import { prng } from '../testing/prng';
import type { TieredStorage } from './engine';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-list-tier-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let fileNo = 0;

function forcedFlags(extra: string[] = [], fill = 4): string[] {
  return forcedTieringFlags(path.join(tmp, `t${fileNo++}`), [
    // Strings keep the engine's defaults here: these tests count list records only.
    '--tiered_min_value_size',
    '64',
    '--tiered_min_ttl_to_offload_ms',
    '5000',
    '--tiered_experimental_list_support',
    'yes',
    '--list_tiering_threshold',
    '1',
    '--list-max-listpack-size',
    String(fill),
    ...extra,
  ]);
}

function listOf(s: RunningServer, key: string, db = 0): ListValue | undefined {
  const e = s.server.keyspace.dbs[db].peek(key);
  return e && e.type === ValueType.List ? (e.value as ListValue) : undefined;
}

/** Waits until every node of the list but its two ends is on disk only. */
async function middleCold(s: RunningServer, key: string): Promise<ListValue> {
  await until(`${key}: middle on disk`, () => {
    const l = listOf(s, key);
    return l !== undefined && l.nodeCount > 2 && l.coldNodes >= l.nodeCount - 2;
  });
  return listOf(s, key)!;
}

function pendingLoads(e: TieredStorage): number {
  return Number(e.lists.info().find(([k]) => k === 'tiered_list_pending_loads')![1]);
}

/** Entries with lengths 1..~120 (several nodes of 4; some records in small bins, all under 2 KiB). */
function values(n: number, tag = 'v'): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${tag}${i % 7 === 0 ? 'dup' : i}` + '.'.repeat((i * 13) % 120));
  return out;
}

describe('store/list.ts with nodes on disk (a fake owner), against a plain array', () => {
  /** An owner that keeps "disk" records in a Map and counts loads. */
  function fakeOwner() {
    const disk = new Map<ListNode, string[]>();
    const owner: ListTierHooks & { loads: number; disk: Map<ListNode, string[]> } = {
      loads: 0,
      disk,
      load(list, node) {
        owner.loads++;
        const entries = disk.get(node)!;
        node.entries = [...entries];
        node.start = 0;
        node.tier!.state = NODE_CLEAN;
        list.coldNodes--;
        for (const e of entries) list.bytes += entryHeapBytes(e.length);
      },
      changed(node) {
        disk.delete(node);
        node.tier = null;
      },
    };
    return owner;
  }

  /** Every node but the ends goes "to disk" (COLD), with a chance of being left in RAM. */
  function coolDown(list: ListValue, owner: ReturnType<typeof fakeOwner>, rnd: () => number): void {
    for (let n = list.head; n; n = n.next) {
      if (n === list.head || n === list.tail || n.tier !== null || rnd() < 0.2) continue;
      const entries = n.toArray();
      owner.disk.set(n, entries);
      n.tier = { state: NODE_COLD, off: 0, len: 0, crc: 0, loadedAt: 0, loading: false, born: 0, owner };
      for (const e of entries) list.bytes -= entryHeapBytes(e.length);
      n.entries = [];
      n.start = 0;
      list.coldNodes++;
      list.tiered = true;
    }
  }

  test('random operations keep entries, counts and byte accounting; cold nodes load only when touched', () => {
    const rnd = prng(6);
    const owner = fakeOwner();
    const list = new ListValue(4);
    const model: string[] = [];
    const word = () =>
      'w' + Math.floor(rnd() * 12) + (rnd() < 0.1 ? '.'.repeat(Math.floor(rnd() * 300)) : '');
    for (let i = 0; i < 200; i++) {
      const v = word();
      list.pushTail(v);
      model.push(v);
    }
    for (let step = 0; step < 3000; step++) {
      coolDown(list, owner, rnd);
      const len = model.length;
      const idx = len > 0 ? Math.floor(rnd() * len) : 0;
      const op = Math.floor(rnd() * 13);
      const v = word();
      if (op === 0) {
        list.pushHead(v);
        model.unshift(v);
      } else if (op === 1) {
        list.pushTail(v);
        model.push(v);
      } else if (op === 2) assert.equal(list.popHead(), model.shift());
      else if (op === 3) assert.equal(list.popTail(), model.pop());
      else if (op === 4) assert.equal(list.at(idx), model[idx]);
      else if (op === 5 && len > 0) {
        list.set(idx, v);
        model[idx] = v;
      } else if (op === 6) {
        const n = Math.min(len - idx, Math.floor(rnd() * 30));
        assert.deepEqual(list.range(idx, idx + n - 1), model.slice(idx, idx + n));
      } else if (op === 7) {
        const n = Math.min(len - idx, Math.floor(rnd() * 20));
        list.deleteRange(idx, n);
        model.splice(idx, n);
      } else if (op === 8) {
        const count = Math.floor(rnd() * 3) * (rnd() < 0.5 ? 1 : -1);
        const removed = list.removeValue(v, Math.abs(count), count < 0);
        let left = count === 0 ? Infinity : Math.abs(count);
        let hits = 0;
        if (count >= 0) {
          for (let i = 0; i < model.length && left > 0; i++) {
            if (model[i] !== v) continue;
            model.splice(i--, 1);
            left--;
            hits++;
          }
        } else {
          for (let i = model.length - 1; i >= 0 && left > 0; i--) {
            if (model[i] !== v) continue;
            model.splice(i, 1);
            left--;
            hits++;
          }
        }
        assert.equal(removed, hits);
      } else if (op === 9) {
        const pivot = word();
        const after = rnd() < 0.5;
        const at = model.indexOf(pivot);
        assert.equal(list.insertAtPivot(pivot, v, after), at >= 0);
        if (at >= 0) model.splice(at + (after ? 1 : 0), 0, v);
      } else if (op === 10) assert.equal(list.indexOf(v), model.indexOf(v));
      else if (op === 11 && len > 0) {
        const left = Math.floor(rnd() * 5);
        const right = Math.floor(rnd() * 5);
        list.trim(left, right);
        model.splice(0, left);
        model.splice(Math.max(0, model.length - right), right);
      } else if (op === 12) {
        // LPOS with MAXLEN reads no node past the entries it may look at.
        const loads = owner.loads;
        const maxLen = 1 + Math.floor(rnd() * 8);
        const want: number[] = [];
        for (let i = 0; i < Math.min(maxLen, len); i++) if (model[i] === v) want.push(i);
        assert.deepEqual(list.positions(v, 1, 0, maxLen, false), want);
        let reach = 0;
        for (let n = list.head, seen = 0; n !== null && seen < maxLen; n = n.next) {
          reach++;
          seen += n.count;
        }
        assert.ok(owner.loads - loads <= reach, 'LPOS MAXLEN loaded only the nodes it scanned');
      }
      for (let i = 0; model.length < 50 && i < 100; i++) {
        list.pushTail('f' + i);
        model.push('f' + i);
      }
      list.check();
      assert.equal(list.length, model.length);
    }
    assert.deepEqual(list.toArray(), model);
    assert.ok(owner.loads > 500, `cold nodes were loaded: ${owner.loads}`);
    const copy = list.clone();
    copy.check();
    assert.deepEqual(copy.toArray(), model);
  });
});

describe('list tiering: every list command against redis-server', () => {
  let s: RunningServer;
  let ref: RunningProcess;
  let r: Redis;
  let q: Redis;
  before(async () => {
    s = await startStrata(forcedFlags());
    ref = await startRedis(['--list-max-listpack-size', '4']);
    r = new Redis(s.port, { lazyConnect: true });
    q = new Redis(ref.port, { lazyConnect: true });
    await r.connect();
    await q.connect();
  });
  after(async () => {
    r.disconnect();
    q.disconnect();
    await ref.close();
    await s.close();
  });

  /** Runs the same commands on both servers (fresh lists with a cold middle) and compares replies. */
  async function same(name: string, cmds: (string | number)[][], lists = ['L']): Promise<void> {
    for (const key of [...lists, 'L2', 'Ldst', 'Lcopy', 'Lnew']) {
      await r.del(key);
      await q.del(key);
    }
    for (const key of lists) {
      const vals = values(120, key);
      await r.rpush(key, ...vals);
      await q.rpush(key, ...vals);
      await middleCold(s, key);
    }
    const e = engine(s);
    const loadsBefore = e.lists.stats.loads;
    for (const cmd of cmds) {
      const a = await call(r, cmd);
      const b = await call(q, cmd);
      assert.deepEqual(a, b, `${name}: ${cmd.join(' ')}`);
    }
    for (const key of [...lists, 'Ldst', 'Lcopy', 'Lnew']) {
      assert.deepEqual(await r.lrange(key, 0, -1), await q.lrange(key, 0, -1), `${name}: contents of ${key}`);
      listOf(s, key)?.check();
    }
    assert.ok(e.lists.stats.loads > loadsBefore, `${name}: nodes were loaded from disk`);
  }

  test('LINDEX, LRANGE, LLEN, LSET', () =>
    same('index', [
      ['llen', 'L'],
      ['lindex', 'L', 57],
      ['lindex', 'L', -60],
      ['lindex', 'L', 500],
      ['lrange', 'L', 30, 45],
      ['lrange', 'L', -70, -50],
      ['lset', 'L', 61, 'changed'],
      ['lset', 'L', -33, 'changed2'],
      ['lset', 'L', 999, 'x'],
      ['lrange', 'L', 0, -1],
    ]));

  test('LTRIM inside the cold middle', () =>
    same('ltrim', [
      ['ltrim', 'L', 37, 81],
      ['llen', 'L'],
      ['lindex', 'L', 0],
      ['lindex', 'L', -1],
      ['rpush', 'L', 'tail'],
      ['lpush', 'L', 'head'],
    ]));

  test('LREM, LPOS, LINSERT', () =>
    same('scans', [
      ['lpos', 'L', 'Ldup', 'RANK', 2],
      ['lpos', 'L', 'Ldup', 'RANK', -3, 'COUNT', 2],
      ['lpos', 'L', 'Ldup', 'COUNT', 0, 'MAXLEN', 60],
      ['lrem', 'L', 2, 'Ldup'],
      ['lrem', 'L', -1, 'Ldup'],
      ['linsert', 'L', 'BEFORE', values(120, 'L')[64], 'ins1'],
      ['linsert', 'L', 'AFTER', values(120, 'L')[90], 'ins2'],
      ['linsert', 'L', 'AFTER', 'missing', 'x'],
      ['lrem', 'L', 0, 'Ldup'],
      ['lrange', 'L', 0, -1],
    ]));

  test('pops that reach into the middle, LMPOP, LMOVE, RPOPLPUSH', () =>
    same('pops', [
      ['lpop', 'L', 10],
      ['rpop', 'L', 15],
      ['lmpop', 2, 'L', 'L2', 'LEFT', 'COUNT', 9],
      ['lmove', 'L', 'Ldst', 'RIGHT', 'LEFT'],
      ['rpoplpush', 'L', 'Ldst'],
      ['lmove', 'L', 'L', 'LEFT', 'RIGHT'],
      ['lpop', 'L'],
      ['rpop', 'L'],
    ]));

  test('blocking pops on a list with a cold middle', () =>
    same('blocking', [
      ['blpop', 'L', 1],
      ['brpop', 'L', 1],
      ['blmove', 'L', 'Ldst', 'LEFT', 'RIGHT', 1],
      ['blmpop', 1, 1, 'L', 'RIGHT', 'COUNT', 12],
      ['lrange', 'L', 0, -1],
    ]));

  test('SORT, SORT_RO, COPY, RENAME, MOVE, TYPE, EXISTS, OBJECT ENCODING', () =>
    same('keys', [
      ['sort', 'L', 'ALPHA', 'LIMIT', 10, 20],
      ['sort_ro', 'L', 'ALPHA', 'DESC', 'LIMIT', 0, 5],
      ['copy', 'L', 'Lcopy'],
      ['type', 'L'],
      ['exists', 'L'],
      ['object', 'encoding', 'L'],
      ['rename', 'L', 'Lnew'],
      ['lrange', 'Lnew', 50, 70],
      ['move', 'Lnew', 3],
      ['select', 3],
      ['lrange', 'Lnew', 0, -1],
      ['rename', 'Lnew', 'L'],
      ['move', 'L', 0],
      ['select', 0],
      ['lrange', 'L', 0, -1],
    ]));

  test('MULTI/EXEC over offloaded nodes', () =>
    same('multi', [
      ['multi'],
      ['lindex', 'L', 50],
      ['lset', 'L', 50, 'in-tx'],
      ['lrange', 'L', 40, 60],
      ['lrem', 'L', 0, 'Ldup'],
      ['exec'],
    ]));

  test('DEL of a list with nodes on disk frees their records; MEMORY USAGE counts RAM only', async () => {
    const e = engine(s);
    await r.del('D');
    await r.rpush('D', ...values(400, 'D'));
    const l = await middleCold(s, 'D');
    assert.ok(e.lists.diskNodes >= l.nodeCount - 2);
    // The value's figure is what RAM holds: far less than the entries' bytes.
    const usage = Number(await r.call('memory', 'usage', 'D'));
    const raw = values(400, 'D').reduce((n, v) => n + v.length, 0);
    assert.ok(usage < raw, `memory usage ${usage} < ${raw}`);
    assert.match(await r.info('tiered'), /tiered_list_cold_nodes:[1-9]/);
    await r.del('D', 'L', 'L2', 'Ldst', 'Lcopy', 'Lnew');
    assert.equal(e.lists.diskNodes, 0);
    assert.equal(e.lists.coldNodes, 0);
    assert.match(await r.info('tiered'), /tiered_list_nodes:0\r\n/);
  });
});

describe('list tiering: races, faults, queues', () => {
  let s: RunningServer;
  let r: Redis;
  const extra: Redis[] = [];
  async function client(): Promise<Redis> {
    const c = new Redis(s.port, { lazyConnect: true });
    await c.connect();
    extra.push(c);
    return c;
  }
  before(async () => {
    s = await startStrata(forcedFlags());
    r = await client();
  });
  after(async () => {
    for (const c of extra) c.disconnect();
    await s.close();
  });

  async function fresh(key: string, n = 120): Promise<{ list: ListValue; vals: string[] }> {
    await r.del(key);
    const vals = values(n, key);
    await r.rpush(key, ...vals);
    return { list: await middleCold(s, key), vals };
  }

  test('many clients reading one offloaded node at once: one read', async () => {
    const e = engine(s);
    const { list, vals } = await fresh('M');
    const clients = await Promise.all(Array.from({ length: 16 }, () => client()));
    assert.equal(list.nodesForRange(60, 60)[0].tier?.state, NODE_COLD);
    const before = e.lists.stats.loads;
    const replies = await Promise.all(clients.map((c) => c.lindex('M', 60)));
    for (const v of replies) assert.equal(v, vals[60]);
    assert.equal(e.lists.stats.loads - before, 1);
  });

  test('LRANGE over many cold nodes issues every read at once; LTRIM reads only the kept edges', async () => {
    const e = engine(s);
    const { list, vals } = await fresh('R', 200);
    const cold = list.coldNodes;
    assert.ok(cold > 40);
    e.lists.holdLoads = true;
    const all = r.lrange('R', 0, -1);
    await until('reads submitted', () => pendingLoads(e) === cold);
    e.lists.releaseLoads();
    assert.deepEqual(await all, vals);
    // LTRIM: the nodes it drops whole leave without a read.
    await fresh('T', 200);
    const loads = e.lists.stats.loads + e.lists.stats.syncLoads;
    const disk = e.lists.diskNodes;
    assert.equal(await r.ltrim('T', 81, 90), 'OK');
    // The kept edges (2) and at most the read-ahead after it (2 x 5), not the 45 nodes dropped.
    assert.ok(e.lists.stats.loads + e.lists.stats.syncLoads - loads <= 12, 'dropped nodes were not read');
    assert.ok(e.lists.diskNodes < disk - 40, 'records of dropped nodes freed');
    assert.deepEqual(await r.lrange('T', 0, -1), values(200, 'T').slice(81, 91));
    await r.del('R', 'T');
  });

  for (const [name, cmd, expect] of [
    ['LSET', ['lset', 'W', 60, 'new'], (v: string[]) => v.splice(60, 1, 'new')],
    [
      'LREM',
      ['lrem', 'W', 0, 'Wdup'],
      (v: string[]) => v.splice(0, v.length, ...v.filter((x) => x !== 'Wdup')),
    ],
    ['LTRIM', ['ltrim', 'W', 58, 70], (v: string[]) => v.splice(0, v.length, ...v.slice(58, 71))],
    [
      'LINSERT',
      ['linsert', 'W', 'AFTER', values(120, 'W')[61], 'ins'],
      (v: string[]) => v.splice(62, 0, 'ins'),
    ],
  ] as const) {
    test(`${name} while a load of the node is in flight`, async () => {
      const e = engine(s);
      const { vals } = await fresh('W');
      const [a, b] = [await client(), await client()];
      e.lists.holdLoads = true;
      const read = a.lindex('W', 60);
      await until('load in flight', () => pendingLoads(e) > 0);
      const write = call(b, [...cmd]);
      await new Promise((res) => setTimeout(res, 20));
      e.lists.releaseLoads();
      assert.equal(await read, vals[60]);
      assert.ok(
        !(typeof (await write) === 'object' && (await write) !== null),
        `${name}: ${String(await write)}`,
      );
      expect(vals);
      assert.deepEqual(await r.lrange('W', 0, -1), vals);
      listOf(s, 'W')?.check();
    });
  }

  for (const [name, action] of [
    ['DEL', async (c: Redis) => void (await c.del('X'))],
    [
      'EXPIRE',
      async (c: Redis) => void (await c.pexpire('X', 1), await new Promise((res) => setTimeout(res, 30))),
    ],
    ['FLUSHALL', async (c: Redis) => void (await c.flushall())],
  ] as const) {
    test(`${name} while a node load is in flight: the waiting command sees no key, disk freed`, async () => {
      const e = engine(s);
      await fresh('X');
      const [a, b] = [await client(), await client()];
      e.lists.holdLoads = true;
      const read = a.lrange('X', 0, -1);
      await until('load in flight', () => pendingLoads(e) > 0);
      await action(b);
      e.lists.releaseLoads();
      assert.deepEqual(await read, []);
      assert.equal(await r.exists('X'), 0);
      await r.del('M', 'W');
      assert.equal(e.lists.diskNodes, 0);
      assert.equal(e.lists.coldNodes, 0);
    });
  }

  test('a node changed or deleted while its stash is in flight: the write is discarded', async () => {
    const e = engine(s);
    await r.del('S');
    e.holdWrites = true;
    // Entries of 700 bytes: each node's record (4 entries) takes its own extent, written at once.
    const vals = Array.from({ length: 40 }, (_, i) => `s${i}:` + 's'.repeat(700));
    await r.rpush('S', ...vals);
    const node = () => listOf(s, 'S')!.nodesForRange(20, 20)[0];
    await until('the stash of the node holding entry 20', () => node().tier?.state === NODE_STASHING);
    const cancels = e.lists.stats.cancels;
    const stashing = node().tier;
    try {
      await r.lset('S', 20, 'during-stash');
      vals[20] = 'during-stash';
      assert.equal(e.lists.stats.cancels, cancels + 1);
      // The node may be stashing again already, but not with the write that started before LSET.
      assert.notEqual(node().tier, stashing);
    } finally {
      e.releaseWrites();
    }
    await middleCold(s, 'S');
    assert.deepEqual(await r.lrange('S', 0, -1), vals);
    // Delete while stashes are in flight: the records written are freed.
    await r.del('S');
    e.holdWrites = true;
    await r.rpush('S', ...vals);
    await until('stashes in flight', () => e.pendingStashCnt > 2);
    await r.del('S');
    e.releaseWrites();
    await until('records freed', () => e.pendingStashCnt === 0 && e.lists.diskNodes === 0);
    assert.equal(e.alloc.allocatedBytes, 0);
  });

  test('32 consumers blocked in BRPOP on a queue whose middle is on disk: every job once, in order', async () => {
    const e = engine(s);
    await r.del('Q');
    const backlog: string[] = [];
    for (let i = 0; i < 600; i++) backlog.push(`b:${i}:` + 'j'.repeat(200));
    await r.lpush('Q', ...backlog);
    await middleCold(s, 'Q');
    const producers = 4;
    const perProducer = 300;
    const total = backlog.length + producers * perProducer;
    const consumers = await Promise.all(Array.from({ length: 32 }, () => client()));
    const got: string[][] = consumers.map(() => []);
    let received = 0;
    const consuming = consumers.map(async (c, i) => {
      while (received < total) {
        const v = await c.brpop('Q', 0.2);
        if (v === null) continue;
        got[i].push(v[1]);
        received++;
      }
    });
    const prods = await Promise.all(Array.from({ length: producers }, () => client()));
    await Promise.all(
      prods.map(async (p, k) => {
        for (let i = 0; i < perProducer; i++) await p.lpush('Q', `p${k}:${i}:` + 'j'.repeat(100));
      }),
    );
    await Promise.all(consuming);
    const all = got.flat();
    assert.equal(all.length, total);
    assert.equal(new Set(all).size, total, 'no job delivered twice');
    for (const list of got) {
      const last = new Map<string, number>();
      for (const job of list) {
        const [who, seq] = job.split(':');
        const n = Number(seq);
        assert.ok((last.get(who) ?? -1) < n, `order of ${who}`);
        last.set(who, n);
      }
    }
    assert.ok(e.lists.stats.loads > 0, 'the backlog was read from disk');
    assert.equal(e.lists.stats.errors, 0);
  });

  test('an injected I/O error on a node read answers an error, never wrong data; other clients keep running', async () => {
    const e = engine(s);
    const { vals } = await fresh('IO');
    const other = await client();
    e.lists.holdLoads = true;
    e.injectIoError = 'EIO';
    const ioErrors = e.stats.ioErrors;
    const waiting = call(r, ['lindex', 'IO', 60]);
    await until('load in flight', () => pendingLoads(e) > 0);
    // The client waiting for the disk holds nobody else up.
    assert.equal(await other.set('k', 'v'), 'OK');
    assert.equal(await other.lindex('IO', 0), vals[0]);
    e.lists.releaseLoads();
    try {
      assert.deepEqual(await waiting, { error: 'ERR tiered storage read failed: injected EIO' });
      assert.ok(e.stats.ioErrors > ioErrors);
    } finally {
      e.injectIoError = null;
    }
    assert.equal(await r.lindex('IO', 60), vals[60]);
    assert.deepEqual(await r.lrange('IO', 0, -1), vals);
    await r.del('IO');
  });

  test('the offloader walks a list end to end only when a node off its edges is in RAM', async () => {
    const e = engine(s);
    const { list, vals } = await fresh('Deep', 400);
    const allCold = () => list.coldNodes === list.nodeCount - 2;
    await until('every node but the ends on disk', allCold);
    // A middle all on disk: no full pass (before, one every FULL_PASS_MS).
    const passes = e.lists.stats.fullPasses;
    await new Promise((res) => setTimeout(res, 2500));
    assert.equal(e.lists.stats.fullPasses, passes);
    // A node changed deep inside is written out again, one read deep inside dropped again: both
    // out of the edge walks' reach, found by a full pass.
    assert.equal(await r.lset('Deep', 200, 'changed'), 'OK');
    vals[200] = 'changed';
    assert.equal(await r.lindex('Deep', 120), vals[120]);
    assert.ok(!allCold());
    await until('the changed and the read node back on disk', allCold, 10_000);
    assert.ok(e.lists.stats.fullPasses > passes);
    assert.deepEqual(await r.lrange('Deep', 0, -1), vals);
    list.check();
    await r.del('Deep');
  });

  test('a long list is released in steps after DEL; RENAME of a long list keeps every entry', async () => {
    const e = engine(s);
    // 4,800 entries in nodes of 4: 1,200 nodes, over the size released at once.
    const { vals } = await fresh('Long', 4800);
    await r.del('Long');
    await until('long list released', () => e.lists.diskNodes === 0 && e.lists.coldNodes === 0);
    await fresh('Long', 4800);
    await r.rename('Long', 'Long2');
    assert.deepEqual(await r.lrange('Long2', 0, -1), vals);
    // Offloaded again under its new name while the old records are released: nothing is lost.
    await middleCold(s, 'Long2');
    await new Promise((res) => setTimeout(res, 50));
    assert.deepEqual(await r.lrange('Long2', 0, -1), vals);
    listOf(s, 'Long2')!.check();
    await r.del('Long2');
    await until('released', () => e.lists.diskNodes === 0 && e.alloc.allocatedBytes === 0);
  });

  test('RENAME and MOVE hand the records over without reading them (also in MULTI/EXEC and scripts)', async () => {
    const e = engine(s);
    const { list, vals } = await fresh('H');
    let onDisk = 0;
    for (const n of list.nodes()) if (n.tier !== null && n.tier.state !== NODE_STASHING) onDisk++;
    const loads = e.lists.stats.loads + e.lists.stats.syncLoads;
    const disk = e.lists.diskNodes;
    assert.equal(await r.rename('H', 'H2'), 'OK');
    assert.equal(await r.move('H2', 5), 1);
    await r.multi().select(5).rename('H2', 'H3').move('H3', 0).select(0).exec();
    assert.equal(await r.eval("return redis.call('RENAME', KEYS[1], KEYS[2])", 2, 'H3', 'H4'), 'OK');
    await new Promise((res) => setTimeout(res, 20));
    assert.equal(e.lists.stats.loads + e.lists.stats.syncLoads, loads, 'nothing was read');
    assert.equal(e.lists.diskNodes, disk, 'the records are kept');
    assert.equal(listOf(s, 'H4')!.coldNodes > 0, true);
    assert.deepEqual(await r.lrange('H4', 0, -1), vals);
    // The key's flag moved along: deleting the list at its last name frees its records.
    await r.del('H4');
    await until('records freed', () => e.lists.diskNodes === disk - onDisk);
  });

  test('a blocked BLMOVE served onto a list whose end is on disk waits for the read, not synchronously', async () => {
    const e = engine(s);
    await r.del('SRC');
    const { vals } = await fresh('DST');
    const a = await client();
    const served = a.blmove('SRC', 'DST', 'RIGHT', 'LEFT', 5);
    await until('A blocked', () => s.server.blocking.count > 0);
    // Pop the head node of DST: the next node, on disk only, becomes the head (its prefetch held).
    e.lists.holdLoads = true;
    assert.deepEqual(await r.lpop('DST', 4), vals.slice(0, 4));
    assert.equal(listOf(s, 'DST')!.head!.tier?.state, NODE_COLD);
    const sync = e.lists.stats.syncLoads;
    const waits = e.lists.stats.servedWaits;
    await r.rpush('SRC', 'job');
    await until('served client waiting for the read', () => e.lists.stats.servedWaits === waits + 1);
    assert.equal(await r.exists('SRC'), 1, 'not served yet');
    e.lists.releaseLoads();
    assert.equal(await served, 'job');
    assert.equal(e.lists.stats.syncLoads, sync, 'no synchronous read');
    assert.deepEqual(await r.lrange('DST', 0, -1), ['job', ...vals.slice(4)]);
    assert.equal(await r.exists('SRC'), 0);
    listOf(s, 'DST')!.check();
  });

  test('a direct pop waits behind a blocked client served from its key (Redis serves blocked clients first)', async () => {
    const e = engine(s);
    await r.del('SRC2');
    const { vals } = await fresh('DST2');
    const a = await client();
    const b = await client();
    const served = a.blmove('SRC2', 'DST2', 'RIGHT', 'LEFT', 5);
    await until('A blocked', () => s.server.blocking.count > 0);
    e.lists.holdLoads = true;
    assert.deepEqual(await r.lpop('DST2', 4), vals.slice(0, 4));
    const waits = e.lists.stats.servedWaits;
    await r.rpush('SRC2', 'job');
    await until('served client waiting for the read', () => e.lists.stats.servedWaits === waits + 1);
    // B pops SRC2 directly while A waits for DST2's head: in Redis A took the job before B ran.
    const queued = e.lists.stats.queuedBehindServes;
    const direct = b.rpop('SRC2');
    await until('B queued behind A', () => e.lists.stats.queuedBehindServes === queued + 1);
    e.lists.releaseLoads();
    assert.equal(await served, 'job');
    assert.equal(await direct, null);
    assert.deepEqual(await r.lrange('DST2', 0, 1), ['job', vals[4]]);
  });

  test('a push never waits for a read at the other end; a pop at a cold end does', async () => {
    const e = engine(s);
    const { list, vals } = await fresh('E', 120);
    e.lists.holdLoads = true;
    // Drain the tail node: the next one (on disk only; its prefetch is held) becomes the tail.
    assert.deepEqual(await r.rpop('E', 4), vals.slice(116).reverse());
    assert.equal(list.tail!.tier?.state, NODE_COLD);
    const pop = (await client()).rpop('E');
    const waits = e.lists.stats.commandWaits;
    await until('the pop waits for the tail', () => e.lists.stats.commandWaits === waits + 1);
    const pushed = await Promise.race([
      r.lpush('E', 'x'),
      new Promise((res) => setTimeout(() => res('LPUSH waited for the tail read'), 2000)),
    ]);
    assert.equal(pushed, 117);
    assert.equal(e.lists.stats.commandWaits, waits + 1, 'LPUSH did not wait');
    e.lists.releaseLoads();
    assert.equal(await pop, vals[115]);
    list.check();
  });

  test('pops that wait for reads deepen the prefetch of their list', async () => {
    const e = engine(s);
    const { list, vals } = await fresh('D', 400);
    e.lists.holdLoads = true;
    // Drain the tail node: threshold + 4 nodes from the tail are prefetched (held).
    const p0 = e.lists.stats.prefetches;
    assert.deepEqual(await r.rpop('D', 4), vals.slice(396).reverse());
    assert.equal(e.lists.stats.prefetches - p0, 5);
    // A pop now waits for the tail: the depth doubles, the next prefetch reaches threshold + 8.
    const pop = (await client()).rpop('D');
    const waits = e.lists.stats.commandWaits;
    await until('the pop waits', () => e.lists.stats.commandWaits === waits + 1);
    const p1 = e.lists.stats.prefetches;
    e.lists.releaseLoads();
    assert.equal(await pop, vals[395]);
    assert.equal(e.lists.stats.prefetches - p1, 4, 'nodes 5-8 from the tail read ahead');
    await until('prefetches done', () => pendingLoads(e) === 0);
    let n = list.tail;
    for (let d = 0; d < 9; d++, n = n!.prev) assert.notEqual(n!.tier?.state, NODE_COLD, `node ${d} in RAM`);
    assert.deepEqual(await r.lrange('D', 0, -1), vals.slice(0, 395));
    list.check();
  });

  test('a pipelined fill faster than the offloader: pushes wait for it, every entry kept in order', async () => {
    const e = engine(s);
    await r.del('F');
    const throttles = e.lists.stats.pushThrottles;
    // 6 MiB in one pipeline: more than the 4 MiB of slack a list may hold in RAM beyond its ends. It
    // is held by CLIENT PAUSE WRITE until the server has read all of it, then runs in one turn (no
    // time slices): no offloader write can complete in between, so the pushes outrun it, as many
    // producers on a slow disk would. (Run as it arrives, the offloader sometimes kept up.)
    const job = (i: number) => `f${i}:` + 'x'.repeat(1024);
    const p = r.pipeline();
    let bytes = 0;
    for (let i = 0; i < 6000; i++) {
      p.rpush('F', job(i));
      const j = job(i);
      bytes += `*3\r\n$5\r\nRPUSH\r\n$1\r\nF\r\n$${j.length}\r\n${j}\r\n`.length;
    }
    const admin = new Redis(s.port);
    const slice = s.server.turnSliceMs;
    let replies: [Error | null, unknown][] | null;
    try {
      await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
      const read0 = s.server.stats.netInputBytes;
      s.server.turnSliceMs = Infinity;
      const pending = p.exec();
      await until('the pipeline read', () => s.server.stats.netInputBytes - read0 >= bytes);
      await admin.call('CLIENT', 'UNPAUSE');
      replies = await pending;
    } finally {
      s.server.turnSliceMs = slice;
      await admin.call('CLIENT', 'UNPAUSE');
      admin.disconnect();
    }
    assert.deepEqual(
      replies!.map(([err, n]) => (err ? String(err) : n)),
      Array.from({ length: 6000 }, (_, i) => i + 1),
    );
    assert.ok(e.lists.stats.pushThrottles > throttles, 'pushes waited for the offloader');
    const list = listOf(s, 'F')!;
    assert.ok(list.entryBytes() <= 6 * list.maxNodeBytes() + (4 << 20) + 8 * 1040, 'RAM part bounded');
    const all = await r.lrange('F', 0, -1);
    assert.equal(all.length, 6000);
    all.forEach((v, i) => assert.equal(v, job(i)));
    list.check();
    await r.del('F');
  });

  test('sparse small-bin pages of node records are compacted; the moved records still read', async () => {
    const e = engine(s);
    // Records of 4 entries of about 60 bytes: a dozen per 4 KiB page.
    const { list, vals } = await fresh('P', 600);
    const nodes = [...list.nodes()];
    assert.ok(nodes.every((n) => n === list.head || n === list.tail || (n.tier?.len ?? 0) < 2048));
    // The nodes left alone (every fourth one) and where their records are now.
    const kept = nodes
      .filter((n, i) => i % 4 === 0 && n.tier !== null)
      .map((n) => ({ t: n.tier!, off: n.tier!.off }));
    const defrags = e.stats.totalDefrags;
    const errors = e.lists.stats.errors;
    // Change the other nodes: their records are freed, every page falls under half full.
    for (let i = 4; i < 596; i += 4) if ((i / 4) % 4 !== 0) await r.lset('P', i, `changed${i}`);
    for (let i = 4; i < 596; i += 4) if ((i / 4) % 4 !== 0) vals[i] = `changed${i}`;
    await until('pages compacted', () => e.stats.totalDefrags > defrags);
    e.cron(); // writes the filling bin
    await until('moves written', () => kept.some(({ t, off }) => t.off !== off));
    assert.ok(
      kept.every(({ t }) => t.state === NODE_COLD || t.state === NODE_CLEAN),
      'untouched records stay valid',
    );
    assert.deepEqual(await r.lrange('P', 0, -1), vals);
    assert.equal(e.lists.stats.errors, errors);
    await r.del('P');
  });

  test('a corrupted node record answers an error and is counted; other nodes still read', async () => {
    const e = engine(s);
    const { list, vals } = await fresh('C', 200);
    const node = list.nodesForRange(100, 100)[0];
    const t = node.tier!;
    assert.equal(t.state, NODE_COLD);
    const fd = fs.openSync(e.path, 'r+');
    fs.writeSync(fd, Buffer.from('garbage'), 0, Math.min(7, t.len), t.off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    const before = e.stats.checksumErrors;
    const errs = e.lists.stats.errors;
    assert.deepEqual(await call(r, ['lindex', 'C', 100]), {
      error: 'ERR tiered storage read failed: checksum mismatch',
    });
    assert.equal(e.stats.checksumErrors, before + 1);
    assert.equal(e.lists.stats.errors, errs + 1);
    assert.equal(await r.lindex('C', 20), vals[20]);
    assert.equal(await r.lindex('C', 180), vals[180]);
    assert.match(await r.info('tiered'), /tiered_list_node_errors:[1-9]/);
    await r.del('C');
  });
});

describe('list tiering: a full tier file', () => {
  test('nodes that find no disk space stay in RAM; every reply stays right', async () => {
    const s = await startStrata(forcedFlags(['--tiered_max_file_size', '65536']));
    const r = new Redis(s.port, { lazyConnect: true });
    await r.connect();
    try {
      const vals: string[] = [];
      for (let i = 0; i < 400; i++) vals.push(`big${i}:` + 'z'.repeat(3000));
      await r.rpush('F', ...vals);
      const e = engine(s);
      await until('overflow', () => e.stats.totalStashOverflows > 0);
      await until('the nodes that found space on disk', () => listOf(s, 'F')!.coldNodes > 0);
      await until('writes settled', () => e.pendingStashCnt === 0);
      const l = listOf(s, 'F')!;
      assert.ok(l.coldNodes > 0 && l.coldNodes < l.nodeCount - 2, `cold ${l.coldNodes} of ${l.nodeCount}`);
      assert.deepEqual(await r.lrange('F', 0, -1), vals);
      assert.equal(await r.lindex('F', 333), vals[333]);
      l.check();
    } finally {
      r.disconnect();
      await s.close();
    }
  });
});

describe('list tiering: settings', () => {
  test('CONFIG SET turns list tiering on and off at run time; a queue drains from prefetched nodes', async () => {
    const s = await startStrata(forcedFlags());
    const r = new Redis(s.port, { lazyConnect: true });
    await r.connect();
    try {
      const e = engine(s);
      await r.config('SET', 'list_tiering_threshold', '0');
      await r.rpush('Q', ...values(200, 'Q'));
      await new Promise((res) => setTimeout(res, 150));
      assert.equal(e.lists.stats.stashes, 0, 'threshold 0: nothing offloaded');
      assert.deepEqual(await r.config('GET', 'list_tiering_threshold'), ['list_tiering_threshold', '0']);
      await r.config('SET', 'list_tiering_threshold', '2');
      await r.rpush('Q', 'more');
      await until('offloaded', () => listOf(s, 'Q')!.coldNodes >= listOf(s, 'Q')!.nodeCount - 4);
      // Four nodes stay in RAM, two at each end.
      let n = listOf(s, 'Q')!.head;
      for (let i = 0; i < 2; i++, n = n!.next) assert.equal(n!.tier?.state === NODE_COLD, false);
      // Draining from the head with pushes at the tail: the nodes coming up are read ahead.
      const want = [...values(200, 'Q'), 'more'];
      for (let i = 0; i < want.length; i++) {
        await r.rpush('Q', `new${i}`);
        assert.equal(await r.lpop('Q'), want[i]);
      }
      assert.ok(e.lists.stats.prefetches > 0);
      assert.equal(e.lists.stats.errors, 0);
      await r.config('SET', 'tiered_experimental_list_support', 'no');
      const stashes = e.lists.stats.stashes;
      await r.rpush('R', ...values(200, 'R'));
      await new Promise((res) => setTimeout(res, 150));
      assert.equal(e.lists.stats.stashes, stashes, 'list support off: nothing more offloaded');
    } finally {
      r.disconnect();
      await s.close();
    }
  });
});

describe('differential test with list tiering forced on', () => {
  test('lists and keys families: identical replies, nodes really read from disk', async () => {
    const s = await startStrata(forcedFlags([], 2));
    try {
      await randomDifferential(
        s.port,
        'strata-list-tiered',
        process.env.LT_FAMILIES ?? 'lists,keys',
        20261127,
        2000,
      );
      const e = engine(s);
      assert.ok(e.lists.stats.stashes > 20, `node stashes: ${e.lists.stats.stashes}`);
      assert.ok(e.lists.stats.loads + e.lists.stats.syncLoads > 5, `node loads: ${e.lists.stats.loads}`);
    } finally {
      await s.close();
    }
  });
});
