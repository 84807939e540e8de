// The all-in-one node: a strata-node-agent child process with its data under the data directory
// (<data>/agent for its state, <data>/nvme for tier files), started before the control plane
// registers it as the node "local".
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomSecret } from '../common/ids';

export interface LocalAgent {
  address: string;
  token: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The agent's executable in this repository. */
export function agentBin(): string {
  return path.resolve(__dirname, '..', '..', '..', 'data-plane', 'bin', 'strata-node-agent.js');
}

/** A secret kept in a file of the data directory (0600), created on first use. */
export function persistentSecret(file: string): string {
  if (fs.existsSync(file)) {
    const value = fs.readFileSync(file, 'utf8').trim();
    if (value.length >= 16) return value;
  }
  const value = `strata_${randomSecret(40)}`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

export async function startLocalAgent(options: {
  dataDir: string;
  port: number;
  memoryBudget: string;
  portRange: string;
  token: string | null;
  log: (line: string) => void;
}): Promise<LocalAgent> {
  const agentDir = path.join(options.dataDir, 'agent');
  const nvmeDir = path.join(options.dataDir, 'nvme');
  fs.mkdirSync(agentDir, { recursive: true });
  fs.mkdirSync(nvmeDir, { recursive: true });
  const token = options.token ?? persistentSecret(path.join(options.dataDir, 'agent-token'));
  const args = [
    agentBin(),
    '--listen',
    `127.0.0.1:${options.port}`,
    '--data-dir',
    agentDir,
    '--nvme-path',
    nvmeDir,
    '--memory-budget',
    options.memoryBudget,
    '--port-range',
    options.portRange,
    '--advertise-host',
    '127.0.0.1',
    '--stop-instances-on-exit',
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, STRATA_AGENT_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim()) options.log(line.trim());
  });
  const address = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('the node agent did not start within 20 s')), 20_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      buffered += chunk;
      const match = /listening on (\S+):(\d+)/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve(`127.0.0.1:${match[2]}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the node agent exited with code ${code} before listening`));
    });
  });
  return {
    address,
    token,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
