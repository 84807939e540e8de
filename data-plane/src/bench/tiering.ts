/**
 * `npm run bench -- tiering`: strata-server with SSD tiering, one table, peers measured in the same run.
 *
 * 1 fill: 1 KiB values to --factor x maxmemory, tiered, against the same fill into a strata-server
 *   without tiering (maxmemory 0); peak used_memory and RSS of both.
 * 2 uniform random GETs of cold values from --clients clients (every reply checked) against the C
 *   io_uring reference (native/bench/ref.c) doing 4 KiB random reads at the same queue depth on the
 *   tier file itself; 2b the same driver and keys against strata with everything in RAM (the
 *   server's own ceiling: a cold GET cannot be cheaper than a hot one).
 * 3 skewed GETs (90% to a hot 10%) tiered, the hot set read once before (warm, as a cache in
 *   service), against the same workload with everything in RAM on strata-server and redis-server.
 * 4 mixed 1:10 SET:GET (uniform) on the tiered server against strata in RAM (each SET writes a new
 *   generation of the value; every GET is checked against the generations in flight).
 * 5 redis-server with the same maxmemory and allkeys-lru fed the same data: keys kept, hit ratio.
 * Also: RAM per key with values on disk (--keyspace keys of --keyspace-value bytes, RSS growth per
 * key), max event-loop delay per phase (INFO eventloop_delay_max_ms, reset between phases with
 * CONFIG RESETSTAT) and the share of each phase the server's main thread waited for a core, peak
 * RSS of the tiered server over the whole run against maxmemory plus the documented fixed overhead
 * (RSS of the empty process + HEAP_SLACK), disk bytes per value.
 *
 * Flags: --maxmemory MiB (256) --factor (4) --clients (50) --seconds per workload (6)
 *        --rounds (3): the read rows run in this many rounds of seconds/2 each, alternating the
 *        tiered server with its peers; each figure is the median round
 *        --keyspace keys for the RAM-per-key row (300000; 0 skips) --dir for the tier files (os.tmpdir())
 *        --node-flags "<node/V8 flags>" for the tiered server (e.g. "--max-semi-space-size=4")
 *        --server-log FILE: the tiered server's stdout and stderr (e.g. with --node-flags --trace-gc)
 * Full issue-5 sizes: --maxmemory 256 --factor 10 --keyspace 10000000 --seconds 20
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import RedisParser from 'redis-parser';
import { forcedTieringFlags, spawnStrata, startRedis, type RunningProcess } from '../testing/harness';
import { alternateRounds, cli, fmt, flags, info, median, pipelineFill, resp, rssOf, table } from './common';

const MiB = 1024 * 1024;

function keyOf(i: number): string {
  return 'k:' + String(i).padStart(9, '0');
}

/** A 1 KiB value that is a function of its index (every reply is checked against it). */
function valueOf(i: number, gen = 0, size = 1024): string {
  const head = `v${gen}:${i}:`;
  return head + String.fromCharCode(97 + ((i + gen) % 26)).repeat(size - head.length);
}

const BULK_HEAD = Buffer.from('$1024\r\n');

/** Whether a GET reply is exactly `$1024\r\n<valueOf(i, gen)>\r\n`, byte by byte, without building it. */
function matches(r: Buffer, i: number, gen: number): boolean {
  if (r.length !== 1024 + 9 || r.compare(BULK_HEAD, 0, 7, 0, 7) !== 0) return false;
  const head = `v${gen}:${i}:`;
  if (r.toString('latin1', 7, 7 + head.length) !== head) return false;
  const fillChar = 97 + ((i + gen) % 26);
  for (let k = 7 + head.length; k < 7 + 1024; k++) if (r[k] !== fillChar) return false;
  return r[7 + 1024] === 0x0d && r[7 + 1025] === 0x0a;
}

interface LoadResult {
  ops: number;
  /** CPU time of this benchmark process (the load generator) per operation, µs. */
  driverUs: number;
  p50: number;
  p99: number;
  errors: number;
  hits: number;
  misses: number;
  /** The latency probe beside the load (bench/pingprobe.c), when it ran. */
  probe?: ProbeResult;
}

/** Round trips of PINGs sent 1 ms apart on one more connection during a read load (ms). */
interface ProbeResult {
  p99: number;
  p999: number;
  max: number;
}

/** The compiled pingprobe, or null (no gcc): then no probe runs. */
let probeBin: string | null = null;

