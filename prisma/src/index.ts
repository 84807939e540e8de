// @strata/prisma: the control plane's database (SQLite or PostgreSQL through Prisma driver adapters),
// its migrations and the generated Prisma Client types.
export { openDatabase, type Database, type DatabaseOptions, type StrataPrismaClient } from './database';
export {
  applyMigrations,
  listMigrations,
  migrationsDir,
  type AppliedMigrations,
  type Migration,
} from './migrate';
export { providerOf, sqliteFileOf, type Provider } from './url';
export { Prisma } from './generated/sqlite/client';
export type {
  Tenant,
  ApiKey,
  Node,
  Datastore,
  Operation,
  IdempotencyRecord,
  AuditEntry,
  MetricSample,
} from './generated/sqlite/client';
export { startPostgres, findPostgresBin, type PostgresCluster } from './testing/postgres';
