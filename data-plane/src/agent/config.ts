// The agent's command line: parsed and checked once at start, so a bad flag or a missing NVMe path
// stops the agent with a clear message instead of failing later.

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration, parseSize } from './units';

export type ServerFlavor = 'strata' | 'redis';

export interface AgentConfig {
  listenHost: string;
  listenPort: number;
  dataDir: string;
  nvmePath: string;
  memoryBudgetBytes: number;
  portRange: { start: number; end: number };
  advertiseHost: string;
  /** Address instances bind to. */
  instanceBind: string;
  /** Bearer token the control plane must send; null when only mutual TLS authenticates. */
  token: string | null;
  tls: { cert: Buffer; key: Buffer; ca: Buffer | null } | null;
  /** Command that starts a datastore process: executable and leading arguments. */
  serverCommand: string[];
  serverFlavor: ServerFlavor;
  startTimeoutMs: number;
  stopTimeoutMs: number;
  restartBackoffMs: number;
  restartBackoffMaxMs: number;
  maxCrashes: number;
  crashWindowMs: number;
  pollIntervalMs: number;
  stopInstancesOnExit: boolean;
}

export class ConfigError extends Error {}

export const USAGE = `Usage: strata-node-agent --data-dir DIR --nvme-path DIR [options]

Runs the datastore processes (strata-server) of this machine for the Strata control plane.

Required:
  --data-dir DIR            agent state: instance table, node id, instance logs
  --nvme-path DIR           directory on the NVMe disk for tier files (must exist)

Node:
  --listen HOST:PORT        gRPC address (default 127.0.0.1:7400; port 0 picks a free one)
  --memory-budget SIZE      RAM for all instances' maxmemory, e.g. 8gb (default: half of RAM)
  --port-range A-B          ports for instances (default 17000-17999)
  --advertise-host HOST     host clients use to reach instances (default 127.0.0.1)
  --instance-bind ADDR      address instances listen on (default: the advertise host when it is
                            an IP address, else 0.0.0.0)

Credentials (at least one of a token and mutual TLS):
  --token TOKEN             bearer token the control plane sends as "authorization: Bearer TOKEN"
  --token-file FILE         read the token from FILE (first line)
  STRATA_AGENT_TOKEN        environment variable, used when neither flag is given
  --tls-cert FILE           server certificate (PEM); serves gRPC over TLS
  --tls-key FILE            server private key (PEM)
  --tls-ca FILE             CA (PEM) that signed the control plane's client certificate: clients
                            without a certificate from it are refused (mutual TLS)

Processes:
  --server-command CMD      command starting a datastore, split on spaces
                            (default: node <data-plane>/bin/strata-server.js)
  --server-flavor F         strata (default) or redis: with redis, tiering flags are not passed
                            and --save "" --appendonly no are (development against redis-server)
  --start-timeout DUR       time for a new process to answer PING (default 10s)
  --stop-timeout DUR        time between SIGTERM and SIGKILL (default 5s)
  --restart-backoff DUR     first wait before restarting a crashed instance (default 500ms),
                            doubled after each crash up to --restart-backoff-max (default 30s)
  --max-crashes N           crashes within --crash-window (default 60s) after which an instance
                            is marked FAILED (default 5)
  --poll-interval DUR       liveness check of processes adopted after an agent restart (default 1s)
  --stop-instances-on-exit  stop every instance when the agent exits (default: leave them running
                            so a restarted agent adopts them)
  --help                    this text
`;

const DEFAULT_SERVER_COMMAND = [
  process.execPath,
  path.resolve(__dirname, '..', '..', 'bin', 'strata-server.js'),
];