/** Runs the probe against `port` for `seconds`; undefined if it could not run. */
function runProbe(port: number, seconds: number): Promise<ProbeResult | undefined> {
  if (probeBin === null) return Promise.resolve(undefined);
  const child = spawn(probeBin, [String(port), String(seconds), '1000'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
  return new Promise((resolve) => {
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      if (code !== 0) return resolve(undefined);
      const o = JSON.parse(out) as { p99_ms: number; p999_ms: number; max_ms: number; errors: number };
      if (o.errors > 0) throw new Error(`pingprobe: ${o.errors} wrong replies`);
      resolve({ p99: o.p99_ms, p999: o.p999_ms, max: o.max_ms });
    });
  });
}

/** A participant that reports only a rate (the C reference). */
const RATE_ONLY: LoadResult = { ops: 0, driverUs: 0, p50: 0, p99: 0, errors: 0, hits: 0, misses: 0 };

/**
 * Closed-loop load: `clients` connections, one command in flight each, for `seconds`. `pick` chooses
 * the next key index and whether it is a SET. GET replies are checked: null counts as a miss (allowed
 * only when `allowMiss`), anything else than the expected value is an error.
 */
async function load(
  port: number,
  clients: number,
  seconds: number,
  pick: () => { i: number; set: boolean },
  allowMiss = false,
): Promise<LoadResult> {
  const lat: number[] = [];
  let ops = 0;
  let errors = 0;
  let hits = 0;
  let misses = 0;
  /** Per key: generation of the last SET issued, and of the last SET acknowledged. */
  const gens = new Map<number, number>();
  const acked = new Map<number, number>();
  const deadline = performance.now() + seconds * 1000;
  const one = async () => {
    const sock = net.connect(port, '127.0.0.1');
    sock.setNoDelay(true);
    await new Promise<void>((res, rej) => {
      sock.once('connect', res);
      sock.once('error', rej);
    });
    let buf: Buffer = Buffer.alloc(0);
    let waiter: (() => void) | null = null;
    sock.on('data', (d: Buffer) => {
      buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
      if (waiter) waiter();
    });
    const reply = async (): Promise<Buffer> => {
      for (;;) {
        const eol = buf.indexOf('\r\n');
        if (eol > 0) {
          if (buf[0] !== 0x24 /* $ */) {
            const r = buf.subarray(0, eol + 2);
            buf = buf.subarray(eol + 2);
            return r;
          }
          const n = Number(buf.subarray(1, eol).toString());
          const end = n < 0 ? eol + 2 : eol + 2 + n + 2;
          if (buf.length >= end) {
            const r = buf.subarray(0, end);
            buf = buf.subarray(end);
            return r;
          }
        }
        await new Promise<void>((res) => (waiter = res));
        waiter = null;
      }
    };
    while (performance.now() < deadline) {
      const { i, set } = pick();
      const t0 = performance.now();
      if (set) {
        const g = (gens.get(i) ?? 0) + 1;
        gens.set(i, g);
        sock.write(resp('SET', keyOf(i), valueOf(i, g)), 'latin1');
        const r = await reply();
        if (r.toString() !== '+OK\r\n') errors++;
        if ((acked.get(i) ?? 0) < g) acked.set(i, g);
      } else {
        const lo = acked.get(i) ?? 0;
        sock.write(resp('GET', keyOf(i)), 'latin1');
        const r = await reply();
        if (r.length === 5 && r[1] === 0x2d /* $-1 */) {
          misses++;
          if (!allowMiss) errors++;
        } else {
          // Any generation from the last one acknowledged before the GET to the last one issued.
          const hi = gens.get(i) ?? 0;
          let ok = false;
          for (let x = lo; x <= hi && !ok; x++) ok = matches(r, i, x);
          if (ok) hits++;
          else errors++;
        }
      }
      lat.push(performance.now() - t0);
      ops++;
    }
    sock.destroy();
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: clients }, one));
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  lat.sort((a, b) => a - b);
  return {
    ops: ops / secs,
    driverUs: (cpu.user + cpu.system) / Math.max(1, ops),
    p50: lat[Math.floor(lat.length * 0.5)] ?? 0,
    p99: lat[Math.floor(lat.length * 0.99)] ?? 0,
    errors,
    hits,
    misses,
  };
}

