// terraform-provider-strata: started by terraform, never by hand (it refuses without terraform's
// magic cookie). Prints the handshake line on stdout, logs on stderr.
import { serve } from './plugin/serve';

serve({
  env: process.env,
  stdout: (line) => process.stdout.write(line),
  log: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => process.exit(code),
}).catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});

// terraform stops the plugin with the controller's Shutdown, or kills it; a closed stdin or a
// signal ends it too.
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => {
  // terraform forwards Ctrl-C to its plugins and asks for StopProvider; keep serving until then.
});
