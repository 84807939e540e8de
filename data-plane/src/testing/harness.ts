/**
 * Test helpers: an in-process strata-server on a free port, a real redis-server for comparisons,
 * and a raw socket client that shows the exact reply bytes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { Config, parseArgs } from '../server/config';
import { Server } from '../server/server';

export interface RunningServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

/**
 * Flags that force tiering on: a tier file at `prefix`, plenty of maxmemory but an offload threshold
 * of 1.0 (free memory always counts as short), so the offloader moves every value it samples, whatever
 * its size or TTL. `extra` holds name/value pairs; a name given there replaces the default.
 */
export function forcedTieringFlags(prefix: string, extra: string[] = []): string[] {
  const defaults = [
    '--tiered_prefix',
    prefix,
    '--maxmemory',
    '1gb',
    '--tiered_offload_threshold',
    '1.0',
    '--tiered_min_value_size',
    '0',
    '--tiered_min_ttl_to_offload_ms',
    '0',
    // Values written out keep no RAM copy (cooled copies stay only while memory allows otherwise).
    '--tiered_experimental_cooling',
    'false',
  ];
  const given = new Set(extra.filter((_, i) => i % 2 === 0));
  const out: string[] = [];
  for (let i = 0; i < defaults.length; i += 2)
    if (!given.has(defaults[i])) out.push(defaults[i], defaults[i + 1]);
  return [...out, ...extra];
}

/**
 * Polls `cond` every 5 ms until it holds. The deadline only ends a wait that would otherwise hang
 * (it is generous: these machines are shared), it never measures speed.
 */
export async function until(
  what: string,
  cond: () => boolean | Promise<boolean>,
  ms = 30_000,
  everyMs = 5,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Starts strata-server in this process with the given flags (port 0 = a free port). */
export async function startStrata(flags: string[] = []): Promise<RunningServer> {
  const config = new Config();
  parseArgs(['--port', '0', '--loglevel', 'warning', ...flags], config);
  const server = new Server(config);
  const { port } = await server.listen();
  server.onShutdown = () => void server.close();
  return { port, server, close: () => server.close() };
}

export interface RunningProcess {
  port: number;
  process: ChildProcess;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not listen on ${port}`);
}

/** Kills a child process; resolves once it has exited. */
function kill(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Starts the real redis-server (no persistence) on a free port. */
export async function startRedis(flags: string[] = []): Promise<RunningProcess> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      ...flags,
    ],
    { stdio: 'ignore' },
  );
  await waitForPort(port, child, 'redis-server');
  return {
    port,
    process: child,
    close: () => kill(child),
  };
}

/** How spawnStrata runs the executable beyond its server flags. */
export interface SpawnOptions {
  /** Node/V8 flags before the script (e.g. --trace-gc, --max-semi-space-size=16). */
  nodeFlags?: string[];
  /** The server's stdout and stderr are appended to this file (default: discarded). */
  logFile?: string;
  /** How long it may take to listen (default 10 s). */
  timeoutMs?: number;
}

/** Starts strata-server as a child process (for tests of the executable itself). */
export async function spawnStrata(flags: string[] = [], options: SpawnOptions = {}): Promise<RunningProcess> {
  const port = await freePort();
  const bin = require.resolve('../../bin/strata-server.js');
  const args = [...(options.nodeFlags ?? []), bin, '--port', String(port), '--bind', '127.0.0.1', ...flags];
  const out = options.logFile === undefined ? 'ignore' : fs.openSync(options.logFile, 'a');
  const child = spawn(process.execPath, args, { stdio: ['ignore', out, out] });
  if (typeof out === 'number') fs.closeSync(out);
  await waitForPort(port, child, 'strata-server', options.timeoutMs);
  return {
    port,
    process: child,
    close: () => kill(child),
  };
}

/**
 * CPU seconds a process has used so far, all its threads (user plus system, from /proc/<pid>/stat).
 * Per operation it is a steadier figure than throughput when clients and servers share the cores.
 */
export function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  // Fields after the command name (which may hold spaces) start at its closing parenthesis.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times (100 on every Linux ABI Node runs on). */
const CLOCK_TICKS = 100;

/**
 * Sends raw bytes and collects what the server answers until `until` matches the received text or
 * the server closes the connection, or the timeout passes.
 */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  until: (received: string) => boolean = () => false,
  timeoutMs = 2000,
): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    let done = false;
    const s = net.connect(port, '127.0.0.1');
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve({ text, closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    s.on('connect', () => s.write(bytes));
    s.on('data', (d) => {
      text += d.toString('latin1');
      if (until(text)) finish(false);
    });
    s.on('close', () => finish(true));
    s.on('error', () => finish(true));
  });
}
