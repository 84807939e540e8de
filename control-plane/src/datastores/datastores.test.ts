import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PrismaService } from '../database/prisma.service';
import { startHarness, waitOperation, type Harness } from '../testing/harness';

describe('datastores API (no nodes registered)', () => {
  let h: Harness;
  let tenantA: string;
  let tenantB: string;
  let adminA: string;
  let viewerA: string;
  let adminB: string;

  before(async () => {
    h = await startHarness();
    tenantA = (await h.call('POST', '/v1/tenants', { name: 'tenant-a' })).body.id;
    tenantB = (await h.call('POST', '/v1/tenants', { name: 'tenant-b' })).body.id;
    const key = async (role: string, tenantId: string) =>
      (await h.call('POST', '/v1/api-keys', { name: role, role, tenantId })).body.secret as string;
    adminA = await key('tenant_admin', tenantA);
    viewerA = await key('tenant_viewer', tenantA);
    adminB = await key('tenant_admin', tenantB);
  });
  after(() => h.stop());

  test('create returns 202 with the datastore and a pollable operation', async () => {
    const reply = await h.call('POST', '/v1/datastores', { name: 'cache', memory: '64mb' }, { key: adminA });
    assert.equal(reply.status, 202);
    assert.equal(reply.body.datastore.tenantId, tenantA);
    assert.equal(reply.body.datastore.memoryBytes, 64 * 1024 * 1024);
    assert.equal(reply.body.datastore.status, 'creating');
    assert.equal(reply.body.datastore.evictionPolicy, 'noeviction');
    assert.match(reply.body.datastore.password, /^[A-Za-z0-9]{32}$/);
    assert.equal(reply.headers.get('location'), `/v1/datastores/${reply.body.datastore.id}`);
    const stored = await h.cp.app
      .get(PrismaService)
      .client.datastore.findUniqueOrThrow({ where: { id: reply.body.datastore.id } });
    assert.match(stored.password, /^enc:v1:/, 'the password is sealed at rest');
    assert.ok(!stored.password.includes(reply.body.datastore.password));
    const op = await h.call('GET', `/v1/operations/${reply.body.operation.id}`, undefined, { key: adminA });
    assert.equal(op.status, 200);
    assert.equal(op.body.kind, 'create_datastore');
    assert.equal(op.body.done, false, 'no node: it cannot finish');
    const ds = await h.call('GET', `/v1/datastores/${reply.body.datastore.id}`, undefined, { key: adminA });
    await waitFor(
      async () => (await h.call('GET', `/v1/datastores/${reply.body.datastore.id}`)).body.statusReason !== '',
    );
    const again = await h.call('GET', `/v1/datastores/${reply.body.datastore.id}`);
    assert.match(again.body.statusReason, /no node is registered/);
    assert.equal(ds.headers.get('etag'), ds.body.etag);
  });

  test('validation names the field', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x' }, 'memoryBytes'],
      [{ name: 'x', memoryBytes: 1000 }, 'memoryBytes'],
      [{ name: 'x', memoryBytes: 'lots' }, 'memoryBytes'],
      [{ name: 'x', memory: 'huge' }, 'memory'],
      [{ name: 'x', memory: '64mb', memoryBytes: 67108864 }, 'memory'],
      [{ name: 'x', memory: '64mb', evictionPolicy: 'lru' }, 'evictionPolicy'],
      [{ name: 'x', memory: '64mb', tiering: { uploadThreshold: -0.1 } }, 'tiering.uploadThreshold'],
      [{ name: 'x', memory: '64mb', tiering: { hashes: { maxFieldLen: 0 } } }, 'tiering.hashes.maxFieldLen'],
      [{ name: 'NO', memory: '64mb' }, 'name'],
      [{ name: 'x', memory: '64mb', password: 'mine' }, 'password'],
    ];
    for (const [body, field] of cases) {
      const reply = await h.call('POST', '/v1/datastores', body, { key: adminA });
      assert.equal(reply.status, 400, `${JSON.stringify(body)} -> ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.error.field, field, `${JSON.stringify(body)} -> ${JSON.stringify(reply.body)}`);
    }
    const admin = await h.call('POST', '/v1/datastores', { name: 'x', memory: '64mb' });
    assert.equal(admin.body.error.field, 'tenantId', 'platform admins name the tenant');
  });

  test('tenant isolation: another tenant cannot see, change or delete', async () => {
    const created = await h.call(
      'POST',
      '/v1/datastores',
      { name: 'private', memory: '8mb' },
      { key: adminA },
    );
    const id = created.body.datastore.id;
    assert.equal((await h.call('GET', `/v1/datastores/${id}`, undefined, { key: adminB })).status, 404);
    assert.equal(
      (await h.call('PATCH', `/v1/datastores/${id}`, { memory: '16mb' }, { key: adminB })).status,
      404,
    );
    assert.equal((await h.call('DELETE', `/v1/datastores/${id}`, undefined, { key: adminB })).status, 404);
    assert.equal(
      (await h.call('POST', `/v1/datastores/${id}/rotate-password`, undefined, { key: adminB })).status,
      404,
    );
    assert.equal(
      (await h.call('GET', `/v1/datastores/${id}/metrics`, undefined, { key: adminB })).status,
      404,
    );
    assert.equal(
      (await h.call('GET', `/v1/operations/${created.body.operation.id}`, undefined, { key: adminB })).status,
      404,
    );
    const listB = await h.call('GET', '/v1/datastores', undefined, { key: adminB });
    assert.equal(listB.body.items.length, 0);
    const foreignCreate = await h.call(
      'POST',
      '/v1/datastores',
      { tenantId: tenantA, name: 'sneaky', memory: '8mb' },
      { key: adminB },
    );
    assert.equal(foreignCreate.status, 404);
    const listFiltered = await h.call('GET', `/v1/datastores?tenantId=${tenantA}`, undefined, {
      key: adminB,
    });
    assert.equal(listFiltered.status, 404);
    const audit = await h.call('GET', '/v1/audit', undefined, { key: adminB });
    assert.ok(
      audit.body.items.every((e: { tenantId: string }) => e.tenantId === tenantB),
      'audit entries of B only',
    );
  });

  test('viewers read without passwords and cannot change anything', async () => {
    const created = await h.call(
      'POST',
      '/v1/datastores',
      { name: 'viewed', memory: '8mb' },
      { key: adminA },
    );
    const id = created.body.datastore.id;
    const seen = await h.call('GET', `/v1/datastores/${id}`, undefined, { key: viewerA });
    assert.equal(seen.status, 200);
    assert.equal(seen.body.password, null);
    assert.equal(
      (await h.call('PATCH', `/v1/datastores/${id}`, { memory: '16mb' }, { key: viewerA })).status,
      403,
    );
    assert.equal(
      (await h.call('POST', '/v1/datastores', { name: 'v2', memory: '8mb' }, { key: viewerA })).status,
      403,
    );
  });

  test('Idempotency-Key replays the first response and refuses a different body', async () => {
    const headers = { 'idempotency-key': 'create-once-1' };
    const first = await h.call(
      'POST',
      '/v1/datastores',
      { name: 'idem', memory: '8mb' },
      { key: adminA, headers },
    );
    const second = await h.call(
      'POST',
      '/v1/datastores',
      { name: 'idem', memory: '8mb' },
      { key: adminA, headers },
    );
    assert.equal(first.status, 202);
    assert.equal(second.status, 202);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(second.body.datastore.id, first.body.datastore.id);
    assert.equal(second.body.operation.id, first.body.operation.id);
    const other = await h.call(
      'POST',
      '/v1/datastores',
      { name: 'idem2', memory: '8mb' },
      { key: adminA, headers },
    );
    assert.equal(other.status, 422);
    assert.equal(other.body.error.code, 'idempotency_key_reused');
    const list = await h.call('GET', '/v1/datastores', undefined, { key: adminA });
    assert.equal(list.body.items.filter((d: { name: string }) => d.name === 'idem').length, 1);
    const dupName = await h.call('POST', '/v1/datastores', { name: 'idem', memory: '8mb' }, { key: adminA });
    assert.equal(dupName.status, 409, 'without the key, the same name is a conflict');
  });

  test('If-Match on updates; update bumps the ETag; delete of a never-placed datastore completes', async () => {
    const created = await h.call('POST', '/v1/datastores', { name: 'etag', memory: '8mb' }, { key: adminA });
    const id = created.body.datastore.id;
    const stale = await h.call(
      'PATCH',
      `/v1/datastores/${id}`,
      { memory: '16mb' },
      { key: adminA, headers: { 'if-match': '"99"' } },
    );
    assert.equal(stale.status, 412);
    const empty = await h.call('PATCH', `/v1/datastores/${id}`, {}, { key: adminA });
    assert.equal(empty.status, 400);
    const current = await h.call('GET', `/v1/datastores/${id}`, undefined, { key: adminA });
    const ok = await h.call(
      'PATCH',
      `/v1/datastores/${id}`,
      { memory: '16mb', tiering: { enabled: true } },
      { key: adminA, headers: { 'if-match': current.body.etag } },
    );
    assert.equal(ok.status, 202);
    assert.equal(ok.body.datastore.memoryBytes, 16 * 1024 * 1024);
    assert.equal(ok.body.datastore.effectiveTiering.enabled, true);
    assert.notEqual(ok.body.datastore.etag, current.body.etag);

    const del = await h.call('DELETE', `/v1/datastores/${id}`, undefined, { key: adminA });
    assert.equal(del.status, 202);
    const op = await waitOperation(h, del.body.operation.id, adminA);
    assert.equal(op.body.status, 'succeeded');
    const gone = await h.call('GET', `/v1/datastores/${id}`, undefined, { key: adminA });
    assert.equal(gone.body.status, 'deleted');
    assert.ok(gone.body.deletedAt);
    const reuse = await h.call('POST', '/v1/datastores', { name: 'etag', memory: '8mb' }, { key: adminA });
    assert.equal(reuse.status, 202, 'the name of a deleted datastore can be used again');
    const listed = await h.call('GET', '/v1/datastores?includeDeleted=true', undefined, { key: adminA });
    assert.ok(listed.body.items.some((d: { id: string }) => d.id === id));
    const onlyDeleted = await h.call('GET', '/v1/datastores?status=deleted', undefined, { key: adminA });
    assert.deepEqual(
      onlyDeleted.body.items.map((d: { id: string }) => d.id),
      [id],
    );
    const ops = await h.call('GET', `/v1/operations?targetId=${id}`, undefined, { key: adminA });
    assert.deepEqual(
      ops.body.items.map((o: { kind: string }) => o.kind),
      ['create_datastore', 'update_datastore', 'delete_datastore'],
    );
    assert.equal(
      (await h.call('GET', '/v1/operations?status=bogus', undefined, { key: adminA })).body.error.field,
      'status',
    );
  });

  test('changes are in the audit log with their result', async () => {
    const failed = await h.call(
      'POST',
      '/v1/datastores',
      { name: 'audited', memory: '8mb', evictionPolicy: 'x' },
      { key: adminA },
    );
    assert.equal(failed.status, 400);
    const ok = await h.call('POST', '/v1/datastores', { name: 'audited', memory: '8mb' }, { key: adminA });
    const log = await h.call('GET', '/v1/audit?limit=200', undefined, { key: adminA });
    const entries = log.body.items.filter((e: { action: string }) => e.action === 'datastore.create');
    const okEntry = entries.find((e: { targetId: string }) => e.targetId === ok.body.datastore.id);
    assert.ok(okEntry, 'the success is logged with its target');
    assert.equal(okEntry.result, 'ok');
    assert.equal(okEntry.statusCode, 202);
    assert.equal(okEntry.tenantId, tenantA);
    assert.ok(
      entries.some(
        (e: { result: string; statusCode: number }) => e.result === 'error' && e.statusCode === 400,
      ),
    );
    assert.doesNotMatch(
      JSON.stringify(log.body),
      new RegExp(ok.body.datastore.password),
      'no passwords in the log',
    );
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
