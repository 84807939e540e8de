// The control plane's configuration: read from the environment (and two flags) once at boot and
// checked as a whole, so a bad environment stops the process with one clear message listing every
// problem instead of failing later.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface AppConfig {
  /** Data directory (SQLite file, all-in-one agent state). */
  dataDir: string;
  databaseUrl: string;
  httpHost: string;
  /** 0 picks a free port. */
  httpPort: number;
  grpcHost: string;
  /** 0 picks a free port. */
  grpcPort: number;
  /** Secret of the platform admin key ensured at boot; null means create one if none exists. */
  bootstrapToken: string | null;
  rateLimit: { perSecond: number; burst: number };
  reconcileIntervalMs: number;
  nodeHealthIntervalMs: number;
  /** Deadline of one agent health check: a node missing it turns unhealthy. */
  nodeHealthTimeoutMs: number;
  statsIntervalMs: number;
  metricsRetentionHours: number;
  /** Failed attempts after which a datastore is marked failed. */
  maxAttempts: number;
  allInOne: boolean;
  agent: {
    /** Port of the all-in-one agent's gRPC server (0 picks a free one). */
    port: number;
    memoryBudget: string;
    portRange: string;
    /** Token the control plane presents to the all-in-one agent (random when not set). */
    token: string | null;
  };
  /**
   * TLS to node agents (files read at start): the CA that signed the agents' server certificates,
   * and for mutual TLS the control plane's client certificate and key. Null: plaintext gRPC.
   */
  agentTls: { ca: Buffer; cert: Buffer | null; key: Buffer | null } | null;
  /** Key sealing stored secrets (STRATA_SECRET_KEY); null: SQLite uses <data dir>/secret-key. */
  secretKey: string | null;
  otlpEndpoint: string | null;
  serviceName: string;
  /** Log each HTTP request (method, path, status, ms; never headers or bodies). */
  logRequests: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

export const USAGE = `Usage: node control-plane/dist/main.js [--all-in-one]

Environment:
  STRATA_DATA_DIR                  data directory (default ./var)
  DATABASE_URL                     postgresql://... for PostgreSQL; default file:<data dir>/control-plane.db (SQLite)
  STRATA_HTTP_HOST, STRATA_HTTP_PORT   REST API address (default 127.0.0.1:8080)
  STRATA_GRPC_HOST, STRATA_GRPC_PORT   gRPC provisioning API address (default 127.0.0.1:8081)
  STRATA_BOOTSTRAP_TOKEN           secret of the platform admin key (at least 16 characters)
  STRATA_RATE_LIMIT_RPS, STRATA_RATE_LIMIT_BURST   per API key (default 50 per second, burst 100)
  STRATA_RECONCILE_INTERVAL_MS     reconciler period (default 500)
  STRATA_NODE_HEALTH_INTERVAL_MS   agent health check period (default 2000)
  STRATA_NODE_HEALTH_TIMEOUT_MS    agent health check deadline (default 2000)
  STRATA_STATS_INTERVAL_MS         datastore stats period (default 5000)
  STRATA_METRICS_RETENTION_HOURS   metrics time series kept (default 6)
  STRATA_MAX_ATTEMPTS              failed attempts before a datastore is marked failed (default 8)
  STRATA_AGENT_PORT, STRATA_AGENT_MEMORY_BUDGET, STRATA_AGENT_PORT_RANGE, STRATA_AGENT_TOKEN
                                   the all-in-one agent (default 7400, 2gb, 17000-17999, random)
  STRATA_AGENT_TLS_CA              PEM file: CA of the agents' server certificates (gRPC to agents over TLS)
  STRATA_AGENT_TLS_CERT, STRATA_AGENT_TLS_KEY   PEM files: client certificate and key (mutual TLS)
  STRATA_SECRET_KEY                encrypts stored passwords and agent credentials (at least 32 characters;
                                   SQLite default: <data dir>/secret-key, created on first start)
  STRATA_LOG_REQUESTS              1 to log each request (method, path, status, time)
  OTEL_EXPORTER_OTLP_ENDPOINT      OTLP/HTTP endpoint for traces and metrics (off when unset)
  OTEL_SERVICE_NAME                service name in traces (default strata-control-plane)
`;

type Env = Record<string, string | undefined>;

