import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig, redactUrl } from './config';

test('defaults: SQLite under ./var, ports 8080/8081', () => {
  const config = loadConfig([], {}, '/srv/strata');
  assert.equal(config.dataDir, '/srv/strata/var');
  assert.equal(config.databaseUrl, 'file:/srv/strata/var/control-plane.db');
  assert.equal(config.httpPort, 8080);
  assert.equal(config.grpcPort, 8081);
  assert.equal(config.allInOne, false);
  assert.equal(config.bootstrapToken, null);
});

test('environment and --all-in-one are read', () => {
  const config = loadConfig(
    ['--all-in-one'],
    {
      STRATA_HTTP_PORT: '9000',
      STRATA_GRPC_PORT: '0',
      DATABASE_URL: 'postgresql://u:p@db/strata',
      STRATA_BOOTSTRAP_TOKEN: 'a-long-enough-token',
    },
    '/x',
  );
  assert.equal(config.allInOne, true);
  assert.equal(config.httpPort, 9000);
  assert.equal(config.grpcPort, 0);
  assert.equal(config.databaseUrl, 'postgresql://u:p@db/strata');
  assert.equal(config.bootstrapToken, 'a-long-enough-token');
});

test('every problem is reported at once, naming the variable', () => {
  assert.throws(
    () =>
      loadConfig(['--bogus'], {
        STRATA_HTTP_PORT: 'eighty',
        STRATA_GRPC_PORT: '70000',
        DATABASE_URL: 'mysql://u:secret@h/db',
        STRATA_BOOTSTRAP_TOKEN: 'short',
      }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      const text = err.message;
      assert.match(text, /STRATA_HTTP_PORT: must be a whole number between 0 and 65535, got "eighty"/);
      assert.match(text, /STRATA_GRPC_PORT/);
      assert.match(text, /DATABASE_URL/);
      assert.doesNotMatch(text, /secret/, 'the password is not printed');
      assert.match(text, /STRATA_BOOTSTRAP_TOKEN/);
      assert.match(text, /unknown argument "--bogus"/);
      assert.equal(err.problems.length, 5);
      return true;
    },
  );
});

test('redactUrl hides passwords', () => {
  assert.equal(redactUrl('postgresql://user:pw@host:5432/db'), 'postgresql://user:***@host:5432/db');
  assert.equal(redactUrl('file:/x.db'), 'file:/x.db');
});

test('main.js stops at boot with every problem of a bad environment (exit code 2)', async () => {
  const { spawnSync } = await import('node:child_process');
  const path = await import('node:path');
  const run = spawnSync(process.execPath, [path.resolve(__dirname, '..', 'main.js')], {
    env: { ...process.env, STRATA_HTTP_PORT: 'http', DATABASE_URL: 'mysql://root:hunter2@db/x' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /STRATA_HTTP_PORT: must be a whole number between 0 and 65535, got "http"/);
  assert.match(run.stderr, /DATABASE_URL: must start with postgresql:\/\//);
  assert.doesNotMatch(run.stderr, /hunter2/);
});

test('agent TLS settings: files are read at start, and must come in a consistent set', () => {
  assert.throws(
    () => loadConfig([], { STRATA_AGENT_TLS_CA: '/nonexistent/ca.pem', STRATA_AGENT_TLS_CERT: '/x.pem' }),
    (err: unknown) =>
      err instanceof ConfigError &&
      /STRATA_AGENT_TLS_CA: cannot read \/nonexistent\/ca.pem: ENOENT/.test(err.message) &&
      /STRATA_AGENT_TLS_CERT and STRATA_AGENT_TLS_KEY go together/.test(err.message),
  );
  assert.throws(
    () => loadConfig(['--all-in-one'], { STRATA_AGENT_TLS_CA: __filename }),
    /cannot be used with --all-in-one/,
  );
  const config = loadConfig([], { STRATA_AGENT_TLS_CA: __filename });
  assert.ok(config.agentTls?.ca.length);
  assert.equal(config.agentTls?.cert, null);
});

test('STRATA_SECRET_KEY must be long enough', () => {
  assert.throws(
    () => loadConfig([], { STRATA_SECRET_KEY: 'short' }),
    /STRATA_SECRET_KEY: must be at least 32 characters/,
  );
  assert.equal(loadConfig([], { STRATA_SECRET_KEY: 's'.repeat(32) }).secretKey, 's'.repeat(32));
});
