import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../testing/harness';

describe('API keys and authentication', () => {
  let h: Harness;
  let tenantId: string;
  before(async () => {
    h = await startHarness();
    tenantId = (await h.call('POST', '/v1/tenants', { name: 'keys' })).body.id;
  });
  after(() => h.stop());

  test('requests without a key, or with an unknown key, are refused with 401', async () => {
    const none = await h.call('GET', '/v1/tenants', undefined, { key: null });
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'unauthenticated');
    const bogus = await h.call('GET', '/v1/tenants', undefined, { key: 'strata_nope' });
    assert.equal(bogus.status, 401);
    assert.equal(
      (await h.call('GET', '/healthz', undefined, { key: null })).status,
      200,
      '/healthz is public',
    );
  });

  test('a key is shown once, stored hashed, works until revoked', async () => {
    const created = await h.call('POST', '/v1/api-keys', { name: 'ci', role: 'tenant_admin', tenantId });
    assert.equal(created.status, 201);
    const secret: string = created.body.secret;
    assert.match(secret, /^strata_[A-Za-z0-9]{40}$/);
    assert.equal(created.body.prefix, secret.slice(0, 12));

    const listed = await h.call('GET', '/v1/api-keys');
    const row = listed.body.items.find((k: { id: string }) => k.id === created.body.id);
    assert.ok(row);
    assert.equal(row.secret, undefined, 'lists never show secrets');
    assert.doesNotMatch(JSON.stringify(listed.body), new RegExp(secret));

    assert.equal((await h.call('GET', `/v1/tenants/${tenantId}`, undefined, { key: secret })).status, 200);
    const current = await h.call('GET', '/v1/api-keys/current', undefined, { key: secret });
    assert.equal(current.body.id, created.body.id);
    assert.equal(current.body.role, 'tenant_admin');
    assert.equal(current.body.tenantId, tenantId);
    assert.equal((await h.call('GET', `/v1/api-keys/${created.body.id}`)).body.name, 'ci');
    const revoked = await h.call('DELETE', `/v1/api-keys/${created.body.id}`);
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.revokedAt);
    const after = await h.call('GET', `/v1/tenants/${tenantId}`, undefined, { key: secret });
    assert.equal(after.status, 401);
    assert.equal(after.body.error.message, 'unknown or revoked API key');
  });

  test('roles: viewers cannot create keys; tenant admins cannot mint platform admins or keys of other tenants', async () => {
    const admin = (await h.call('POST', '/v1/api-keys', { name: 'a', role: 'tenant_admin', tenantId })).body
      .secret;
    const viewer = (await h.call('POST', '/v1/api-keys', { name: 'v', role: 'tenant_viewer', tenantId })).body
      .secret;
    const byViewer = await h.call(
      'POST',
      '/v1/api-keys',
      { name: 'x', role: 'tenant_viewer' },
      { key: viewer },
    );
    assert.equal(byViewer.status, 403);
    const escalate = await h.call(
      'POST',
      '/v1/api-keys',
      { name: 'x', role: 'platform_admin' },
      { key: admin },
    );
    assert.equal(escalate.status, 403);
    const other = (await h.call('POST', '/v1/tenants', { name: 'other-tenant' })).body.id;
    const foreign = await h.call(
      'POST',
      '/v1/api-keys',
      { name: 'x', role: 'tenant_viewer', tenantId: other },
      { key: admin },
    );
    assert.equal(foreign.status, 404, 'another tenant is invisible');
    const own = await h.call('POST', '/v1/api-keys', { name: 'own', role: 'tenant_viewer' }, { key: admin });
    assert.equal(own.status, 201);
    assert.equal(own.body.tenantId, tenantId, 'a tenant admin creates keys in its own tenant');
  });

  test('bad input names the field', async () => {
    const reply = await h.call('POST', '/v1/api-keys', { name: 'x', role: 'root' });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error.field, 'role');
    const missing = await h.call('POST', '/v1/api-keys', { name: 'x', role: 'tenant_admin' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.field, 'tenantId');
  });
});

describe('rate limits', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ STRATA_RATE_LIMIT_RPS: '1', STRATA_RATE_LIMIT_BURST: '3' });
  });
  after(() => h.stop());

  test('a key over its limit gets 429 with Retry-After; another key is not affected', async () => {
    const tenantId = (await h.call('POST', '/v1/tenants', { name: 'limited' })).body.id;
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 6; i++) {
      const reply = await h.call('GET', `/v1/tenants/${tenantId}`);
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    assert.ok(limited, `expected a 429 among ${statuses.join(',')}`);
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    // The admin key has no budget left now; a fresh key has its own.
    const fresh = await h.call('POST', '/v1/api-keys', { name: 'f', role: 'tenant_viewer', tenantId });
    if (fresh.status === 201) {
      assert.equal(
        (await h.call('GET', `/v1/tenants/${tenantId}`, undefined, { key: fresh.body.secret })).status,
        200,
      );
    } else {
      assert.equal(fresh.status, 429);
    }
  });
});
