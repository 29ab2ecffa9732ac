// Bulk-loads the expiry benchmark's data set (bench/expiry.ts) with INSERT … SELECT
// generate_series: organizations with two members each, then certificates in chunks.
//
// Certificate g (1-based) has serial md5('s' || g); every (total / big)-th belongs to BIG_ORG,
// the others round-robin over the remaining organizations, so any prefix 1..n is a scaled-down
// copy of the whole set. notAfter spreads over two years from now + 1 day; rotationDueAt is
// notAfter − 30 days. No certificate is due: each has a ReminderSchedule row at the most distant
// reminder threshold still more than a day ahead (notAfter − 30 days for most; 14, 7, 1 or 0
// days for those already in the rotation window, as if their earlier reminders had gone out),
// which is what a live deployment holds between two daily scans.
import { cliActor } from '../../lib/auth/actor';
import { createApiToken } from '../../lib/auth/api-tokens';
import { config } from '../../lib/config';
import { pool } from '../../lib/db/client';
import { createUser } from '../../lib/orgs/users';

export const BIG_ORG = 'bench-big';
export const MEMBERS = 2;

const sql = (text: string, values: unknown[] = []) => pool().query(text, values);

export type Tokens = { engineer: string; operator: string };

/** `orgs` organizations (BIG_ORG and org-0001…), two members each; API tokens for BIG_ORG's engineer and an operator. */
export async function loadOrganizations(orgs: number): Promise<Tokens> {
  const others = orgs - 1;
  await sql(`INSERT INTO "Organization" (id, name) VALUES ($1, 'Bench big')`, [BIG_ORG]);
  await sql(`INSERT INTO "Organization" (id, name) SELECT 'org-' || lpad(g::text, 4, '0'), 'Org ' || g FROM generate_series(1, ${others}) g`);
  // The two users with API tokens go through lib; the other members are plain rows (they never sign in).
  const eng = await createUser(cliActor, { email: `eng@${BIG_ORG}.test`, password: 'bench-password-1', role: 'engineer', orgId: BIG_ORG });
  const op = await createUser(cliActor, { email: 'op@bench.test', password: 'bench-password-1', role: 'operator' });
  await sql(`INSERT INTO "User" (id, email, "passwordHash", role, "orgId") VALUES (gen_random_uuid(), $1, 'x', 'org_admin', $2)`, [`admin@${BIG_ORG}.test`, BIG_ORG]);
  await sql(`
    INSERT INTO "User" (id, email, "passwordHash", role, "orgId")
    SELECT gen_random_uuid(), r || '@org-' || lpad(g::text, 4, '0') || '.test', 'x', r::"Role", 'org-' || lpad(g::text, 4, '0')
    FROM generate_series(1, ${others}) g, (VALUES ('engineer'), ('org_admin')) AS roles(r)`);
  return {
    engineer: (await createApiToken(cliActor, eng.id, { name: 'bench' })).token,
    operator: (await createApiToken(cliActor, op.id, { name: 'bench' })).token,
  };
}

/** Certificates from..to (inclusive), 100,000 per statement. */
export async function loadCertificates(opts: { from: number; to: number; total: number; orgs: number; big: number }) {
  const { total, orgs, big } = opts;
  const step = Math.round(total / big);
  const thresholds = [...config().reminderThresholds].sort((a, b) => b - a);
  const next = `CASE ${thresholds.map((d) => `WHEN na - interval '${d} days' > now() + interval '1 day' THEN na - interval '${d} days'`).join(' ')} END`;
  for (let from = opts.from; from <= opts.to; from += 100_000) {
    const to = Math.min(opts.to, from + 100_000 - 1);
    await sql(`
      WITH c AS (
        INSERT INTO "Certificate" (id, "orgId", "serialNumber", subject, issuer, "notBefore", "notAfter", "rotationDueAt",
          "fingerprintSha256", "publicKeySha256", "keyAlgorithm", pem, status, "createdAt")
        SELECT gen_random_uuid(), CASE WHEN g % ${step} = 0 THEN '${BIG_ORG}' ELSE 'org-' || lpad((g % ${orgs - 1} + 1)::text, 4, '0') END,
          md5('s' || g), 'CN=svc-' || g, 'CN=Trustgate Issuing CA', na - interval '365 days', na, na - interval '30 days',
          encode(sha256(('f' || g)::bytea), 'hex'), encode(sha256(('k' || g)::bytea), 'hex'), 'EC P-384', '',
          'active', now() - (g || ' seconds')::interval
        FROM generate_series(${from}, ${to}) g,
          LATERAL (SELECT now() + interval '1 day 1 hour' + (g % 730) * interval '1 day' + (g % 1440) * interval '1 minute' AS na) x
        RETURNING id, "notAfter" AS na)
      INSERT INTO "ReminderSchedule" ("certificateId", "dueAt")
      SELECT id, due FROM c, LATERAL (SELECT ${next} AS due) d WHERE due IS NOT NULL`);
  }
}

/** What autovacuum does for live data; done explicitly so that every run starts alike. */
export async function vacuumAnalyze() {
  await sql('VACUUM (ANALYZE) "Certificate", "ReminderSchedule", "CertificateExpiryDay", "CertificateDayTotal", "OrganizationCertificateCount"');
  await sql('ANALYZE "User"');
  await sql('ANALYZE "Organization"');
  const { rows: [size] } = await sql(`SELECT pg_size_pretty(pg_relation_size('"Certificate"')) AS heap, pg_size_pretty(pg_indexes_size('"Certificate"')) AS indexes`);
  return size as { heap: string; indexes: string };
}
