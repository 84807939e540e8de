// strata-node-agent: parses the flags, opens the instance table (adopting running instances),
// serves gRPC, and on SIGTERM/SIGINT stops serving (leaving instances running unless
// --stop-instances-on-exit).

import { Agent } from './agent';
import { ConfigError, USAGE, parseConfig } from './config';
import { startGrpcServer } from './grpc-server';

const log = (line: string) => process.stderr.write(`strata-node-agent: ${line}\n`);

export async function main(argv: string[]): Promise<void> {
  let config;
  try {
    config = parseConfig(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      const help = err.message === USAGE;
      (help ? process.stdout : process.stderr).write(help ? USAGE : `strata-node-agent: ${err.message}\n`);
      process.exit(help ? 0 : 2);
    }
    throw err;
  }

  // The agent supervises processes that outlive it; a bug in one call should not take it down.
  process.on('unhandledRejection', (err) =>
    log(`unhandled rejection: ${(err as Error)?.stack ?? String(err)}`),
  );

  const agent = await Agent.open(config, log);
  const { server, health, port } = await startGrpcServer(agent, config);
  const auth = [
    config.token ? 'bearer token' : null,
    config.tls?.ca ? 'mutual TLS' : config.tls ? 'TLS' : null,
  ]
    .filter(Boolean)
    .join(' + ');
  // Tests and scripts read this line for the bound port.
  process.stdout.write(`strata-node-agent listening on ${config.listenHost}:${port} (${auth})\n`);
  log(`node ${agent.table.nodeId}: ${agent.table.all().length} instances, data in ${config.dataDir}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down${config.stopInstancesOnExit ? ' and stopping instances' : ''}`);
    health.shutdown();
    server.tryShutdown(() => undefined);
    setTimeout(() => server.forceShutdown(), 2000).unref();
    void agent
      .shutdown(config.stopInstancesOnExit)
      .catch((err: unknown) => log(`shutdown: ${(err as Error).message}`))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