/**
 * Read-only load from the C driver (bench/getload.c, compiled once per run): the same closed loop and
 * byte-by-byte reply check as load(), at a few µs of CPU per request instead of 15-25 in Node, so the
 * server gets the machine's cores. `hotPct` of the GETs go to keys [0, hot). Falls back to load()
 * when gcc is missing.
 */
async function readLoad(
  driver: string | null,
  port: number,
  clients: number,
  seconds: number,
  n: number,
  hot: number,
  hotPct: number,
  allowMiss = false,
  writes: { oneIn: number; generationBase: number } = { oneIn: 0, generationBase: 0 },
): Promise<LoadResult> {
  if (driver === null) {
    const pickKey = () => ({
      i: Math.random() * 100 < hotPct ? (Math.random() * hot) | 0 : (Math.random() * n) | 0,
      set: writes.oneIn > 0 && Math.random() < 1 / writes.oneIn,
    });
    return load(port, clients, seconds, pickKey, allowMiss);
  }
  const seed = (Math.random() * 1e9) | 0;
  const args = [port, clients, seconds, n, hot, hotPct, 1024, seed, writes.oneIn, writes.generationBase].map(
    String,
  );
  // The probe runs in its own process: spawnSync blocks this one until the load ends.
  const probe = runProbe(port, seconds);
  const r = spawnSync(driver, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`getload failed: ${r.stderr}`);
  const o = JSON.parse(r.stdout) as {
    ops: number;
    seconds: number;
    p50_ms: number;
    p99_ms: number;
    errors: number;
    misses: number;
    cpu_us_per_op: number;
  };
  return {
    probe: await probe,
    ops: o.ops / o.seconds,
    driverUs: o.cpu_us_per_op,
    p50: o.p50_ms,
    p99: o.p99_ms,
    errors: o.errors + (allowMiss ? 0 : o.misses),
    hits: o.ops - o.misses - o.errors,
    misses: o.misses,
  };
}

/** Compiles bench/<name>.c into `dir`; null without gcc. */
function buildDriver(dir: string, name = 'getload'): string | null {
  const src = path.join(__dirname, '..', '..', 'src', 'bench', `${name}.c`);
  const bin = path.join(dir, name);
  const cc = spawnSync('gcc', ['-O2', '-o', bin, src], { encoding: 'utf8' });
  return cc.status === 0 ? bin : null;
}

/**
 * Reads keys [0, count) once (pipelined MGETs of 64, 8 in flight) and checks every value: the hot set
 * of the skewed row is warm before it is measured, as a cache in service would be. Without it the row
 * measures the warm-up: at 20k GETs/s a 100k-key hot set is read about once in 6 seconds.
 */
async function warmUp(port: number, count: number): Promise<void> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  const inFlight: number[] = [];
  let next = 0;
  let bad = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const send = () => {
        while (inFlight.length < 8 && next < count) {
          const keys: string[] = [];
          for (let i = next; i < Math.min(count, next + 64); i++) keys.push(keyOf(i));
          inFlight.push(next);
          next += keys.length;
          sock.write(resp('MGET', ...keys), 'latin1');
        }
        if (next >= count && inFlight.length === 0) resolve();
      };
      const parser = new RedisParser({
        returnReply: (reply: unknown) => {
          const first = inFlight.shift()!;
          (reply as (string | null)[]).forEach((v, k) => {
            if (v !== valueOf(first + k)) bad++;
          });
          send();
        },
        returnError: reject,
      });
      sock.on('data', (d) => parser.execute(d));
      sock.on('error', reject);
      send();
    });
  } finally {
    sock.destroy();
  }
  if (bad > 0) throw new Error(`warm-up: ${bad} wrong values`);
}

