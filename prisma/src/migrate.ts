// Applies the committed migration SQL (migrations/<provider>/<name>/migration.sql, in name order) at
// start. The Prisma CLI's migrate commands need a Rust schema engine this project does not download,
// so this small runner does the applying; src/cli/new-migration.ts writes new migrations with the
// WebAssembly schema engine. Applied migrations are recorded with a checksum in _strata_migrations;
// a changed migration file is refused rather than silently skipped.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { providerOf, sqliteFileOf, type Provider } from './url';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface AppliedMigrations {
  applied: string[];
  alreadyApplied: string[];
}

/** The migrations folder of a provider. */
export function migrationsDir(provider: Provider): string {
  return path.resolve(__dirname, '..', 'migrations', provider);
}

/** The committed migrations of a provider, oldest first. */
export function listMigrations(provider: Provider): Migration[] {
  const dir = migrationsDir(provider);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

function checkRecorded(recorded: Map<string, string>, migrations: Migration[]): void {
  for (const m of migrations) {
    const sum = recorded.get(m.name);
    if (sum !== undefined && sum !== m.checksum) {
      throw new Error(`migration ${m.name} was changed after it was applied (checksum differs)`);
    }
  }
}

const LEDGER =
  'CREATE TABLE IF NOT EXISTS "_strata_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL)';

/** Applies every pending migration of the database the URL names. */
export async function applyMigrations(url: string): Promise<AppliedMigrations> {
  const provider = providerOf(url);
  const migrations = listMigrations(provider);
  return provider === 'sqlite' ? applySqlite(sqliteFileOf(url), migrations) : applyPostgres(url, migrations);
}

function applySqlite(file: string, migrations: Migration[]): AppliedMigrations {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Sqlite(file, { timeout: 10000 });
  try {
    db.exec(LEDGER);
    // Migrations that redefine a table (SQLite's way to alter one) drop the old table: with foreign
    // keys enforced that would cascade deletes into referencing tables. The pragma only works
    // outside a transaction; the keys are checked before committing instead.
    db.pragma('foreign_keys = OFF');
    // BEGIN IMMEDIATE: two processes starting at once apply each migration once.
    const run = db.transaction(() => {
      const rows = db.prepare('SELECT name, checksum FROM "_strata_migrations"').all() as {
        name: string;
        checksum: string;
      }[];
      const recorded = new Map(rows.map((r) => [r.name, r.checksum]));
      checkRecorded(recorded, migrations);
      const result: AppliedMigrations = { applied: [], alreadyApplied: [] };
      for (const m of migrations) {
        if (recorded.has(m.name)) {
          result.alreadyApplied.push(m.name);
          continue;
        }
        db.exec(m.sql);
        db.prepare('INSERT INTO "_strata_migrations" (name, checksum, applied_at) VALUES (?, ?, ?)').run(
          m.name,
          m.checksum,
          new Date().toISOString(),
        );
        result.applied.push(m.name);
      }
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`migrations left ${broken.length} broken foreign keys`);
      return result;
    });
    return run.immediate();
  } finally {
    db.close();
  }
}

async function applyPostgres(url: string, migrations: Migration[]): Promise<AppliedMigrations> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    // One control-plane replica migrates at a time; the others wait, then find nothing to do.
    await client.query('SELECT pg_advisory_lock(727274)');
    await client.query(LEDGER);
    const rows = (await client.query('SELECT name, checksum FROM "_strata_migrations"')).rows as {
      name: string;
      checksum: string;
    }[];
    const recorded = new Map(rows.map((r) => [r.name, r.checksum]));
    checkRecorded(recorded, migrations);
    const result: AppliedMigrations = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
      if (recorded.has(m.name)) {
        result.alreadyApplied.push(m.name);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          'INSERT INTO "_strata_migrations" (name, checksum, applied_at) VALUES ($1, $2, $3)',
          [m.name, m.checksum, new Date().toISOString()],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      result.applied.push(m.name);
    }
    await client.query('SELECT pg_advisory_unlock(727274)');
    return result;
  } finally {
    await client.end();
  }
}

/** The schema the newest migration leads to (its schema.prisma snapshot), or null without migrations. */
export function latestSnapshot(provider: Provider): string | null {
  const names = listMigrations(provider).map((m) => m.name);
  const last = names[names.length - 1];
  if (!last) return null;
  return fs.readFileSync(path.join(migrationsDir(provider), last, 'schema.prisma'), 'utf8');
}
