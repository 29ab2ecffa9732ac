// `npm run db:migration -- <name>` diffs prisma/schema.prisma against the newest migration's
// snapshot (lib/db/schema-engine). The committed schema must be fully migrated, a datamodel
// change must come out as SQL, and a hand-written migration without a snapshot (a trigger or a
// function) must not hide the baseline: it once made the command fail with ENOENT.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { applyMigrations, pendingSchemaSql, SCHEMA_ENGINE_APPLICATION } from '../../lib/db/schema-engine';

function copyPrisma() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tg-migrations-'));
  cpSync(path.resolve('prisma'), dir, { recursive: true });
  return { migrations: path.join(dir, 'migrations'), schema: path.join(dir, 'schema.prisma') };
}

describe('db:migration', () => {
  it('finds nothing to write for the committed schema', async () => {
    expect(await pendingSchemaSql(inject('databaseUrl'))).toBe('');
  }, 60_000);

  // The engine's connections end with it. One once stayed open, idle, still holding the engine's
  // session advisory lock for migrations, until pg's 10 s idle timeout: another migration in that
  // time (a second instance starting, a second call) waited those 10 s for the lock.
  it('applies nothing to a migrated database, and leaves no connection open', async () => {
    expect(await applyMigrations(inject('databaseUrl'))).toEqual([]);
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [SCHEMA_ENGINE_APPLICATION]);
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  }, 60_000);

  it('writes the SQL of a datamodel change, past a hand-written migration that has no snapshot', async () => {
    const copy = copyPrisma();
    mkdirSync(path.join(copy.migrations, '29991231000000_hand_written'));
    writeFileSync(path.join(copy.migrations, '29991231000000_hand_written', 'migration.sql'), 'SELECT 1;\n');
    expect(await pendingSchemaSql(inject('databaseUrl'), copy.migrations, copy.schema)).toBe('');

    const schema = readFileSync(copy.schema, 'utf8').replace(/model IdempotencyRecord \{\n/, '$&  note String?\n');
    writeFileSync(copy.schema, schema);
    const sql = await pendingSchemaSql(inject('databaseUrl'), copy.migrations, copy.schema);
    expect(sql).toMatch(/ALTER TABLE "IdempotencyRecord" ADD COLUMN\s+"note" TEXT;/);
  }, 60_000);
});
