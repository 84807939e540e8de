/**
 * TLS for client connections, black-box: strata-server runs as a child process (its log is read),
 * with a throwaway CA, server and client certificates made by the openssl CLI for this run. Peers:
 * redis-cli --tls, ioredis with its tls option, and node's tls module where a test needs to pick
 * protocols or ciphers. The CONFIG replies of the tls-* settings are compared with redis-server's.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import Redis from 'ioredis';
import { freePort } from '../testing/harness';
import { Config, parseArgs } from './config';
import { Server } from './server';

const hasOpenssl = spawnable('openssl', ['version']);
const hasRedisCli = spawnable('redis-cli', ['--version']);
const hasRedisServer = spawnable('redis-server', ['--version']);

function spawnable(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// -------------------------------------------------------------------------------------------------
// Certificates
// -------------------------------------------------------------------------------------------------

let dir = '';
const file = (name: string) => path.join(dir, name);
const read = (name: string) => fs.readFileSync(file(name));

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A CA, or a certificate `name` signed by `ca` (server certificates name 127.0.0.1 and localhost). */
function makeCa(name: string, cn: string): void {
  openssl(
    'req',
    '-x509',
    '-new',
    '-nodes',
    '-newkey',
    'rsa:2048',
    '-days',
    '2',
    '-subj',
    `/CN=${cn}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
  );
}

function makeCert(name: string, cn: string, ca: string): void {
  openssl(
    'req',
    '-new',
    '-nodes',
    '-newkey',
    'rsa:2048',
    '-subj',
    `/CN=${cn}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
  );
  fs.writeFileSync(file(`${name}.ext`), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  );
}

before(() => {
  if (!hasOpenssl) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-tls-'));
  makeCa('ca', 'Strata Test CA');
  makeCert('server', 'strata-a', 'ca');
  makeCert('server-b', 'strata-b', 'ca');
  makeCert('client', 'good-client', 'ca');
  makeCa('evil-ca', 'Evil CA');
  makeCert('evil', 'evil-client', 'evil-ca');
  openssl(
    'rsa',
    '-in',
    'server-b.key',
    '-out',
    'server-b.enc.key',
    '-aes256',
    '-passout',
    'pass:s3cret-pass',
  );
  fs.mkdirSync(file('cadir'));
  fs.copyFileSync(file('ca.crt'), file('cadir/ca.pem'));
  fs.writeFileSync(file('cadir/README'), 'not a certificate\n');
});

after(() => {
  if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
});

// -------------------------------------------------------------------------------------------------
// Servers and peers
// -------------------------------------------------------------------------------------------------

interface Strata {
  port: number;
  tlsPort: number;
  child: ChildProcess;
  output(): string;
  waitForLog(pattern: RegExp): Promise<string>;
  close(): Promise<void>;
}

