// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven through a
// driver adapter: it computes migration SQL and checks that committed migrations match the schema,
// with no Rust binary to download. Used by src/cli/new-migration.ts and the drift tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { Provider } from './url';

type DiffTarget =
  | { tag: 'empty' }
  | { tag: 'schemaDatamodel'; files: { path: string; content: string }[] }
  | { tag: 'schemaDatasource'; files: { path: string; content: string }[]; configDir: string };

interface WasmSchemaEngine {
  diff(params: {
    from: DiffTarget;
    to: DiffTarget;
    script: boolean;
    exitCode: boolean | null;
    filters: { externalTables: string[]; externalEnums: string[] };
  }): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

// lib ES2023 without DOM has no WebAssembly types: the little used here.
type WasmExports = Record<string, unknown>;
const WebAssemblyApi = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(bytes: Buffer, imports: object): Promise<{ instance: { exports: WasmExports } }>;
    };
  }
).WebAssembly;

interface WasmModule {
  __wbg_set_wasm(exports: WasmExports): void;
  SchemaEngine: {
    new: (
      options: { datamodels: [string, string][] },
      log: (line: string) => void,
      adapter: unknown,
    ) => Promise<WasmSchemaEngine>;
  };
}

let loaded: Promise<WasmModule> | undefined;

async function loadWasm(): Promise<WasmModule> {
  // The package is ESM and imports its .wasm file, which Node's loader does not handle: load the
  // JavaScript bindings (require of ESM, Node >= 20.19) and instantiate the module ourselves.
  const bindings = require('@prisma/schema-engine-wasm/schema_engine_bg') as WasmModule;
  const wasmFile = path.join(
    path.dirname(require.resolve('@prisma/schema-engine-wasm')),
    'schema_engine_bg.wasm',
  );
  const { instance } = await WebAssemblyApi.instantiate(fs.readFileSync(wasmFile), {
    './schema_engine_bg.js': bindings,
  });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings;
}

/** The generated schema of a provider (schema/generated/<provider>/schema.prisma). */
export function schemaOf(provider: Provider): string {
  return fs.readFileSync(
    path.resolve(__dirname, '..', 'schema', 'generated', provider, 'schema.prisma'),
    'utf8',
  );
}

/**
 * The SQL that takes the database the adapter connects to (for example a scratch database with the
 * committed migrations applied) to the current schema; '' when they already match. The migration
 * ledger table is left out of the comparison.
 */
export async function diffDatabaseToSchema(
  provider: Provider,
  adapter: SqlMigrationAwareDriverAdapterFactory,
): Promise<string> {
  loaded ??= loadWasm();
  const wasm = await loaded;
  const schema = schemaOf(provider);
  const files = [{ path: 'schema.prisma', content: schema }];
  const engine = await wasm.SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  try {
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: '.' },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: {
        externalTables: [provider === 'postgresql' ? 'public._strata_migrations' : '_strata_migrations'],
        externalEnums: [],
      },
    });
    const sql = result.stdout ?? '';
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? '' : sql;
  } finally {
    engine.free();
  }
}

/**
 * The SQL between two schemas (the previous one, or nothing, and the current one). No database is
 * read; the adapter only tells the engine which SQL dialect to write.
 */
export async function diffSchemas(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  previous: string | null,
  current: string,
): Promise<string> {
  loaded ??= loadWasm();
  const wasm = await loaded;
  const engine = await wasm.SchemaEngine.new(
    { datamodels: [['schema.prisma', current]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  try {
    const result = await engine.diff({
      from:
        previous === null
          ? { tag: 'empty' }
          : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: previous }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: current }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = result.stdout ?? '';
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? '' : sql;
  } finally {
    engine.free();
  }
}

/** A schema without its generator block: what decides the database's shape. */
export function databaseShape(schema: string): string {
  return schema.replace(/generator\s+\w+\s*\{[^}]*\}/g, '').trim();
}
