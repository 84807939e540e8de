/**
 * TLS for client connections, with Redis's tls-* settings: the secure context is built from the
 * config, served on tls-port beside (or instead of) the plain port, and rebuilt when a tls-* setting
 * changes with CONFIG SET; new connections get the new context, open ones keep theirs (as in Redis).
 * A connection that completes its handshake and passes tls-auth-clients joins the same accept()
 * path as a plain one; everything above the socket is unaware of TLS.
 */
import { X509Certificate, constants } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type net from 'node:net';
import tls from 'node:tls';
import type { Config } from './config';
import { log } from './log';

/** The settings that shape the secure context (Redis's applyTlsCfg settings). */
const CONTEXT_SETTINGS = [
  'tls-cert-file',
  'tls-key-file',
  'tls-key-file-pass',
  'tls-ca-cert-file',
  'tls-ca-cert-dir',
  'tls-protocols',
  'tls-ciphers',
  'tls-ciphersuites',
  'tls-prefer-server-ciphers',
  'tls-session-caching',
  'tls-session-cache-timeout',
  'tls-dh-params-file',
] as const;

/** Redis's reply when a TLS setting cannot be applied (the reason goes to the log). */
const UPDATE_FAILED = 'Unable to update TLS configuration. Check server logs.';

const PROTOCOLS: readonly { name: string; version: tls.SecureVersion; disable: number }[] = [
  { name: 'tlsv1', version: 'TLSv1', disable: constants.SSL_OP_NO_TLSv1 },
  { name: 'tlsv1.1', version: 'TLSv1.1', disable: constants.SSL_OP_NO_TLSv1_1 },
  { name: 'tlsv1.2', version: 'TLSv1.2', disable: constants.SSL_OP_NO_TLSv1_2 },
  { name: 'tlsv1.3', version: 'TLSv1.3', disable: constants.SSL_OP_NO_TLSv1_3 },
];

/** A configuration problem, worded for the server log (as Redis's tlsConfigure logs it). */
class TlsConfigError extends Error {}

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new TlsConfigError(`Failed to load ${what}: ${file}: ${(e as Error).message}`);
  }
}

/** PEM certificates of a file, each checked to parse (OpenSSL refuses a CA file with none). */
function certificatesOf(pem: string, file: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (e) {
      throw new TlsConfigError(
        `Failed to configure CA certificate(s) file/directory: ${file}: ${(e as Error).message}`,
      );
    }
  }
  return blocks;
}

/** tls-ca-cert-file plus every certificate found in the files of tls-ca-cert-dir. */
function caCertificates(config: Config): string[] | undefined {
  const file = config.get('tls-ca-cert-file');
  const dir = config.get('tls-ca-cert-dir');
  if (file === '' && dir === '') return undefined;
  const certs: string[] = [];
  if (file !== '') {
    const found = certificatesOf(readFile(file, 'CA certificate(s) file').toString('latin1'), file);
    if (found.length === 0)
      throw new TlsConfigError(
        `Failed to configure CA certificate(s) file/directory: no certificate in ${file}`,
      );
    certs.push(...found);
  }
  if (dir !== '') {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch (e) {
      throw new TlsConfigError(
        `Failed to configure CA certificate(s) file/directory: ${dir}: ${(e as Error).message}`,
      );
    }
    for (const name of names.sort()) {
      const full = path.join(dir, name);
      if (!fs.statSync(full, { throwIfNoEntry: false })?.isFile()) continue;
      // Like OpenSSL's hashed directories, files that hold no certificate are ignored.
      certs.push(...certificatesOf(fs.readFileSync(full).toString('latin1'), full));
    }
  }
  return certs;
}

/** tls-protocols ("" = TLSv1.2 and TLSv1.3) as a version range plus the gaps to switch off. */
function protocolOptions(setting: string): Pick<tls.SecureContextOptions, 'minVersion' | 'maxVersion'> & {
  secureOptions: number;
} {
  const names = setting.trim() === '' ? ['tlsv1.2', 'tlsv1.3'] : setting.trim().split(/\s+/);
  const wanted = new Set<number>();
  for (const n of names) {
    const i = PROTOCOLS.findIndex((p) => p.name === n.toLowerCase());
    if (i < 0)
      throw new TlsConfigError(
        "Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.",
      );
    wanted.add(i);
  }
  const lo = Math.min(...wanted);
  const hi = Math.max(...wanted);
  let secureOptions = 0;
  for (let i = lo; i <= hi; i++) if (!wanted.has(i)) secureOptions |= PROTOCOLS[i].disable;
  return { minVersion: PROTOCOLS[lo].version, maxVersion: PROTOCOLS[hi].version, secureOptions };
}

/**
 * Node takes one cipher string and splits it: TLS_* names are TLSv1.3 suites, the rest the list for
 * TLSv1.2 and below. Each half left empty in the config keeps Node's default for that half (an empty
 * TLSv1.3 half would make Node switch TLSv1.3 off).
 */
function cipherString(ciphers: string, suites: string): string {
  const defaults = tls.DEFAULT_CIPHERS.split(':');
  const v13 = suites !== '' ? suites : defaults.filter((c) => c.startsWith('TLS_')).join(':');
  const v12 = ciphers !== '' ? ciphers : defaults.filter((c) => !c.startsWith('TLS_')).join(':');
  return `${v13}:${v12}`;
}

