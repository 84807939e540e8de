import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, parseConfig } from './config';

const TOKEN = 'config-test-token-0123456789';

function withDirs(fn: (dirs: { data: string; nvme: string; root: string }) => void): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-agent-config-'));
  try {
    const dirs = { root, data: path.join(root, 'data'), nvme: path.join(root, 'nvme') };
    fs.mkdirSync(dirs.nvme);
    fn(dirs);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

test('the example command line of the issue parses', () => {
  withDirs(({ data, nvme }) => {
    const config = parseConfig(
      [
        '--listen',
        '127.0.0.1:7400',
        '--data-dir',
        data,
        '--nvme-path',
        nvme,
        '--memory-budget',
        '8gb',
        '--port-range',
        '17000-17999',
        '--advertise-host',
        '10.1.2.3',
      ],
      { STRATA_AGENT_TOKEN: TOKEN },
    );
    assert.equal(config.listenHost, '127.0.0.1');
    assert.equal(config.listenPort, 7400);
    assert.equal(config.memoryBudgetBytes, 8 * 1024 ** 3);
    assert.deepEqual(config.portRange, { start: 17000, end: 17999 });
    assert.equal(config.advertiseHost, '10.1.2.3');
    assert.equal(config.instanceBind, '10.1.2.3');
    assert.equal(config.token, TOKEN);
    assert.equal(config.tls, null);
    assert.equal(config.serverFlavor, 'strata');
    assert.match(config.serverCommand[1], /bin[/\\]strata-server\.js$/);
  });
});

test('the token comes from --token, --token-file or STRATA_AGENT_TOKEN', () => {
  withDirs(({ data, nvme, root }) => {
    const base = ['--data-dir', data, '--nvme-path', nvme];
    assert.equal(parseConfig([...base, '--token', TOKEN], {}).token, TOKEN);
    const file = path.join(root, 'token');
    fs.writeFileSync(file, `${TOKEN}\n`);
    assert.equal(parseConfig([...base, '--token-file', file], {}).token, TOKEN);
    assert.equal(parseConfig(base, { STRATA_AGENT_TOKEN: TOKEN }).token, TOKEN);
    assert.throws(() => parseConfig([...base, '--token', TOKEN, '--token-file', file], {}), /not both/);
    assert.throws(() => parseConfig([...base, '--token', 'short'], {}), /at least 16/);
    assert.throws(() => parseConfig(base, {}), /no credential/);
    // A DNS advertise host makes instances listen on every address.
    assert.equal(
      parseConfig([...base, '--advertise-host', 'node-7.example'], { STRATA_AGENT_TOKEN: TOKEN })
        .instanceBind,
      '0.0.0.0',
    );
  });
});

test('bad flags stop the agent with a message naming the flag', () => {
  withDirs(({ data, nvme, root }) => {
    const base = ['--data-dir', data, '--nvme-path', nvme, '--token', TOKEN];
    const cases: [string[], RegExp][] = [
      [['--listen', 'nowhere'], /^--listen: /],
      [['--port-range', '2000-1000'], /^--port-range: /],
      [['--port-range', '0-10'], /^--port-range: /],
      [['--memory-budget', 'lots'], /^--memory-budget: /],
      [['--server-flavor', 'valkey'], /^--server-flavor: /],
      [['--max-crashes', '0'], /^--max-crashes: /],
      [['--restart-backoff', 'soon'], /^--restart-backoff: /],
      [['--tls-cert', path.join(root, 'missing.crt')], /--tls-cert and --tls-key go together/],
      [['--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [flags, pattern] of cases) {
      assert.throws(
        () => parseConfig([...base, ...flags], {}),
        (err: Error) => err instanceof ConfigError && pattern.test(err.message),
        flags.join(' '),
      );
    }
    const file = path.join(root, 'file');
    fs.writeFileSync(file, '');
    assert.throws(
      () => parseConfig(['--data-dir', data, '--nvme-path', file, '--token', TOKEN], {}),
      /is not a directory/,
    );
    assert.throws(() => parseConfig(['--nvme-path', nvme, '--token', TOKEN], {}), /--data-dir is required/);
  });
});
