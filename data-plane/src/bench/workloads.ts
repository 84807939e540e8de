/**
 * `npm run bench -- workloads`: the job-queue and feature-store workloads of issues 6 and 11, one
 * table. Every row is measured on strata-server with tiering on, strata-server with tiering off and
 * redis-server in the same run, with the goal beside it. The three servers (child processes) run side
 * by side for each workload and the throughput measurements alternate between them, --rounds times;
 * the table shows medians, since the load on these shared machines drifts.
 *
 * 1 queue: a backlog of --backlog 1 KiB jobs (LPUSH, pipelined), then --producers clients LPUSH and
 *   --consumers clients BRPOP for --seconds with the backlog kept (producers stay at most 2,000 jobs
 *   ahead of the consumers). used_memory and RSS with the backlog in place (RSS also after the rounds);
 *   jobs/s popped. Every job popped is checked (length, content, FIFO order per consumer).
 * 2 feature store: --entities hashes of 10-20 fields with 4-byte binary names and binary values (about
 *   500 bytes each), written with HSET + EXPIRE; then HMGET of 4 fields of a random entity from
 *   --clients clients, uniform and then skewed (90% of reads to 10% of the entities); every reply
 *   checked. ops/s and used_memory.
 * 3 BullMQ: --bullmq-jobs jobs added (addBulk) and processed by a Worker (concurrency 50) at once;
 *   jobs/s from the first add to the last completion. Needs EVAL.
 * 4 EVALSHA: redis-benchmark (50 clients, -P 16) running a GET script and an INCR script; the INCR
 *   counter is checked afterwards. Needs EVAL.
 *
 * Beside each throughput row, the servers' CPU time per operation (user plus system, all threads, the
 * median round): with the load generator and three servers on two cores, a round's rate moves with
 * how the cores were shared, the CPU each operation cost the server much less.
 *
 * "used_memory (data)" is used_memory minus that of the same server empty, so that the fixed heap of a
 * Node process does not hide the ratio the goal is about. Tiering on means: tier file in --dir, list
 * tiering with --list-threshold nodes kept in RAM at each end, hash tiering, offload threshold 1.0
 * (values offloaded as soon as they are sampled), cooling off (no RAM copy kept) and maxmemory 4 GiB.
 *
 * Before a workload's rounds each server runs it once for --warmup seconds, not counted: the first
 * round after a fill otherwise measured the fill's leftovers (garbage in the heap, the offloader
 * finishing), which only the tiered server has.
 *
 * Flags: --backlog (100000) --entities (100000) --seconds per measurement (5) --rounds (3) --producers (4)
 *   --consumers (32) --clients (32) --bullmq-jobs (5000) --evalsha-n (200000) --list-threshold (1)
 *   --dir (os.tmpdir()) --rows (queue,features,bullmq,evalsha) --node-flags "<node/V8 flags of the tiered server>" --warmup (2)
 * Issue sizes: --backlog 1000000 --entities 1000000
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import RedisParser from 'redis-parser';
import { Queue, Worker } from 'bullmq';
import { cpuSecondsOf, spawnStrata, startRedis, type RunningProcess } from '../testing/harness';
import { prng } from '../testing/prng';
import {
  alternateRounds,
  cli,
  flags,
  fmt,
  info,
  median,
  pipelineFill,
  redisBenchmark,
  resp,
  rssOf,
  table,
} from './common';

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

async function startPeer(kind: Kind, setup: PeerSetup): Promise<Peer> {
  let proc: RunningProcess;
  if (kind === 'redis') proc = await startRedis([]);
  else if (kind === 'ram') proc = await spawnStrata([]);
  else {
    proc = await spawnStrata(
      [
        '--tiered_prefix',
        path.join(setup.dir, `tier-${Date.now()}`),
        '--maxmemory',
        '4gb',
        '--tiered_offload_threshold',
        '1.0',
        '--tiered_experimental_list_support',
        'true',
        '--list_tiering_threshold',
        String(setup.listThreshold),
        '--tiered_experimental_hash_support',
        'true',
        // Values written out keep no RAM copy: with cooling on they would stay in RAM (COOLED) until
        // free memory fell under tiered_upload_threshold, which a 4 GiB maxmemory never does here.
        '--tiered_experimental_cooling',
        'false',
      ],
      { nodeFlags: setup.nodeFlags },
    );
  }
  await new Promise((r) => setTimeout(r, 200));
  const emptyUsed = Number((await info(proc.port, 'memory')).get('used_memory'));
  return { kind, proc, emptyUsed };
}

async function memoryOf(peer: Peer): Promise<{ used: number; data: number; rss: number }> {
  const used = Number((await info(peer.proc.port, 'memory')).get('used_memory'));
  return { used, data: used - peer.emptyUsed, rss: await rssOf(peer.proc.process.pid ?? 0) };
}

/** Counters that stop changing once the offloader has done its work. */
const SETTLE_FIELDS = [
  'tiered_entries',
  'tiered_total_stashes',
  'tiered_list_node_stashes',
  'tiered_hash_entries',
];

