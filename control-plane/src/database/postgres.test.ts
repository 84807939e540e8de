// The API on PostgreSQL (DATABASE_URL=postgresql://...), against a throwaway cluster. Skipped, with
// the reason shown, only when the PostgreSQL binaries are not installed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findPostgresBin, startPostgres, type PostgresCluster } from '@strata/prisma';
import { startHarness, waitOperation, type Harness } from '../testing/harness';

const skip = findPostgresBin()
  ? false
  : 'PostgreSQL binaries not found (install postgresql or set STRATA_PG_BIN)';

describe('control plane on PostgreSQL', { skip }, () => {
  let cluster: PostgresCluster;
  let h: Harness;
  before(async () => {
    cluster = await startPostgres();
    h = await startHarness({
      DATABASE_URL: cluster.url,
      STRATA_SECRET_KEY: 'postgres-test-secret-key-0123456789abcdef',
    });
  });
  after(async () => {
    await h?.stop();
    await cluster?.stop();
  });

  test('migrations applied at start; tenants, keys, datastores, operations, idempotency and audit work', async () => {
    assert.equal((await h.call('GET', '/healthz', undefined, { key: null })).body.database, 'postgresql');
    const tenant = await h.call('POST', '/v1/tenants', { name: 'pg', tiering: { enabled: true } });
    assert.equal(tenant.status, 201);
    const key = (
      await h.call('POST', '/v1/api-keys', { name: 'k', role: 'tenant_admin', tenantId: tenant.body.id })
    ).body.secret;
    const headers = { 'idempotency-key': 'pg-1' };
    const created = await h.call('POST', '/v1/datastores', { name: 'big', memory: '6gb' }, { key, headers });
    assert.equal(created.status, 202);
    assert.equal(created.body.datastore.memoryBytes, 6 * 1024 ** 3, 'sizes beyond 32 bits round-trip');
    const replay = await h.call('POST', '/v1/datastores', { name: 'big', memory: '6gb' }, { key, headers });
    assert.equal(replay.body.datastore.id, created.body.datastore.id);
    const dup = await h.call('POST', '/v1/datastores', { name: 'big', memory: '1gb' }, { key });
    assert.equal(dup.status, 409);
    const del = await h.call('DELETE', `/v1/datastores/${created.body.datastore.id}`, undefined, { key });
    assert.equal((await waitOperation(h, del.body.operation.id, key)).body.status, 'succeeded');
    const reuse = await h.call('POST', '/v1/datastores', { name: 'big', memory: '1gb' }, { key });
    assert.equal(reuse.status, 202, 'the deleted name is free again');
    const audit = await h.call('GET', '/v1/audit', undefined, { key });
    assert.ok(audit.body.items.some((e: { action: string }) => e.action === 'datastore.delete'));
  });
});
