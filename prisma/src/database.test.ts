import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Sqlite from 'better-sqlite3';
import { openDatabase, type Database } from './database';
import { applyMigrations, latestSnapshot, listMigrations } from './migrate';
import { databaseShape, diffDatabaseToSchema, schemaOf } from './schema-engine';
import { findPostgresBin, startPostgres } from './testing/postgres';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'strata-prisma-'));
}

async function exerciseClient(db: Database): Promise<void> {
  const tenant = await db.client.tenant.create({
    data: { id: 't1', name: 'acme', tiering: '{"enabled":true}' },
  });
  assert.equal(tenant.version, 1);
  const big = 6n * 1024n * 1024n * 1024n; // beyond 32 bits
  await db.client.datastore.create({
    data: {
      id: 'd1',
      tenantId: 't1',
      name: 'cache',
      liveName: 'cache',
      memoryBytes: big,
      evictionPolicy: 'noeviction',
      status: 'creating',
      password: 'x'.repeat(32),
    },
  });
  const found = await db.client.datastore.findUniqueOrThrow({
    where: { tenantId_liveName: { tenantId: 't1', liveName: 'cache' } },
  });
  assert.equal(found.memoryBytes, big);
  await assert.rejects(
    db.client.tenant.create({ data: { id: 't2', name: 'acme' } }),
    (err: Error & { code?: string }) => err.code === 'P2002',
  );
  await db.client.tenant.delete({ where: { id: 't1' } });
  assert.equal(await db.client.datastore.count(), 0, 'datastores are deleted with their tenant');
}

test('the newest migration snapshot is the current schema (run npm run migration:new after a change)', () => {
  for (const provider of ['sqlite', 'postgresql'] as const) {
    assert.ok(listMigrations(provider).length > 0, `${provider} has migrations`);
    assert.equal(
      databaseShape(latestSnapshot(provider) ?? ''),
      databaseShape(schemaOf(provider)),
      `${provider} migrations are behind the schema`,
    );
  }
});

test('SQLite: migrations apply once, produce the schema, and the client works', async () => {
  const dir = tempDir();
  try {
    const url = `file:${path.join(dir, 'nested', 'strata.db')}`;
    const first = await applyMigrations(url);
    assert.deepEqual(
      first.applied,
      listMigrations('sqlite').map((m) => m.name),
    );
    const second = await applyMigrations(url);
    assert.deepEqual(second.applied, []);
    assert.equal(second.alreadyApplied.length, first.applied.length);

    const drift = await diffDatabaseToSchema(
      'sqlite',
      new PrismaBetterSqlite3({ url: path.join(dir, 'nested', 'strata.db') }),
    );
    assert.equal(drift, '', `the migrated database differs from the schema:\n${drift}`);

    const db = await openDatabase({ url });
    try {
      await exerciseClient(db);
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SQLite: a migration changed after it was applied is refused', async () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'strata.db');
    await applyMigrations(`file:${file}`);
    const raw = new Sqlite(file);
    raw.prepare('UPDATE "_strata_migrations" SET checksum = ?').run('0'.repeat(64));
    raw.close();
    await assert.rejects(applyMigrations(`file:${file}`), /was changed after it was applied/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SQLite: a schema change without a migration is detected as drift', async () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'strata.db');
    await applyMigrations(`file:${file}`);
    const raw = new Sqlite(file);
    raw.exec('ALTER TABLE "Tenant" DROP COLUMN "tiering"');
    raw.close();
    const drift = await diffDatabaseToSchema('sqlite', new PrismaBetterSqlite3({ url: file }));
    assert.match(drift, /tiering/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const pgBin = findPostgresBin();
test(
  'PostgreSQL: migrations apply once and the client works',
  { skip: pgBin ? false : 'PostgreSQL binaries not found (install postgresql or set STRATA_PG_BIN)' },
  async () => {
    const cluster = await startPostgres();
    try {
      const first = await applyMigrations(cluster.url);
      assert.deepEqual(
        first.applied,
        listMigrations('postgresql').map((m) => m.name),
      );
      assert.deepEqual((await applyMigrations(cluster.url)).applied, []);
      const db = await openDatabase({ url: cluster.url });
      assert.equal(db.provider, 'postgresql');
      try {
        await exerciseClient(db);
      } finally {
        await db.close();
      }
    } finally {
      await cluster.stop();
    }
  },
);
