import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { HealthService, PROTO_FILES, addReflection, loadProtos } from './index';

async function startServer(
  setup: (server: grpc.Server) => void,
): Promise<{ server: grpc.Server; address: string }> {
  const server = new grpc.Server();
  setup(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { server, address: `127.0.0.1:${port}` };
}

test('every .proto file under strata/ and grpc/ is loaded', () => {
  assert.ok(PROTO_FILES.includes('strata/v1/agent.proto'));
  assert.ok(PROTO_FILES.includes('strata/v1/tiering.proto'));
  assert.ok(PROTO_FILES.includes('grpc/health/v1/health.proto'));
  const protos = loadProtos();
  assert.equal(typeof protos.strata.v1.NodeAgent, 'function');
  assert.ok(protos.strata.v1.NodeAgent.service.CreateInstance);
});

test('health service: Check and Watch follow setStatus; unknown service is NOT_FOUND', async (t) => {
  const health = new HealthService({ '': 'SERVING', 'strata.v1.NodeAgent': 'SERVING' });
  const { server, address } = await startServer((s) => health.addToServer(s));
  const client = new (loadProtos().grpc.health.v1.Health)(address, grpc.credentials.createInsecure());
  t.after(() => {
    client.close();
    server.forceShutdown();
  });
  const check = (service: string) =>
    new Promise<string>((resolve, reject) =>
      client.Check({ service }, (err, res) => (err ? reject(err) : resolve(String(res?.status)))),
    );
  assert.equal(await check(''), 'SERVING');
  await assert.rejects(check('nope'), (err: grpc.ServiceError) => err.code === grpc.status.NOT_FOUND);

  const watch = client.Watch({ service: 'strata.v1.NodeAgent' });
  const seen: string[] = [];
  const gotTwo = new Promise<void>((resolve) =>
    watch.on('data', (msg: { status: string }) => {
      seen.push(msg.status);
      if (seen.length === 1) health.setStatus('strata.v1.NodeAgent', 'NOT_SERVING');
      if (seen.length === 2) resolve();
    }),
  );
  watch.on('error', () => undefined);
  await gotTwo;
  watch.cancel();
  assert.deepEqual(seen, ['SERVING', 'NOT_SERVING']);
  assert.equal(await check('strata.v1.NodeAgent'), 'NOT_SERVING');
});

test('server reflection lists the services', async (t) => {
  const { server, address } = await startServer((s) => {
    new HealthService().addToServer(s);
    addReflection(s);
  });
  const { loadSync } = await import('@grpc/proto-loader');
  // The reflection package ships its own copy of the reflection .proto.
  const reflectionProto = require.resolve('@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto');
  const def = grpc.loadPackageDefinition(loadSync(reflectionProto, { keepCase: true })) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: typeof grpc.Client } } };
  };
  const client = new def.grpc.reflection.v1.ServerReflection(address, grpc.credentials.createInsecure());
  t.after(() => {
    client.close();
    server.forceShutdown();
  });
  const call = (
    client as unknown as { ServerReflectionInfo(): grpc.ClientDuplexStream<object, object> }
  ).ServerReflectionInfo();
  const response = await new Promise<{ list_services_response: { service: { name: string }[] } }>(
    (resolve, reject) => {
      call.on('data', (msg: object) => resolve(msg as never));
      call.on('error', reject);
      call.write({ list_services: '*' });
    },
  );
  call.end();
  const names = response.list_services_response.service.map((s) => s.name);
  assert.ok(names.includes('strata.v1.NodeAgent'), names.join(','));
  assert.ok(names.includes('grpc.health.v1.Health'), names.join(','));
});