/** Fills keys 0..n-1 over one pipelined connection; samples used_memory and RSS. */
async function fill(
  port: number,
  pid: number | undefined,
  n: number,
  size = 1024,
): Promise<{ ops: number; peakUsed: number; peakRss: number }> {
  let peakUsed = 0;
  let peakRss = 0;
  let stop = false;
  const sampler = (async () => {
    while (!stop) {
      const m = await info(port, 'memory');
      peakUsed = Math.max(peakUsed, Number(m.get('used_memory') ?? 0));
      if (pid) peakRss = Math.max(peakRss, await rssOf(pid));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const t0 = performance.now();
  await pipelineFill(port, n, (i) => resp('SET', keyOf(i), valueOf(i, 0, size)), 500);
  const secs = (performance.now() - t0) / 1000;
  stop = true;
  await sampler;
  const m = await info(port, 'memory');
  peakUsed = Math.max(peakUsed, Number(m.get('used_memory') ?? 0));
  if (pid) peakRss = Math.max(peakRss, await rssOf(pid));
  return { ops: n / secs, peakUsed, peakRss };
}

async function waitSettled(port: number, ms = 20000): Promise<Map<string, string>> {
  const deadline = Date.now() + ms;
  let m = await info(port, 'tiered');
  while (Date.now() < deadline && Number(m.get('tiered_pending_stash_cnt')) > 0) {
    await new Promise((r) => setTimeout(r, 100));
    m = await info(port, 'tiered');
  }
  return m;
}

function pidOf(p: RunningProcess): number {
  return p.process.pid ?? 0;
}

/**
 * Per phase: p99 of the event-loop delay (ms), the machine's 1-minute load average at its end, and the
 * share of the phase the server's main thread spent runnable but waiting for a core (Linux schedstat):
 * an event-loop delay is the server's own work, or time it was not scheduled at all.
 */
const phaseDelays = new Map<
  string,
  { max: number; p99: number; load: number; waitedMs: number; ranMs: number }
>();
/** The tiered server's main thread: pid, and its schedstat wait time (ns) and the wall clock at the last phase end. */
const sched = { pid: 0, waitNs: 0, at: 0 };

/** Share of a phase's time the main thread waited for a core (NaN without schedstat). */
function waitingShare(label: string): number {
  const d = phaseDelays.get(label);
  return d === undefined ? Number.NaN : d.waitedMs / d.ranMs;
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : 'n/a');

function waitNsOf(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'latin1').split(' ')[1]);
  } catch {
    return Number.NaN; // not Linux, or no schedstat: shown as "n/a"
  }
}

/**
 * The server's max event-loop delay (ms) since the last call, then resets it (CONFIG RESETSTAT).
 * With a label, the phase's p99 and the load average are kept for the event-loop row: on this shared
 * 2-core machine a max alone mixes the server's own pauses with the time it was not scheduled.
 */
async function phaseStall(port: number, label = ''): Promise<number> {
  const st = await info(port, 'stats');
  await cli(port, 'config', 'resetstat');
  const waitNs = waitNsOf(sched.pid);
  const at = performance.now();
  const max = Number(st.get('eventloop_delay_max_ms') ?? 0);
  if (label !== '') {
    // A phase measured in rounds (alternating with its peers) adds up its rounds: worst max and p99,
    // waiting time over the rounds' own time.
    const prev = phaseDelays.get(label);
    const waited = (waitNs - sched.waitNs) / 1e6;
    const ran = at - sched.at;
    phaseDelays.set(label, {
      max: Math.max(prev?.max ?? 0, max),
      p99: Math.max(prev?.p99 ?? 0, Number(st.get('eventloop_delay_p99_ms') ?? 0)),
      load: os.loadavg()[0],
      waitedMs: (prev?.waitedMs ?? 0) + waited,
      ranMs: (prev?.ranMs ?? 0) + ran,
    });
  }
  sched.waitNs = waitNs;
  sched.at = at;
  return phaseDelays.get(label)?.max ?? max;
}

/**
 * A workload measured in rounds that alternate between the tiered server and its peers (common.ts
 * alternateRounds). The tiered server's rounds are bracketed by phaseStall so that the event-loop row
 * covers its load only.
 */
function tieredRounds<K extends string>(
  rounds: number,
  tieredPort: number,
  label: string,
  runs: Record<K, (round: number) => Promise<LoadResult>>,
): Promise<Record<K, LoadResult[]>> {
  return alternateRounds(rounds, Object.keys(runs) as K[], async (k, round) => {
    if (k !== 'tiered') return runs[k](round);
    await phaseStall(tieredPort);
    const r = await runs[k](round);
    await phaseStall(tieredPort, label);
    return r;
  });
}

/** The round whose throughput is the median (its latencies go with it); errors summed over all. */
function medianRound(results: LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.ops - b.ops);
  const mid = sorted[(sorted.length - 1) >> 1];
  return { ...mid, errors: results.reduce((n, r) => n + r.errors, 0) };
}

/** Samples a process's RSS every 100 ms until stopped; the peak. */
function rssPeak(pid: number): { stop: () => Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await rssOf(pid).catch(() => 0));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peak;
    },
  };
}

