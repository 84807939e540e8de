// The gRPC provisioning API: same services and rules as REST.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { loadProtos } from '@strata/proto';
import { ADMIN_TOKEN, startHarness, type Harness } from '../testing/harness';

type Callback = (err: grpc.ServiceError | null, res?: unknown) => void;
type Client = grpc.Client & Record<string, (req: unknown, md: grpc.Metadata, cb: Callback) => void>;

describe('gRPC provisioning API', () => {
  let h: Harness;
  let client: Client;
  before(async () => {
    h = await startHarness();
    const Provisioning = loadProtos().strata.v1.Provisioning as unknown as new (
      address: string,
      creds: grpc.ChannelCredentials,
    ) => Client;
    client = new Provisioning(`127.0.0.1:${h.cp.grpcPort}`, grpc.credentials.createInsecure());
  });
  after(async () => {
    client?.close();
    await h.stop();
  });

  const call = (
    method: string,
    req: unknown,
    key: string | null = ADMIN_TOKEN,
    extra: Record<string, string> = {},
  ) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    new Promise<any>((resolve, reject) => {
      const md = new grpc.Metadata();
      if (key) md.set('authorization', `Bearer ${key}`);
      for (const [k, v] of Object.entries(extra)) md.set(k, v);
      client[method](req, md, (err, res) => (err ? reject(err) : resolve(res)));
    });

  test('unauthenticated calls are refused', async () => {
    await assert.rejects(
      call('ListTenants', {}, null),
      (err: grpc.ServiceError) => err.code === grpc.status.UNAUTHENTICATED,
    );
    await assert.rejects(
      call('ListTenants', {}, 'nope'),
      (err: grpc.ServiceError) => err.code === grpc.status.UNAUTHENTICATED,
    );
  });

  test('create a tenant and a datastore; errors name the field; idempotency-key replays', async () => {
    const tenant = await call('CreateTenant', { name: 'grpc-tenant', tiering: { offloadThreshold: 0.4 } });
    assert.match(tenant.id, /^ten-/);
    assert.equal(tenant.tiering.offloadThreshold, 0.4);
    await assert.rejects(
      call('CreateTenant', { name: 'x', tiering: { offloadThreshold: 3 } }),
      (err: grpc.ServiceError) =>
        err.code === grpc.status.INVALID_ARGUMENT && /tiering\.offloadThreshold/.test(err.details),
    );
    const req = {
      tenantId: tenant.id,
      name: 'cache',
      memoryBytes: 16 * 1024 * 1024,
      tiering: { enabled: true },
    };
    const first = await call('CreateDatastore', req, ADMIN_TOKEN, { 'idempotency-key': 'g-1' });
    const second = await call('CreateDatastore', req, ADMIN_TOKEN, { 'idempotency-key': 'g-1' });
    assert.equal(second.datastore.id, first.datastore.id);
    assert.equal(first.datastore.status, 'DATASTORE_STATUS_CREATING');
    assert.equal(first.datastore.effectiveTiering.enabled, true);
    assert.equal(first.operation.kind, 'create_datastore');
    await assert.rejects(
      call('CreateDatastore', { ...req, name: 'other' }, ADMIN_TOKEN, { 'idempotency-key': 'g-1' }),
      (err: grpc.ServiceError) =>
        err.code === grpc.status.INVALID_ARGUMENT && /idempotency-key/.test(err.details),
    );
    await assert.rejects(
      call('CreateDatastore', { tenantId: tenant.id, name: 'small', memoryBytes: 10 }),
      (err: grpc.ServiceError) =>
        err.code === grpc.status.INVALID_ARGUMENT && /^memoryBytes: /.test(err.details),
    );
    const got = await call('GetDatastore', { id: first.datastore.id });
    assert.equal(got.name, 'cache');
    const listed = await call('ListDatastores', { tenantId: tenant.id });
    assert.equal(listed.datastores.length, 1);
    const op = await call('GetOperation', { id: first.operation.id });
    assert.equal(op.id, first.operation.id);
  });

  test('tenant isolation holds over gRPC too', async () => {
    const a = await call('CreateTenant', { name: 'grpc-a' });
    const b = await call('CreateTenant', { name: 'grpc-b' });
    const ds = await call('CreateDatastore', {
      tenantId: b.id,
      name: 'secret',
      memoryBytes: 8 * 1024 * 1024,
    });
    const keyA = (await h.call('POST', '/v1/api-keys', { name: 'a', role: 'tenant_admin', tenantId: a.id }))
      .body.secret;
    await assert.rejects(
      call('GetDatastore', { id: ds.datastore.id }, keyA),
      (err: grpc.ServiceError) => err.code === grpc.status.NOT_FOUND,
    );
    await assert.rejects(
      call('ListNodes', {}, keyA),
      (err: grpc.ServiceError) => err.code === grpc.status.PERMISSION_DENIED,
    );
    const mine = await call('ListDatastores', {}, keyA);
    assert.equal(mine.datastores.length, 0);
  });
});