const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs bin/strata-server.js with TLS on free ports; `plain: false` passes --port 0 (TLS only). */
async function startStrata(flags: string[], plain = true): Promise<Strata> {
  for (let attempt = 0; ; attempt++) {
    const port = plain ? await freePort() : 0;
    const tlsPort = await freePort();
    const bin = require.resolve('../../bin/strata-server.js');
    const args = ['--port', String(port), '--tls-port', String(tlsPort), '--bind', '127.0.0.1', ...flags];
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const waitForLog = async (pattern: RegExp): Promise<string> => {
      for (let i = 0; i < 200; i++) {
        const m = pattern.exec(out);
        if (m) return m[0];
        if (child.exitCode !== null) break;
        await sleep(25);
      }
      throw new Error(`log never matched ${pattern}; log:\n${out}`);
    };
    const close = () =>
      new Promise<void>((resolve) => {
        running.delete(child);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    try {
      await waitForLog(/Ready to accept connections tls/);
      return { port, tlsPort, child, output: () => out, waitForLog, close };
    } catch (e) {
      await close();
      if (attempt < 2 && /EADDRINUSE/.test(out)) continue;
      throw e;
    }
  }
}

const tlsFlags = (...extra: string[]) => [
  '--tls-cert-file',
  file('server.crt'),
  '--tls-key-file',
  file('server.key'),
  '--tls-ca-cert-file',
  file('ca.crt'),
  ...extra,
];

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** redis-cli over TLS; `cert` names a key pair (client, evil) or null for none. */
function cli(
  port: number,
  cert: string | null,
  ...command: string[]
): Promise<{ out: string; code: number }> {
  const args = ['--tls', '--cacert', file('ca.crt'), '-h', '127.0.0.1', '-p', String(port)];
  if (cert !== null) args.push('--cert', file(`${cert}.crt`), '--key', file(`${cert}.key`));
  return new Promise((resolve) => {
    execFile('redis-cli', [...args, ...command], { timeout: 10_000 }, (err, stdout, stderr) => {
      resolve({ out: (stdout + stderr).trim(), code: err ? Number(err.code ?? 1) : 0 });
    });
  });
}

interface TlsPing {
  reply?: string;
  error?: string;
  cipher?: string;
  serverCN?: string;
}

/** One PING over a node TLS connection with the given options: its reply, or why there was none. */
function tlsPing(port: number, options: tls.ConnectionOptions = {}): Promise<TlsPing> {
  return new Promise((resolve) => {
    const result: TlsPing = {};
    let data = '';
    const s = tls.connect({ host: '127.0.0.1', port, ca: read('ca.crt'), ...options }, () => {
      result.cipher = s.getCipher().name;
      result.serverCN = String(s.getPeerCertificate().subject?.CN);
      s.write('PING\r\n');
    });
    const timer = setTimeout(() => finish('timeout'), 5000);
    const finish = (error?: string) => {
      clearTimeout(timer);
      if (result.reply === undefined && result.error === undefined) result.error = error ?? 'closed';
      s.destroy();
      resolve(result);
    };
    s.on('data', (d: Buffer) => {
      data += d.toString();
      if (data.endsWith('\r\n')) {
        result.reply = data.trim().replace(/^\+/, '');
        finish();
      }
    });
    s.on('error', (e) => finish(e.message));
    s.on('close', () => finish());
  });
}

const withCert = (name: string): tls.ConnectionOptions => ({
  cert: read(`${name}.crt`),
  key: read(`${name}.key`),
});

/** Plain-text PING on the plain port: the other clients keep being served. */
async function plainPing(port: number): Promise<string> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await r.connect();
    return await r.ping();
  } finally {
    r.disconnect();
  }
}

function tlsRedis(port: number, cert: string | null): Redis {
  return new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    tls: { ca: read('ca.crt'), ...(cert !== null ? withCert(cert) : {}) },
  });
}

/** The TCP ports a process listens on (Linux /proc): shows which listeners really exist. */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
    const m = /^socket:\[(\d+)\]$/.exec(target);
    if (m) inodes.add(m[1]);
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[3] === '0A' && inodes.has(f[9])) ports.push(parseInt(f[1].split(':')[1], 16));
    }
  }
  return ports.sort((a, b) => a - b);
}

const skip = !hasOpenssl ? 'openssl CLI not found' : false;

// -------------------------------------------------------------------------------------------------
// Tests
// -------------------------------------------------------------------------------------------------

