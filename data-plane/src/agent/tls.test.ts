// Mutual TLS between the control plane and the agent: certificates made with openssl for the test.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadProtos } from '@strata/proto';
import { cleanup, makeDirs, portRange, startAgent, type Dirs, type RunningAgent } from './test-support';

interface Pair {
  key: Buffer;
  cert: Buffer;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

/** A CA, and certificates it signs (server: for 127.0.0.1; client). */
function makeCa(dir: string, name: string): { ca: Pair; issue(cn: string, server: boolean): Pair } {
  fs.mkdirSync(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', `/CN=${name}`],
    dir,
  );
  const read = (base: string): Pair => ({
    key: fs.readFileSync(path.join(dir, `${base}.key`)),
    cert: fs.readFileSync(path.join(dir, `${base}.crt`)),
  });
  return {
    ca: read('ca'),
    issue(cn, server) {
      const ext = path.join(dir, `${cn}.ext`);
      fs.writeFileSync(
        ext,
        server ? 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' : 'extendedKeyUsage=clientAuth\n',
      );
      openssl(['req', ...ec, '-keyout', `${cn}.key`, '-out', `${cn}.csr`, '-subj', `/CN=${cn}`], dir);
      openssl(
        [
          'x509',
          '-req',
          '-in',
          `${cn}.csr`,
          '-CA',
          'ca.crt',
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-out',
          `${cn}.crt`,
          '-days',
          '1',
          '-extfile',
          ext,
        ],
        dir,
      );
      return read(cn);
    },
  };
}

let dirs: Dirs;
let agent: RunningAgent;
let pki: ReturnType<typeof makeCa>;
let other: ReturnType<typeof makeCa>;

before(async () => {
  dirs = makeDirs();
  pki = makeCa(path.join(dirs.root, 'pki'), 'strata-test-ca');
  other = makeCa(path.join(dirs.root, 'other'), 'someone-else');
  const server = pki.issue('agent', true);
  fs.writeFileSync(path.join(dirs.root, 'agent.key'), server.key);
  fs.writeFileSync(path.join(dirs.root, 'agent.crt'), server.cert);
  const client = pki.issue('control-plane', false);
  agent = await startAgent(
    dirs,
    [
      '--port-range',
      portRange(),
      '--memory-budget',
      '256mb',
      '--tls-cert',
      path.join(dirs.root, 'agent.crt'),
      '--tls-key',
      path.join(dirs.root, 'agent.key'),
      '--tls-ca',
      path.join(dirs.root, 'pki', 'ca.crt'),
    ],
    { token: false, credentials: grpc.credentials.createSsl(pki.ca.cert, client.key, client.cert) },
  );
});

after(async () => {
  await agent?.stop();
  cleanup(dirs);
});

function nodeInfo(credentials: grpc.ChannelCredentials): Promise<{ nodeId: string }> {
  const client = new (loadProtos().strata.v1.NodeAgent)(`127.0.0.1:${agent.port}`, credentials);
  return new Promise<{ nodeId: string }>((resolve, reject) =>
    client.GetNodeInfo({}, new grpc.Metadata(), { deadline: Date.now() + 10_000 }, (err, res) => {
      client.close();
      if (err) reject(err);
      else resolve(res as { nodeId: string });
    }),
  );
}

test('mutual TLS: a client certificate from the agent CA is accepted without a token', async () => {
  const info = await agent.call<{ nodeId: string }>('GetNodeInfo', {}, null);
  assert.match(info.nodeId, /^[0-9a-f-]{36}$/);
});

test('mutual TLS: no client certificate, or one from another CA, is refused', async () => {
  await assert.rejects(nodeInfo(grpc.credentials.createSsl(pki.ca.cert)), (err: grpc.ServiceError) => {
    assert.equal(err.code, grpc.status.UNAVAILABLE);
    return true;
  });
  const stranger = other.issue('stranger', false);
  await assert.rejects(
    nodeInfo(grpc.credentials.createSsl(pki.ca.cert, stranger.key, stranger.cert)),
    (err: grpc.ServiceError) => {
      assert.equal(err.code, grpc.status.UNAVAILABLE);
      return true;
    },
  );
  await assert.rejects(nodeInfo(grpc.credentials.createInsecure()), (err: grpc.ServiceError) => {
    assert.equal(err.code, grpc.status.UNAVAILABLE);
    return true;
  });
});
