import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../testing/harness';

describe('tenants', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  test('create with tiering defaults; effective settings merge the built-in defaults', async () => {
    const reply = await h.call('POST', '/v1/tenants', {
      name: 'acme',
      tiering: { enabled: true, offloadThreshold: 0.3, lists: { enabled: true, threshold: 4 } },
    });
    assert.equal(reply.status, 201);
    assert.equal(reply.headers.get('etag'), '"1"');
    assert.deepEqual(reply.body.tiering, {
      enabled: true,
      offloadThreshold: 0.3,
      lists: { enabled: true, threshold: 4 },
    });
    assert.equal(reply.body.effectiveTiering.offloadThreshold, 0.3);
    assert.equal(reply.body.effectiveTiering.uploadThreshold, 0.1);
    assert.equal(reply.body.effectiveTiering.lists.threshold, 4);
    assert.equal(reply.body.effectiveTiering.hashes.maxBytes, 1024);
    const dup = await h.call('POST', '/v1/tenants', { name: 'acme' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'already_exists');
  });

  test('validation errors are 400 and name the field', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'Upper' }, 'name'],
      [{}, 'name'],
      [{ name: 'ok', tiering: { offloadThreshold: 1.5 } }, 'tiering.offloadThreshold'],
      [{ name: 'ok', tiering: { lists: { threshold: -1 } } }, 'tiering.lists.threshold'],
      [{ name: 'ok', tiering: { bogus: 1 } }, 'tiering.bogus'],
      [{ name: 'ok', tiering: { enabled: 'yes' } }, 'tiering.enabled'],
      [{ name: 'ok', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const reply = await h.call('POST', '/v1/tenants', body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.error.code, 'invalid_argument');
      assert.equal(reply.body.error.field, field, JSON.stringify(reply.body));
      assert.ok(reply.body.error.message.startsWith(`${field}: `), reply.body.error.message);
    }
    const malformed = await h.call('POST', '/v1/tenants', '{"name":');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.field, 'body');
  });

  test('updates honour If-Match and return a roll-out operation', async () => {
    const t = (await h.call('POST', '/v1/tenants', { name: 'etag' })).body;
    const stale = await h.call(
      'PATCH',
      `/v1/tenants/${t.id}`,
      { tiering: { enabled: true } },
      { headers: { 'if-match': '"7"' } },
    );
    assert.equal(stale.status, 412);
    assert.equal(stale.body.error.code, 'precondition_failed');
    const ok = await h.call(
      'PATCH',
      `/v1/tenants/${t.id}`,
      { tiering: { enabled: true } },
      { headers: { 'if-match': t.etag } },
    );
    assert.equal(ok.status, 202);
    assert.equal(ok.headers.get('etag'), '"2"');
    assert.equal(ok.body.tenant.tiering.enabled, true);
    assert.equal(ok.body.operation.kind, 'update_tenant');
    assert.equal(ok.body.operation.status, 'succeeded', 'no datastores: nothing to roll out');
    const again = await h.call(
      'PATCH',
      `/v1/tenants/${t.id}`,
      { tiering: {} },
      { headers: { 'if-match': t.etag } },
    );
    assert.equal(again.status, 412, 'the old ETag no longer matches');
  });

  test('lists are paginated', async () => {
    for (let i = 0; i < 5; i++) await h.call('POST', '/v1/tenants', { name: `page-${i}` });
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const reply: { body: { items: { name: string }[]; nextPageToken: string | null } } = await h.call(
        'GET',
        `/v1/tenants?limit=2${token ? `&pageToken=${token}` : ''}`,
      );
      assert.ok(reply.body.items.length <= 2);
      seen.push(...reply.body.items.map((t) => t.name));
      token = reply.body.nextPageToken;
      pages++;
    } while (token && pages < 20);
    assert.equal(new Set(seen).size, seen.length, 'no tenant twice');
    for (let i = 0; i < 5; i++) assert.ok(seen.includes(`page-${i}`));
    assert.equal((await h.call('GET', '/v1/tenants?limit=0')).body.error.field, 'limit');
    assert.equal((await h.call('GET', '/v1/tenants?pageToken=%%%')).status, 400);
  });

  test('the OpenAPI document is served without a key and describes the API', async () => {
    const doc = await h.call('GET', '/openapi.json', undefined, { key: null });
    assert.equal(doc.status, 200);
    assert.match(doc.body.openapi, /^3\./);
    for (const path of [
      '/v1/tenants',
      '/v1/datastores',
      '/v1/datastores/{id}',
      '/v1/operations/{id}',
      '/v1/nodes',
      '/v1/audit',
    ]) {
      assert.ok(doc.body.paths[path], `${path} documented`);
    }
    assert.equal(doc.body.paths['/v1/datastores'].post.operationId, 'Datastores_create');
    const tiering = doc.body.components.schemas.TieringSettingsDto.properties;
    assert.match(tiering.offloadThreshold.description, /Default 0.5\. Range 0 to 1/);
    assert.equal(tiering.offloadThreshold.maximum, 1);
    const page = await h.call('GET', '/docs', undefined, { key: null });
    assert.equal(page.status, 200);
    assert.match(String(page.body), /swagger-ui/);
  });

  test('tenant keys see only their own tenant', async () => {
    const mine = (await h.call('POST', '/v1/tenants', { name: 'mine' })).body;
    const theirs = (await h.call('POST', '/v1/tenants', { name: 'theirs' })).body;
    const key = (await h.call('POST', '/v1/api-keys', { name: 'k', role: 'tenant_admin', tenantId: mine.id }))
      .body.secret;
    const list = await h.call('GET', '/v1/tenants', undefined, { key });
    assert.deepEqual(
      list.body.items.map((t: { id: string }) => t.id),
      [mine.id],
    );
    assert.equal((await h.call('GET', `/v1/tenants/${theirs.id}`, undefined, { key })).status, 404);
    assert.equal((await h.call('PATCH', `/v1/tenants/${theirs.id}`, { tiering: {} }, { key })).status, 404);
    assert.equal((await h.call('POST', '/v1/tenants', { name: 'nope' }, { key })).status, 403);
  });
});