test(
  'redis-cli --tls and ioredis talk to the TLS port; plain clients keep the plain port',
  { skip },
  async (t) => {
    if (!hasRedisCli) return t.skip('redis-cli not found');
    const s = await startStrata(tlsFlags());
    try {
      assert.deepEqual(
        listeningPorts(s.child.pid!),
        [s.port, s.tlsPort].sort((a, b) => a - b),
      );
      assert.deepEqual(await cli(s.tlsPort, 'client', 'SET', 'k', 'over-tls'), { out: 'OK', code: 0 });
      assert.deepEqual(await cli(s.tlsPort, 'client', 'GET', 'k'), { out: 'over-tls', code: 0 });
      const r = tlsRedis(s.tlsPort, 'client');
      await r.connect();
      assert.equal(await r.get('k'), 'over-tls');
      const big = 'x'.repeat(1 << 20); // several TLS records each way
      assert.equal(await r.set('big', big), 'OK');
      assert.equal(await r.get('big'), big);
      const pipe = r.pipeline();
      for (let i = 0; i < 200; i++) pipe.incr('n');
      const replies = await pipe.exec();
      assert.deepEqual(replies?.at(-1), [null, 200]);
      r.disconnect();
      assert.equal(await plainPing(s.port), 'PONG');
      // The same keyspace is behind both ports.
      const plain = new Redis({ port: s.port, host: '127.0.0.1', lazyConnect: true });
      await plain.connect();
      assert.equal(await plain.get('k'), 'over-tls');
      plain.disconnect();
    } finally {
      await s.close();
    }
  },
);

test(
  'tls-auth-clients yes: no certificate, an untrusted one, or plain text are refused and logged',
  { skip },
  async (t) => {
    if (!hasRedisCli) return t.skip('redis-cli not found');
    const s = await startStrata(tlsFlags());
    try {
      // A client connected before the bad handshakes keeps working through them.
      const steady = tlsRedis(s.tlsPort, 'client');
      await steady.connect();
      await steady.set('before', '1');

      const noCert = await cli(s.tlsPort, null, 'PING');
      assert.notEqual(noCert.out, 'PONG');
      await s.waitForLog(/Error accepting a client connection: TLS: client presented no certificate/);

      const evil = await cli(s.tlsPort, 'evil', 'PING');
      assert.notEqual(evil.out, 'PONG');
      await s.waitForLog(
        /Error accepting a client connection: TLS: client certificate "evil-client" rejected: \w+/,
      );

      const evilNode = await tlsPing(s.tlsPort, withCert('evil'));
      assert.equal(evilNode.reply, undefined, 'an untrusted certificate must not be served');

      const r = tlsRedis(s.tlsPort, null);
      await assert.rejects(r.connect().then(() => r.ping()));
      r.disconnect();

      // Plain text on the TLS port: a failed handshake, not a client.
      const raw = await new Promise<string>((resolve) => {
        let got = '';
        const sock = net.connect(s.tlsPort, '127.0.0.1', () => sock.write('PING\r\n'));
        sock.on('data', (d) => (got += d.toString('latin1')));
        sock.on('close', () => resolve(got));
        sock.on('error', () => undefined);
      });
      assert.doesNotMatch(raw, /PONG/);
      await s.waitForLog(/Error accepting a client connection: TLS: handshake failed: wrong version number/);

      assert.equal(s.child.exitCode, null, 'the server is still running');
      assert.equal(await steady.get('before'), '1');
      assert.equal(await plainPing(s.port), 'PONG');
      assert.deepEqual(await cli(s.tlsPort, 'client', 'PING'), { out: 'PONG', code: 0 });
      // None of the refused handshakes became a client.
      assert.match(await steady.info('stats'), /total_connections_received:3\r\n/); // steady, plainPing, the last redis-cli
      steady.disconnect();
    } finally {
      await s.close();
    }
  },
);

