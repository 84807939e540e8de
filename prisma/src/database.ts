// Opens the control plane's database: SQLite (better-sqlite3, a file under the data directory) by
// default, PostgreSQL when the URL says so. Both go through Prisma driver adapters, so no Rust query
// engine is involved, and both expose the same typed client.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { PrismaClient as PostgresClient } from './generated/postgresql/client';
import { applyMigrations, type AppliedMigrations } from './migrate';
import { providerOf, sqliteFileOf, type Provider } from './url';

/**
 * The client type the application programs against. Both generated clients have the same model API
 * (models.prisma is shared and uses only portable types); the SQLite one names it.
 */
export type StrataPrismaClient = SqliteClient;

export interface DatabaseOptions {
  /** postgres:// or postgresql:// for PostgreSQL; file:PATH or a plain path for SQLite. */
  url: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Forwarded to PrismaClient's log option, e.g. ['warn', 'error']. */
  log?: ('query' | 'info' | 'warn' | 'error')[];
}

export interface Database {
  provider: Provider;
  client: StrataPrismaClient;
  migrations: AppliedMigrations;
  close(): Promise<void>;
}

/** Opens the database, applying migrations first unless told not to. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const provider = providerOf(options.url);
  const migrations =
    options.migrate === false ? { applied: [], alreadyApplied: [] } : await applyMigrations(options.url);
  let client: StrataPrismaClient;
  if (provider === 'sqlite') {
    const file = sqliteFileOf(options.url);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const adapter = new PrismaBetterSqlite3(
      { url: file, timeout: 5000 },
      { timestampFormat: 'unixepoch-ms' },
    );
    client = new SqliteClient({ adapter, log: options.log });
  } else {
    const adapter = new PrismaPg({ connectionString: options.url, max: 10 });
    client = new PostgresClient({ adapter, log: options.log }) as unknown as StrataPrismaClient;
  }
  await client.$connect();
  if (provider === 'sqlite') {
    // WAL lets readers run while the reconciler writes; busy_timeout waits for the writer lock.
    await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await client.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
    // better-sqlite3 is synchronous: with synchronous=FULL every commit fsyncs on the event loop.
    // NORMAL in WAL mode stays consistent after a crash and only syncs at checkpoints.
    await client.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  }
  return {
    provider,
    client,
    migrations,
    close: () => client.$disconnect(),
  };
}
