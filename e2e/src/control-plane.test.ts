// Whole system: the all-in-one control plane with its local node agent; a tenant and a datastore
// created over REST; a real Redis client (ioredis) writing past maxmemory with tiering on; tenant
// settings rolled out live; password rotated; datastore deleted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { restClient, startAllInOne, type AllInOne } from './all-in-one';

let system: AllInOne;
let api: ReturnType<typeof restClient>;

before(async () => {
  system = await startAllInOne();
  api = restClient(system.url, system.adminKey);
});

after(async () => {
  await system?.stop();
});

async function waitOperation(id: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const op = await api('GET', `/v1/operations/${id}`);
    if (op.body.done) return op.body;
    if (Date.now() > deadline) throw new Error(`operation ${id} not done: ${JSON.stringify(op.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function connect(port: number, password: string): Redis {
  return new Redis({ host: '127.0.0.1', port, password, maxRetriesPerRequest: 1, retryStrategy: () => null });
}

test('tenant -> datastore -> Redis client -> tiering -> settings -> password -> delete', async () => {
  assert.match(system.output(), /admin API key/);
  const tenant = await api('POST', '/v1/tenants', {
    name: 'e2e',
    tiering: { enabled: true, offloadThreshold: 0.5 },
  });
  assert.equal(tenant.status, 201, JSON.stringify(tenant.body));

  const created = await api('POST', '/v1/datastores', {
    tenantId: tenant.body.id,
    name: 'feature-store',
    memory: '48mb',
    evictionPolicy: 'noeviction',
  });
  assert.equal(created.status, 202, JSON.stringify(created.body));
  const op = await waitOperation(created.body.operation.id);
  assert.equal(op.status, 'succeeded', JSON.stringify(op));
  const id = created.body.datastore.id;
  const ds = (await api('GET', `/v1/datastores/${id}`)).body;
  assert.equal(ds.status, 'active');
  assert.equal(ds.effectiveTiering.enabled, true);

  const client = connect(ds.endpoint.port, ds.password);
  try {
    assert.equal(await client.ping(), 'PONG');
    const [, tieredPrefix] = (await client.config('GET', 'tiered_prefix')) as string[];
    assert.ok(tieredPrefix, 'tiering is on: the server has a tier file prefix');

    // Write more than maxmemory: 80 MB of 4 KiB values against 48 MB.
    const value = 'x'.repeat(4096);
    let written = 0;
    let refused = '';
    for (let batch = 0; batch < 40 && !refused; batch++) {
      const pipeline = client.pipeline();
      for (let i = 0; i < 500; i++) pipeline.set(`key:${batch}:${i}`, value);
      const results = (await pipeline.exec()) ?? [];
      for (const [err] of results) {
        if (err) refused = err.message;
        else written++;
      }
    }
    const info = await client.info('tiered');
    assert.match(info, /tiered_entries:/, 'INFO TIERED has the tiering figures');
    assert.equal(refused, '', `with tiering on, writes past maxmemory go to disk (${written} written)`);
    const figures = await (async () => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const m = await api('GET', `/v1/datastores/${id}/metrics`);
        if (m.body.latest?.tiered?.tieredEntries > 0) return m.body;
        if (Date.now() > deadline)
          throw new Error(`no tiered figures in the API: ${JSON.stringify(m.body.latest)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    assert.ok(figures.latest.tiered.tieredEntriesBytes > 0);
    assert.ok(figures.series.some((p: { tieredEntries: number }) => p.tieredEntries > 0));
    assert.equal(figures.latest.maxmemory, 48 * 1024 * 1024);
    assert.ok(figures.latest.usedMemory > 0);

    // Tenant settings roll out to the datastore live.
    const rollout = await api('PATCH', `/v1/tenants/${tenant.body.id}`, {
      tiering: { enabled: true, offloadThreshold: 0.35, uploadThreshold: 0.05 },
    });
    assert.equal(rollout.status, 202, JSON.stringify(rollout.body));
    assert.equal((await waitOperation(rollout.body.operation.id)).status, 'succeeded');
    assert.deepEqual(await client.config('GET', 'tiered_offload_threshold'), [
      'tiered_offload_threshold',
      '0.35',
    ]);
    assert.deepEqual(await client.config('GET', 'tiered_upload_threshold'), [
      'tiered_upload_threshold',
      '0.05',
    ]);
    assert.equal(await client.get('key:0:0'), value, 'applied live: data kept');

    // Password rotation.
    const rotated = await api('POST', `/v1/datastores/${id}/rotate-password`);
    assert.equal((await waitOperation(rotated.body.operation.id)).status, 'succeeded');
    const fresh = (await api('GET', `/v1/datastores/${id}`)).body;
    assert.notEqual(fresh.password, ds.password);
    const again = connect(fresh.endpoint.port, fresh.password);
    try {
      assert.equal(await again.ping(), 'PONG');
      await assert.rejects(again.auth(ds.password), /WRONGPASS/);
    } finally {
      again.disconnect();
    }
  } finally {
    client.disconnect();
  }

  const deleted = await api('DELETE', `/v1/datastores/${id}`);
  assert.equal((await waitOperation(deleted.body.operation.id)).status, 'succeeded');
  assert.equal((await api('GET', `/v1/datastores/${id}`)).body.status, 'deleted');
  const audit = await api('GET', '/v1/audit?limit=200');
  const actions = audit.body.items.map((e: { action: string }) => e.action);
  for (const action of [
    'tenant.create',
    'datastore.create',
    'tenant.update',
    'datastore.rotate_password',
    'datastore.delete',
  ]) {
    assert.ok(actions.includes(action), `audit has ${action}`);
  }
});
