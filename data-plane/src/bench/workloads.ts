/**
 * `npm run bench -- workloads`: the job-queue and feature-store workloads of issues 6 and 11, one
 * table. Every row is measured on strata-server with tiering on, strata-server with tiering off and
 * redis-server in the same run (one server at a time, each a child process), with the goal beside it.
 *
 * 1 queue: a backlog of --backlog 1 KiB jobs (LPUSH, pipelined), then --producers clients LPUSH and
 *   --consumers clients BRPOP for --seconds with the backlog kept (producers stay at most 2,000 jobs
 *   ahead of the consumers). used_memory and RSS with the backlog in place; jobs/s popped. Every job
 *   popped is checked (length, content, FIFO order per consumer).
 * 2 feature store: --entities hashes of 10-20 fields with 4-byte binary names and binary values (about
 *   500 bytes each), written with HSET + EXPIRE; then HMGET of 4 fields of a random entity from
 *   --clients clients, uniform and then skewed (90% of reads to 10% of the entities); every reply
 *   checked. ops/s and used_memory.
 * 3 BullMQ: --bullmq-jobs jobs added (addBulk) and processed by a Worker (concurrency 50) at once;
 *   jobs/s from the first add to the last completion. Needs EVAL.
 * 4 EVALSHA: redis-benchmark (50 clients, -P 16) running a GET script and an INCR script; the INCR
 *   counter is checked afterwards. Needs EVAL.
 *
 * "used_memory (data)" is used_memory minus that of the same server empty, so that the fixed heap of a
 * Node process does not hide the ratio the goal is about. Tiering on means: tier file in --dir, list
 * tiering with --list-threshold nodes kept in RAM at each end, hash tiering, offload threshold 1.0
 * (values offloaded as soon as they are sampled) and maxmemory 4 GiB.
 *
 * Flags: --backlog (100000) --entities (100000) --seconds per measurement (5) --producers (4)
 *   --consumers (32) --clients (32) --bullmq-jobs (5000) --evalsha-n (200000) --list-threshold (1)
 *   --dir (os.tmpdir()) --rows (queue,features,bullmq,evalsha)
 * Issue sizes: --backlog 1000000 --entities 1000000
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import RedisParser from 'redis-parser';
import { Queue, Worker } from 'bullmq';
import { spawnStrata, startRedis, type RunningProcess } from '../testing/harness';
import { prng } from '../testing/prng';
import { cli, flags, fmt, info, pipelineFill, redisBenchmark, resp, rssOf, table } from './common';

const MiB = 1024 * 1024;
const JOB_SIZE = 1024;

type Kind = 'tiered' | 'ram' | 'redis';
const KINDS: readonly Kind[] = ['tiered', 'ram', 'redis'];
const KIND_LABEL: Record<Kind, string> = {
  tiered: 'strata tiering on',
  ram: 'strata tiering off',
  redis: 'redis-server',
};

// --- servers -------------------------------------------------------------------------------------

interface Peer {
  kind: Kind;
  proc: RunningProcess;
  /** used_memory of the server while empty. */
  emptyUsed: number;
}

async function startPeer(kind: Kind, dir: string, listThreshold: number): Promise<Peer> {
  let proc: RunningProcess;
  if (kind === 'redis') proc = await startRedis([]);
  else if (kind === 'ram') proc = await spawnStrata([]);
  else {
    proc = await spawnStrata([
      '--tiered_prefix',
      path.join(dir, `tier-${Date.now()}`),
      '--maxmemory',
      '4gb',
      '--tiered_offload_threshold',
      '1.0',
      '--tiered_experimental_list_support',
      'true',
      '--list_tiering_threshold',
      String(listThreshold),
      '--tiered_experimental_hash_support',
      'true',
    ]);
  }
  await new Promise((r) => setTimeout(r, 200));
  const emptyUsed = Number((await info(proc.port, 'memory')).get('used_memory'));
  return { kind, proc, emptyUsed };
}

async function memoryOf(peer: Peer): Promise<{ used: number; data: number; rss: number }> {
  const used = Number((await info(peer.proc.port, 'memory')).get('used_memory'));
  return { used, data: used - peer.emptyUsed, rss: await rssOf(peer.proc.process.pid ?? 0) };
}

/** Waits until nothing is being written to the tier and the number of values on disk is stable. */
async function settle(peer: Peer, maxMs = 120_000): Promise<Map<string, string>> {
  let m = await info(peer.proc.port, 'tiered');
  if (peer.kind !== 'tiered') return m;
  const deadline = Date.now() + maxMs;
  let last = '';
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const now = `${m.get('tiered_entries')}/${m.get('tiered_total_stashes')}`;
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Number(m.get('tiered_pending_stash_cnt') ?? 0) === 0 && Date.now() - stableSince > 1500) break;
    await new Promise((r) => setTimeout(r, 250));
    m = await info(peer.proc.port, 'tiered');
  }
  return m;
}