export function loadConfig(argv: string[], env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  let allInOne = false;
  for (const arg of argv) {
    if (arg === '--all-in-one') allInOne = true;
    else problems.push(`unknown argument "${arg}" (expected --all-in-one or --help)`);
  }

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name}: must be a whole number between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const host = (name: string, fallback: string): string => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^[A-Za-z0-9.:\-[\]]+$/.test(raw)) problems.push(`${name}: not a host name or address: "${raw}"`);
    return raw;
  };

  const dataDir = path.resolve(cwd, env.STRATA_DATA_DIR || 'var');
  let databaseUrl = env.DATABASE_URL || `file:${path.join(dataDir, 'control-plane.db')}`;
  if (!/^(postgres(ql)?:\/\/|file:)/i.test(databaseUrl)) {
    problems.push(
      `DATABASE_URL: must start with postgresql://, postgres:// or file:, got "${redactUrl(databaseUrl)}"`,
    );
  }
  if (databaseUrl.startsWith('file:') && !databaseUrl.startsWith('file:/')) {
    databaseUrl = `file:${path.resolve(cwd, databaseUrl.slice('file:'.length))}`;
  }

  const bootstrapToken = env.STRATA_BOOTSTRAP_TOKEN || null;
  if (bootstrapToken !== null && (bootstrapToken.length < 16 || /\s/.test(bootstrapToken))) {
    problems.push('STRATA_BOOTSTRAP_TOKEN: must be at least 16 characters without spaces');
  }
  const agentToken = env.STRATA_AGENT_TOKEN || null;
  if (agentToken !== null && agentToken.length < 16) {
    problems.push('STRATA_AGENT_TOKEN: must be at least 16 characters');
  }
  const portRange = env.STRATA_AGENT_PORT_RANGE || '17000-17999';
  if (!/^\d+-\d+$/.test(portRange))
    problems.push(`STRATA_AGENT_PORT_RANGE: expected A-B, got "${portRange}"`);
  const memoryBudget = env.STRATA_AGENT_MEMORY_BUDGET || '2gb';
  if (!/^\d+(\.\d+)?\s*(b|kb|mb|gb|tb|k|m|g|t)?$/i.test(memoryBudget)) {
    problems.push(`STRATA_AGENT_MEMORY_BUDGET: expected a size such as 2gb or 512mb, got "${memoryBudget}"`);
  }
  const otlp = env.OTEL_EXPORTER_OTLP_ENDPOINT || null;
  if (otlp !== null && !/^https?:\/\//.test(otlp)) {
    problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:// or https:// URL, got "${otlp}"`);
  }

  const readPem = (name: string): Buffer | null => {
    const file = env[name];
    if (!file) return null;
    try {
      return fs.readFileSync(path.resolve(cwd, file));
    } catch (err) {
      problems.push(
        `${name}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
      return null;
    }
  };
  const tlsCa = readPem('STRATA_AGENT_TLS_CA');
  const tlsCert = readPem('STRATA_AGENT_TLS_CERT');
  const tlsKey = readPem('STRATA_AGENT_TLS_KEY');
  if (Boolean(env.STRATA_AGENT_TLS_CERT) !== Boolean(env.STRATA_AGENT_TLS_KEY)) {
    problems.push('STRATA_AGENT_TLS_CERT and STRATA_AGENT_TLS_KEY go together');
  }
  if ((env.STRATA_AGENT_TLS_CERT || env.STRATA_AGENT_TLS_KEY) && !env.STRATA_AGENT_TLS_CA) {
    problems.push('STRATA_AGENT_TLS_CA is needed with a client certificate');
  }
  if (env.STRATA_AGENT_TLS_CA && allInOne) {
    problems.push(
      'STRATA_AGENT_TLS_CA cannot be used with --all-in-one (its local agent listens on loopback without TLS)',
    );
  }

  const secretKey = env.STRATA_SECRET_KEY || null;
  if (secretKey !== null && secretKey.length < 32)
    problems.push('STRATA_SECRET_KEY: must be at least 32 characters');

  const config: AppConfig = {
    dataDir,
    databaseUrl,
    httpHost: host('STRATA_HTTP_HOST', '127.0.0.1'),
    httpPort: int('STRATA_HTTP_PORT', 8080, 0, 65535),
    grpcHost: host('STRATA_GRPC_HOST', '127.0.0.1'),
    grpcPort: int('STRATA_GRPC_PORT', 8081, 0, 65535),
    bootstrapToken,
    rateLimit: {
      perSecond: int('STRATA_RATE_LIMIT_RPS', 50, 1, 1_000_000),
      burst: int('STRATA_RATE_LIMIT_BURST', 100, 1, 1_000_000),
    },
    reconcileIntervalMs: int('STRATA_RECONCILE_INTERVAL_MS', 500, 10, 600_000),
    nodeHealthIntervalMs: int('STRATA_NODE_HEALTH_INTERVAL_MS', 2000, 50, 600_000),
    nodeHealthTimeoutMs: int('STRATA_NODE_HEALTH_TIMEOUT_MS', 2000, 50, 60_000),
    statsIntervalMs: int('STRATA_STATS_INTERVAL_MS', 5000, 100, 3_600_000),
    metricsRetentionHours: int('STRATA_METRICS_RETENTION_HOURS', 6, 1, 24 * 90),
    maxAttempts: int('STRATA_MAX_ATTEMPTS', 8, 1, 1000),
    allInOne,
    agent: {
      port: int('STRATA_AGENT_PORT', 7400, 0, 65535),
      memoryBudget,
      portRange,
      token: agentToken,
    },
    secretKey,
    agentTls: tlsCa ? { ca: tlsCa, cert: tlsCert, key: tlsKey } : null,
    otlpEndpoint: otlp,
    serviceName: env.OTEL_SERVICE_NAME || 'strata-control-plane',
    logRequests: env.STRATA_LOG_REQUESTS === '1',
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** A database URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