test('tls-auth-clients optional and no, from the command line and with CONFIG SET', { skip }, async () => {
  const s = await startStrata(tlsFlags('--tls-auth-clients', 'optional'));
  try {
    assert.equal((await tlsPing(s.tlsPort)).reply, 'PONG');
    assert.equal((await tlsPing(s.tlsPort, withCert('client'))).reply, 'PONG');
    // optional still checks a certificate that is sent.
    assert.equal((await tlsPing(s.tlsPort, withCert('evil'))).reply, undefined);
    await s.waitForLog(/client certificate "evil-client" rejected/);

    const admin = tlsRedis(s.tlsPort, 'client');
    await admin.connect();
    assert.deepEqual(await admin.config('GET', 'tls-auth-clients'), ['tls-auth-clients', 'optional']);
    await admin.config('SET', 'tls-auth-clients', 'no');
    assert.equal((await tlsPing(s.tlsPort)).reply, 'PONG');
    assert.equal(
      (await tlsPing(s.tlsPort, withCert('evil'))).reply,
      'PONG',
      'no: certificates are not checked',
    );
    await admin.config('SET', 'tls-auth-clients', 'yes');
    assert.equal((await tlsPing(s.tlsPort)).reply, undefined);
    assert.equal((await tlsPing(s.tlsPort, withCert('client'))).reply, 'PONG');
    admin.disconnect();
  } finally {
    await s.close();
  }
});

test('tls-ca-cert-dir: every certificate file in the directory is trusted', { skip }, async () => {
  const flags = ['--tls-cert-file', file('server.crt'), '--tls-key-file', file('server.key')];
  const s = await startStrata([...flags, '--tls-ca-cert-dir', file('cadir')]);
  try {
    assert.equal((await tlsPing(s.tlsPort, withCert('client'))).reply, 'PONG');
    assert.equal((await tlsPing(s.tlsPort, withCert('evil'))).reply, undefined);
  } finally {
    await s.close();
  }
});

test(
  'CONFIG SET tls-cert-file reloads for new connections; a bad file is refused and changes nothing',
  { skip },
  async () => {
    const s = await startStrata(tlsFlags());
    try {
      const admin = tlsRedis(s.tlsPort, 'client');
      await admin.connect();
      assert.equal((await tlsPing(s.tlsPort, withCert('client'))).serverCN, 'strata-a');

      await assert.rejects(
        admin.config('SET', 'tls-cert-file', file('missing.crt')),
        /^ReplyError: ERR CONFIG SET failed \(possibly related to argument 'tls-cert-file'\) - Unable to update TLS configuration\. Check server logs\.$/,
      );
      await s.waitForLog(/Failed to load certificate: \S*missing\.crt/);
      assert.deepEqual(await admin.config('GET', 'tls-cert-file'), ['tls-cert-file', file('server.crt')]);
      // A certificate that does not match the key: refused as a pair, the old pair stays.
      await assert.rejects(
        admin.config('SET', 'tls-cert-file', file('server-b.crt')),
        /Unable to update TLS/,
      );
      await s.waitForLog(/key values mismatch/);
      assert.equal((await tlsPing(s.tlsPort, withCert('client'))).serverCN, 'strata-a');

      // An encrypted key needs its passphrase first (Redis's own test does the same).
      const both = ['tls-cert-file', file('server-b.crt'), 'tls-key-file', file('server-b.enc.key')];
      await assert.rejects(admin.config('SET', ...both), /Unable to update TLS/);
      assert.equal((await tlsPing(s.tlsPort, withCert('client'))).serverCN, 'strata-a');
      await admin.config('SET', 'tls-key-file-pass', 's3cret-pass');
      assert.equal(await admin.config('SET', ...both), 'OK');
      assert.equal((await tlsPing(s.tlsPort, withCert('client'))).serverCN, 'strata-b');
      // The connection opened before the reload is untouched.
      assert.equal(await admin.ping(), 'PONG');

      // INFO shows nothing secret: no passphrase, no key or certificate material.
      const info = await admin.info('everything');
      assert.doesNotMatch(info, /s3cret-pass|PRIVATE KEY|BEGIN CERTIFICATE/);
      assert.doesNotMatch(s.output(), /s3cret-pass|PRIVATE KEY/);
      admin.disconnect();
    } finally {
      await s.close();
    }
  },
);

