// Starts the all-in-one system the way `npm start` does (node control-plane/dist/main.js
// --all-in-one) with its data in a temporary directory and free ports, and reads the REST URL from
// its banner.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface AllInOne {
  url: string;
  grpcAddress: string;
  adminKey: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function randomPortRange(size = 20): string {
  const start = 20000 + Math.floor(Math.random() * 2000) * 20;
  return `${start}-${start + size - 1}`;
}

export async function startAllInOne(env: Record<string, string> = {}): Promise<AllInOne> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-e2e-'));
  const adminKey = `e2e-admin-${Math.random().toString(36).slice(2)}-0123456789`;
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'control-plane', 'dist', 'main.js'), '--all-in-one'],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        STRATA_DATA_DIR: dataDir,
        STRATA_HTTP_PORT: '0',
        STRATA_GRPC_PORT: '0',
        STRATA_AGENT_PORT: '0',
        STRATA_AGENT_PORT_RANGE: randomPortRange(),
        STRATA_AGENT_MEMORY_BUDGET: '1gb',
        STRATA_BOOTSTRAP_TOKEN: adminKey,
        STRATA_STATS_INTERVAL_MS: '500',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (c: string) => (output += c));
  child.stderr!.on('data', (c: string) => (output += c));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const [url, grpcAddress] = await new Promise<[string, string]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the all-in-one did not start in 60 s:\n${output}`)),
        60_000,
      );
      const check = () => {
        const rest = /REST API\s+(http:\/\/\S+)\/v1/.exec(output);
        const grpc = /gRPC API\s+(\S+)/.exec(output);
        if (rest && grpc) {
          clearTimeout(timer);
          resolve([rest[1], grpc[1]]);
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the all-in-one exited with code ${code}:\n${output}`));
      });
    });
    return { url, grpcAddress, adminKey, dataDir, child, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A JSON client of the REST API. */
export function restClient(baseUrl: string, key: string) {
  return async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };
}
