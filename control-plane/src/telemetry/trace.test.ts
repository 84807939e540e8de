// One REST call's spans (HTTP server, service, database, gRPC client call to the node agent) share
// one trace: checked with an in-process OTLP/HTTP receiver and the all-in-one control plane.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

const spans: OtlpSpan[] = [];
const metricNames = new Set<string>();
let receiver: http.Server;
let child: ChildProcess;
let dataDir: string;
let output = '';
const ADMIN = 'trace-test-admin-token-0123456789';

function attr(span: OtlpSpan, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const found = span.attributes?.find((a) => a.key === key);
    if (found) return String(found.value.stringValue ?? found.value.intValue ?? '');
  }
  return undefined;
}

before(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const parsed = JSON.parse(body) as { resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[] };
        for (const rs of parsed.resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? []) spans.push(...(ss.spans ?? []));
      }
      if (req.url === '/v1/metrics') {
        const parsed = JSON.parse(body) as {
          resourceMetrics?: { scopeMetrics?: { metrics?: { name: string }[] }[] }[];
        };
        for (const rm of parsed.resourceMetrics ?? [])
          for (const sm of rm.scopeMetrics ?? []) for (const m of sm.metrics ?? []) metricNames.add(m.name);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as { port: number };
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-trace-'));
  const start = 20000 + Math.floor(Math.random() * 2000) * 20;
  child = spawn(process.execPath, [path.resolve(__dirname, '..', 'main.js'), '--all-in-one'], {
    env: {
      ...process.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      STRATA_DATA_DIR: dataDir,
      STRATA_HTTP_PORT: '0',
      STRATA_GRPC_PORT: '0',
      STRATA_AGENT_PORT: '0',
      STRATA_AGENT_PORT_RANGE: `${start}-${start + 19}`,
      STRATA_AGENT_MEMORY_BUDGET: '256mb',
      STRATA_BOOTSTRAP_TOKEN: ADMIN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
});

after(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  receiver?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('POST /v1/datastores: HTTP, service, database and agent gRPC spans share one trace', async () => {
  const url = await until('the banner', () => /REST API\s+(http:\/\/\S+)\/v1/.exec(output)?.[1]);
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as {
      id: string;
      datastore: { id: string };
      operation: { id: string };
      done: boolean;
    };
  };
  const tenant = await call('POST', '/v1/tenants', { name: 'traced' });
  const created = await call('POST', '/v1/datastores', {
    tenantId: tenant.id,
    name: 'traced',
    memory: '16mb',
  });
  await until(
    'the operation',
    async () => (await call('GET', `/v1/operations/${created.operation.id}`)).done || undefined,
  );

  const server = await until('the HTTP server span', () =>
    spans.find(
      (s) =>
        s.kind === 2 &&
        attr(s, 'http.method', 'http.request.method') === 'POST' &&
        /\/v1\/datastores$/.test(attr(s, 'http.target', 'url.path', 'http.route') ?? ''),
    ),
  );
  const trace = () => spans.filter((s) => s.traceId === server.traceId);
  const grpcCall = await until('the gRPC CreateInstance client span in the same trace', () =>
    trace().find((s) => s.kind === 3 && s.name.includes('strata.v1.NodeAgent/CreateInstance')),
  );
  const names = trace().map((s) => s.name);
  assert.ok(names.includes('datastores.create'), `service span in ${names.join(', ')}`);
  assert.ok(
    names.some((n) => n.startsWith('prisma:Datastore.')),
    `database spans in ${names.join(', ')}`,
  );
  assert.ok(names.includes('reconciler.reconcile'), `reconciler span in ${names.join(', ')}`);
  assert.equal(grpcCall.traceId, server.traceId);
  // Every span of the trace descends from the HTTP server span (children are exported before their
  // parents end, so wait until the whole tree has arrived).
  const rootOf = (s: OtlpSpan): string | undefined => {
    const byId = new Map(trace().map((x) => [x.spanId, x]));
    let cursor: OtlpSpan | undefined = s;
    for (let hops = 0; cursor && cursor.spanId !== server.spanId && hops < 50; hops++) {
      cursor = cursor.parentSpanId ? byId.get(cursor.parentSpanId) : undefined;
    }
    return cursor?.spanId;
  };
  await until(
    'every span of the trace to reach the HTTP span',
    () => trace().every((s) => rootOf(s) === server.spanId) || undefined,
    10_000,
  );
  for (const s of trace()) assert.equal(rootOf(s), server.spanId, `${s.name} descends from the HTTP span`);
});

test('metrics are exported over OTLP: HTTP server durations and the control plane gauges and counters', async () => {
  await until(
    'the metrics',
    () =>
      ['strata.datastores', 'strata.reconcile.attempts', 'http.server.request.duration'].every((n) =>
        metricNames.has(n),
      ) || undefined,
    30_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; got: ${[...metricNames].join(', ')}`);
  });
});
