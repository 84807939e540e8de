// The web console in a real browser (Debian's chromium via playwright-core) against the all-in-one
// system: sign in, create a tenant and a datastore, wait for active, write past maxmemory with
// ioredis until the tiering charts move, change a setting, rotate the password, visit every page,
// delete. A screenshot of each page goes to test-artifacts/console/; any browser console error
// fails the test. STRATA_UPDATE_SCREENSHOT=1 also refreshes docs/images/console-datastore.png.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Redis from 'ioredis';
import type { Page } from 'playwright-core';
import { REPO_ROOT, startAllInOne, type AllInOne } from './testing/all-in-one';
import { CHROMIUM, launchBrowser, type Browser } from './testing/browser';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'console');
const haveChromium = fs.existsSync(CHROMIUM);

let system: AllInOne | undefined;
let browser: Browser | undefined;

before(async () => {
  if (!haveChromium) return;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  system = await startAllInOne({ STRATA_RATE_LIMIT_RPS: '500', STRATA_RATE_LIMIT_BURST: '1000' });
  browser = await launchBrowser();
});

// The page as each test left it: on a failure, what the browser showed.
afterEach(async (t) => {
  if (!browser) return;
  const name = t.name.replace(/\W+/g, '-').slice(0, 60);
  await browser.page
    .screenshot({ path: path.join(ARTIFACTS, `end-${name}.png`), fullPage: true })
    .catch(() => {});
});

after(async () => {
  await browser?.close();
  await system?.stop();
});

async function nav(page: Page, section: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
  await page
    .getByRole('heading', { level: 1, name: section === 'Audit log' ? 'Audit log' : section })
    .waitFor();
}

async function shot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The latest values a chart shows (its data-latest attribute). */
async function chartLatest(page: Page, id: string): Promise<Record<string, number | null>> {
  const text = await page.getAttribute(`[data-chart="${id}"]`, 'data-latest');
  return JSON.parse(text ?? '{}') as Record<string, number | null>;
}

async function waitChart(
  page: Page,
  id: string,
  accept: (latest: Record<string, number | null>) => boolean,
  what: string,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const latest = await chartLatest(page, id);
    if (accept(latest)) return latest;
    if (Date.now() > deadline)
      throw new Error(`chart ${id}: ${what} not seen; latest ${JSON.stringify(latest)}`);
    await page.waitForTimeout(250);
  }
}

