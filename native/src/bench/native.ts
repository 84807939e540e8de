// `npm run bench -- native [flags]`: the disk engine driven from JavaScript against the C liburing
// reference (native/bench/ref.c, compiled here with gcc) on the same O_DIRECT file in the same run.
//
// Workloads: 4 KiB random reads at queue depth 1, 8 and 64 (promise API; QD 64 also with the callback
// API) and 256 KiB sequential writes at queue depth 8. Each cell runs C then JS for --seconds, the whole
// table --runs times; the table shows per-metric medians. "cpu us/op" is process CPU time (user + sys)
// per operation; the JS overhead column is the JS figure minus the C figure.
//
// Flags: --size <GiB> (default 2) --seconds <s> (1.5) --runs <n> (3) --file <path> (default: a file in
//        os.tmpdir(), removed afterwards) --engine io_uring|threadpool (io_uring) --flush tick|microtask|immediate
//        --no-fixed (do not register the pool) --coop (IORING_SETUP_COOP_TASKRUN) --defer
//        (IORING_SETUP_DEFER_TASKRUN) --only <row names, comma>
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createIoEngine, type FlushMode, type IoEngine, type IoEngineKind, type TierFile } from '../index';

interface Args {
  sizeBytes: number;
  seconds: number;
  runs: number;
  file: string | undefined;
  engine: IoEngineKind;
  flush: FlushMode;
  fixed: boolean;
  coop: boolean;
  defer: boolean;
  only: string[] | undefined;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    sizeBytes: 2 * 2 ** 30,
    seconds: 1.5,
    runs: 3,
    file: undefined,
    engine: 'io_uring',
    flush: 'tick',
    fixed: true,
    coop: false,
    defer: false,
    only: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--size') a.sizeBytes = Math.round(Number(value()) * 2 ** 30);
    else if (flag === '--seconds') a.seconds = Number(value());
    else if (flag === '--runs') a.runs = Number(value());
    else if (flag === '--file') a.file = value();
    else if (flag === '--engine') a.engine = value() as IoEngineKind;
    else if (flag === '--flush') a.flush = value() as Args['flush'];
    else if (flag === '--no-fixed') a.fixed = false;
    else if (flag === '--coop') a.coop = true;
    else if (flag === '--defer') a.defer = true;
    else if (flag === '--only') a.only = value().split(',');
    else throw new Error(`unknown flag ${flag}`);
  }
  a.sizeBytes -= a.sizeBytes % (1 << 20);
  if (!(a.sizeBytes >= 1 << 20) || !(a.seconds > 0) || !(a.runs >= 1))
    throw new Error('bad --size/--seconds/--runs');
  return a;
}

interface Result {
  ops: number;
  bytes: number;
  seconds: number;
  p50: number;
  p99: number;
  cpuPerOp: number;
}

interface Workload {
  name: string;
  mode: 'randread' | 'seqwrite';
  qd: number;
  bs: number;
  api: 'promise' | 'callback';
}

const WORKLOADS: Workload[] = [
  { name: 'randread 4K QD1', mode: 'randread', qd: 1, bs: 4096, api: 'promise' },
  { name: 'randread 4K QD8', mode: 'randread', qd: 8, bs: 4096, api: 'promise' },
  { name: 'randread 4K QD64', mode: 'randread', qd: 64, bs: 4096, api: 'promise' },
  { name: 'randread 4K QD64 cb', mode: 'randread', qd: 64, bs: 4096, api: 'callback' },
  { name: 'seqwrite 256K QD8', mode: 'seqwrite', qd: 8, bs: 256 * 1024, api: 'promise' },
];

// ---- the C reference --------------------------------------------------------------------------------

function buildReference(dir: string): string {
  const src = path.join(__dirname, '..', '..', 'bench', 'ref.c');
  const bin = path.join(dir, 'strata-ref');
  const cc = spawnSync('gcc', ['-O2', '-o', bin, src, '-luring'], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`gcc failed: ${cc.stderr || cc.error?.message}`);
  return bin;
}