/** OpenSSL's reason ("wrong version number", "certificate unknown"...) rather than its whole error stack. */
function handshakeError(err: Error & { reason?: string; code?: string }): string {
  const text = err.reason ?? err.message.split('\n')[0];
  return `handshake failed: ${text}${err.code ? ` (${err.code})` : ''}`;
}

/** Builds the server's TLS options from the config; throws TlsConfigError with the reason. */
export function tlsServerOptions(config: Config): tls.TlsOptions {
  const certFile = config.get('tls-cert-file');
  const keyFile = config.get('tls-key-file');
  if (certFile === '') throw new TlsConfigError('No tls-cert-file configured!');
  if (keyFile === '') throw new TlsConfigError('No tls-key-file configured!');
  const ca = caCertificates(config);
  if (config.get('tls-auth-clients') !== 'no' && ca === undefined)
    throw new TlsConfigError(
      'Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, tls-replication or tls-auth-clients are enabled!',
    );
  const proto = protocolOptions(config.get('tls-protocols'));
  const pass = config.get('tls-key-file-pass');
  const dhFile = config.get('tls-dh-params-file');
  const options: tls.TlsOptions = {
    cert: readFile(certFile, 'certificate'),
    key: readFile(keyFile, 'private key'),
    passphrase: pass !== '' ? pass : undefined,
    ca,
    minVersion: proto.minVersion,
    maxVersion: proto.maxVersion,
    ciphers: cipherString(config.get('tls-ciphers'), config.get('tls-ciphersuites')),
    honorCipherOrder: config.bool('tls-prefer-server-ciphers'),
    secureOptions:
      proto.secureOptions |
      constants.SSL_OP_NO_COMPRESSION |
      constants.SSL_OP_NO_RENEGOTIATION |
      (config.bool('tls-session-caching') ? 0 : constants.SSL_OP_NO_TICKET),
    sessionTimeout: config.num('tls-session-cache-timeout'),
    dhparam: dhFile !== '' ? readFile(dhFile, 'DH params file') : undefined,
    // Client certificates are always asked for and checked here, per connection, against the
    // tls-auth-clients value of that moment (a CONFIG SET applies to the next handshake).
    requestCert: true,
    rejectUnauthorized: false,
  };
  try {
    tls.createSecureContext(options);
  } catch (e) {
    throw new TlsConfigError(
      `Failed to configure TLS (certificate ${certFile}, private key ${keyFile}): ${(e as Error).message}`,
    );
  }
  return options;
}

/** The TLS listeners of one server (one per bind address) and their reloadable context. */
export class TlsListener {
  private servers: tls.Server[] = [];

  constructor(
    private readonly config: Config,
    /** The server's accept(): a verified connection from here on is an ordinary client. */
    private readonly accept: (socket: net.Socket) => void,
  ) {
    config.onApply(CONTEXT_SETTINGS, () => this.reload());
  }

  /** Listens on tls-port on every bind address; throws with a clear reason when TLS is misconfigured. */
  async listen(port: number, hosts: readonly string[], backlog: number): Promise<tls.Server[]> {
    let options: tls.TlsOptions;
    try {
      options = tlsServerOptions(this.config);
    } catch (e) {
      if (e instanceof TlsConfigError) throw new Error(`Failed to configure TLS: ${e.message}`);
      throw e;
    }
    let actualPort = port;
    for (const host of hosts) {
      const srv = tls.createServer(options, (socket) => this.secured(socket));
      srv.maxConnections = Number.MAX_SAFE_INTEGER;
      srv.on('tlsClientError', (err, socket) => this.refuse(socket, handshakeError(err)));
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen({ port: actualPort, host, backlog }, () => {
          srv.off('error', reject);
          resolve();
        });
      });
      actualPort = (srv.address() as net.AddressInfo).port;
      this.servers.push(srv);
    }
    return this.servers;
  }

  /** CONFIG SET of a tls-* setting: a new context for new connections, or the reason it failed. */
  private reload(): string | undefined {
    if (this.servers.length === 0) return undefined; // as in Redis, nothing to check without tls-port
    let options: tls.TlsOptions;
    try {
      options = tlsServerOptions(this.config);
    } catch (e) {
      if (!(e instanceof TlsConfigError)) throw e;
      log('warning', e.message);
      return UPDATE_FAILED;
    }
    for (const srv of this.servers) srv.setSecureContext(options);
    return undefined;
  }

  /** After the handshake: tls-auth-clients decides whether this client's certificate is good enough. */
  private secured(socket: tls.TLSSocket): void {
    const mode = this.config.get('tls-auth-clients');
    if (mode !== 'no') {
      const cert = socket.getPeerCertificate();
      const presented = cert !== null && Object.keys(cert).length > 0;
      if (!presented && mode === 'yes') {
        this.refuse(socket, 'client presented no certificate (tls-auth-clients yes)');
        return;
      }
      if (presented && !socket.authorized) {
        const subject = JSON.stringify(cert.subject?.CN ?? '');
        this.refuse(socket, `client certificate ${subject} rejected: ${String(socket.authorizationError)}`);
        return;
      }
    }
    this.accept(socket);
  }

  private refuse(socket: tls.TLSSocket, reason: string): void {
    const addr = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    log('notice', `Error accepting a client connection: TLS: ${reason} (addr=${addr})`);
    socket.on('error', () => undefined);
    socket.destroy();
  }
}