/** Waits until nothing is being written to the tier and the number of values on disk is stable. */
async function settle(peer: Peer, maxMs = 120_000): Promise<Map<string, string>> {
  let m = await info(peer.proc.port, 'tiered');
  if (peer.kind !== 'tiered') return m;
  const deadline = Date.now() + maxMs;
  let last = '';
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const now = SETTLE_FIELDS.map((f) => m.get(f)).join('/');
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

interface QueueFill {
  used: number;
  data: number;
  rss: number;
  fillPerSec: number;
  onDisk: string;
  /** Jobs in the queue now (the backlog, then what the steady-state rounds pushed minus popped). */
  length: number;
}

async function queueFill(peer: Peer, backlog: number): Promise<QueueFill> {
  const t0 = performance.now();
  await pipelineFill(peer.proc.port, backlog, (i) => resp('LPUSH', 'queue', jobOf('b', i)), 500);
  const fillPerSec = backlog / ((performance.now() - t0) / 1000);
  const tinfo = await settle(peer);
  const mem = await memoryOf(peer);
  return {
    ...mem,
    fillPerSec,
    length: backlog,
    onDisk:
      peer.kind === 'tiered'
        ? `${tinfo.get('tiered_list_cold_nodes')} of ${tinfo.get('tiered_list_nodes')} list nodes cold on disk ` +
          `(${fmt(Number(tinfo.get('tiered_list_nodes_bytes')) / MiB)} MiB)`
        : '',
  };
}

/**
 * One steady-state round on a filled queue: producers push (at most 2,000 jobs ahead of the
 * consumers, so the backlog stays), consumers pop and check every job. Returns jobs popped per second
 * and the errors seen (a malformed job, a producer's jobs out of order, a wrong queue length).
 */
async function queueSteady(
  port: number,
  q: QueueFill,
  round: number,
  producers: number,
  consumers: number,
  seconds: number,
): Promise<{ jobsPerSec: number; popped: number; errors: number }> {
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
      for (let k = 0; k < 16; k++) batch.push(c.send(resp('LPUSH', 'queue', jobOf(`${round}.${p}`, seq++))));
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
  q.length += pushed - popped;
  if (Number(await cli(port, 'llen', 'queue')) !== q.length) errors++;
  return { jobsPerSec, popped, errors };
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
): Promise<{ rate: number; ops: number; errors: number }> {
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
  return { rate: ops / ((performance.now() - start) / 1000), ops, errors };
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

/** Where the servers run: the tier files' directory, list tiering's threshold, node flags of the tiered server. */
interface PeerSetup {
  dir: string;
  listThreshold: number;
  nodeFlags: string[];
}

/**
 * Starts the three servers (all kept running so that the measurements can alternate between them:
 * load on these shared machines drifts over minutes), runs `fn`, stops them.
 */
async function withPeers<T>(setup: PeerSetup, fn: (peers: Record<Kind, Peer>) => Promise<T>): Promise<T> {
  const started: Peer[] = [];
  try {
    const peers = {} as Record<Kind, Peer>;
    for (const kind of KINDS) {
      peers[kind] = await startPeer(kind, setup);
      started.push(peers[kind]);
    }
    return await fn(peers);
  } finally {
    for (const p of started) await p.proc.close().catch(() => undefined);
  }
}

/** One measurement: its rate, and how many operations it counted (0: no CPU per operation). */
interface Measured {
  rate: number;
  ops: number;
}

interface Alternated {
  /** Median rate of each kind. */
  rate: Record<Kind, number>;
  /** Median server CPU (all threads, user plus system) per operation, in microseconds. */
  cpuUs: Record<Kind, number>;
}

/**
 * `rounds` alternating measurements of each kind: the median rate, and the median of the server's
 * CPU time per operation in each round. The CPU figure does not depend on how the two cores were
 * shared with the load generator and the other servers, so it moves less than the rate between runs.
 * With `warmUp`, each kind is first measured once as round -1, which counts for nothing.
 */
async function alternate(
  peers: Record<Kind, Peer>,
  rounds: number,
  measure: (kind: Kind, round: number) => Promise<Measured>,
  warmUp = false,
): Promise<Alternated> {
  if (warmUp) for (const kind of KINDS) await measure(kind, -1);
  const all = await alternateRounds(rounds, KINDS, async (kind, round) => {
    const pid = peers[kind].proc.process.pid ?? 0;
    const cpu0 = cpuSecondsOf(pid);
    const m = await measure(kind, round);
    return { rate: m.rate, cpuUs: m.ops > 0 ? ((cpuSecondsOf(pid) - cpu0) / m.ops) * 1e6 : NaN };
  });
  const pick = (f: (m: { rate: number; cpuUs: number }) => number) => {
    const out = {} as Record<Kind, number>;
    for (const k of KINDS) out[k] = median(all[k].map(f));
    return out;
  };
  return { rate: pick((m) => m.rate), cpuUs: pick((m) => m.cpuUs) };
}

/** A round's name in the progress lines: round -1 is the warm-up. */
function roundName(round: number): string {
  return round < 0 ? 'warm-up (not counted)' : `round ${round}`;
}

function ratio(a: number, b: number): string {
  return b > 0 ? (a / b).toFixed(2) : 'n/a';
}

/** The table row of a measurement's server CPU per operation; its ratio is tiered ÷ in RAM (lower is better). */
function cpuRow(measure: string, m: Alternated): string[] {
  return [
    '',
    measure,
    ...KINDS.map((k) => m.cpuUs[k].toFixed(1)),
    ratio(m.cpuUs.tiered, m.cpuUs.ram),
    '',
    "median round; user + system time of all the server's threads",
  ];
}

async function main(): Promise<void> {
  const opt = flags(process.argv.slice(2), {
    backlog: 100000,
    entities: 100000,
    seconds: 5,
    rounds: 3,
    producers: 4,
    consumers: 32,
    clients: 32,
    'bullmq-jobs': 5000,
    'evalsha-n': 200000,
    'list-threshold': 1,
    dir: os.tmpdir(),
    rows: 'queue,features,bullmq,evalsha',
    'node-flags': '',
    warmup: 2,
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
      `backlog ${opt.backlog} jobs of 1 KiB, ${opt.entities} entities, ` +
      `medians of ${opt.rounds} alternating rounds of ${opt.seconds}s\n`,
  );
  const setup: PeerSetup = {
    dir,
    listThreshold: opt['list-threshold'],
    nodeFlags: String(opt['node-flags'])
      .split(' ')
      .filter((f) => f !== ''),
  };
  try {
    if (rowsWanted.has('queue')) {
      await withPeers(setup, async (peers) => {
        const q = {} as Record<Kind, QueueFill>;
        for (const kind of KINDS) q[kind] = await queueFill(peers[kind], opt.backlog);
        let errors = 0;
        const jobs = await alternate(
          peers,
          opt.rounds,
          async (kind, round) => {
            const r = await queueSteady(
              peers[kind].proc.port,
              q[kind],
              round,
              opt.producers,
              opt.consumers,
              round < 0 ? opt.warmup : opt.seconds,
            );
            errors += r.errors;
            console.log(`  queue ${kind} ${roundName(round)}: ${fmt(r.jobsPerSec)} jobs/s`);
            return { rate: r.jobsPerSec, ops: r.popped };
          },
          true,
        );
        // Pops that still waited for a node read (prefetch behind) and pushes that waited for the offloader.
        const t = await info(peers.tiered.proc.port, 'tiered');
        const after = {} as Record<Kind, number>;
        for (const kind of KINDS) after[kind] = (await memoryOf(peers[kind])).rss;
        const rssAfter = `after the rounds: ${KINDS.map((k) => fmt(after[k] / MiB)).join(' / ')} MiB`;
        const waits =
          `tiered: ${t.get('tiered_list_command_waits')} commands waited for node reads, ` +
          `${t.get('tiered_list_node_loads')} nodes read, ${t.get('tiered_list_push_throttles')} pushes throttled, ` +
          `${t.get('tiered_list_full_passes')} full offloader passes`;
        rows.push(
          [
            `1 queue, ${opt.backlog} x 1 KiB backlog`,
            'used_memory (data) MiB',
            ...KINDS.map((k) => `${fmt(q[k].used / MiB)} (${fmt(q[k].data / MiB)})`),
            ratio(q.tiered.data, q.ram.data),
            '<= 0.05',
            q.tiered.onDisk,
          ],
          [
            '',
            'RSS MiB',
            ...KINDS.map((k) => fmt(q[k].rss / MiB)),
            ratio(q.tiered.rss, q.ram.rss),
            '',
            rssAfter,
          ],
          [
            '',
            `jobs/s (LPUSH x${opt.producers} / BRPOP x${opt.consumers})`,
            ...KINDS.map((k) => fmt(jobs.rate[k])),
            ratio(jobs.rate.tiered, jobs.rate.ram),
            '>= 0.9',
            `errors ${errors}; strata/redis ${ratio(jobs.rate.ram, jobs.rate.redis)}; ${waits}`,
          ],
          cpuRow('server CPU µs per job', jobs),
          [
            '',
            'backlog fill LPUSH/s (pipelined)',
            ...KINDS.map((k) => fmt(q[k].fillPerSec)),
            ratio(q.tiered.fillPerSec, q.ram.fillPerSec),
            '',
            '',
          ],
        );
      });
    }
    if (rowsWanted.has('features')) {
      await withPeers(setup, async (peers) => {
        const f = {} as Record<
          Kind,
          { used: number; data: number; rss: number; fill: number; onDisk: string }
        >;
        for (const kind of KINDS) {
          const fill = await featureFill(peers[kind].proc.port, opt.entities);
          const t = await settle(peers[kind]);
          f[kind] = {
            ...(await memoryOf(peers[kind])),
            fill,
            onDisk:
              kind === 'tiered'
                ? `${t.get('tiered_hash_entries')} hashes on disk (${fmt(Number(t.get('tiered_hash_entries_bytes')) / MiB)} MiB)`
                : '',
          };
        }
        let errors = 0;
        const reads = (skewed: boolean) =>
          alternate(
            peers,
            opt.rounds,
            async (kind, round) => {
              const r = await featureReads(
                peers[kind].proc.port,
                opt.entities,
                opt.clients,
                round < 0 ? opt.warmup : opt.seconds,
                skewed,
              );
              errors += r.errors;
              console.log(
                `  features ${skewed ? 'skewed' : 'uniform'} ${kind} ${roundName(round)}: ${fmt(r.rate)}/s`,
              );
              return r;
            },
            true,
          );
        const uni = await reads(false);
        const skew = await reads(true);
        const after = await memoryOf(peers.tiered);
        rows.push(
          [
            `2 feature store, ${opt.entities} hashes`,
            'used_memory (data) MiB',
            ...KINDS.map((k) => `${fmt(f[k].used / MiB)} (${fmt(f[k].data / MiB)})`),
            ratio(f.tiered.data, f.ram.data),
            'near 0',
            `${f.tiered.onDisk}; after the reads ${fmt(after.data / MiB)} MiB`,
          ],
          ['', 'RSS MiB', ...KINDS.map((k) => fmt(f[k].rss / MiB)), ratio(f.tiered.rss, f.ram.rss), '', ''],
          [
            '',
            `HMGET uniform ops/s (${opt.clients} clients)`,
            ...KINDS.map((k) => fmt(uni.rate[k])),
            ratio(uni.rate.tiered, uni.rate.ram),
            '>= 0.8',
            `errors ${errors}; strata/redis ${ratio(uni.rate.ram, uni.rate.redis)}`,
          ],
          cpuRow('server CPU µs per HMGET, uniform', uni),
          [
            '',
            'HMGET skewed 90/10 ops/s',
            ...KINDS.map((k) => fmt(skew.rate[k])),
            ratio(skew.rate.tiered, skew.rate.ram),
            '>= 0.8',
            `strata/redis ${ratio(skew.rate.ram, skew.rate.redis)}`,
          ],
          cpuRow('server CPU µs per HMGET, skewed', skew),
          [
            '',
            'HSET+EXPIRE fill entities/s (pipelined)',
            ...KINDS.map((k) => fmt(f[k].fill)),
            ratio(f.tiered.fill, f.ram.fill),
            '',
            '',
          ],
        );
      });
    }
    for (const row of ['bullmq', 'evalsha'] as const) {
      if (!rowsWanted.has(row)) continue;
      await withPeers(setup, async (peers) => {
        const supported = {} as Record<Kind, boolean>;
        for (const kind of KINDS) supported[kind] = await supportsEval(peers[kind].proc.port);
        const cell = (kind: Kind, v: number) => (supported[kind] ? fmt(v) : 'EVAL not supported');
        let errors = 0;
        if (row === 'bullmq') {
          const jobs = await alternate(peers, opt.rounds, async (kind) => {
            if (!supported[kind]) return { rate: 0, ops: 0 };
            const r = await bullmqRow(peers[kind].proc.port, opt['bullmq-jobs']);
            errors += r.errors;
            console.log(`  bullmq ${kind}: ${fmt(r.jobsPerSec)} jobs/s`);
            return { rate: r.jobsPerSec, ops: opt['bullmq-jobs'] };
          });
          rows.push([
            `3 BullMQ, ${opt['bullmq-jobs']} jobs`,
            'jobs/s (addBulk + Worker, concurrency 50)',
            ...KINDS.map((k) => cell(k, jobs.rate[k])),
            ratio(jobs.rate.tiered, jobs.rate.ram),
            'vs redis-server',
            `errors ${errors}; strata/redis ${ratio(jobs.rate.ram, jobs.rate.redis)}`,
          ]);
        } else {
          const incr = { tiered: [], ram: [], redis: [] } as Record<Kind, number[]>;
          const get = await alternate(peers, opt.rounds, async (kind) => {
            if (!supported[kind]) return { rate: 0, ops: 0 };
            const r = await evalshaRows(peers[kind].proc.port, opt['evalsha-n']);
            errors += r.errors;
            incr[kind].push(r.incr);
            console.log(`  evalsha ${kind}: GET ${fmt(r.get)}/s, INCR ${fmt(r.incr)}/s`);
            // Both scripts ran in the round, so no CPU per operation of one of them.
            return { rate: r.get, ops: 0 };
          });
          const inc = (k: Kind) => (incr[k].length ? median(incr[k]) : 0);
          rows.push(
            [
              '4 EVALSHA (50 clients, -P 16)',
              "ops/s return redis.call('GET', KEYS[1])",
              ...KINDS.map((k) => cell(k, get.rate[k])),
              ratio(get.rate.tiered, get.rate.ram),
              'vs redis-server',
              `strata/redis ${ratio(get.rate.ram, get.rate.redis)}`,
            ],
            [
              '',
              "ops/s return redis.call('INCR', KEYS[1])",
              ...KINDS.map((k) => cell(k, inc(k))),
              ratio(inc('tiered'), inc('ram')),
              'vs redis-server',
              `errors ${errors} (counter checked); strata/redis ${ratio(inc('ram'), inc('redis'))}`,
            ],
          );
        }
      });
    }
    console.log('');
    console.log(table(header, rows));
  } finally {
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
