// strata control plane entry: `node control-plane/dist/main.js [--all-in-one]`.
// Order matters: configuration first (a bad environment stops here with every problem listed), then
// OpenTelemetry (it must patch http and grpc before they load), then the application.
import 'reflect-metadata';
import * as path from 'node:path';
import { ConfigError, USAGE, loadConfig, type AppConfig } from './config/config';
import { startTelemetry } from './telemetry/telemetry';

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  let config: AppConfig;
  try {
    config = loadConfig(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`strata control plane: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  const telemetry = startTelemetry({ otlpEndpoint: config.otlpEndpoint, serviceName: config.serviceName });

  // Loaded after telemetry started, so the instrumentations see these modules load.
  const { startControlPlane } = require('./app') as typeof import('./app');
  const { startLocalAgent, persistentSecret } =
    require('./all-in-one/local-agent') as typeof import('./all-in-one/local-agent');

  let agent: Awaited<ReturnType<typeof startLocalAgent>> | null = null;
  if (config.allInOne) {
    if (!config.bootstrapToken) {
      // A local installation keeps its admin key in the data directory so every start can print it.
      config = { ...config, bootstrapToken: persistentSecret(path.join(config.dataDir, 'admin-api-key')) };
    }
    agent = await startLocalAgent({
      dataDir: config.dataDir,
      port: config.agent.port,
      memoryBudget: config.agent.memoryBudget,
      portRange: config.agent.portRange,
      token: config.agent.token,
      log: (line) => process.stderr.write(`[agent] ${line}\n`),
    });
  }

  let running: Awaited<ReturnType<typeof startControlPlane>>;
  let defaultTenant: string | null = null;
  try {
    running = await startControlPlane(config);
    if (agent) {
      await running.nodes.ensureLocal('local', agent.address, agent.token);
      defaultTenant = await running.ensureTenant('default');
    }
  } catch (err) {
    await agent?.stop();
    throw err;
  }

  const grpcAddress = `${config.grpcHost}:${running.grpcPort}`;
  const lines = [
    '',
    'Strata control plane is running',
    `  REST API      ${running.httpUrl}/v1   (OpenAPI: ${running.httpUrl}/openapi.json, docs: ${running.httpUrl}/docs)`,
    `  gRPC API      ${grpcAddress}   (strata.v1.Provisioning)`,
    `  database      ${config.databaseUrl.startsWith('file:') ? config.databaseUrl.slice(5) : 'PostgreSQL'}`,
  ];
  if (agent) lines.push(`  node agent    ${agent.address}   (data in ${config.dataDir})`);
  if (running.adminKey) {
    lines.push(
      `  admin API key ${running.adminKey}`,
      '',
      'Try:',
      `  export STRATA_API_KEY=${running.adminKey}`,
    );
    if (defaultTenant) {
      lines.push(
        '  # a datastore in the tenant "default", 256 MB of RAM, SSD tiering on:',
        `  curl -s -X POST ${running.httpUrl}/v1/datastores -H "Authorization: Bearer $STRATA_API_KEY" -H 'Content-Type: application/json' -d '{"tenantId":"${defaultTenant}","name":"cache","memory":"256mb","tiering":{"enabled":true}}'`,
        '  # its endpoint and password (status "active" after about a second), then connect:',
        `  curl -s ${running.httpUrl}/v1/datastores -H "Authorization: Bearer $STRATA_API_KEY" | jq '.items[] | {name, status, endpoint, password}'`,
        '  redis-cli -h 127.0.0.1 -p <port> -a <password> --no-auth-warning PING',
      );
    } else {
      lines.push(
        `  curl -s -X POST ${running.httpUrl}/v1/tenants -H "Authorization: Bearer $STRATA_API_KEY" -H 'Content-Type: application/json' -d '{"name":"acme"}'`,
      );
    }
  } else {
    lines.push('  admin API key (created at the first start; set STRATA_BOOTSTRAP_TOKEN to choose one)');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`strata control plane: ${signal}, shutting down\n`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    try {
      await running.close();
      await agent?.stop();
      await telemetry.shutdown();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  agent?.child.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`strata control plane: the node agent exited (${signal ?? code})\n`);
  });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`strata control plane: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