/** Documented heap slack above the empty process (docs/benchmarks.md "tiering"): V8's young generation. */
const HEAP_SLACK = 64 * MiB;

async function main(): Promise<void> {
  const opt = flags(process.argv.slice(2), {
    maxmemory: 256,
    factor: 4,
    clients: 50,
    seconds: 6,
    rounds: 3,
    keyspace: 300000,
    'keyspace-value': 64,
    dir: os.tmpdir(),
    'node-flags': '',
    'server-log': '',
  });
  const dir = fs.mkdtempSync(path.join(String(opt.dir), 'strata-bench-tier-'));
  const maxmemory = opt.maxmemory * MiB;
  const n = Math.floor((opt.factor * maxmemory) / 1024);
  const hot = Math.max(1, Math.floor(n / 10));
  const rows: (string | number)[][] = [];
  const driver = buildDriver(dir);
  probeBin = buildDriver(dir, 'pingprobe');
  const procs: RunningProcess[] = [];
  const tierFlags = ['--tiered_prefix', path.join(dir, 'tier'), '--maxmemory', String(maxmemory)];
  try {
    console.log(
      `tiering: ${n} values of 1 KiB (${fmt((n * 1024) / MiB)} MiB) = ${opt.factor}x maxmemory ${opt.maxmemory} MiB; ` +
        `${opt.clients} clients, ${opt.seconds}s per workload; tier files in ${dir}; ` +
        `load: ${driver ? 'C driver (bench/getload.c)' : 'Node driver (gcc not found)'}; ` +
        `load average ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}\n`,
    );
    // 1. fill, tiered vs in RAM
    // Extra Node/V8 flags (e.g. --max-semi-space-size=4) and a log file (e.g. with --trace-gc) when given.
    const log = String(opt['server-log']);
    const tiered = await spawnStrata(tierFlags, {
      nodeFlags: String(opt['node-flags'])
        .split(/\s+/)
        .filter((f) => f !== ''),
      logFile: log === '' ? undefined : log,
    });
    procs.push(tiered);
    await new Promise((r) => setTimeout(r, 300));
    const rssEmpty = await rssOf(pidOf(tiered));
    const rssWatch = rssPeak(pidOf(tiered));
    sched.pid = pidOf(tiered);
    await phaseStall(tiered.port);
    const fT = await fill(tiered.port, pidOf(tiered), n);
    const tInfo = await waitSettled(tiered.port);
    const fillStall = await phaseStall(tiered.port, 'fill');
    const ram = await spawnStrata([]);
    procs.push(ram);
    const fR = await fill(ram.port, pidOf(ram), n);
    rows.push([
      '1 fill 1 KiB SET (pipelined)',
      `${fmt(fT.ops)} ops/s`,
      `${fmt(fR.ops)} ops/s (strata in RAM)`,
      fmt(fT.ops / fR.ops),
      'n/a',
      `tiered peak used_memory ${fmt(fT.peakUsed / MiB)} MiB, RSS ${fmt(fT.peakRss / MiB)} MiB (maxmemory ${opt.maxmemory}), max stall ${fmt(fillStall)} ms; in RAM: used ${fmt(fR.peakUsed / MiB)} MiB, RSS ${fmt(fR.peakRss / MiB)} MiB`,
    ]);
    const entries = Number(tInfo.get('tiered_entries'));
    const allocated = Number(tInfo.get('tiered_allocated_bytes'));
    const cold = Number(tInfo.get('tiered_cold_storage_bytes'));

    // 2. uniform random GETs of cold values vs the C reference on the tier file, and the same GETs on
    // strata with every value in RAM (the server's own ceiling), in alternating rounds.
    const rounds = Math.max(1, opt.rounds);
    const roundSeconds = Math.max(1, opt.seconds / 2);
    const tierFile = path.join(dir, 'tier-0000');
    const io0 = await info(tiered.port, 'tiered');
    const coldRuns = await tieredRounds(rounds, tiered.port, 'cold', {
      tiered: () => readLoad(driver, tiered.port, opt.clients, roundSeconds, n, hot, 0),
      ref: async () => ({
        ...RATE_ONLY,
        ops: referenceIops(tierFile, opt.clients, roundSeconds, dir)?.iops ?? 0,
      }),
      ram: () => readLoad(driver, ram.port, opt.clients, roundSeconds, n, hot, 0),
    });
    const io1 = await info(tiered.port, 'tiered');
    const coldStall = phaseDelays.get('cold')?.max ?? 0;
    const gT = medianRound(coldRuns.tiered);
    const gR = medianRound(coldRuns.ram);
    const refIops = median(coldRuns.ref.map((r) => r.ops));
    const coldOps = coldRuns.tiered.reduce((x, r) => x + r.ops * roundSeconds, 0);
    const delta = (k: string) => Number(io1.get(k) ?? 0) - Number(io0.get(k) ?? 0);
    const each = (rs: LoadResult[], f: (x: number) => string = fmt) => rs.map((r) => f(r.ops)).join(', ');
    rows.push([
      '2 uniform GET, cold values',
      `${fmt(gT.ops)} ops/s p50 ${fmt(gT.p50)} ms p99 ${fmt(gT.p99)} ms`,
      refIops > 0
        ? `${fmt(refIops)} IOPS 4 KiB QD${opt.clients} (C io_uring ref)`
        : 'C reference unavailable',
      refIops > 0 ? fmt(gT.ops / refIops) : 'n/a',
      '>= 0.8',
      `median of ${rounds} rounds of ${fmt(roundSeconds)} s alternating with the peers (tiered ${each(coldRuns.tiered)}; ref ${each(coldRuns.ref)}); errors ${gT.errors}, misses ${coldRuns.tiered.reduce((x, r) => x + r.misses, 0)}; ${fmt(delta('tiered_total_fetches') / Math.max(1, coldOps))} disk reads per GET, ${fmt(delta('tiered_io_submitted') / Math.max(1, delta('tiered_io_submits')))} ops per io_uring submit; max stall ${fmt(coldStall)} ms; driver ${fmt(gT.driverUs)} us CPU/op`,
    ]);
    rows.push([
      '2b uniform GET, same driver, all in RAM',
      `${fmt(gR.ops)} ops/s p50 ${fmt(gR.p50)} ms p99 ${fmt(gR.p99)} ms`,
      `cold ${fmt(gT.ops)} ops/s`,
      `${fmt(gT.ops / gR.ops)} cold/RAM`,
      '(ceiling)',
      `rounds ${each(coldRuns.ram)}; errors ${gR.errors}; driver ${fmt(gR.driverUs)} us CPU/op`,
    ]);

    // 3. skewed reads: 90% of GETs to a 10% hot set, read once before (warm), against strata and
    // redis-server with every value in RAM, in alternating rounds.
    const redis = await startRedis(['--maxmemory', '0']);
    procs.push(redis);
    await fill(redis.port, pidOf(redis), n);
    await warmUp(tiered.port, hot);
    const h0 = await info(tiered.port, 'tiered');
    const skew = await tieredRounds(rounds, tiered.port, 'skewed', {
      tiered: () => readLoad(driver, tiered.port, opt.clients, roundSeconds, n, hot, 90),
      ram: () => readLoad(driver, ram.port, opt.clients, roundSeconds, n, hot, 90),
      redis: () => readLoad(driver, redis.port, opt.clients, roundSeconds, n, hot, 90),
    });
    const h1 = await info(tiered.port, 'tiered');
    const skewStall = phaseDelays.get('skewed')?.max ?? 0;
    const hits = (m: Map<string, string>) =>
      Number(m.get('tiered_ram_hits') ?? 0) + Number(m.get('tiered_ram_cool_hits') ?? 0);
    const skewHits = hits(h1) - hits(h0);
    const skewMisses = Number(h1.get('tiered_ram_misses') ?? 0) - Number(h0.get('tiered_ram_misses') ?? 0);
    const sT = medianRound(skew.tiered);
    const sR = medianRound(skew.ram);
    const sX = medianRound(skew.redis);
    rows.push([
      '3 skewed GET (90% to 10% hot)',
      `${fmt(sT.ops)} ops/s p99 ${fmt(sT.p99)} ms`,
      `${fmt(sR.ops)} strata RAM / ${fmt(sX.ops)} redis RAM`,
      `${fmt(sT.ops / sR.ops)} / ${fmt(sT.ops / sX.ops)}`,
      '>= 0.8',
      `median of ${rounds} rounds (tiered ${each(skew.tiered)}; strata RAM ${each(skew.ram)}); errors ${sT.errors}, max stall ${fmt(skewStall)} ms; hot set read once before; RAM hits ${fmt((100 * skewHits) / Math.max(1, skewHits + skewMisses))}% of GETs`,
    ]);
    await redis.close();
    procs.pop();

    // 4. mixed 1:10 SET:GET (uniform), tiered and in RAM in alternating rounds; each round's SETs write
    // generations above the previous rounds' (the driver checks every GET against them).
    const mixedRound = (port: number, round: number) =>
      readLoad(driver, port, opt.clients, roundSeconds, n, hot, 0, false, {
        oneIn: 11,
        generationBase: round * 1_000_000,
      });
    const mixed = await tieredRounds(rounds, tiered.port, 'mixed', {
      tiered: (round) => mixedRound(tiered.port, round),
      ram: (round) => mixedRound(ram.port, round),
    });
    const mixedStall = phaseDelays.get('mixed')?.max ?? 0;
    const mT = medianRound(mixed.tiered);
    const mR = medianRound(mixed.ram);
    rows.push([
      '4 mixed 1:10 SET:GET',
      `${fmt(mT.ops)} ops/s p99 ${fmt(mT.p99)} ms`,
      `${fmt(mR.ops)} ops/s (strata in RAM)`,
      fmt(mT.ops / mR.ops),
      'n/a',
      `median of ${rounds} rounds (tiered ${each(mixed.tiered)}; strata RAM ${each(mixed.ram)}); errors ${mT.errors} (in RAM: ${mR.errors}), max stall ${fmt(mixedStall)} ms`,
    ]);
    await ram.close();

    // 5. redis with the same maxmemory + allkeys-lru
    const lru = await startRedis(['--maxmemory', String(maxmemory), '--maxmemory-policy', 'allkeys-lru']);
    procs.push(lru);
    await fill(lru.port, pidOf(lru), n);
    const kept = Number(await cliDbsize(lru.port));
    const lT = await readLoad(driver, lru.port, opt.clients, Math.min(opt.seconds, 3), n, hot, 0, true);
    const tKept = Number(await cliDbsize(tiered.port));
    rows.push([
      '5 keys kept at same maxmemory',
      `strata ${tKept} of ${n} (100% hits: ${gT.misses === 0})`,
      `redis allkeys-lru ${kept} of ${n}`,
      fmt(tKept / Math.max(1, kept)),
      'all kept',
      `redis GET hit ratio ${fmt((100 * lT.hits) / Math.max(1, lT.hits + lT.misses))}%`,
    ]);
    await lru.close();

    const t2 = await info(tiered.port, 'tiered');
    const peakRss = await rssWatch.stop();
    const worstStall = Math.max(fillStall, coldStall, skewStall, mixedStall);
    rows.push([
      'event loop (tiered, worst phase)',
      `max delay ${fmt(worstStall)} ms`,
      `fill ${fmt(fillStall)} / cold ${fmt(coldStall)} / skewed ${fmt(skewStall)} / mixed ${fmt(mixedStall)} ms`,
      '',
      '<= 10 ms',
      `p99 ${['fill', 'cold', 'skewed', 'mixed'].map((k) => fmt(phaseDelays.get(k)?.p99 ?? 0)).join(' / ')} ms; ` +
        `load average ${['fill', 'cold', 'skewed', 'mixed'].map((k) => (phaseDelays.get(k)?.load ?? 0).toFixed(1)).join(' / ')}; ` +
        `main thread waiting for a core ${['fill', 'cold', 'skewed', 'mixed'].map((k) => pct(waitingShare(k))).join(' / ')} of the phase; ` +
        `io engine ${t2.get('tiered_io_engine')}, checksum errors ${t2.get('tiered_checksum_errors')}, io errors ${t2.get('tiered_io_errors')}, ` +
        `${t2.get('tiered_heap_collections')} major GCs, young generation ${fmt(Number(t2.get('tiered_heap_young_bytes') ?? 0) / MiB)} MiB`,
    ]);
    // The stall a client sees, with the in-RAM peers measured the same way in the same rounds.
    const probeMax = (rs: LoadResult[]) => Math.max(0, ...rs.map((r) => r.probe?.max ?? 0));
    const probeP999 = (rs: LoadResult[]) => median(rs.map((r) => r.probe?.p999 ?? 0));
    if (probeBin !== null)
      rows.push([
        'PING round trip beside the reads (max)',
        `cold ${fmt(probeMax(coldRuns.tiered))} / skewed ${fmt(probeMax(skew.tiered))} ms`,
        `strata RAM ${fmt(probeMax(coldRuns.ram))} / ${fmt(probeMax(skew.ram))} ms, redis RAM (skewed) ${fmt(probeMax(skew.redis))} ms`,
        '',
        '',
        `one PING 1 ms after the last reply on one more connection, every round (bench/pingprobe.c); p99.9 median of the rounds: tiered ${fmt(probeP999(coldRuns.tiered))} / ${fmt(probeP999(skew.tiered))}, strata RAM ${fmt(probeP999(coldRuns.ram))} / ${fmt(probeP999(skew.ram))}, redis ${fmt(probeP999(skew.redis))} ms`,
      ]);
    rows.push([
      'RSS bound (tiered, whole run)',
      `peak RSS ${fmt(peakRss / MiB)} MiB = maxmemory + ${fmt((peakRss - maxmemory) / MiB)} MiB`,
      `documented: empty process ${fmt(rssEmpty / MiB)} + heap slack ${HEAP_SLACK / MiB} MiB`,
      fmt((peakRss - maxmemory) / (rssEmpty + HEAP_SLACK)),
      '<= 1',
      `peak used_memory ${fmt(fT.peakUsed / MiB)} MiB (maxmemory ${opt.maxmemory} MiB)`,
    ]);
    rows.push([
      'disk bytes per value',
      `${fmt(allocated / Math.max(1, entries))} B (1 KiB values)`,
      `${entries} entries on disk, ${fmt(cold / MiB)} MiB cold`,
      '',
      '',
      `RSS empty ${fmt(rssEmpty / MiB)} MiB`,
    ]);
    await tiered.close();
    procs.length = 0;

    // 6. RAM per key with values on disk
    if (opt.keyspace > 0) {
      // Every value on disk (testing/harness forcedTieringFlags), maxmemory never reached.
      const ks = await spawnStrata(
        forcedTieringFlags(path.join(dir, 'ks'), ['--maxmemory', String(4096 * MiB)]),
      );
      procs.push(ks);
      await new Promise((r) => setTimeout(r, 300));
      const before = await rssOf(pidOf(ks));
      const f = await fill(ks.port, pidOf(ks), opt.keyspace, Number(opt['keyspace-value']));
      await waitSettled(ks.port, 120000);
      await cliCall(ks.port, 'debug', 'gc').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1500));
      const after = await rssOf(pidOf(ks));
      const kt = await info(ks.port, 'tiered');
      const st = await info(ks.port, 'stats');
      rows.push([
        `6 RAM per key, ${opt.keyspace} keys on disk`,
        `${fmt((after - before) / opt.keyspace)} B/key RSS growth`,
        `${kt.get('tiered_entries')} values on disk (${opt['keyspace-value']} B each)`,
        '',
        '<= 64 B/key at 10M',
        `fill ${fmt(f.ops)} ops/s, max loop delay ${st.get('eventloop_delay_max_ms')} ms`,
      ]);
      await ks.close();
      procs.length = 0;
    }
    console.log(table(['workload', 'strata tiered', 'peer (same run)', 'ratio', 'goal', 'notes'], rows));
  } finally {
    for (const p of procs) await p.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function cliDbsize(port: number): Promise<string> {
  return cliCall(port, 'dbsize');
}

async function cliCall(port: number, ...args: string[]): Promise<string> {
  const r = spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' });
  return r.stdout.trim();
}

/** The C io_uring reference (native/bench/ref.c): 4 KiB random reads at queue depth qd on `file`. */
function referenceIops(file: string, qd: number, seconds: number, dir: string): { iops: number } | null {
  const src = path.join(__dirname, '..', '..', '..', 'native', 'bench', 'ref.c');
  const bin = path.join(dir, 'strata-ref');
  const cc = spawnSync('gcc', ['-O2', '-o', bin, src, '-luring'], { encoding: 'utf8' });
  if (cc.status !== 0) return null;
  const size = Math.floor(fs.statSync(file).size / 4096) * 4096;
  const r = spawnSync(bin, [file, 'randread', String(qd), '4096', String(seconds), String(size), '7'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return null;
  const o = JSON.parse(r.stdout) as { ops: number; seconds: number };
  return { iops: o.ops / o.seconds };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
