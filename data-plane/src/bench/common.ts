/**
 * Shared benchmark plumbing: run redis-benchmark against a port, fill a server quickly over a raw
 * pipelined socket, read INFO fields, and print aligned tables. Benchmarks never fail on absolute
 * numbers: they print the peer measured in the same run and the ratio.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BenchResult {
  rps: number;
  p50: number;
  p99: number;
}

/** One redis-benchmark run of a single test, parsed from its CSV output. */
export async function redisBenchmark(
  port: number,
  test: string,
  opts: { n: number; clients: number; pipeline: number; size: number; keyspace?: number; command?: string[] },
): Promise<BenchResult> {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-n', String(opts.n), '-c', String(opts.clients)];
  args.push('-P', String(opts.pipeline), '-d', String(opts.size), '--csv');
  if (opts.keyspace) args.push('-r', String(opts.keyspace));
  // A custom command line (redis-benchmark runs it as given) or one of its built-in tests.
  if (opts.command) args.push(...opts.command);
  else args.push('-t', test);
  const { stdout } = await run('redis-benchmark', args, { maxBuffer: 1 << 20 });
  const lines = stdout.trim().split('\n');
  if (lines.length < 2) throw new Error(`redis-benchmark ${args.join(' ')} printed no result: ${stdout}`);
  const header = lines[0].split(',').map((s) => s.replace(/"/g, ''));
  const row = lines[1].split(',').map((s) => s.replace(/"/g, ''));
  const col = (name: string) => Number(row[header.indexOf(name)]);
  return { rps: col('rps'), p50: col('p50_latency_ms'), p99: col('p99_latency_ms') };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Measures each participant `rounds` times, alternating between them round by round: this machine's
 * load drifts over a run, and one back-to-back pair of measurements can differ by 20% for nothing.
 * Returns each participant's results in round order.
 */
export async function alternateRounds<K extends string, T>(
  rounds: number,
  names: readonly K[],
  measure: (name: K, round: number) => Promise<T>,
): Promise<Record<K, T[]>> {
  const out = {} as Record<K, T[]>;
  for (const k of names) out[k] = [];
  for (let round = 0; round < rounds; round++) {
    for (const k of names) out[k].push(await measure(k, round));
  }
  return out;
}

/** Encodes a command as RESP (latin1). */
export function resp(...args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/**
 * Sends many commands over one connection with a bounded number in flight and waits for every
 * reply (counted by CRLF-terminated simple replies: use only commands whose replies are +OK or :n).
 */
export async function pipelineFill(
  port: number,
  count: number,
  make: (i: number) => string,
  window = 2000,
): Promise<void> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  let sent = 0;
  let received = 0;
  let pendingLf = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      let batch = '';
      while (sent < count && sent - received < window) {
        batch += make(sent++);
        if (batch.length > 64 * 1024) {
          sock.write(batch, 'latin1');
          batch = '';
        }
      }
      if (batch) sock.write(batch, 'latin1');
    };
    sock.on('data', (d: Buffer) => {
      for (let i = 0; i < d.length; i++) {
        if (d[i] === 0x2d /* - */ && pendingLf === 0) {
          reject(new Error('error reply during fill: ' + d.subarray(i, i + 80).toString()));
          return;
        }
        if (d[i] === 0x0a) received++;
      }
      pendingLf = 0;
      if (received >= count) resolve();
      else pump();
    });
    sock.on('error', reject);
    pump();
  });
  sock.destroy();
}

/** INFO fields of a server, as a map. */
export async function info(port: number, section = 'all'): Promise<Map<string, string>> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'info', section], { maxBuffer: 16 << 20 });
  const m = new Map<string, string>();
  for (const line of stdout.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}

export async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args], { maxBuffer: 16 << 20 });
  return stdout.trim();
}

/** Resident set size of a process in bytes (from /proc). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) =>
    '| ' + r.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  return [
    line(cells[0]),
    '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
    ...cells.slice(1).map(line),
  ].join('\n');
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** Parses `--name value` flags of a benchmark with defaults. */
export function flags<T extends Record<string, number | string>>(argv: string[], defaults: T): T {
  const out: Record<string, number | string> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    // --name value, or --name=value (a value that itself starts with "--", such as node flags).
    const eq = a.indexOf('=');
    const k = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if (!(k in defaults)) throw new Error(`unknown flag ${a}; known: ${Object.keys(defaults).join(', ')}`);
    const v = eq < 0 ? argv[++i] : a.slice(eq + 1);
    out[k] = typeof defaults[k] === 'number' ? Number(v) : v;
  }
  return out as T;
}

/**
 * Transactions per second: `clients` connections each run MULTI / INCR / INCR / EXEC in a loop
 * (one transaction in flight per connection, like an unpipelined client) until `total` are done.
 * redis-benchmark has no multi-command test, so both servers are driven by this same loop.
 */
export async function multiExecRate(port: number, clients: number, total: number): Promise<BenchResult> {
  const tx = resp('MULTI') + resp('INCR', 'tx:a') + resp('INCR', 'tx:b') + resp('EXEC');
  const latencies: number[] = [];
  let started = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const sock = net.connect(port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => {
        sock.once('connect', resolve);
        sock.once('error', reject);
      });
      await new Promise<void>((resolve, reject) => {
        let buf = '';
        let sentAt = 0n;
        const send = () => {
          if (started >= total) {
            sock.destroy();
            resolve();
            return;
          }
          started++;
          sentAt = process.hrtime.bigint();
          sock.write(tx, 'latin1');
        };
        sock.on('data', (d: Buffer) => {
          buf += d.toString('latin1');
          // +OK, +QUEUED, +QUEUED, then the EXEC array *2 :n :n
          const m = /\*2\r\n:\d+\r\n:\d+\r\n$/.exec(buf);
          if (buf.startsWith('-') || buf.includes('\r\n-'))
            reject(new Error('error reply in MULTI bench: ' + buf));
          if (m) {
            latencies.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
            buf = '';
            send();
          }
        });
        sock.on('error', reject);
        send();
      });
    }),
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / secs,
    p50: latencies[latencies.length >> 1],
    p99: latencies[Math.floor(latencies.length * 0.99)],
  };
}

/** Opens `n` subscribers to a channel that read and drop every message; returns a closer. */
export async function subscribers(port: number, channel: string, n: number): Promise<() => void> {
  const socks: net.Socket[] = [];
  for (let i = 0; i < n; i++) {
    const s = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      s.once('connect', resolve);
      s.once('error', reject);
    });
    s.write(resp('SUBSCRIBE', channel));
    s.on('data', () => undefined);
    socks.push(s);
  }
  await new Promise((r) => setTimeout(r, 200));
  return () => socks.forEach((s) => s.destroy());
}
