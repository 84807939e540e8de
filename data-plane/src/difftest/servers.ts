// Starts and stops the servers the differential test compares: redis-server (the reference) and
// strata-server, each on a free port of 127.0.0.1, or attaches to one that is already running.
import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { RespConnection } from './connection';

export interface ServerHandle {
  /** "redis" or "strata" (with a suffix when two of a kind run). */
  name: string;
  host: string;
  port: number;
  /** Started by us (stopped by stop()), or attached to (stop() does nothing). */
  owned: boolean;
  /** Last lines the process printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export const STRATA_BIN = path.resolve(__dirname, '../../bin/strata-server.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPing(
  host: string,
  port: number,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('process exited');
    try {
      const c = await RespConnection.connect(host, port, 1000);
      const r = await c.call(['PING'], 1000);
      c.close();
      if (r.type === 'simple' && r.value.toString() === 'PONG') return;
      lastError = `PING answered ${JSON.stringify(r)}`;
    } catch (e) {
      lastError = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no PONG within ${timeoutMs} ms (${lastError})`);
}

interface SpawnSpec {
  name: string;
  command: string;
  args: (port: number) => string[];
}

/** Servers started and not yet stopped: killed if this process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

async function startProcess(spec: SpawnSpec, attempts = 3): Promise<ServerHandle> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = await freePort();
    const child = spawn(spec.command, spec.args(port), { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    const keep = (d: Buffer): void => {
      out = (out + d.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (e) => keep(Buffer.from(String(e))));
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        running.delete(child);
        resolve();
      }),
    );
    const stop = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    };
    try {
      await waitForPing('127.0.0.1', port, child, 15000);
      return { name: spec.name, host: '127.0.0.1', port, owned: true, output: () => out, stop };
    } catch (e) {
      await stop();
      lastError = new Error(`${spec.name} did not start on port ${port}: ${(e as Error).message}\n${out}`);
    }
  }
  throw lastError;
}

/** redis-server without persistence; extra arguments are appended (e.g. ["--databases", "2"]). */
export function startRedis(extraArgs: string[] = [], name = 'redis'): Promise<ServerHandle> {
  const bin = process.env.REDIS_SERVER_BIN || 'redis-server';
  return startProcess({
    name,
    command: bin,
    args: (port) => [
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
      ...extraArgs,
    ],
  });
}

/** strata-server from this package's bin/; extra arguments are appended (e.g. tiering flags). */
export function startStrata(extraArgs: string[] = [], name = 'strata'): Promise<ServerHandle> {
  return startProcess({
    name,
    command: process.execPath,
    args: (port) => [STRATA_BIN, '--port', String(port), '--bind', '127.0.0.1', ...extraArgs],
  });
}

/** A server somebody else started. */
export function attach(name: string, port: number, host = '127.0.0.1'): ServerHandle {
  return { name, host, port, owned: false, output: () => '', stop: async () => undefined };
}