function runReference(bin: string, file: string, w: Workload, args: Args, seed: number): Result {
  const r = spawnSync(
    bin,
    [file, w.mode, String(w.qd), String(w.bs), String(args.seconds), String(args.sizeBytes), String(seed)],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`reference failed: ${r.stderr}`);
  const o = JSON.parse(r.stdout) as Record<string, number>;
  return {
    ops: o.ops,
    bytes: o.bytes,
    seconds: o.seconds,
    p50: o.p50_us,
    p99: o.p99_us,
    cpuPerOp: ((o.cpu_user_s + o.cpu_sys_s) * 1e6) / o.ops,
  };
}

// ---- the JavaScript side ----------------------------------------------------------------------------

async function runJs(
  engine: IoEngine,
  file: TierFile,
  w: Workload,
  args: Args,
  seed: number,
): Promise<Result> {
  const blocks = Math.floor(args.sizeBytes / w.bs);
  let rng = seed >>> 0 || 1;
  let nextBlock = 0;
  const nextOffset = (): number => {
    if (w.mode === 'seqwrite') return (nextBlock++ % blocks) * w.bs;
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return ((rng >>> 0) % blocks) * w.bs;
  };
  const lat = new Float64Array(1 << 21);
  let latN = 0;
  let ops = 0;
  const bufs = Array.from({ length: w.qd }, () => engine.allocBuffer(w.bs).fill(0x5a));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + args.seconds * 1000;
  const record = (started: number): boolean => {
    const t = performance.now();
    if (latN < lat.length) lat[latN++] = t - started;
    ops++;
    return t < deadline;
  };

  if (w.api === 'promise') {
    const worker = async (buf: Buffer): Promise<void> => {
      for (;;) {
        const started = performance.now();
        if (w.mode === 'randread') await file.readInto(nextOffset(), buf);
        else await file.write(nextOffset(), buf);
        if (!record(started)) return;
      }
    };
    await Promise.all(bufs.map(worker));
  } else {
    await new Promise<void>((resolve, reject) => {
      let live = w.qd;
      const issue = (buf: Buffer): void => {
        const started = performance.now();
        const done = (err: Error | null): void => {
          if (err) return reject(err);
          if (record(started)) issue(buf);
          else if (--live === 0) resolve();
        };
        if (w.mode === 'randread') file.readIntoCb(nextOffset(), buf, w.bs, done);
        else file.writeCb(nextOffset(), buf, done);
      };
      bufs.forEach(issue);
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  for (const b of bufs) engine.releaseBuffer(b);
  const sorted = lat.subarray(0, latN).sort();
  return {
    ops,
    bytes: ops * w.bs,
    seconds,
    p50: sorted[Math.floor(latN / 2)] * 1000,
    p99: sorted[Math.floor(latN * 0.99)] * 1000,
    cpuPerOp: (cpu.user + cpu.system) / ops,
  };
}

async function fill(engine: IoEngine, file: TierFile, sizeBytes: number): Promise<void> {
  const chunk = 1 << 20;
  const qd = 16;
  let next = 0;
  const worker = async (): Promise<void> => {
    const buf = engine.allocBuffer(chunk);
    for (let i = 0; i < chunk; i += 4096) buf.writeUInt32LE((i ^ 0x9e3779b9) >>> 0, i);
    while (next < sizeBytes) {
      const off = next;
      next += chunk;
      await file.write(off, buf);
    }
    engine.releaseBuffer(buf);
  };
  await Promise.all(Array.from({ length: qd }, worker));
  await file.fdatasync();
}

// ---- table ------------------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Median of the per-run JS/C ratios, with their range when there are several runs. */
function ratioCell(ratios: number[]): string {
  const m = fmt(median(ratios), 2);
  return ratios.length < 2 ? m : `${m} (${fmt(Math.min(...ratios), 2)}-${fmt(Math.max(...ratios), 2)})`;
}

function printTable(rows: { w: Workload; c: Result[]; js: Result[] }[], args: Args, engine: IoEngine): void {
  const header = [
    'workload',
    'C IOPS',
    'JS IOPS',
    'JS/C IOPS (range)',
    'C MB/s',
    'JS MB/s',
    'C p50 us',
    'JS p50 us',
    'C p99 us',
    'JS p99 us',
    'C cpu us/op',
    'JS cpu us/op',
    'JS overhead us/op',
  ];
  const lines = rows.map(({ w, c, js }) => {
    const m = (rs: Result[], f: (r: Result) => number): number => median(rs.map(f));
    const iops = (r: Result): number => r.ops / r.seconds;
    const mbs = (r: Result): number => r.bytes / r.seconds / 1e6;
    const cI = m(c, iops);
    const jI = m(js, iops);
    const cCpu = m(c, (r) => r.cpuPerOp);
    const jCpu = m(js, (r) => r.cpuPerOp);
    return [
      w.name,
      fmt(cI),
      fmt(jI),
      ratioCell(js.map((r, i) => iops(r) / iops(c[i]))),
      fmt(m(c, mbs)),
      fmt(m(js, mbs)),
      fmt(
        m(c, (r) => r.p50),
        1,
      ),
      fmt(
        m(js, (r) => r.p50),
        1,
      ),
      fmt(
        m(c, (r) => r.p99),
        1,
      ),
      fmt(
        m(js, (r) => r.p99),
        1,
      ),
      fmt(cCpu, 2),
      fmt(jCpu, 2),
      fmt(jCpu - cCpu, 2),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]): string => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  console.log(
    `\nnative: JS engine=${engine.kind} fixedBuffers=${engine.fixedBuffers} flush=${args.flush} vs C liburing reference;` +
      ` file ${fmt(args.sizeBytes / 2 ** 30, 1)} GiB O_DIRECT; ${args.seconds}s per cell; median of ${args.runs} runs;` +
      ` node ${process.version}, ${os.cpus().length} CPUs`,
  );
  console.log(row(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(row(l));
  const st = engine.stats();
  console.log(
    `JS engine over the whole run: ${fmt(st.submitted / st.submits, 1)} ops per submit, ` +
      `${fmt(st.completed / st.completionBatches, 1)} ops per completion batch`,
  );
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-native-'));
  const filePath = args.file ?? path.join(tmp, 'tier.dat');
  const engine = createIoEngine({
    engine: args.engine,
    flush: args.flush,
    registerBuffers: args.fixed,
    coopTaskrun: args.coop,
    deferTaskrun: args.defer,
    poolBytes: 64 << 20,
  });
  try {
    const bin = buildReference(tmp);
    const file = engine.openFile(filePath, { size: args.sizeBytes });
    process.stderr.write(`filling ${fmt(args.sizeBytes / 2 ** 30, 1)} GiB at ${filePath}...\n`);
    await fill(engine, file, args.sizeBytes);
    // Warm the JIT before measuring.
    await runJs(engine, file, WORKLOADS[1], { ...args, seconds: 0.3 }, 7);
    const workloads = WORKLOADS.filter((w) => !args.only || args.only.includes(w.name));
    const rows = workloads.map((w) => ({ w, c: [] as Result[], js: [] as Result[] }));
    for (let run = 0; run < args.runs; run++) {
      for (const row of rows) {
        const seed = 12345 + run * 7919;
        process.stderr.write(`run ${run + 1}/${args.runs}: ${row.w.name}\n`);
        // Alternate which side goes first, so drift in the machine's load does not favour one side.
        if (run % 2 === 0) {
          row.c.push(runReference(bin, filePath, row.w, args, seed));
          row.js.push(await runJs(engine, file, row.w, args, seed));
        } else {
          row.js.push(await runJs(engine, file, row.w, args, seed));
          row.c.push(runReference(bin, filePath, row.w, args, seed));
        }
      }
    }
    await file.close();
    printTable(rows, args, engine);
  } finally {
    await engine.close();
    fs.rmSync(tmp, { recursive: true, force: true }); // the data file too, unless --file put it elsewhere
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
