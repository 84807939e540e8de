/**
 * strata-server entry point: `strata-server --port 6379 --bind 127.0.0.1 [--requirepass S] ...`.
 * Unknown or malformed flags stop start-up with a message and exit code 1.
 */
import { Config, helpText, parseArgs } from './config';
import { HELPER_THREAD_NICE, capYoungGeneration, lowerHelperThreads, releaseYoungGeneration } from './heap';
import { log, setLogLevel } from './log';
import { Server } from './server';

export async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText() + '\n');
    return;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write('strata-server 0.1.0 (redis 7.0.15 compatible)\n');
    return;
  }
  const config = new Config();
  try {
    parseArgs(argv, config);
  } catch (e) {
    process.stderr.write(`strata-server: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  setLogLevel(config.get('loglevel'));
  config.onChange('loglevel', setLogLevel);
  const server = new Server(config);
  if (server.tiering) capYoungGeneration();
  else releaseYoungGeneration();
  // The main thread runs the commands: V8's GC helpers must not take its core (heap.ts).
  const helpers = lowerHelperThreads();
  log('verbose', `${helpers} helper threads at nice ${HELPER_THREAD_NICE}`);
  let closing = false;
  const stop = (code: number) => {
    if (closing) return;
    closing = true;
    server.close().finally(() => {
      log('notice', 'strata-server is now ready to exit, bye bye...');
      process.exit(code);
    });
  };
  server.onShutdown = () => stop(0);
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  try {
    const { port, tlsPort, addresses } = await server.listen();
    log('notice', `strata-server 0.1.0 (redis 7.0.15 compatible) pid=${process.pid}`);
    if (port !== 0) log('notice', `Ready to accept connections tcp on ${addresses.join(' ')} port ${port}`);
    if (tlsPort !== 0)
      log('notice', `Ready to accept connections tls on ${addresses.join(' ')} port ${tlsPort}`);
  } catch (e) {
    process.stderr.write(`strata-server: cannot listen: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