test(
  'console: sign in, create, watch tiering, change a setting, delete',
  { skip: !haveChromium && `no chromium at ${CHROMIUM}` },
  async (t) => {
    const { page, errors } = browser!;
    const url = system!.url;

    // --- sign in ------------------------------------------------------------------------------------
    await page.goto(`${url}/`);
    await page.getByLabel('API key').fill(system!.adminKey);
    await shot(page, '01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Datastores' }).waitFor();
    assert.equal(await page.getAttribute('[data-role]', 'data-role'), 'platform_admin');
    await shot(page, '02-datastores-empty');

    // --- a tenant with tiering on by default ----------------------------------------------------------
    await nav(page, 'Tenants');
    await page.getByLabel('Tenant name').fill('console-e2e');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.locator('[data-tenant="console-e2e"]').waitFor();
    await page.getByRole('heading', { name: 'Tiering defaults of console-e2e' }).waitFor();
    await shot(page, '03-tenants');

    // --- create form: client-side validation, then a valid datastore ------------------------------------
    await nav(page, 'Datastores');
    await page.getByRole('link', { name: 'Create datastore' }).click();
    await page.getByRole('heading', { name: 'Create a datastore' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Bad Name');
    await page.getByLabel('Offload threshold (free-memory ratio)').fill('1.5');
    await page.getByRole('button', { name: 'Create datastore' }).click();
    await page.getByText('Must be between 0 and 1 (got 1.5).').waitFor();
    await page.getByText('Choose the tenant the datastore belongs to.').waitFor();
    assert.equal(await page.getAttribute('#f-name', 'aria-invalid'), 'true');
    await shot(page, '04-create-invalid');

    await page.getByLabel('Tenant').selectOption({ label: 'console-e2e' });
    await page.getByLabel('Name', { exact: true }).fill('console-demo');
    await page.getByLabel('Memory (maxmemory)').fill('32mb');
    await page.getByLabel('Offload threshold (free-memory ratio)').fill('0.5');
    await page.getByRole('button', { name: 'Create datastore' }).click();
    await page.getByRole('heading', { level: 1, name: 'console-demo' }).waitFor({ timeout: 60_000 });
    await page.locator('.page-head [data-status="active"]').waitFor({ timeout: 60_000 });
    assert.equal(
      await page.getAttribute('[data-tiering]', 'data-tiering'),
      'on',
      'inherited from the tenant',
    );

    // --- endpoint and password ---------------------------------------------------------------------------
    const endpoint = (await page.locator('[data-endpoint]').textContent()) ?? '';
    const [host, port] = endpoint.split(':');
    assert.ok(host && Number(port) > 0, `endpoint ${endpoint}`);
    await page.getByRole('button', { name: 'Reveal password' }).click();
    const password = (await page.locator('[data-password="shown"]').textContent()) ?? '';
    assert.ok(password.length >= 16);
    assert.match(
      (await page.locator('#snippet-cli').textContent()) ?? '',
      new RegExp(`-p ${port} -a '${password}'`),
    );
    assert.match((await page.locator('#snippet-ioredis').textContent()) ?? '', /new Redis\(/);
    assert.match((await page.locator('#snippet-python').textContent()) ?? '', /redis\.Redis\(/);

    // --- write past maxmemory; the charts move ------------------------------------------------------------
    const first = await waitChart(page, 'memory', (l) => (l['RAM used'] ?? 0) > 0, 'a first memory figure');
    const client = new Redis({
      host,
      port: Number(port),
      password,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
    });
    const value = 'v'.repeat(4096);
    let refused = '';
    try {
      for (let batch = 0; batch < 24 && !refused; batch++) {
        const pipeline = client.pipeline();
        for (let i = 0; i < 500; i++) pipeline.set(`key:${batch}:${i}`, value);
        for (const [err] of (await pipeline.exec()) ?? []) if (err) refused = err.message;
      }
      const reads = client.pipeline();
      for (let i = 0; i < 500; i++) reads.get(`key:0:${i}`);
      await reads.exec();
      const tiered = /tiered_entries:/.test(await client.info('tiered'));
      await waitChart(
        page,
        'memory',
        (l) => (l['RAM used'] ?? 0) > (first['RAM used'] ?? 0) + 1024 * 1024,
        `RAM growth from ${first['RAM used']}`,
      );
      if (tiered) {
        assert.equal(refused, '', 'with tiering on, writes past maxmemory go to disk');
        await waitChart(page, 'entries', (l) => (l['on disk'] ?? 0) > 0, 'entries on disk');
        await waitChart(page, 'disk', (l) => (l['values on disk'] ?? 0) > 0, 'bytes on disk');
        // Reads of the first keys (offloaded by now) until the reads-by-tier chart shows them.
        const deadline = Date.now() + 20_000;
        for (let round = 0; ; round++) {
          const gets = client.pipeline();
          for (let i = 0; i < 200; i++) gets.get(`key:${round % 24}:${i}`);
          await gets.exec();
          const hits = await chartLatest(page, 'hits');
          if ((hits['RAM'] ?? 0) + (hits['cooled RAM copy'] ?? 0) + (hits['disk'] ?? 0) > 0) break;
          if (Date.now() > deadline) throw new Error(`reads by tier did not move: ${JSON.stringify(hits)}`);
          await page.waitForTimeout(100);
        }
        await waitChart(
          page,
          'io',
          (l) => (l['writes'] ?? 0) > 0 || (l['reads'] ?? 0) > 0,
          'disk writes',
          10_000,
        ).catch(() =>
          t.diagnostic('disk write rate not above 0 in its latest sample (writes ended before it)'),
        );
      } else {
        await waitChart(page, 'entries', (l) => (l['in RAM only'] ?? 0) > 0, 'entries in RAM');
        t.diagnostic(
          `INFO has no tiered section: only the RAM chart checked (refused: ${refused || 'none'})`,
        );
      }
    } finally {
      client.disconnect();
    }
    await page.locator('.page-head [data-status="active"]').waitFor();
    await page.waitForTimeout(600); // one more sample, so the rate charts have two points
    const datastoreShot = await shot(page, '05-datastore');
    if (process.env.STRATA_UPDATE_SCREENSHOT === '1') {
      await page.getByRole('button', { name: 'Hide password' }).click();
      const docs = path.join(REPO_ROOT, 'docs', 'images', 'console-datastore.png');
      fs.mkdirSync(path.dirname(docs), { recursive: true });
      // The top of the page: status, connection snippets and the charts.
      await page.screenshot({ path: docs, fullPage: true, clip: { x: 0, y: 0, width: 1440, height: 1300 } });
      t.diagnostic(`updated ${docs}`);
    }
    assert.ok(fs.statSync(datastoreShot).size > 10_000);

    // --- change a tiering setting live ------------------------------------------------------------------
    await page.getByLabel('Offload threshold (free-memory ratio)').fill('0.35');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .locator('[data-op-status="succeeded"]', { hasText: 'Applying the change' })
      .waitFor({ timeout: 30_000 });
    {
      const check = new Redis({
        host,
        port: Number(port),
        password,
        maxRetriesPerRequest: 1,
        retryStrategy: () => null,
      });
      try {
        assert.deepEqual(await check.config('GET', 'tiered_offload_threshold'), [
          'tiered_offload_threshold',
          '0.35',
        ]);
      } finally {
        check.disconnect();
      }
    }
    await shot(page, '06-datastore-setting-changed');

    // --- rotate the password ------------------------------------------------------------------------------
    await page.getByRole('button', { name: 'Rotate password' }).click();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    await page
      .locator('[data-op-status="succeeded"]', { hasText: 'Rotating the password' })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Reveal password' }).click();
    await page.waitForFunction(
      `(document.querySelector('[data-password="shown"]')?.textContent ?? ${JSON.stringify(password)}) !== ${JSON.stringify(password)}`,
    );
    const rotated = (await page.locator('[data-password="shown"]').textContent()) ?? '';
    assert.notEqual(rotated, password);
    {
      const check = new Redis({
        host,
        port: Number(port),
        password: rotated,
        maxRetriesPerRequest: 1,
        retryStrategy: () => null,
      });
      try {
        assert.equal(await check.ping(), 'PONG', 'the new password works');
      } finally {
        check.disconnect();
      }
    }

    // --- tenant defaults roll out to the datastore, with progress -----------------------------------------
    await nav(page, 'Tenants');
    await page.getByRole('button', { name: 'Edit defaults of console-e2e' }).click();
    await page.getByLabel('Offload list nodes').selectOption('true');
    await page.getByRole('button', { name: 'Save defaults' }).click();
    await page
      .locator('[data-op-status="succeeded"]', { hasText: 'Rolling the tenant defaults out' })
      .waitFor({ timeout: 30_000 });
    {
      const check = new Redis({
        host,
        port: Number(port),
        password: rotated,
        maxRetriesPerRequest: 1,
        retryStrategy: () => null,
      });
      try {
        assert.deepEqual(await check.config('GET', 'tiered_experimental_list_support'), [
          'tiered_experimental_list_support',
          'true',
        ]);
      } finally {
        check.disconnect();
      }
    }
    await shot(page, '07-tenant-rollout');

    // --- the other pages ------------------------------------------------------------------------------------
    await nav(page, 'Datastores');
    await page.locator('[data-datastore="console-demo"] [data-status="active"]').waitFor();
    await page.locator('[data-datastore="console-demo"] meter').waitFor();
    await shot(page, '07-datastores-list');
    await nav(page, 'Nodes');
    await page.locator('[data-node="local"]').waitFor();
    assert.match((await page.locator('[data-node="local"]').textContent()) ?? '', /healthy/);
    await shot(page, '08-nodes');
    await nav(page, 'Operations');
    await page.getByText('Rotating the password').first().waitFor();
    assert.ok((await page.locator('[data-op-status="succeeded"]').count()) >= 3);
    await shot(page, '09-operations');
    await nav(page, 'Audit log');
    await page.locator('[data-action="datastore.create"]').waitFor();
    await page.locator('[data-action="datastore.rotate_password"]').waitFor();
    await shot(page, '10-audit');

    // --- delete with confirmation -------------------------------------------------------------------------
    await nav(page, 'Datastores');
    await page.getByRole('link', { name: 'console-demo' }).click();
    await page.getByRole('button', { name: 'Delete datastore…' }).click();
    const confirm = page.getByRole('button', { name: 'Delete console-demo' });
    assert.equal(await confirm.isDisabled(), true, 'disabled until the name is typed');
    await page.getByLabel("Type the datastore's name to confirm").fill('console-demo');
    await confirm.click();
    await page.getByText('This datastore was deleted with its data.').waitFor({ timeout: 60_000 });
    await shot(page, '11-deleted');
    await nav(page, 'Datastores');
    await page.getByText('No datastores yet.').waitFor();

    // --- keyboard: skip link first, then the sections; Enter follows a link ----------------------------
    await page.reload(); // the key is still in sessionStorage: no second sign-in
    await page.getByRole('heading', { level: 1, name: 'Datastores' }).waitFor();
    const focused = () => page.evaluate('document.activeElement?.textContent');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Skip to content');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Datastores');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Nodes');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Nodes' }).waitFor();

    assert.deepEqual(errors, [], 'no browser console errors');
  },
);

