// Acceptance tests with the real terraform binary against the all-in-one control plane: a temporary
// CLI configuration whose dev_overrides point "strata/strata" at this package's bin/ (no `init`,
// no registry, no network), Redis clients on the datastores terraform made, import, refresh after
// an out-of-band delete, destroy, and plan-time validation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';

const PACKAGE_DIR = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(PACKAGE_DIR, '..', '..');
const TERRAFORM = process.env.TERRAFORM ?? 'terraform';
const HAVE_TERRAFORM = spawnSync(TERRAFORM, ['version'], { encoding: 'utf8' }).status === 0;
const skip = HAVE_TERRAFORM ? false : `no terraform binary (${TERRAFORM}) on this machine`;

let tmp: string;
let cp: ChildProcess | null = null;
let api: string;
const ADMIN_KEY = `tf-acc-${Math.random().toString(36).slice(2)}-0123456789`;
const redisClients: Redis[] = [];

// ---------------------------------------------------------------------------------------------
// The all-in-one control plane and terraform runs
// ---------------------------------------------------------------------------------------------

async function startControlPlane(): Promise<string> {
  const dataDir = path.join(tmp, 'control-plane');
  const start = 20000 + Math.floor(Math.random() * 2000) * 20;
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'control-plane', 'dist', 'main.js'), '--all-in-one'],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        STRATA_DATA_DIR: dataDir,
        STRATA_HTTP_PORT: '0',
        STRATA_GRPC_PORT: '0',
        STRATA_AGENT_PORT: '0',
        STRATA_AGENT_PORT_RANGE: `${start}-${start + 19}`,
        STRATA_AGENT_MEMORY_BUDGET: '1gb',
        STRATA_BOOTSTRAP_TOKEN: ADMIN_KEY,
        STRATA_RATE_LIMIT_RPS: '1000',
        STRATA_RATE_LIMIT_BURST: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  cp = child;
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the control plane did not start in 60 s:\n${output}`)),
      60_000,
    );
    child.stdout!.on('data', () => {
      const match = /REST API\s+(http:\/\/\S+)\/v1/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the control plane exited with code ${code}:\n${output}`));
    });
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function terraform(dir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(TERRAFORM, [...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: tmp,
        TF_CLI_CONFIG_FILE: path.join(tmp, 'cli.tfrc'),
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
        STRATA_ENDPOINT: api,
        STRATA_API_KEY: ADMIN_KEY,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function ok(dir: string, args: string[]): Promise<string> {
  const run = await terraform(dir, [...args, '-no-color']);
  assert.equal(run.code, 0, `terraform ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

function workdir(name: string, hcl: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'main.tf'),
    `terraform {\n  required_providers {\n    strata = { source = "strata/strata" }\n  }\n}\n\n${hcl}`,
  );
  return dir;
}

async function rest(method: string, url: string, body?: unknown, key = ADMIN_KEY) {
  const res = await fetch(`${api}${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

async function outputs(dir: string): Promise<Record<string, unknown>> {
  const raw = JSON.parse(await ok(dir, ['output', '-json'])) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
}

async function redis(endpoint: string, password: string): Promise<Redis> {
  const [host, port] = endpoint.split(':');
  const client = new Redis({
    host,
    port: Number(port),
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  client.on('error', () => {}); // failures surface as rejected commands
  redisClients.push(client);
  await client.connect();
  return client;
}

before(async () => {
  if (skip) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-tf-'));
  fs.writeFileSync(
    path.join(tmp, 'cli.tfrc'),
    `provider_installation {\n  dev_overrides {\n    "strata/strata" = "${path.join(PACKAGE_DIR, 'bin')}"\n  }\n  direct {}\n}\n`,
  );
  api = await startControlPlane();
});

after(async () => {
  for (const c of redisClients) c.disconnect();
  if (cp && cp.exitCode === null && cp.signalCode === null) {
    const exited = new Promise((r) => cp!.once('exit', r));
    cp.kill('SIGTERM');
    const timer = setTimeout(() => cp!.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------------------------

const mainConfig = (offload: number) => `
resource "strata_tenant" "acme" {
  name = "acme"
  tiering {
    enabled = true
  }
}

resource "strata_datastore" "sessions" {
  tenant_id = strata_tenant.acme.id
  name      = "sessions"
  memory    = "64mb"
  tiering {
    offload_threshold = ${offload}
    lists {
      enabled = true
    }
  }
  timeouts {
    create = "2m"
  }
}

resource "strata_api_key" "viewer" {
  name      = "acme-viewer"
  role      = "tenant_viewer"
  tenant_id = strata_tenant.acme.id
}

data "strata_nodes" "all" {}

data "strata_datastore" "by_id" {
  id = strata_datastore.sessions.id
}

data "strata_datastore" "by_name" {
  tenant_id = strata_tenant.acme.id
  name      = strata_datastore.sessions.name
  depends_on = [strata_datastore.sessions]
}

output "tenant_id" { value = strata_tenant.acme.id }
output "id" { value = strata_datastore.sessions.id }
output "endpoint" { value = strata_datastore.sessions.endpoint }
output "status" { value = strata_datastore.sessions.status }
output "effective" { value = strata_datastore.sessions.effective_tiering }
output "nodes" { value = [for n in data.strata_nodes.all.nodes : n.health] }
output "read_back" {
  value = [data.strata_datastore.by_id.memory, data.strata_datastore.by_id.endpoint, data.strata_datastore.by_name.id]
}
output "password" {
  value     = strata_datastore.sessions.password
  sensitive = true
}
output "viewer_key" {
  value     = strata_api_key.viewer.secret
  sensitive = true
}
`;

let main: string;
let tenantId: string;

test('apply creates a tenant, a datastore and an API key that real clients can use', { skip }, async () => {
  main = workdir('main', mainConfig(0.4));
  const applied = await ok(main, ['apply', '-auto-approve']);
  assert.match(applied, /Apply complete! Resources: 3 added, 0 changed, 0 destroyed/);
  assert.doesNotMatch(applied, /"[0-9a-zA-Z]{20,}"/, 'no secret printed');
  const out = await outputs(main);
  tenantId = out.tenant_id as string;
  assert.match(tenantId, /^ten-/);
  assert.equal(out.status, 'active');
  assert.deepEqual(out.nodes, ['healthy']);
  assert.deepEqual(out.read_back, ['64mb', out.endpoint, out.id], 'the data sources read the datastore back');
  const effective = out.effective as Record<string, unknown>;
  assert.equal(effective.enabled, true, 'tenant default inherited');
  assert.equal(effective.offload_threshold, 0.4, 'datastore override');
  assert.deepEqual(effective.lists, { enabled: true, threshold: 0 });

  const client = await redis(out.endpoint as string, out.password as string);
  assert.equal(await client.set('k', 'v'), 'OK');
  assert.equal(await client.get('k'), 'v');
  assert.deepEqual(await client.config('GET', 'tiered_offload_threshold'), [
    'tiered_offload_threshold',
    '0.4',
  ]);

  const whoami = await rest('GET', '/v1/api-keys/current', undefined, out.viewer_key as string);
  assert.equal(whoami.status, 200);
  assert.equal(whoami.body.role, 'tenant_viewer');
  assert.equal(whoami.body.tenantId, tenantId);

  const again = await terraform(main, ['plan', '-detailed-exitcode', '-no-color']);
  assert.equal(again.code, 0, `a second plan shows no changes:\n${again.stdout}${again.stderr}`);
});

test('a tiering change is applied in place and shows in CONFIG GET', { skip }, async () => {
  const before = await outputs(main);
  fs.writeFileSync(
    path.join(main, 'main.tf'),
    fs
      .readFileSync(path.join(main, 'main.tf'), 'utf8')
      .replace('offload_threshold = 0.4', 'offload_threshold = 0.25'),
  );
  const plan = await terraform(main, ['plan', '-detailed-exitcode', '-no-color']);
  assert.equal(plan.code, 2);
  assert.match(plan.stdout, /strata_datastore\.sessions will be updated in-place/);
  assert.match(plan.stdout, /offload_threshold = 0\.4 -> 0\.25/);
  assert.doesNotMatch(plan.stdout, /must be replaced/);

  const applied = await ok(main, ['apply', '-auto-approve']);
  assert.match(applied, /Resources: 0 added, 1 changed, 0 destroyed/);
  const out = await outputs(main);
  assert.equal(out.id, before.id, 'same datastore');
  assert.equal(out.endpoint, before.endpoint);
  assert.equal((out.effective as Record<string, unknown>).offload_threshold, 0.25);
  const client = await redis(out.endpoint as string, out.password as string);
  assert.deepEqual(await client.config('GET', 'tiered_offload_threshold'), [
    'tiered_offload_threshold',
    '0.25',
  ]);
  assert.equal(await client.get('k'), 'v', 'data survived the live change');

  const again = await terraform(main, ['plan', '-detailed-exitcode', '-no-color']);
  assert.equal(again.code, 0, `no changes after the update:\n${again.stdout}`);
});

test(
  'an existing datastore is imported by id; deleted outside terraform it leaves the state',
  { skip },
  async () => {
    const created = await rest('POST', '/v1/datastores', {
      tenantId,
      name: 'legacy',
      memory: '32mb',
      evictionPolicy: 'allkeys-lru',
      tiering: { minValueSize: 128, hashes: { enabled: true } },
    });
    assert.equal(created.status, 202);
    const id = created.body.datastore.id as string;
    const dir = workdir(
      'import',
      `resource "strata_datastore" "legacy" {
  tenant_id       = "${tenantId}"
  name            = "legacy"
  memory          = "32mb"
  eviction_policy = "allkeys-lru"
  tiering {
    min_value_size = 128
    hashes {
      enabled = true
    }
  }
}
`,
    );
    const imported = await ok(dir, ['import', 'strata_datastore.legacy', id]);
    assert.match(imported, /Import successful/);
    const plan = await terraform(dir, ['plan', '-detailed-exitcode', '-no-color']);
    assert.equal(
      plan.code,
      0,
      `the imported datastore matches its configuration:\n${plan.stdout}${plan.stderr}`,
    );

    const bogus = await terraform(dir, [
      'import',
      '-no-color',
      'strata_datastore.other',
      'ds-doesnotexist000000000',
    ]);
    assert.notEqual(bogus.code, 0);

    // Deleted behind terraform's back: the refresh drops it and the plan creates it again.
    const deleted = await rest('DELETE', `/v1/datastores/${id}`);
    assert.equal(deleted.status, 202);
    for (
      let i = 0;
      i < 100 && (await rest('GET', `/v1/operations/${deleted.body.operation.id}`)).body.done !== true;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const replan = await terraform(dir, ['plan', '-detailed-exitcode', '-no-color']);
    assert.equal(replan.code, 2);
    assert.match(replan.stdout, /strata_datastore\.legacy will be created/);
    // Destroying what is already gone is not an error.
    await ok(dir, ['destroy', '-auto-approve', '-refresh=false']);
  },
);

test('invalid configuration fails at plan time with clear messages on the attributes', { skip }, async () => {
  const dir = workdir(
    'invalid',
    `resource "strata_datastore" "bad" {
  tenant_id       = "ten-x"
  name            = "bad"
  memory          = "64mb"
  eviction_policy = "most-recently-used"
  tiering {
    offload_threshold = 1.5
    lists {
      threshold = -1
    }
  }
}
`,
  );
  const plan = await terraform(dir, ['plan', '-no-color']);
  assert.equal(plan.code, 1);
  const text = plan.stderr.replace(/\s+/g, ' ');
  assert.match(text, /Error: Unknown eviction policy/);
  assert.match(text, /eviction_policy = "most-recently-used"/);
  assert.match(text, /is not an eviction policy; use one of noeviction, allkeys-lru/);
  assert.match(text, /Error: Invalid tiering setting tiering\.offload_threshold/);
  assert.match(text, /offload_threshold = 1\.5/);
  assert.match(text, /tiering\.offload_threshold: must be between 0 and 1, got 1\.5/);
  // Nothing was sent to the API.
  const list = await rest('GET', '/v1/datastores?includeDeleted=true');
  assert.ok(!list.body.items.some((d: { name: string }) => d.name === 'bad'));
});

test(
  'API errors name the attribute; an operation past its timeout leaves a tainted datastore',
  { skip },
  async () => {
    const dir = workdir(
      'errors',
      `resource "strata_datastore" "dup" {
  tenant_id = "${tenantId}"
  name      = "sessions"
  memory    = "16mb"
}

resource "strata_datastore" "hurried" {
  tenant_id = "${tenantId}"
  name      = "hurried"
  memory    = "16mb"
  timeouts {
    create = "1ms"
  }
}
`,
    );
    const apply = await terraform(dir, ['apply', '-auto-approve', '-no-color']);
    assert.equal(apply.code, 1);
    const text = apply.stderr.replace(/\s+/g, ' ');
    // 409 already_exists with field "name": shown on the name attribute of that resource.
    assert.match(
      text,
      /Error: Creating strata_datastore: name: the tenant already has a datastore named sessions/,
    );
    assert.match(
      text,
      /with strata_datastore\.dup, on main\.tf line \d+, in resource "strata_datastore" "dup": \d+: name = "sessions"/,
    );
    // The create that cannot finish in time: an error naming the timeout, the datastore kept (tainted).
    assert.match(text, /still (pending|running) after 1 ms \(raise the timeouts block\)/);
    const state = await ok(dir, ['state', 'list']);
    assert.equal(state.trim(), 'strata_datastore.hurried');
    const plan = await terraform(dir, ['plan', '-no-color', '-target=strata_datastore.hurried']);
    assert.match(plan.stdout, /strata_datastore\.hurried is tainted, so must be replaced/);
    await ok(dir, ['destroy', '-auto-approve']);
    assert.equal((await ok(dir, ['state', 'list'])).trim(), '');
  },
);

test('destroy removes everything it created', { skip }, async () => {
  const out = await outputs(main);
  const destroyed = await ok(main, ['destroy', '-auto-approve']);
  assert.match(destroyed, /Destroy complete! Resources: 3 destroyed/);
  const ds = await rest('GET', `/v1/datastores/${out.id}`);
  assert.ok(
    ds.status === 404 || ds.body.status === 'deleted',
    `datastore gone (${ds.status} ${ds.body?.status})`,
  );
  assert.equal((await rest('GET', `/v1/tenants/${tenantId}`)).status, 404);
  await assert.rejects(redis(out.endpoint as string, out.password as string));
  const state = await ok(main, ['state', 'list']);
  assert.equal(state.trim(), '');
});

test(
  'the examples are valid configurations, and the complete one applies and destroys',
  { skip },
  async () => {
    const examples = path.join(PACKAGE_DIR, 'examples');
    // The per-type examples form one configuration (they share strata_tenant.acme).
    const pieces = path.join(tmp, 'examples');
    fs.mkdirSync(pieces, { recursive: true });
    const files: string[] = [path.join(examples, 'provider', 'provider.tf')];
    for (const kind of ['resources', 'data-sources']) {
      for (const type of fs.readdirSync(path.join(examples, kind)).sort()) {
        for (const file of fs.readdirSync(path.join(examples, kind, type))) {
          if (file.endsWith('.tf')) files.push(path.join(examples, kind, type, file));
        }
      }
    }
    assert.ok(files.length >= 6);
    for (const file of files) {
      fs.copyFileSync(file, path.join(pieces, `${path.basename(path.dirname(file))}-${path.basename(file)}`));
    }
    assert.match(await ok(pieces, ['validate']), /The configuration is valid/);

    const complete = path.join(tmp, 'complete');
    fs.mkdirSync(complete);
    fs.copyFileSync(path.join(examples, 'complete', 'main.tf'), path.join(complete, 'main.tf'));
    assert.match(await ok(complete, ['apply', '-auto-approve']), /Resources: 3 added/);
    const out = await outputs(complete);
    const client = await redis(out.endpoint as string, out.password as string);
    assert.equal(await client.ping(), 'PONG');
    assert.deepEqual(await client.config('GET', 'list_tiering_threshold'), ['list_tiering_threshold', '2']);
    assert.match(
      await ok(complete, ['destroy', '-auto-approve']),
      /Destroy complete! Resources: 3 destroyed/,
    );
  },
);