// --- a minimal client: pipelined commands, replies in order (redis-parser) ----------------------

class Conn {
  private readonly waiting: { resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  private readonly parser = new RedisParser({
    returnBuffers: true,
    returnReply: (reply: unknown) => this.waiting.shift()!.resolve(reply),
    returnError: (err: Error) => this.waiting.shift()!.reject(err),
  });

  private constructor(private readonly sock: net.Socket) {
    sock.on('data', (d) => this.parser.execute(d));
    sock.on('error', (e) => this.waiting.splice(0).forEach((w) => w.reject(e)));
  }

  static async open(port: number): Promise<Conn> {
    const sock = net.connect(port, '127.0.0.1');
    sock.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', resolve);
      sock.once('error', reject);
    });
    return new Conn(sock);
  }

  /** Sends one RESP-encoded command (latin1 string: one char per byte). */
  send(command: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.sock.write(command, 'latin1');
    });
  }

  close(): void {
    this.sock.destroy();
  }
}

// --- 1. queue -------------------------------------------------------------------------------------

/** Job `seq` of producer `tag` (b = the backlog): `job:<tag>:<seq>:` then a fill, JOB_SIZE bytes. */
function jobOf(tag: string, seq: number): string {
  const head = `job:${tag}:${seq}:`;
  return head + String.fromCharCode(97 + (seq % 26)).repeat(JOB_SIZE - head.length);
}

/** The producer and sequence number of a popped job, or null when it is not what jobOf produced. */
function checkJob(b: Buffer): { tag: string; seq: number } | null {
  if (b.length !== JOB_SIZE || b.toString('latin1', 0, 4) !== 'job:') return null;
  const c1 = b.indexOf(0x3a, 4);
  const c2 = b.indexOf(0x3a, c1 + 1);
  if (c1 < 0 || c2 < 0) return null;
  const tag = b.toString('latin1', 4, c1);
  const seq = Number(b.toString('latin1', c1 + 1, c2));
  const fill = 97 + (seq % 26);
  for (let k = c2 + 1; k < JOB_SIZE; k++) if (b[k] !== fill) return null;
  return { tag, seq };
}

interface QueueResult {
  used: number;
  data: number;
  rss: number;
  jobsPerSec: number;
  errors: number;
  fillPerSec: number;
  onDisk: string;
}

async function queueRow(
  peer: Peer,
  backlog: number,
  producers: number,
  consumers: number,
  seconds: number,
): Promise<QueueResult> {
  const port = peer.proc.port;
  const t0 = performance.now();
  await pipelineFill(port, backlog, (i) => resp('LPUSH', 'queue', jobOf('b', i)), 500);
  const fillPerSec = backlog / ((performance.now() - t0) / 1000);
  const tinfo = await settle(peer);
  const mem = await memoryOf(peer);

  let pushed = 0;
  let popped = 0;
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  const produce = async (p: number) => {
    const c = await Conn.open(port);
    let seq = 0;
    while (performance.now() < deadline) {
      if (pushed - popped > 2000) {
        await new Promise((r) => setImmediate(r));
        continue;
      }
      const batch: Promise<unknown>[] = [];
      for (let k = 0; k < 16; k++) batch.push(c.send(resp('LPUSH', 'queue', jobOf(String(p), seq++))));
      pushed += 16;
      await Promise.all(batch);
    }
    c.close();
  };
  const consume = async () => {
    const c = await Conn.open(port);
    // FIFO: each producer's jobs (and the backlog) reach this consumer in the order they were pushed.
    const last = new Map<string, number>();
    while (performance.now() < deadline) {
      const r = (await c.send(resp('BRPOP', 'queue', '1'))) as Buffer[] | null;
      if (!r) continue;
      const job = checkJob(r[1]);
      if (!job || job.seq <= (last.get(job.tag) ?? -1)) errors++;
      else last.set(job.tag, job.seq);
      popped++;
    }
    c.close();
  };
  await Promise.all([
    ...Array.from({ length: producers }, (_, p) => produce(p)),
    ...Array.from({ length: consumers }, consume),
  ]);
  const jobsPerSec = popped / ((performance.now() - start) / 1000);
  // The backlog is still in place: its length is what was pushed minus what was popped.
  const len = Number(await cli(port, 'llen', 'queue'));
  if (len !== backlog + pushed - popped) errors++;
  return {
    ...mem,
    jobsPerSec,
    errors,
    fillPerSec,
    onDisk: peer.kind === 'tiered' ? `${tinfo.get('tiered_entries')} values on disk` : '',
  };
}