test('tls-protocols, tls-ciphers and tls-prefer-server-ciphers', { skip }, async () => {
  const s = await startStrata(tlsFlags());
  try {
    const admin = tlsRedis(s.tlsPort, 'client');
    await admin.connect();
    const v12 = { ...withCert('client'), maxVersion: 'TLSv1.2' as const };
    const v13 = { ...withCert('client'), minVersion: 'TLSv1.3' as const };
    assert.equal((await tlsPing(s.tlsPort, v13)).reply, 'PONG');
    await admin.config('SET', 'tls-protocols', 'TLSv1.2');
    assert.equal((await tlsPing(s.tlsPort, v13)).reply, undefined);
    assert.equal((await tlsPing(s.tlsPort, v12)).reply, 'PONG');
    await assert.rejects(admin.config('SET', 'tls-protocols', 'SSLv3'), /Unable to update TLS/);
    await s.waitForLog(/Invalid tls-protocols specified/);

    const aes128 = 'ECDHE-RSA-AES128-GCM-SHA256';
    const aes256 = 'ECDHE-RSA-AES256-GCM-SHA384';
    await admin.config('SET', 'tls-ciphers', `DEFAULT:-${aes128}`);
    assert.equal((await tlsPing(s.tlsPort, { ...v12, ciphers: aes128 })).reply, undefined);
    assert.equal((await tlsPing(s.tlsPort, { ...v12, ciphers: aes256 })).reply, 'PONG');

    await admin.config('SET', 'tls-ciphers', `${aes128}:${aes256}`);
    const clientOrder = { ...v12, ciphers: `${aes256}:${aes128}` };
    assert.equal((await tlsPing(s.tlsPort, clientOrder)).cipher, aes256);
    await admin.config('SET', 'tls-prefer-server-ciphers', 'yes');
    assert.equal((await tlsPing(s.tlsPort, clientOrder)).cipher, aes128);

    await admin.config('SET', 'tls-protocols', '', 'tls-ciphersuites', 'TLS_CHACHA20_POLY1305_SHA256');
    assert.equal((await tlsPing(s.tlsPort, v13)).cipher, 'TLS_CHACHA20_POLY1305_SHA256');
    admin.disconnect();
  } finally {
    await s.close();
  }
});

test('--port 0 with a tls-port serves TLS only, as in Redis', { skip }, async () => {
  const s = await startStrata(tlsFlags(), false);
  try {
    assert.deepEqual(listeningPorts(s.child.pid!), [s.tlsPort]);
    assert.doesNotMatch(s.output(), /connections tcp/);
    assert.equal((await tlsPing(s.tlsPort, withCert('client'))).reply, 'PONG');
  } finally {
    await s.close();
  }
  // In process: listen() reports no plain port.
  const config = new Config();
  parseArgs(
    ['--port', '0', '--tls-port', String(await freePort()), '--loglevel', 'warning', ...tlsFlags()],
    config,
  );
  const server = new Server(config);
  try {
    const { port, tlsPort } = await server.listen();
    assert.equal(port, 0);
    assert.equal((await tlsPing(tlsPort, withCert('client'))).reply, 'PONG');
  } finally {
    await server.close();
  }
});

test('a TLS misconfiguration stops start-up with the reason', { skip }, () => {
  const bin = require.resolve('../../bin/strata-server.js');
  const run = (...flags: string[]) => {
    try {
      execFileSync(process.execPath, [bin, '--port', '0', '--tls-port', '1', ...flags], {
        stdio: 'pipe',
        timeout: 10_000,
      });
      return { code: 0, out: '' };
    } catch (e) {
      const err = e as { status: number; stdout: Buffer; stderr: Buffer };
      return { code: err.status, out: err.stdout.toString() + err.stderr.toString() };
    }
  };
  let r = run('--tls-key-file', file('server.key'));
  assert.equal(r.code, 1);
  assert.match(r.out, /Failed to configure TLS: No tls-cert-file configured!/);
  r = run('--tls-cert-file', file('server.crt'), '--tls-key-file', file('server.key'));
  assert.equal(r.code, 1);
  assert.match(r.out, /Either tls-ca-cert-file or tls-ca-cert-dir must be specified/);
  r = run(
    ...['--tls-cert-file', file('server-b.crt'), '--tls-key-file', file('server-b.enc.key')],
    ...['--tls-ca-cert-file', file('ca.crt'), '--tls-key-file-pass', 'wrong-pass'],
  );
  assert.equal(r.code, 1);
  assert.match(r.out, /Failed to configure TLS/);
  assert.doesNotMatch(r.out, /wrong-pass/);
});