test(
  'console: a tenant viewer sees its datastores without passwords or ways to change them',
  { skip: !haveChromium && `no chromium at ${CHROMIUM}` },
  async () => {
    const { page, errors } = browser!;
    const url = system!.url;
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${url}${p}`, {
        method,
        headers: { authorization: `Bearer ${system!.adminKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.ok(res.ok, `${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const tenant = await call('POST', '/v1/tenants', { name: 'viewer-e2e' });
    const created = await call('POST', '/v1/datastores', {
      tenantId: tenant.id,
      name: 'read-only',
      memory: '8mb',
    });
    const key = await call('POST', '/v1/api-keys', {
      name: 'viewer',
      role: 'tenant_viewer',
      tenantId: tenant.id,
    });

    // Sign out (the admin's key leaves sessionStorage), then in with the viewer's key.
    await page.getByRole('button', { name: 'Sign out' }).click();
    assert.equal(await page.evaluate("sessionStorage.getItem('strata.apiKey')"), null);
    await page.getByLabel('API key').fill(key.secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Datastores' }).waitFor();
    assert.equal(await page.getAttribute('[data-role]', 'data-role'), 'tenant_viewer');
    const sections = await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link')
      .allTextContents();
    assert.deepEqual(sections, ['Datastores', 'Tenant settings', 'Operations']);
    assert.equal(await page.getByRole('link', { name: 'Create datastore' }).count(), 0);
    await page.locator('[data-datastore="read-only"] [data-status="active"]').waitFor({ timeout: 30_000 });
    assert.equal(
      await page.locator('[data-datastore="console-demo"]').count(),
      0,
      'other tenants are invisible',
    );

    await page.getByRole('link', { name: 'read-only' }).click();
    await page.getByRole('heading', { level: 1, name: 'read-only' }).waitFor();
    await page.getByText('hidden from your role').waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Settings' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Delete datastore…' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Rotate password' }).count(), 0);
    await shot(page, '12-viewer-datastore');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Tenant settings' })
      .click();
    await page.getByRole('heading', { name: 'Tiering defaults of viewer-e2e' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save defaults' }).count(), 0);
    assert.equal(await page.getByLabel('Offload threshold (free-memory ratio)').isDisabled(), true);
    await shot(page, '13-viewer-tenant');

    await call('DELETE', `/v1/datastores/${created.datastore.id}`);
    assert.deepEqual(errors, [], 'no browser console errors');
  },
);
