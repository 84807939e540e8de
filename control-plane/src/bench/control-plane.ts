// `npm run bench -- control-plane [--datastores N] [--seconds S] [--rate R]`
//
// 1. Create to PING: time from POST /v1/datastores to the new datastore answering PING with its
//    password (polling the API for the endpoint, then connecting), for N datastores in a row.
//    Goal: p95 under 2 s.
// 2. API latency at a fixed rate (open loop, 200 requests/s by default) for S seconds: reads of a
//    datastore, of the datastore list and of an operation, with an admin key. Goal: p99 under 20 ms.
//    The peer, measured in the same run at the same rate, is a bare node:http server answering a
//    fixed JSON body: the floor of this machine for an HTTP round trip from Node.
//
// The control plane runs as the all-in-one (a separate process with its local node agent), as
// `npm start` runs it, with its data in a temporary directory.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const DATASTORES = arg('datastores', 10);
const SECONDS = arg('seconds', 10);
const RATE = arg('rate', 200);
const ADMIN = 'bench-admin-token-0123456789';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(url: string, method = 'GET', body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${ADMIN}`,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function json(url: string, method = 'GET', body?: unknown) {
  const res = await request(url, method, body);
  return JSON.parse(res.body);
}

/** Sends requests at a fixed rate for `seconds`, whatever the responses do; returns latencies (ms). */
async function openLoop(
  seconds: number,
  rate: number,
  next: () => string,
): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(seconds * rate);
  const interval = 1000 / rate;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const url = next();
    const t0 = performance.now();
    inflight.push(
      request(url).then(
        (res) => {
          if (res.status >= 400) errors++;
          latencies.push(performance.now() - t0);
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inflight);
  return { latencies: latencies.sort((a, b) => a - b), errors };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-cp-'));
  const start = 20000 + Math.floor(Math.random() * 1000) * 40;
  const child = spawn(process.execPath, [path.resolve(__dirname, '..', 'main.js'), '--all-in-one'], {
    env: {
      ...process.env,
      STRATA_DATA_DIR: dataDir,
      STRATA_HTTP_PORT: '0',
      STRATA_GRPC_PORT: '0',
      STRATA_AGENT_PORT: '0',
      STRATA_AGENT_PORT_RANGE: `${start}-${start + 39}`,
      STRATA_AGENT_MEMORY_BUDGET: '2gb',
      STRATA_BOOTSTRAP_TOKEN: ADMIN,
      STRATA_RATE_LIMIT_RPS: '100000',
      STRATA_RATE_LIMIT_BURST: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const peer = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`control plane did not start:\n${output}`)), 60_000);
      const check = () => {
        const m = /REST API\s+(http:\/\/\S+)\/v1/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout!.on('data', check);
    });
    const tenant = await json(`${base}/v1/tenants`, 'POST', { name: 'bench', tiering: { enabled: true } });

    // --- 1. create to PING ---------------------------------------------------------------------
    const createTimes: number[] = [];
    for (let i = 0; i < DATASTORES; i++) {
      const t0 = performance.now();
      const created = await json(`${base}/v1/datastores`, 'POST', {
        tenantId: tenant.id,
        name: `ds-${i}`,
        memory: '32mb',
      });
      const id = created.datastore.id;
      let ds;
      for (;;) {
        ds = await json(`${base}/v1/datastores/${id}`);
        if (ds.status === 'active' && ds.endpoint) break;
        if (ds.status === 'failed') throw new Error(`datastore failed: ${ds.statusReason}`);
        if (performance.now() - t0 > 30_000) throw new Error('datastore not active in 30 s');
        await new Promise((r) => setTimeout(r, 10));
      }
      const client = new Redis({
        host: '127.0.0.1',
        port: ds.endpoint.port,
        password: ds.password,
        lazyConnect: true,
      });
      await client.connect();
      await client.ping();
      createTimes.push(performance.now() - t0);
      client.disconnect();
    }
    createTimes.sort((a, b) => a - b);
    const ids: string[] = (await json(`${base}/v1/datastores`)).items.map((d: { id: string }) => d.id);
    const ops: string[] = (await json(`${base}/v1/operations`)).items.map((o: { id: string }) => o.id);

    // --- 2. API latency at a fixed rate ------------------------------------------------------------
    let n = 0;
    const nextApi = () => {
      n++;
      if (n % 10 < 7) return `${base}/v1/datastores/${ids[n % ids.length]}`;
      if (n % 10 < 9) return `${base}/v1/datastores?limit=20`;
      return `${base}/v1/operations/${ops[n % ops.length]}`;
    };
    await openLoop(1, RATE, nextApi); // warm-up
    const api = await openLoop(SECONDS, RATE, nextApi);
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    const peerUrl = `http://127.0.0.1:${(peer.address() as { port: number }).port}/`;
    await openLoop(1, RATE, () => peerUrl);
    const bare = await openLoop(SECONDS, RATE, () => peerUrl);

    const fmt = (v: number) => v.toFixed(2).padStart(9);
    const rows = [
      ['measure', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'goal'],
      [
        'create -> PING',
        String(createTimes.length),
        fmt(percentile(createTimes, 50)),
        fmt(percentile(createTimes, 95)),
        fmt(percentile(createTimes, 99)),
        'p95 < 2000',
      ],
      [
        `control plane API @${RATE}/s`,
        `${api.latencies.length} (${api.errors} err)`,
        fmt(percentile(api.latencies, 50)),
        fmt(percentile(api.latencies, 95)),
        fmt(percentile(api.latencies, 99)),
        'p99 < 20',
      ],
      [
        `peer: bare node:http @${RATE}/s`,
        `${bare.latencies.length} (${bare.errors} err)`,
        fmt(percentile(bare.latencies, 50)),
        fmt(percentile(bare.latencies, 95)),
        fmt(percentile(bare.latencies, 99)),
        '',
      ],
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    console.log(
      `\ncontrol plane benchmark (${DATASTORES} datastores, ${SECONDS} s at ${RATE} requests/s, SQLite)\n`,
    );
    for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
    console.log(
      `\nAPI p99 / peer p99: ${(percentile(api.latencies, 99) / percentile(bare.latencies, 99)).toFixed(1)}x`,
    );
  } finally {
    peer.close();
    agent.destroy();
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
