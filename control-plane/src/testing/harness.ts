// Test support: a control plane on free ports with a temporary SQLite database (or a given
// database URL), an HTTP helper that speaks JSON with an API key, and cleanup.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import 'reflect-metadata';
import { startControlPlane, type RunningControlPlane } from '../app';
import { loadConfig, type AppConfig } from '../config/config';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface Harness {
  cp: RunningControlPlane;
  config: AppConfig;
  dataDir: string;
  /** JSON request with an API key (the admin key by default). */
  call(
    method: string,
    url: string,
    body?: unknown,
    init?: { key?: string | null; headers?: Record<string, string> },
  ): Promise<Reply>;
  stop(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function startHarness(
  env: Record<string, string> = {},
  options: { loops?: boolean } = {},
): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-cp-'));
  const config = loadConfig([], {
    STRATA_DATA_DIR: dataDir,
    STRATA_HTTP_PORT: '0',
    STRATA_GRPC_PORT: '0',
    STRATA_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
    STRATA_RATE_LIMIT_RPS: '10000',
    STRATA_RATE_LIMIT_BURST: '10000',
    ...env,
  });
  const cp = await startControlPlane(config, { logLevels: ['error'], loops: options.loops ?? false });
  const call: Harness['call'] = async (method, url, body, init = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    const key = init.key === undefined ? ADMIN_TOKEN : init.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${cp.httpUrl}${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // plain text (Prometheus)
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    cp,
    config,
    dataDir,
    call,
    stop: async () => {
      await cp.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls an operation until done (or the timeout). */
export async function waitOperation(
  h: Harness,
  id: string,
  key?: string,
  timeoutMs = 30_000,
): Promise<Reply> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await h.call('GET', `/v1/operations/${id}`, undefined, { key });
    if (reply.body?.done || Date.now() > deadline) return reply;
    await new Promise((r) => setTimeout(r, 100));
  }
}