// --- 2. feature store -----------------------------------------------------------------------------

interface Entity {
  fields: string[];
  values: string[];
}

/** Entity i: 10-20 fields, 4-byte binary names (distinct), binary values, about 500 bytes. */
function entityOf(i: number): Entity {
  const rnd = prng(0x5eed + i);
  const n = 10 + Math.floor(rnd() * 11);
  const per = Math.floor(500 / n) - 4;
  const fields: string[] = [];
  const values: string[] = [];
  const seen = new Set<string>();
  while (fields.length < n) {
    let f = '';
    for (let k = 0; k < 4; k++) f += String.fromCharCode(Math.floor(rnd() * 256));
    if (seen.has(f)) continue;
    seen.add(f);
    let v = '';
    for (let k = 0; k < per; k++) v += String.fromCharCode(Math.floor(rnd() * 256));
    fields.push(f);
    values.push(v);
  }
  return { fields, values };
}

function entityKey(i: number): string {
  return `fs:${i}`;
}

/** Fields 0, 3, 7 and the last one of an entity: what each HMGET asks for. */
const READ_FIELDS = (e: Entity) => [0, 3, 7, e.fields.length - 1];

async function featureFill(port: number, entities: number): Promise<number> {
  const t0 = performance.now();
  await pipelineFill(
    port,
    entities * 2,
    (k) => {
      const i = k >> 1;
      if (k & 1) return resp('EXPIRE', entityKey(i), '86400');
      const e = entityOf(i);
      const args = ['HSET', entityKey(i)];
      e.fields.forEach((f, j) => args.push(f, e.values[j]));
      return resp(...args);
    },
    500,
  );
  return entities / ((performance.now() - t0) / 1000);
}

async function featureReads(
  port: number,
  entities: number,
  clients: number,
  seconds: number,
  skewed: boolean,
): Promise<{ ops: number; errors: number }> {
  const hot = Math.max(1, Math.floor(entities / 10));
  let ops = 0;
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  const one = async (c: number) => {
    const rnd = prng(c * 7919 + (skewed ? 1 : 0));
    const conn = await Conn.open(port);
    while (performance.now() < deadline) {
      const i = skewed && rnd() < 0.9 ? Math.floor(rnd() * hot) : Math.floor(rnd() * entities);
      const e = entityOf(i);
      const idx = READ_FIELDS(e);
      const r = (await conn.send(resp('HMGET', entityKey(i), ...idx.map((j) => e.fields[j])))) as Buffer[];
      if (!Array.isArray(r) || r.length !== idx.length) errors++;
      else idx.forEach((j, k) => r[k]?.toString('latin1') !== e.values[j] && errors++);
      ops++;
    }
    conn.close();
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => one(c)));
  return { ops: ops / ((performance.now() - start) / 1000), errors };
}

// --- 3. BullMQ and 4. EVALSHA ---------------------------------------------------------------------

async function supportsEval(port: number): Promise<boolean> {
  const c = await Conn.open(port);
  try {
    return (await c.send(resp('EVAL', 'return 1', '0'))) === 1;
  } catch {
    return false;
  } finally {
    c.close();
  }
}

async function bullmqRow(port: number, jobs: number): Promise<{ jobsPerSec: number; errors: number }> {
  const connection = { host: '127.0.0.1', port };
  const name = `bench-${Date.now()}`;
  const queue = new Queue(name, { connection });
  let done = 0;
  let errors = 0;
  let finished!: () => void;
  const all = new Promise<void>((r) => (finished = r));
  const worker = new Worker(name, async (job) => (job.data as { i: number }).i * 2, {
    connection,
    concurrency: 50,
  });
  worker.on('completed', (job, result) => {
    if (result !== (job.data as { i: number }).i * 2) errors++;
    if (++done === jobs) finished();
  });
  worker.on('failed', () => errors++);
  try {
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    const t0 = performance.now();
    for (let from = 0; from < jobs; from += 500) {
      await queue.addBulk(
        Array.from({ length: Math.min(500, jobs - from) }, (_, k) => ({
          name: 'double',
          data: { i: from + k },
          opts: { removeOnComplete: true, removeOnFail: true },
        })),
      );
    }
    await all;
    return { jobsPerSec: jobs / ((performance.now() - t0) / 1000), errors };
  } finally {
    await worker.close();
    await queue.close();
  }
}