test('CONFIG GET/SET of tls-* answer as redis-server does', { skip }, async (t) => {
  if (!hasRedisServer) return t.skip('redis-server not found');
  const s = await startStrata(tlsFlags());
  const redisTlsPort = await freePort();
  const redis = spawn(
    'redis-server',
    ['--port', '0', '--tls-port', String(redisTlsPort), '--bind', '127.0.0.1', '--save', '', ...tlsFlags()],
    { stdio: 'ignore' },
  );
  running.add(redis);
  try {
    for (let i = 0; i < 200 && (await tlsPing(redisTlsPort, withCert('client'))).reply !== 'PONG'; i++)
      await sleep(25);
    const clients = [tlsRedis(s.tlsPort, 'client'), tlsRedis(redisTlsPort, 'client')];
    await Promise.all(clients.map((c) => c.connect()));
    const script: string[][] = [
      ['CONFIG', 'GET', 'tls-auth-clients'],
      ['CONFIG', 'GET', 'tls-cert-file'],
      ['CONFIG', 'GET', 'tls-ca-cert-dir'],
      ['CONFIG', 'GET', 'tls-protocols'],
      ['CONFIG', 'GET', 'tls-prefer-server-ciphers'],
      ['CONFIG', 'GET', 'tls-session-caching'],
      ['CONFIG', 'GET', 'tls-session-cache-timeout'],
      ['CONFIG', 'SET', 'tls-auth-clients', 'maybe'],
      ['CONFIG', 'SET', 'tls-auth-clients', 'OPTIONAL'],
      ['CONFIG', 'GET', 'tls-auth-clients'],
      ['CONFIG', 'SET', 'tls-protocols', 'TLSv1.4'],
      ['CONFIG', 'SET', 'tls-protocols', 'TLSv1.2 TLSv1.3'],
      ['CONFIG', 'GET', 'tls-protocols'],
      ['CONFIG', 'SET', 'tls-ciphers', 'NO-SUCH-CIPHER'],
      ['CONFIG', 'SET', 'tls-ciphersuites', 'TLS_NO_SUCH_SUITE'],
      ['CONFIG', 'SET', 'tls-cert-file', file('missing.crt')],
      ['CONFIG', 'SET', 'tls-ca-cert-file', file('missing.crt')],
      ['CONFIG', 'SET', 'tls-prefer-server-ciphers', 'perhaps'],
      ['CONFIG', 'SET', 'tls-session-cache-timeout', '-1'],
      ['CONFIG', 'SET', 'tls-session-caching', 'no'],
      ['CONFIG', 'GET', 'tls-session-caching'],
      ['CONFIG', 'SET', 'tls-cert-file', file('server-b.crt'), 'tls-key-file', file('server-b.key')],
      ['CONFIG', 'GET', 'tls-key-file'],
      ['PING'],
    ];
    for (const cmd of script) {
      const [ours, theirs] = await Promise.all(
        clients.map((c) =>
          c.call(cmd[0], ...cmd.slice(1)).then(
            (v) => v,
            (e: Error) => `error: ${e.message}`,
          ),
        ),
      );
      assert.deepEqual(ours, theirs, cmd.join(' '));
    }
    clients.forEach((c) => c.disconnect());
    assert.equal((await tlsPing(s.tlsPort, withCert('client'))).serverCN, 'strata-b');
  } finally {
    running.delete(redis);
    redis.kill('SIGKILL');
    await s.close();
  }
});