export function parseConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): AgentConfig {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        listen: { type: 'string', default: '127.0.0.1:7400' },
        'data-dir': { type: 'string' },
        'nvme-path': { type: 'string' },
        'memory-budget': { type: 'string' },
        'port-range': { type: 'string', default: '17000-17999' },
        'advertise-host': { type: 'string', default: '127.0.0.1' },
        'instance-bind': { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-ca': { type: 'string' },
        'server-command': { type: 'string' },
        'server-flavor': { type: 'string', default: 'strata' },
        'start-timeout': { type: 'string', default: '10s' },
        'stop-timeout': { type: 'string', default: '5s' },
        'restart-backoff': { type: 'string', default: '500ms' },
        'restart-backoff-max': { type: 'string', default: '30s' },
        'max-crashes': { type: 'string', default: '5' },
        'crash-window': { type: 'string', default: '60s' },
        'poll-interval': { type: 'string', default: '1s' },
        'stop-instances-on-exit': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) throw new ConfigError(USAGE);

  const listen = /^(.*):(\d+)$/.exec(v.listen);
  if (!listen || Number(listen[2]) > 65535)
    throw new ConfigError(`--listen: expected HOST:PORT, got "${v.listen}"`);

  const dataDir = requireFlag(v['data-dir'], '--data-dir');
  const nvmePath = path.resolve(requireFlag(v['nvme-path'], '--nvme-path'));
  checkNvmePath(nvmePath);

  const memoryBudgetBytes =
    v['memory-budget'] === undefined ? Math.floor(os.totalmem() / 2) : parseSize(v['memory-budget']);
  if (memoryBudgetBytes === null || memoryBudgetBytes <= 0) {
    throw new ConfigError(
      `--memory-budget: expected a size such as 8gb or 512mb, got "${v['memory-budget']}"`,
    );
  }

  const range = /^(\d+)-(\d+)$/.exec(v['port-range']);
  const portRange = range ? { start: Number(range[1]), end: Number(range[2]) } : null;
  if (!portRange || portRange.start < 1 || portRange.end > 65535 || portRange.start > portRange.end) {
    throw new ConfigError(`--port-range: expected A-B with 1 <= A <= B <= 65535, got "${v['port-range']}"`);
  }

  const advertiseHost = v['advertise-host'];
  const instanceBind = v['instance-bind'] ?? (net.isIP(advertiseHost) ? advertiseHost : '0.0.0.0');

  const token = readToken(v.token, v['token-file'], env.STRATA_AGENT_TOKEN);
  const tls = readTls(v['tls-cert'], v['tls-key'], v['tls-ca']);
  if (token === null && tls?.ca == null) {
    throw new ConfigError(
      'no credential: give --token, --token-file or STRATA_AGENT_TOKEN, or mutual TLS with --tls-cert, --tls-key and --tls-ca',
    );
  }

  const flavor = v['server-flavor'];
  if (flavor !== 'strata' && flavor !== 'redis') {
    throw new ConfigError(`--server-flavor: expected strata or redis, got "${flavor}"`);
  }
  const serverCommand = v['server-command']
    ? v['server-command'].trim().split(/\s+/)
    : DEFAULT_SERVER_COMMAND;

  const maxCrashes = Number(v['max-crashes']);
  if (!Number.isInteger(maxCrashes) || maxCrashes < 1) {
    throw new ConfigError(`--max-crashes: expected a whole number >= 1, got "${v['max-crashes']}"`);
  }

  return {
    listenHost: listen[1],
    listenPort: Number(listen[2]),
    dataDir: path.resolve(dataDir),
    nvmePath,
    memoryBudgetBytes,
    portRange,
    advertiseHost,
    instanceBind,
    token,
    tls,
    serverCommand,
    serverFlavor: flavor,
    startTimeoutMs: duration(v['start-timeout'], '--start-timeout'),
    stopTimeoutMs: duration(v['stop-timeout'], '--stop-timeout'),
    restartBackoffMs: duration(v['restart-backoff'], '--restart-backoff'),
    restartBackoffMaxMs: duration(v['restart-backoff-max'], '--restart-backoff-max'),
    maxCrashes,
    crashWindowMs: duration(v['crash-window'], '--crash-window'),
    pollIntervalMs: Math.max(10, duration(v['poll-interval'], '--poll-interval')),
    stopInstancesOnExit: v['stop-instances-on-exit'],
  };
}

function requireFlag(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(`${name} is required`);
  return value;
}

function duration(text: string, name: string): number {
  const ms = parseDuration(text);
  if (ms === null)
    throw new ConfigError(`${name}: expected a duration such as 500ms, 10s or 2m, got "${text}"`);
  return ms;
}

/** The NVMe path must exist, be a directory and be writable: tier files go there. */
function checkNvmePath(nvmePath: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(nvmePath);
  } catch {
    throw new ConfigError(
      `--nvme-path: ${nvmePath} does not exist (mount the NVMe disk and create the directory first)`,
    );
  }
  if (!stat.isDirectory()) throw new ConfigError(`--nvme-path: ${nvmePath} is not a directory`);
  try {
    fs.accessSync(nvmePath, fs.constants.W_OK | fs.constants.R_OK);
  } catch {
    throw new ConfigError(`--nvme-path: ${nvmePath} is not writable by this user`);
  }
}

function readToken(
  flag: string | undefined,
  file: string | undefined,
  fromEnv: string | undefined,
): string | null {
  if (flag !== undefined && file !== undefined)
    throw new ConfigError('give either --token or --token-file, not both');
  let token: string | undefined = flag;
  if (file !== undefined) {
    try {
      token = fs.readFileSync(file, 'utf8').split('\n')[0];
    } catch (err) {
      throw new ConfigError(`--token-file: cannot read ${file}: ${(err as Error).message}`);
    }
  }
  token ??= fromEnv || undefined;
  if (token === undefined) return null;
  token = token.trim();
  if (token.length < 16 || !/^[\x21-\x7e]+$/.test(token)) {
    throw new ConfigError('the agent token must be at least 16 printable ASCII characters without spaces');
  }
  return token;
}

function readTls(cert?: string, key?: string, ca?: string): AgentConfig['tls'] {
  if (cert === undefined && key === undefined && ca === undefined) return null;
  if (cert === undefined || key === undefined) throw new ConfigError('--tls-cert and --tls-key go together');
  const read = (file: string, flag: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new ConfigError(`${flag}: cannot read ${file}: ${(err as Error).message}`);
    }
  };
  return {
    cert: read(cert, '--tls-cert'),
    key: read(key, '--tls-key'),
    ca: ca === undefined ? null : read(ca, '--tls-ca'),
  };
}
