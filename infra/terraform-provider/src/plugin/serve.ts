// The go-plugin side of the plugin: checks the magic cookie, starts a gRPC server on 127.0.0.1
// (with mutual TLS when terraform sent PLUGIN_CLIENT_CERT), registers the provider, the go-plugin
// controller, stdio and broker services and grpc.health.v1 ("plugin" SERVING), then prints the
// handshake line terraform waits for:
//   CORE-PROTOCOL-VERSION | APP-PROTOCOL-VERSION | NETWORK | ADDRESS | PROTOCOL | SERVER-CERT
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { generateServerCertificate, type ServerCertificate } from './certificate';
import { ProviderServer } from './provider-server';

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const CORE_PROTOCOL_VERSION = 1;
const APP_PROTOCOL_VERSION = 6;

export const PROTO_DIR = path.resolve(__dirname, '..', '..', 'proto');
/** grpc.health.v1 comes from @strata/proto's copy of the standard file. */
const HEALTH_PROTO_DIR = path.dirname(require.resolve('@strata/proto/package.json'));

function loadServices() {
  const definition = protoLoader.loadSync(
    [
      path.join(PROTO_DIR, 'tfplugin6.proto'),
      path.join(PROTO_DIR, 'go-plugin.proto'),
      path.join(HEALTH_PROTO_DIR, 'grpc', 'health', 'v1', 'health.proto'),
    ],
    {
      keepCase: false,
      longs: Number,
      enums: String,
      defaults: true,
      oneofs: true,
      includeDirs: [PROTO_DIR, HEALTH_PROTO_DIR],
    },
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const loaded = grpc.loadPackageDefinition(definition) as any;
  return {
    provider: loaded.tfplugin6.Provider.service as grpc.ServiceDefinition,
    controller: loaded.plugin.GRPCController.service as grpc.ServiceDefinition,
    stdio: loaded.plugin.GRPCStdio.service as grpc.ServiceDefinition,
    broker: loaded.plugin.GRPCBroker.service as grpc.ServiceDefinition,
    health: loaded.grpc.health.v1.Health.service as grpc.ServiceDefinition,
  };
}

export interface ServeOptions {
  env: Record<string, string | undefined>;
  stdout: (line: string) => void;
  log: (line: string) => void;
  exit: (code: number) => void;
  /** The server certificate when started early (main.ts); generated here otherwise. */
  certificate?: Promise<ServerCertificate>;
}

export async function serve(options: ServeOptions): Promise<grpc.Server> {
  const { env } = options;
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new Error(
      'This binary is a plugin. These are not meant to be executed directly.\n' +
        'Please execute the program that consumes these plugins, which will\n' +
        'load any plugins automatically',
    );
  }
  const versions = (env.PLUGIN_PROTOCOL_VERSIONS ?? String(APP_PROTOCOL_VERSION))
    .split(',')
    .map((v) => v.trim());
  if (!versions.includes(String(APP_PROTOCOL_VERSION))) {
    throw new Error(
      `terraform asks for plugin protocol ${versions.join(', ')}; this provider speaks ${APP_PROTOCOL_VERSION}`,
    );
  }

  const services = loadServices();
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 256 * 1024 * 1024 });
  const provider = new ProviderServer({ log: options.log, env });
  server.addService(services.provider, provider.handlers());

  // go-plugin's host checks the service "plugin"; "" is the whole server.
  let serving = true;
  server.addService(services.health, {
    Check: (
      call: grpc.ServerUnaryCall<{ service: string }, unknown>,
      callback: grpc.sendUnaryData<{ status: string }>,
    ) => {
      if (call.request.service !== '' && call.request.service !== 'plugin') {
        callback({ code: grpc.status.NOT_FOUND, details: `unknown service "${call.request.service}"` });
        return;
      }
      callback(null, { status: serving ? 'SERVING' : 'NOT_SERVING' });
    },
    Watch: (call: grpc.ServerWritableStream<{ service: string }, { status: string }>) => {
      call.write({ status: serving ? 'SERVING' : 'NOT_SERVING' });
    },
  });

  const shutdown = () => {
    serving = false;
    server.tryShutdown(() => options.exit(0));
    setTimeout(() => options.exit(0), 2000).unref();
  };
  server.addService(services.controller, {
    Shutdown: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      callback(null, {});
      setImmediate(shutdown);
    },
  });
  // Logs go to stderr (terraform shows them with TF_LOG); the stdio stream stays open and empty.
  server.addService(services.stdio, {
    StreamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      call.on('cancelled', () => call.end());
    },
  });
  server.addService(services.broker, {
    StartStream: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
      call.on('data', () => {});
      call.on('end', () => call.end());
    },
  });

  let credentials = grpc.ServerCredentials.createInsecure();
  let handshakeCert = '';
  const clientCert = env.PLUGIN_CLIENT_CERT;
  if (clientCert) {
    const cert = await (options.certificate ?? Promise.resolve(generateServerCertificate()));
    handshakeCert = cert.handshakeCert;
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert),
      [{ cert_chain: Buffer.from(cert.certPem), private_key: Buffer.from(cert.keyPem) }],
      true,
    );
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', credentials, (err, bound) => (err ? reject(err) : resolve(bound)));
  });
  const fields = [CORE_PROTOCOL_VERSION, APP_PROTOCOL_VERSION, 'tcp', `127.0.0.1:${port}`, 'grpc'];
  if (handshakeCert) fields.push(handshakeCert);
  options.stdout(`${fields.join('|')}\n`);
  options.log(
    `[INFO] terraform-provider-strata serving plugin protocol ${APP_PROTOCOL_VERSION} on 127.0.0.1:${port}`,
  );
  return server;
}
