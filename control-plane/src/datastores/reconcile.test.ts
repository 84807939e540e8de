// The reconciler against a real strata-node-agent and real strata-server processes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import Redis from 'ioredis';
import { startLocalAgent, type LocalAgent } from '../all-in-one/local-agent';
import { AgentClients } from '../nodes/agent-client';
import { PrismaService } from '../database/prisma.service';
import { startHarness, waitOperation, type Harness } from '../testing/harness';

function randomPortRange(size = 20): string {
  const start = 20000 + Math.floor(Math.random() * 2000) * 20;
  return `${start}-${start + size - 1}`;
}

async function eventually<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function redisClient(port: number, password: string): Promise<Redis> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    password: password || undefined,
    enableReadyCheck: false,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  await client.connect();
  return client;
}

describe('reconciler with a real node agent', () => {
  let h: Harness;
  let agent: LocalAgent;
  let tenantId: string;

  before(async () => {
    h = await startHarness(
      {
        STRATA_RECONCILE_INTERVAL_MS: '100',
        STRATA_NODE_HEALTH_INTERVAL_MS: '300',
        STRATA_NODE_HEALTH_TIMEOUT_MS: '700',
        STRATA_STATS_INTERVAL_MS: '300',
        STRATA_MAX_ATTEMPTS: '3',
      },
      { loops: true },
    );
    agent = await startLocalAgent({
      dataDir: h.dataDir,
      port: 0,
      memoryBudget: '256mb',
      portRange: randomPortRange(),
      token: 'reconcile-test-token-0123456789',
      log: () => undefined,
    });
    tenantId = (await h.call('POST', '/v1/tenants', { name: 'recon', tiering: { enabled: true } })).body.id;
  });

  after(async () => {
    await h.stop();
    await agent.stop();
  });

  test('a node registers only with the right credential', async () => {
    const wrong = await h.call('POST', '/v1/nodes', {
      name: 'bad',
      address: agent.address,
      credential: 'not-the-token-0123',
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.field, 'address');
    assert.match(wrong.body.error.message, /UNAUTHENTICATED/);
    const ok = await h.call('POST', '/v1/nodes', {
      name: 'n1',
      address: agent.address,
      credential: agent.token,
    });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.health, 'healthy');
    assert.equal(ok.body.memoryBudgetBytes, 256 * 1024 * 1024);
    assert.equal(ok.body.credential, undefined, 'the credential is never returned');
    const stored = await h.cp.app
      .get(PrismaService)
      .client.node.findUniqueOrThrow({ where: { id: ok.body.id } });
    assert.match(stored.credential, /^enc:v1:/, 'the credential is sealed at rest');
  });

  test('create, connect, change settings live, roll out tenant defaults, rotate the password, delete', async () => {
    const created = await h.call('POST', '/v1/datastores', {
      tenantId,
      name: 'live',
      memory: '32mb',
      evictionPolicy: 'allkeys-lru',
    });
    assert.equal(created.status, 202);
    const id = created.body.datastore.id;
    const op = await waitOperation(h, created.body.operation.id);
    assert.equal(op.body.status, 'succeeded', JSON.stringify(op.body));
    const ds = (await h.call('GET', `/v1/datastores/${id}`)).body;
    assert.equal(ds.status, 'active');
    assert.equal(ds.nodeHealthy, true);
    assert.ok(ds.endpoint.port > 0);

    let client = await redisClient(ds.endpoint.port, ds.password);
    assert.equal(await client.ping(), 'PONG');
    await client.set('k', 'v');
    assert.equal(await client.get('k'), 'v');
    assert.deepEqual(await client.config('GET', 'maxmemory'), ['maxmemory', String(32 * 1024 * 1024)]);
    assert.deepEqual(await client.config('GET', 'maxmemory-policy'), ['maxmemory-policy', 'allkeys-lru']);

    const patched = await h.call('PATCH', `/v1/datastores/${id}`, {
      tiering: { offloadThreshold: 0.3 },
      memory: '48mb',
    });
    assert.equal((await waitOperation(h, patched.body.operation.id)).body.status, 'succeeded');
    assert.deepEqual(await client.config('GET', 'tiered_offload_threshold'), [
      'tiered_offload_threshold',
      '0.3',
    ]);
    assert.deepEqual(await client.config('GET', 'maxmemory'), ['maxmemory', String(48 * 1024 * 1024)]);
    assert.equal(await client.get('k'), 'v', 'applied live: the data is still there');

    const rollout = await h.call('PATCH', `/v1/tenants/${tenantId}`, {
      tiering: { enabled: true, uploadThreshold: 0.2 },
    });
    assert.equal(rollout.body.operation.progress.total, 1);
    assert.equal((await waitOperation(h, rollout.body.operation.id)).body.status, 'succeeded');
    assert.deepEqual(await client.config('GET', 'tiered_upload_threshold'), [
      'tiered_upload_threshold',
      '0.2',
    ]);
    const effective = (await h.call('GET', `/v1/datastores/${id}`)).body.effectiveTiering;
    assert.equal(effective.uploadThreshold, 0.2);
    assert.equal(effective.offloadThreshold, 0.3, 'the override still wins over the tenant default');

    const rotated = await h.call('POST', `/v1/datastores/${id}/rotate-password`);
    assert.equal((await waitOperation(h, rotated.body.operation.id)).body.status, 'succeeded');
    const newPassword = (await h.call('GET', `/v1/datastores/${id}`)).body.password;
    assert.notEqual(newPassword, ds.password);
    const stranger = await redisClient(ds.endpoint.port, '');
    await assert.rejects(stranger.auth(ds.password), /WRONGPASS/);
    stranger.disconnect();
    client.disconnect();
    client = await redisClient(ds.endpoint.port, newPassword);
    assert.equal(await client.get('k'), 'v');

    // Samples are taken on a timer: the first one may predate the SET, so wait for one after it.
    const metrics = await eventually('a metrics sample with the key', async () => {
      const m = await h.call('GET', `/v1/datastores/${id}/metrics`);
      return m.body.latest?.keys === 1 && m.body.series.length > 0 ? m.body : null;
    });
    assert.ok(metrics.latest.usedMemory > 0);
    const prom = await h.call('GET', '/metrics');
    assert.match(
      prom.body,
      new RegExp(`strata_datastore_keys\\{datastore="${id}",name="live",tenant="${tenantId}"\\} 1`),
    );
    client.disconnect();

    const deleted = await h.call('DELETE', `/v1/datastores/${id}`);
    assert.equal((await waitOperation(h, deleted.body.operation.id)).body.status, 'succeeded');
    assert.equal((await h.call('GET', `/v1/datastores/${id}`)).body.status, 'deleted');
    await assert.rejects(
      new Promise<void>((resolve, reject) => {
        const socket = net.connect(ds.endpoint.port, '127.0.0.1', () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', reject);
      }),
      /ECONNREFUSED/,
      'the process is gone',
    );
  });

  test('an instance removed behind the control plane is created again', async () => {
    const created = await h.call('POST', '/v1/datastores', { tenantId, name: 'drift', memory: '8mb' });
    assert.equal((await waitOperation(h, created.body.operation.id)).body.status, 'succeeded');
    const id = created.body.datastore.id;
    const agentClient = new AgentClients().get({
      id: 'direct',
      address: agent.address,
      credential: agent.token,
    });
    try {
      assert.equal((await agentClient.deleteInstance(id)).existed, true);
      await eventually('recreated', async () => {
        const ds = (await h.call('GET', `/v1/datastores/${id}`)).body;
        if (ds.status !== 'active') return null;
        const instance = await agentClient.getInstance(id).catch(() => null);
        return instance?.state === 'INSTANCE_STATE_RUNNING' ? instance : null;
      });
      const ds = (await h.call('GET', `/v1/datastores/${id}`)).body;
      const client = await redisClient(ds.endpoint.port, ds.password);
      assert.equal(await client.ping(), 'PONG');
      client.disconnect();
    } finally {
      agentClient.close();
    }
    const del = await h.call('DELETE', `/v1/datastores/${id}`);
    assert.equal((await waitOperation(h, del.body.operation.id)).body.status, 'succeeded');
  });

  test('a draining node gets no new datastores', async () => {
    const nodeId = (await h.call('GET', '/v1/nodes')).body.items[0].id;
    assert.equal((await h.call('POST', `/v1/nodes/${nodeId}/drain`)).body.draining, true);
    try {
      const created = await h.call('POST', '/v1/datastores', { tenantId, name: 'drained', memory: '8mb' });
      const op = await waitOperation(h, created.body.operation.id, undefined, 60_000);
      assert.equal(op.body.status, 'failed');
      assert.match(op.body.error, /no healthy node that is not draining/);
      const del = await h.call('DELETE', `/v1/datastores/${created.body.datastore.id}`);
      assert.equal((await waitOperation(h, del.body.operation.id)).body.status, 'succeeded');
    } finally {
      assert.equal((await h.call('POST', `/v1/nodes/${nodeId}/undrain`)).body.draining, false);
    }
  });

  test('a request the node refuses fails the datastore with the reason', async () => {
    const created = await h.call('POST', '/v1/datastores', { tenantId, name: 'too-big', memory: '1gb' });
    const op = await waitOperation(h, created.body.operation.id, undefined, 60_000);
    assert.equal(op.body.status, 'failed');
    assert.match(op.body.error, /no node has 1073741824 bytes of RAM free/);
    const ds = (await h.call('GET', `/v1/datastores/${created.body.datastore.id}`)).body;
    assert.equal(ds.status, 'failed');
    const del = await h.call('DELETE', `/v1/datastores/${ds.id}`);
    assert.equal((await waitOperation(h, del.body.operation.id)).body.status, 'succeeded');
  });

  test('a node that stops answering turns unhealthy within 10 s, and its datastores show it', async () => {
    const created = await h.call('POST', '/v1/datastores', { tenantId, name: 'watched', memory: '8mb' });
    assert.equal((await waitOperation(h, created.body.operation.id)).body.status, 'succeeded');
    const id = created.body.datastore.id;
    agent.child.kill('SIGSTOP');
    const started = Date.now();
    try {
      await eventually(
        'unhealthy',
        async () => (await h.call('GET', `/v1/datastores/${id}`)).body.nodeHealthy === false,
        10_000,
      );
      assert.ok(Date.now() - started < 10_000);
      const nodes = await h.call('GET', '/v1/nodes');
      assert.equal(nodes.body.items[0].health, 'unhealthy');
      assert.ok(nodes.body.items[0].lastError);
    } finally {
      agent.child.kill('SIGCONT');
    }
    await eventually(
      'healthy again',
      async () => (await h.call('GET', `/v1/datastores/${id}`)).body.nodeHealthy === true,
    );
    const del = await h.call('DELETE', `/v1/datastores/${id}`);
    assert.equal((await waitOperation(h, del.body.operation.id)).body.status, 'succeeded');
  });
});