async function evalshaRows(port: number, n: number): Promise<{ get: number; incr: number; errors: number }> {
  const shaGet = await cli(port, 'script', 'load', "return redis.call('GET', KEYS[1])");
  const shaIncr = await cli(port, 'script', 'load', "return redis.call('INCR', KEYS[1])");
  await cli(port, 'set', 'script:key', 'hello');
  let errors = 0;
  if ((await cli(port, 'evalsha', shaGet, '1', 'script:key')) !== 'hello') errors++;
  const opts = { n, clients: 50, pipeline: 16, size: 3 };
  const get = await redisBenchmark(port, '', { ...opts, command: ['EVALSHA', shaGet, '1', 'script:key'] });
  await cli(port, 'del', 'script:counter');
  const incr = await redisBenchmark(port, '', {
    ...opts,
    command: ['EVALSHA', shaIncr, '1', 'script:counter'],
  });
  if (Number(await cli(port, 'get', 'script:counter')) !== n) errors++;
  return { get: get.rps, incr: incr.rps, errors };
}

// --- the table ------------------------------------------------------------------------------------

function ratio(a: number, b: number): string {
  return b > 0 ? (a / b).toFixed(2) : 'n/a';
}

async function main(): Promise<void> {
  const opt = flags(process.argv.slice(2), {
    backlog: 100000,
    entities: 100000,
    seconds: 5,
    producers: 4,
    consumers: 32,
    clients: 32,
    'bullmq-jobs': 5000,
    'evalsha-n': 200000,
    'list-threshold': 1,
    dir: os.tmpdir(),
    rows: 'queue,features,bullmq,evalsha',
  });
  const rowsWanted = new Set(String(opt.rows).split(','));
  const dir = fs.mkdtempSync(path.join(String(opt.dir), 'strata-bench-workloads-'));
  const header = [
    'workload',
    'measure',
    ...KINDS.map((k) => KIND_LABEL[k]),
    'tiered / in RAM',
    'goal',
    'notes',
  ];
  const rows: (string | number)[][] = [];
  const load = os.loadavg().map((x) => x.toFixed(2));
  console.log(
    `workloads: ${new Date().toISOString()}, load average ${load.join(' ')}, ${os.cpus().length} CPUs; ` +
      `backlog ${opt.backlog} jobs of 1 KiB, ${opt.entities} entities, ${opt.seconds}s per measurement\n`,
  );
  let peer: Peer | undefined;
  const withPeer = async <T>(kind: Kind, fn: (p: Peer) => Promise<T>): Promise<T> => {
    peer = await startPeer(kind, dir, opt['list-threshold']);
    try {
      return await fn(peer);
    } finally {
      await peer.proc.close();
      peer = undefined;
    }
  };
  try {
    if (rowsWanted.has('queue')) {
      const q = {} as Record<Kind, QueueResult>;
      for (const kind of KINDS) {
        q[kind] = await withPeer(kind, (p) =>
          queueRow(p, opt.backlog, opt.producers, opt.consumers, opt.seconds),
        );
        console.log(
          `  queue ${kind}: ${fmt(q[kind].jobsPerSec)} jobs/s, data ${fmt(q[kind].data / MiB)} MiB`,
        );
      }
      const errs = KINDS.map((k) => q[k].errors).join('/');
      rows.push(
        [
          `1 queue, ${opt.backlog} x 1 KiB backlog`,
          'used_memory (data) MiB',
          ...KINDS.map((k) => `${fmt(q[k].used / MiB)} (${fmt(q[k].data / MiB)})`),
          ratio(q.tiered.data, q.ram.data),
          '<= 0.05',
          q.tiered.onDisk,
        ],
        ['', 'RSS MiB', ...KINDS.map((k) => fmt(q[k].rss / MiB)), ratio(q.tiered.rss, q.ram.rss), '', ''],
        [
          '',
          `jobs/s (LPUSH x${opt.producers} / BRPOP x${opt.consumers})`,
          ...KINDS.map((k) => fmt(q[k].jobsPerSec)),
          ratio(q.tiered.jobsPerSec, q.ram.jobsPerSec),
          '>= 0.9',
          `errors ${errs}`,
        ],
        [
          '',
          'backlog fill LPUSH/s (pipelined)',
          ...KINDS.map((k) => fmt(q[k].fillPerSec)),
          ratio(q.tiered.fillPerSec, q.ram.fillPerSec),
          '',
          '',
        ],
      );
    }
    if (rowsWanted.has('features')) {
      const f = {} as Record<
        Kind,
        {
          used: number;
          data: number;
          rss: number;
          fill: number;
          uni: number;
          skew: number;
          errors: number;
          onDisk: string;
        }
      >;
      for (const kind of KINDS) {
        f[kind] = await withPeer(kind, async (p) => {
          const fill = await featureFill(p.proc.port, opt.entities);
          const t = await settle(p);
          const mem = await memoryOf(p);
          const uni = await featureReads(p.proc.port, opt.entities, opt.clients, opt.seconds, false);
          const skew = await featureReads(p.proc.port, opt.entities, opt.clients, opt.seconds, true);
          return {
            ...mem,
            fill,
            uni: uni.ops,
            skew: skew.ops,
            errors: uni.errors + skew.errors,
            onDisk: kind === 'tiered' ? `${t.get('tiered_entries')} values on disk` : '',
          };
        });
        console.log(`  features ${kind}: uniform ${fmt(f[kind].uni)}/s, skewed ${fmt(f[kind].skew)}/s`);
      }
      const errs = KINDS.map((k) => f[k].errors).join('/');
      rows.push(
        [
          `2 feature store, ${opt.entities} hashes`,
          'used_memory (data) MiB',
          ...KINDS.map((k) => `${fmt(f[k].used / MiB)} (${fmt(f[k].data / MiB)})`),
          ratio(f.tiered.data, f.ram.data),
          'near 0',
          f.tiered.onDisk,
        ],
        ['', 'RSS MiB', ...KINDS.map((k) => fmt(f[k].rss / MiB)), ratio(f.tiered.rss, f.ram.rss), '', ''],
        [
          '',
          `HMGET uniform ops/s (${opt.clients} clients)`,
          ...KINDS.map((k) => fmt(f[k].uni)),
          ratio(f.tiered.uni, f.ram.uni),
          '>= 0.8',
          `errors ${errs}`,
        ],
        [
          '',
          'HMGET skewed 90/10 ops/s',
          ...KINDS.map((k) => fmt(f[k].skew)),
          ratio(f.tiered.skew, f.ram.skew),
          '>= 0.8',
          '',
        ],
        [
          '',
          'HSET+EXPIRE fill entities/s (pipelined)',
          ...KINDS.map((k) => fmt(f[k].fill)),
          ratio(f.tiered.fill, f.ram.fill),
          '',
          '',
        ],
      );
    }
    for (const row of ['bullmq', 'evalsha'] as const) {
      if (!rowsWanted.has(row)) continue;
      const cells = {} as Record<Kind, string>;
      const nums = {} as Record<Kind, number>;
      const extra = {} as Record<Kind, string>;
      let errors = 0;
      for (const kind of KINDS) {
        await withPeer(kind, async (p) => {
          if (!(await supportsEval(p.proc.port))) {
            cells[kind] = 'EVAL not supported';
            nums[kind] = 0;
            return;
          }
          if (row === 'bullmq') {
            const r = await bullmqRow(p.proc.port, opt['bullmq-jobs']);
            nums[kind] = r.jobsPerSec;
            cells[kind] = fmt(r.jobsPerSec);
            errors += r.errors;
          } else {
            const r = await evalshaRows(p.proc.port, opt['evalsha-n']);
            nums[kind] = r.get;
            cells[kind] = fmt(r.get);
            extra[kind] = fmt(r.incr);
            errors += r.errors;
          }
        });
        console.log(`  ${row} ${kind}: ${cells[kind]}`);
      }
      if (row === 'bullmq') {
        rows.push([
          `3 BullMQ, ${opt['bullmq-jobs']} jobs`,
          'jobs/s (addBulk + Worker, concurrency 50)',
          ...KINDS.map((k) => cells[k]),
          ratio(nums.tiered, nums.ram),
          'vs redis-server',
          `errors ${errors}; strata/redis ${ratio(nums.ram, nums.redis)}`,
        ]);
      } else {
        rows.push(
          [
            '4 EVALSHA (50 clients, -P 16)',
            "ops/s return redis.call('GET', KEYS[1])",
            ...KINDS.map((k) => cells[k]),
            ratio(nums.tiered, nums.ram),
            'vs redis-server',
            `strata/redis ${ratio(nums.ram, nums.redis)}`,
          ],
          [
            '',
            "ops/s return redis.call('INCR', KEYS[1])",
            ...KINDS.map((k) => extra[k] ?? cells[k]),
            '',
            'vs redis-server',
            `errors ${errors} (counter checked)`,
          ],
        );
      }
    }
    console.log('');
    console.log(table(header, rows));
  } finally {
    await peer?.proc.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
