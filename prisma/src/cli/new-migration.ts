// `npm run migration:new -w @strata/prisma -- <name>`: writes migrations/<provider>/<timestamp>_<name>/
// for each provider, after `npm run generate -w @strata/prisma`:
//   migration.sql  the SQL from the schema of the previous migration to the current schema
//   schema.prisma  the schema this migration leads to (the starting point of the next one)
// The WebAssembly schema engine diffs the two schemas; no database is needed. The drift test checks
// that the newest snapshot equals the current schema and that the migrations produce it.
// PostgreSQL: the engine wants a connection to learn the server version, so SHADOW_DATABASE_URL must
// name a reachable database (its tables are not read).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { latestSnapshot, migrationsDir } from '../migrate';
import { diffSchemas, schemaOf } from '../schema-engine';
import type { Provider } from '../url';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error(
      'usage: npm run migration:new -w @strata/prisma -- <name of lower-case letters, digits, _>',
    );
    process.exit(2);
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const providers: Provider[] = ['sqlite', 'postgresql'];
  for (const provider of providers) {
    // The engine connects (it reads the server version) but reads no tables: any database will do.
    const pgUrl = process.env.SHADOW_DATABASE_URL;
    if (provider === 'postgresql' && !pgUrl) {
      console.error(
        'SHADOW_DATABASE_URL must name a reachable PostgreSQL database (its tables are not read)',
      );
      process.exit(2);
    }
    const adapter =
      provider === 'sqlite'
        ? new PrismaBetterSqlite3({ url: ':memory:' })
        : new PrismaPg({ connectionString: pgUrl });
    const current = schemaOf(provider);
    const sql = await diffSchemas(adapter, latestSnapshot(provider), current);
    if (!sql) {
      console.log(`${provider}: the migrations already match the schema`);
      continue;
    }
    const dir = path.join(migrationsDir(provider), `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
    fs.writeFileSync(path.join(dir, 'schema.prisma'), current);
    console.log(`${provider}: wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
