// Starts the all-in-one system as `npm start` does (node control-plane/dist/main.js --all-in-one),
// with its data in a temporary directory, free ports and a known admin key; reads the REST URL from
// the banner. The console is served by the control plane at that URL.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface AllInOne {
  url: string;
  adminKey: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function startAllInOne(env: Record<string, string> = {}): Promise<AllInOne> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-console-'));
  const adminKey = `console-admin-${Math.random().toString(36).slice(2)}-0123456789`;
  const portBase = 20000 + Math.floor(Math.random() * 2000) * 20;
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
        STRATA_AGENT_PORT_RANGE: `${portBase}-${portBase + 19}`,
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
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the all-in-one did not start in 60 s:\n${output}`)),
        60_000,
      );
      child.stdout!.on('data', () => {
        const rest = /REST API\s+(http:\/\/\S+)\/v1/.exec(output);
        if (rest) {
          clearTimeout(timer);
          resolve(rest[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the all-in-one exited with code ${code}:\n${output}`));
      });
    });
    return { url, adminKey, child, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
