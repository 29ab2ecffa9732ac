// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven through the
// pg driver adapter. The Prisma CLI would download a native engine from a host these machines
// cannot reach; the wasm build is the same engine and keeps `prisma/migrations` in the
// standard layout, so `prisma migrate deploy` still works wherever the CLI can run.
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { createPool } from './client';

export const migrationsDir = path.resolve(process.cwd(), 'prisma/migrations');
export const schemaPath = path.resolve(process.cwd(), 'prisma/schema.prisma');
export const noFilters = { externalTables: [] as string[], externalEnums: [] as string[] };

let wasmModule: Promise<typeof import('@prisma/schema-engine-wasm')> | undefined;
// Once per process: the glue module keeps views of the instance's memory.
const loadWasmModule = () => (wasmModule ??= instantiateWasm());

async function instantiateWasm(): Promise<typeof import('@prisma/schema-engine-wasm')> {
  // The package's ESM entry imports a .wasm file, which Node 20 refuses: instantiate by hand.
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
  const bg = await import(pathToFileURL(path.join(dir, 'schema_engine_bg.js')).href);
  const module = new WebAssembly.Module(await readFile(path.join(dir, 'schema_engine_bg.wasm')));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bg;
}

/** Names the engine's connections in pg_stat_activity. */
export const SCHEMA_ENGINE_APPLICATION = 'trustgate-schema-engine';

export async function withSchemaEngine<T>(databaseUrl: string, fn: (engine: SchemaEngine) => Promise<T>, schemaFile = schemaPath): Promise<T> {
  const wasm = await loadWasmModule();
  // Our own pool, ended when the engine is done: freeing the engine leaves the adapter's pool
  // open, and its idle connection kept the engine's session advisory lock for migrations until
  // pg's 10 s idle timeout, so another instance starting meanwhile waited 10 s to migrate.
  const pool = createPool(databaseUrl, 2, { application_name: SCHEMA_ENGINE_APPLICATION });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const schema = await readFile(schemaFile, 'utf8');
  const engine = await wasm.SchemaEngine.new(
    { datamodels: [[schemaFile, schema]] },
    () => undefined,
    adapter,
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await pool.end();
  }
}

export async function readMigrations(dir = migrationsDir): Promise<MigrationList> {
  const names = (await readdir(dir, { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const lockPath = path.join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(path.join(dir, name, 'migration.sql'), 'utf8')
            .then((value) => ({ tag: 'ok' as const, value }))
            .catch((e: Error) => ({ tag: 'error' as const, value: e.message })),
        },
      })),
    ),
  };
}

/** Applies pending migrations exactly as `prisma migrate deploy` does; a second call applies nothing. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const migrationsList = await readMigrations();
  return withSchemaEngine(databaseUrl, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return out.appliedMigrationNames;
  });
}

/**
 * The SQL that takes the migrations' schema to `schemaFile`, or '' when they agree. Each
 * generated migration keeps a snapshot of the datamodel it produced (schema.prisma beside its
 * SQL): the wasm engine cannot introspect a live database (it fails on PostgreSQL's "char"
 * column type), so the diff is taken between two datamodels instead of a shadow database. A
 * hand-written migration (a trigger, a function) changes no datamodel and has no snapshot: the
 * newest snapshot is the baseline. The engine wants a live adapter even for this diff.
 */
export async function pendingSchemaSql(databaseUrl: string, dir = migrationsDir, schemaFile = schemaPath): Promise<string> {
  const names = (await readMigrations(dir)).migrationDirectories.map((m) => m.path);
  let snapshot: string | null = null;
  for (const name of names.reverse()) {
    snapshot = await readFile(path.join(dir, name, 'schema.prisma'), 'utf8').catch(() => null);
    if (snapshot !== null) break;
  }
  const from = snapshot === null ? { tag: 'empty' as const } : { tag: 'schemaDatamodel' as const, files: [{ path: 'snapshot.prisma', content: snapshot }] };
  const to = { tag: 'schemaDatamodel' as const, files: [{ path: schemaFile, content: await readFile(schemaFile, 'utf8') }] };
  const result = await withSchemaEngine(databaseUrl, (engine) => engine.diff({ from, to, script: true, exitCode: null, filters: noFilters }), schemaFile);
  const sql = result.stdout ?? '';
  return !sql.trim() || /^-- This is an empty migration/.test(sql.trim()) ? '' : sql;
}
