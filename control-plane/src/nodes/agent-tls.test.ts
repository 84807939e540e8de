// Mutual TLS from the control plane to a node agent (certificates made with openssl).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentBin } from '../all-in-one/local-agent';
import { startHarness, waitOperation, type Harness } from '../testing/harness';

const TOKEN = 'tls-test-token-0123456789';
let dir: string;
let agentProcess: ChildProcess;
let agentAddress: string;
let h: Harness;

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

function issue(name: string, ext: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  openssl([
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '1',
    '-extfile',
    `${name}.ext`,
  ]);
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-cp-tls-'));
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=strata-test-ca',
  ]);
  issue('agent', 'subjectAltName=IP:127.0.0.1\n');
  issue('control-plane', 'extendedKeyUsage=clientAuth\n');
  fs.mkdirSync(path.join(dir, 'agent-data'));
  fs.mkdirSync(path.join(dir, 'nvme'));
  const start = 20000 + Math.floor(Math.random() * 2000) * 20;
  agentProcess = spawn(
    process.execPath,
    [
      agentBin(),
      '--listen',
      '127.0.0.1:0',
      '--data-dir',
      path.join(dir, 'agent-data'),
      '--nvme-path',
      path.join(dir, 'nvme'),
      '--memory-budget',
      '128mb',
      '--port-range',
      `${start}-${start + 19}`,
      '--token',
      TOKEN,
      '--tls-cert',
      path.join(dir, 'agent.crt'),
      '--tls-key',
      path.join(dir, 'agent.key'),
      '--tls-ca',
      path.join(dir, 'ca.crt'),
      '--stop-instances-on-exit',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  agentAddress = await new Promise<string>((resolve, reject) => {
    let out = '';
    agentProcess.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on \S+:(\d+)/.exec(out);
      if (m) resolve(`127.0.0.1:${m[1]}`);
    });
    agentProcess.once('exit', (code) => reject(new Error(`agent exited ${code}`)));
  });
  h = await startHarness(
    {
      STRATA_AGENT_TLS_CA: path.join(dir, 'ca.crt'),
      STRATA_AGENT_TLS_CERT: path.join(dir, 'control-plane.crt'),
      STRATA_AGENT_TLS_KEY: path.join(dir, 'control-plane.key'),
    },
    { loops: true },
  );
});

after(async () => {
  await h?.stop();
  if (agentProcess && agentProcess.exitCode === null) {
    const exited = new Promise((r) => agentProcess.once('exit', r));
    agentProcess.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the control plane registers and drives an agent over mutual TLS', async () => {
  const node = await h.call('POST', '/v1/nodes', {
    name: 'tls-node',
    address: agentAddress,
    credential: TOKEN,
  });
  assert.equal(node.status, 201, JSON.stringify(node.body));
  const tenant = (await h.call('POST', '/v1/tenants', { name: 'tls' })).body.id;
  const created = await h.call('POST', '/v1/datastores', { tenantId: tenant, name: 'secure', memory: '8mb' });
  assert.equal((await waitOperation(h, created.body.operation.id)).body.status, 'succeeded');
  const del = await h.call('DELETE', `/v1/datastores/${created.body.datastore.id}`);
  assert.equal((await waitOperation(h, del.body.operation.id)).body.status, 'succeeded');
});
