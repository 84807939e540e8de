// The plugin as terraform sees it: a child process that refuses to run without the magic cookie,
// prints the go-plugin handshake line, serves tfplugin6 over mutual TLS with the certificate it
// announced, answers the health check for "plugin" and exits on the controller's Shutdown.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { encode } from '@msgpack/msgpack';
import { PROTO_DIR as STRATA_PROTO_DIR } from '@strata/proto';
import { generateServerCertificate } from './certificate';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, PROTO_DIR } from './serve';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'terraform-provider-strata');
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function start(env: Record<string, string>): {
  child: ChildProcess;
  line: Promise<string>;
  exited: Promise<number | null>;
  stderr: () => string;
} {
  const child = spawn(BIN, [], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    void exited.then(() => reject(new Error(`exited before the handshake: ${err}`)));
  });
  line.catch(() => {}); // awaited by the tests that expect a handshake
  return { child, line, exited, stderr: () => err };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function clients(address: string, credentials: grpc.ChannelCredentials): any {
  const definition = protoLoader.loadSync(
    [
      path.join(PROTO_DIR, 'tfplugin6.proto'),
      path.join(PROTO_DIR, 'go-plugin.proto'),
      path.join(STRATA_PROTO_DIR, 'grpc', 'health', 'v1', 'health.proto'),
    ],
    {
      keepCase: false,
      longs: Number,
      enums: String,
      defaults: true,
      oneofs: true,
      includeDirs: [PROTO_DIR, STRATA_PROTO_DIR],
    },
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const options = { 'grpc.ssl_target_name_override': 'localhost' };
  return {
    provider: new pkg.tfplugin6.Provider(address, credentials, options),
    controller: new pkg.plugin.GRPCController(address, credentials, options),
    health: new pkg.grpc.health.v1.Health(address, credentials, options),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = <T>(client: any, method: string, request: unknown): Promise<T> =>
  new Promise((resolve, reject) =>
    client[method](request, (err: Error | null, reply: T) => (err ? reject(err) : resolve(reply))),
  );

test('without the magic cookie the plugin says so and exits', async () => {
  const p = start({});
  const code = await p.exited;
  assert.equal(code, 1);
  assert.match(p.stderr(), /This binary is a plugin/);
});

test('handshake, mutual TLS, schema, validation diagnostics, health and Shutdown', async () => {
  const clientCert = generateServerCertificate();
  const p = start({
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '6',
    PLUGIN_CLIENT_CERT: clientCert.certPem,
  });
  const line = await p.line;
  const [core, version, network, address, protocol, cert] = line.split('|');
  assert.deepEqual([core, version, network, protocol], ['1', '6', 'tcp', 'grpc']);
  assert.match(address, /^127\.0\.0\.1:\d+$/);
  const serverCert = new X509Certificate(Buffer.from(cert, 'base64'));
  assert.ok(serverCert.checkHost('localhost'));

  // A client without a certificate is refused: the server requires the one terraform announced.
  const anonymous = clients(address, grpc.credentials.createSsl(Buffer.from(serverCert.toString())));
  await assert.rejects(call(anonymous.provider, 'GetMetadata', {}));
  // A certificate other than terraform's is refused too.
  const stranger = generateServerCertificate();
  const wrong = clients(
    address,
    grpc.credentials.createSsl(
      Buffer.from(serverCert.toString()),
      Buffer.from(stranger.keyPem),
      Buffer.from(stranger.certPem),
    ),
  );
  await assert.rejects(call(wrong.provider, 'GetMetadata', {}));

  const c = clients(
    address,
    grpc.credentials.createSsl(
      Buffer.from(serverCert.toString()),
      Buffer.from(clientCert.keyPem),
      Buffer.from(clientCert.certPem),
    ),
  );
  const health = await call<{ status: string }>(c.health, 'Check', { service: 'plugin' });
  assert.equal(health.status, 'SERVING');

  const meta = await call<{ resources: { typeName: string }[]; dataSources: { typeName: string }[] }>(
    c.provider,
    'GetMetadata',
    {},
  );
  assert.deepEqual(meta.resources.map((r) => r.typeName).sort(), [
    'strata_api_key',
    'strata_datastore',
    'strata_tenant',
  ]);
  assert.deepEqual(meta.dataSources.map((r) => r.typeName).sort(), ['strata_datastore', 'strata_nodes']);

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const schema = await call<any>(c.provider, 'GetProviderSchema', {});
  const datastore = schema.resourceSchemas.strata_datastore.block;
  const password = datastore.attributes.find((a: { name: string }) => a.name === 'password');
  assert.equal(password.sensitive, true);
  assert.equal(password.computed, true);
  for (const a of datastore.attributes) assert.ok(a.description.length > 10, `${a.name} has a description`);
  assert.deepEqual(
    datastore.blockTypes.map((b: { typeName: string; nesting: string }) => `${b.typeName}:${b.nesting}`),
    ['tiering:SINGLE', 'timeouts:SINGLE'],
  );
  const apiKey = schema.provider.block.attributes.find((a: { name: string }) => a.name === 'api_key');
  assert.equal(apiKey.sensitive, true);

  // A plan-time check over the wire: msgpack config in, a diagnostic with an attribute path out.
  const config = encode({
    tenant_id: 'ten-x',
    name: 'x',
    memory: '64mb',
    eviction_policy: 'sometimes',
    tiering: null,
    timeouts: null,
    id: null,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const validated = await call<any>(c.provider, 'ValidateResourceConfig', {
    typeName: 'strata_datastore',
    config: { msgpack: Buffer.from(config) },
  });
  assert.equal(validated.diagnostics.length, 1);
  assert.equal(validated.diagnostics[0].severity, 'ERROR');
  assert.deepEqual(validated.diagnostics[0].attribute.steps, [
    { attributeName: 'eviction_policy', selector: 'attributeName' },
  ]);

  await call(c.controller, 'Shutdown', {});
  assert.equal(await p.exited, 0);
});
