// Helpers for the agent's tests: a real strata-node-agent process (the compiled bin) with temporary
// directories, a typed gRPC client, and cleanup that leaves no process or directory behind.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadProtos, type NodeAgentClient } from '@strata/proto';

export const TOKEN = 'test-token-0123456789abcdef';
const BIN = path.resolve(__dirname, '..', '..', 'bin', 'strata-node-agent.js');

export interface Dirs {
  root: string;
  dataDir: string;
  nvmePath: string;
}

export function makeDirs(): Dirs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-agent-test-'));
  const dirs = { root, dataDir: path.join(root, 'data'), nvmePath: path.join(root, 'nvme') };
  fs.mkdirSync(dirs.nvmePath);
  return dirs;
}

/** A random block of ports in 20000-31999 for one test's instances. */
export function portRange(size = 10): string {
  // Below the ephemeral range (32768+ on Linux), where outgoing connections would take ports.
  const start = 20000 + Math.floor(Math.random() * 1200) * 10;
  return `${start}-${start + size - 1}`;
}

export interface RunningAgent {
  proc: ChildProcess;
  port: number;
  client: NodeAgentClient;
  stderr: () => string;
  /** Calls a unary method with the test token (or the given one; null = no metadata). */
  call<T>(method: string, request: object, token?: string | null): Promise<T>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export const FAST_FLAGS = [
  '--restart-backoff',
  '50ms',
  '--restart-backoff-max',
  '200ms',
  '--poll-interval',
  '100ms',
  '--start-timeout',
  '10s',
  '--stop-timeout',
  '2s',
];

export interface AgentOptions {
  /** Pass --token TOKEN (default true). */
  token?: boolean;
  /** Client credentials (default insecure). */
  credentials?: grpc.ChannelCredentials;
}

export async function startAgent(
  dirs: Dirs,
  flags: string[],
  options: AgentOptions = {},
): Promise<RunningAgent> {
  const tokenFlags = options.token === false ? [] : ['--token', TOKEN];
  const args = [
    '--listen',
    '127.0.0.1:0',
    '--data-dir',
    dirs.dataDir,
    '--nvme-path',
    dirs.nvmePath,
    ...tokenFlags,
  ];
  const proc = spawn(process.execPath, [BIN, ...args, ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STRATA_AGENT_TOKEN: '' },
  });
  let stdout = '';
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on [^ ]+:(\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    proc.on('exit', (code) => reject(new Error(`agent exited with ${code}: ${stderr}`)));
  });
  const client = new (loadProtos().strata.v1.NodeAgent)(
    `127.0.0.1:${port}`,
    options.credentials ?? grpc.credentials.createInsecure(),
  );
  return {
    proc,
    port,
    client,
    stderr: () => stderr,
    call<T>(method: string, request: object, token: string | null = TOKEN): Promise<T> {
      const metadata = new grpc.Metadata();
      if (token !== null) metadata.set('authorization', `Bearer ${token}`);
      const fn = (client as unknown as Record<string, (...args: unknown[]) => void>)[method].bind(client);
      return new Promise<T>((resolve, reject) =>
        fn(request, metadata, { deadline: Date.now() + 30_000 }, (err: Error | null, res: T) =>
          err ? reject(err) : resolve(res),
        ),
      );
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      client.close();
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill(signal);
      await exited;
    },
  };
}

/** Runs the agent binary to completion (for start-up errors). */
export function runAgent(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STRATA_AGENT_TOKEN: '', ...env },
    });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    proc.on('exit', (code) => resolve({ code, output }));
  });
}

/** Pids of processes whose command line has `--port <port>` (to count duplicates). */
export function processesOnPort(port: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const i = args.indexOf('--port');
      if (i >= 0 && args[i + 1] === String(port) && args.some((a) => a.includes('strata-server')))
        pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/** Kills every instance process recorded in the agent's table and removes the directories. */
export function cleanup(dirs: Dirs): void {
  try {
    const table = JSON.parse(fs.readFileSync(path.join(dirs.dataDir, 'instances.json'), 'utf8')) as {
      instances: { port: number }[];
    };
    for (const { port } of table.instances) {
      for (const pid of processesOnPort(port)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  } catch {
    // no table
  }
  fs.rmSync(dirs.root, { recursive: true, force: true, maxRetries: 5 });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until check returns a value other than undefined (or throws after timeoutMs). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await sleep(50);
  }
}
