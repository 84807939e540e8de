// The protocol handlers without terraform: planning rules, API answers turned into states and
// diagnostics, against a stub of the control plane's REST API on a free port.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { datastoreResource } from '../resources/datastore';
import { blockType } from '../schema/schema';
import { fromMsgpack, toMsgpack } from '../values/codec';
import { UNKNOWN, type ObjectValue } from '../values/types';
import { ProviderServer } from './provider-server';

const TYPE = blockType(datastoreResource.schema.block);
const dyn = (v: ObjectValue | null) => ({ msgpack: Buffer.from(toMsgpack(v, TYPE)) });
const read = (d: { msgpack: Buffer }) => fromMsgpack(d.msgpack, TYPE) as ObjectValue | null;

const config = (over: ObjectValue = {}): ObjectValue => ({
  id: null,
  tenant_id: 'ten-1',
  name: 'sessions',
  memory: '64mb',
  eviction_policy: null,
  memory_bytes: null,
  status: null,
  endpoint: null,
  host: null,
  port: null,
  node_id: null,
  password: null,
  effective_tiering: null,
  tiering: null,
  timeouts: null,
  ...over,
});

const state = (over: ObjectValue = {}): ObjectValue =>
  config({
    id: 'ds-1',
    eviction_policy: 'noeviction',
    memory_bytes: 64 * 1024 * 1024,
    status: 'active',
    endpoint: '127.0.0.1:17000',
    host: '127.0.0.1',
    port: 17000,
    node_id: 'node-1',
    password: 'secret',
    effective_tiering: null,
    ...over,
  });

// A stub API: GET of ds-1 answers 404 with the catalogue's body; DELETE answers 404 too; PATCH
// answers 400 naming a field.
let server: http.Server;
let provider: ProviderServer;
const requests: string[] = [];
before(async () => {
  server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    res.setHeader('content-type', 'application/json');
    if (req.method === 'PATCH') {
      res.statusCode = 400;
      res.end(
        JSON.stringify({
          error: {
            code: 'invalid_argument',
            message: 'tiering.offloadThreshold: must be between 0 and 1, got 7',
            field: 'tiering.offloadThreshold',
          },
        }),
      );
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { code: 'not_found', message: 'datastore ds-1 not found' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  provider = new ProviderServer({ log: () => {}, env: {} });
  const configured = provider.configureProvider({
    terraformVersion: '1.11.4',
    config: {
      msgpack: Buffer.from(
        toMsgpack(
          {
            endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            api_key: 'k-123',
            poll_interval: null,
          },
          { object: { endpoint: 'string', api_key: 'string', poll_interval: 'string' } },
        ),
      ),
    },
  });
  assert.deepEqual(configured.diagnostics, []);
});
after(() => server.close());

test('ConfigureProvider: endpoint and api_key from the block or the environment, else errors', () => {
  const empty = { msgpack: Buffer.from(toMsgpack(null, 'string')) };
  const missing = new ProviderServer({ log: () => {}, env: {} }).configureProvider({ config: empty });
  assert.deepEqual(missing.diagnostics.map((d: { summary: string }) => d.summary).sort(), [
    'Missing api_key',
    'Missing endpoint',
  ]);
  const fromEnv = new ProviderServer({
    log: () => {},
    env: { STRATA_ENDPOINT: 'http://127.0.0.1:1', STRATA_API_KEY: 'x' },
  }).configureProvider({ config: empty });
  assert.deepEqual(fromEnv.diagnostics, []);
});

test('plan of a create: computed attributes unknown, eviction policy defaulted', () => {
  const reply = provider.planResourceChange({
    typeName: 'strata_datastore',
    priorState: dyn(null),
    proposedNewState: dyn(config()),
    config: dyn(config()),
  });
  const planned = read(reply.plannedState)!;
  assert.equal(planned.id, UNKNOWN);
  assert.equal(planned.password, UNKNOWN);
  assert.equal(planned.effective_tiering, UNKNOWN);
  assert.equal(planned.eviction_policy, 'noeviction');
  assert.equal(planned.memory, '64mb');
  assert.deepEqual(reply.requiresReplace, []);
});

test('plan of an update: in place for tiering, replacement for name; destroy plans null', () => {
  const prior = state();
  const proposed = state({
    tiering: {
      enabled: null,
      offload_threshold: 0.3,
      upload_threshold: null,
      min_value_size: null,
      max_file_size: null,
      cooling: null,
      max_pending_stash_bytes: null,
      min_ttl_to_offload_ms: null,
      lists: null,
      hashes: null,
    },
  });
  const update = provider.planResourceChange({
    typeName: 'strata_datastore',
    priorState: dyn(prior),
    proposedNewState: dyn(proposed),
    config: dyn(proposed),
  });
  const planned = read(update.plannedState)!;
  assert.deepEqual(update.requiresReplace, []);
  assert.equal(planned.id, 'ds-1', 'kept');
  assert.equal(planned.password, 'secret', 'kept');
  assert.equal(planned.effective_tiering, UNKNOWN, 'recomputed');

  const renamed = state({ name: 'other' });
  const replace = provider.planResourceChange({
    typeName: 'strata_datastore',
    priorState: dyn(prior),
    proposedNewState: dyn(renamed),
    config: dyn(config({ name: 'other' })),
  });
  assert.deepEqual(replace.requiresReplace, [{ steps: [{ attributeName: 'name' }] }]);
  assert.equal(read(replace.plannedState)!.id, UNKNOWN);

  const destroy = provider.planResourceChange({
    typeName: 'strata_datastore',
    priorState: dyn(prior),
    proposedNewState: dyn(null),
    config: dyn(null),
  });
  assert.equal(read(destroy.plannedState), null);
});

test('ReadResource of a datastore the API no longer has returns a null state', async () => {
  const reply = await provider.readResource({ typeName: 'strata_datastore', currentState: dyn(state()) });
  assert.deepEqual(reply.diagnostics, []);
  assert.equal(read(reply.newState), null);
  assert.ok(requests.some((r) => r === 'GET /v1/datastores/ds-1 Bearer k-123'));
});

test('deleting what is already gone succeeds; an API error names its attribute', async () => {
  const deleted = await provider.applyResourceChange({
    typeName: 'strata_datastore',
    priorState: dyn(state()),
    plannedState: dyn(null),
    config: dyn(null),
  });
  assert.deepEqual(deleted.diagnostics, []);
  assert.equal(read(deleted.newState), null);

  const planned = state({ memory: '128mb' });
  const failed = await provider.applyResourceChange({
    typeName: 'strata_datastore',
    priorState: dyn(state()),
    plannedState: dyn(planned),
    config: dyn(planned),
  });
  assert.equal(failed.diagnostics.length, 1);
  assert.match(
    failed.diagnostics[0].summary,
    /Updating strata_datastore: tiering\.offloadThreshold: must be/,
  );
  assert.deepEqual(failed.diagnostics[0].attribute.steps, [
    { attributeName: 'tiering' },
    { attributeName: 'offload_threshold' },
  ]);
  assert.equal(read(failed.newState)!.memory, '64mb', 'the prior state is kept');
});
