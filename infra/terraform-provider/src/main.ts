// terraform-provider-strata: started by terraform, never by hand (it refuses without terraform's
// magic cookie). Prints the handshake line on stdout, logs on stderr.
//
// The server key is generated on the thread pool first, while the gRPC modules load: terraform
// starts the provider several times per command, so start-up time is felt.
import { generateServerCertificateAsync } from './plugin/certificate';

const certificate = process.env.PLUGIN_CLIENT_CERT ? generateServerCertificateAsync() : undefined;
certificate?.catch(() => {}); // reported by serve() when it awaits it

const { serve } = require('./plugin/serve') as typeof import('./plugin/serve');

serve({
  env: process.env,
  certificate,
  stdout: (line) => process.stdout.write(line),
  log: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => process.exit(code),
}).catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});

// terraform stops the plugin with the controller's Shutdown, or kills it.
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => {
  // terraform forwards Ctrl-C to its plugins and then calls StopProvider; keep serving until then.
});
