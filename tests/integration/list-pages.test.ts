// Keyset pagination (lib/http/keyset) at depth: every page is the next one, ties on createdAt
// included, newest or oldest first, and a page deep in the certificate list reads about a page
// of rows, not every row before it. The list is built by Prisma, so the statement it sends is
// taken from the pool and run again under EXPLAIN ANALYZE.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { pool } from '../../lib/db/client';
import { listCertificates, listCertificatesQuery } from '../../lib/pki/certificate-queries';
import { api, seedOrg, seedTenant, seedUser } from '../helpers';

const ROWS = 20_000;
const LIMIT = 200;

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Actual Rows': number; 'Actual Loops': number; 'Rows Removed by Filter'?: number; Plans?: PlanNode[] };

/** Rows the plan's scans of "Certificate" looked at: those they returned and those they filtered out. */
function rowsRead(node: PlanNode): number {
  const own = node['Relation Name'] === 'Certificate' ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops'] : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child), 0);
}

/** The SQL and values of the Certificate query `run` sends through the pool (Prisma's adapter uses it). */
async function captureQuery(run: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }> {
  const target = pool();
  const original = target.query;
  let captured: { text: string; values: unknown[] } | null = null;
  target.query = function (this: typeof target, config: unknown, ...rest: unknown[]) {
    const c = config as { text?: string; values?: unknown[] };
    if (!captured && c?.text?.includes('"Certificate"')) captured = { text: c.text, values: c.values ?? [] };
    return (original as (...args: unknown[]) => unknown).call(this, config, ...rest);
  } as typeof target.query;
  try {
    await run();
  } finally {
    target.query = original;
  }
  if (!captured) throw new Error('no Certificate query went through the pool');
  return captured;
}

describe('certificate list, keyset pages', () => {
  let actor: Actor;
  beforeAll(async () => {
    const org = await seedOrg('pages');
    actor = { userId: randomUUID(), email: 'pages@example.test', role: 'engineer', orgId: org.id, address: null, via: 'token' };
    // Four certificates share each createdAt, so pages end inside a tie and the id decides.
    await pool().query(
      `INSERT INTO "Certificate" (id, "orgId", "serialNumber", subject, issuer, "notBefore", "notAfter", "rotationDueAt",
         "fingerprintSha256", "publicKeySha256", "keyAlgorithm", pem, "createdAt")
       SELECT gen_random_uuid(), $1, md5($1 || 's' || g), 'CN=' || $1, 'CN=Trustgate Issuing CA', now(), now() + interval '300 days',
         now() + interval '270 days', encode(sha256(($1 || 'f' || g)::bytea), 'hex'), encode(sha256(($1 || 'k' || g)::bytea), 'hex'),
         'EC P-384', '', date_trunc('second', now()) - ((g / 4) || ' seconds')::interval
       FROM generate_series(1, $2::int) g`,
      [org.id, ROWS],
    );
    await pool().query('ANALYZE "Certificate"');
  });

  it('walks every certificate once, in (createdAt, id) order, ties included', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCertificates(actor, listCertificatesQuery.parse({ limit: String(LIMIT), cursor }));
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const { rows } = await pool().query(`SELECT id FROM "Certificate" WHERE "orgId" = $1 ORDER BY "createdAt" DESC, id DESC`, [actor.orgId]);
    expect(seen).toHaveLength(ROWS);
    expect(seen).toEqual(rows.map((r: { id: string }) => r.id));
  });

  it('reads about one page of rows for a page 5,000 rows deep', async () => {
    let cursor: string | undefined;
    for (let page = 0; page < 25; page += 1) {
      cursor = (await listCertificates(actor, listCertificatesQuery.parse({ limit: String(LIMIT), cursor }))).nextCursor ?? undefined;
    }
    const query = await captureQuery(() => listCertificates(actor, listCertificatesQuery.parse({ limit: String(LIMIT), cursor })));
    const { rows } = await pool().query(`EXPLAIN (ANALYZE, FORMAT JSON) ${query.text}`, query.values);
    const read = rowsRead(rows[0]['QUERY PLAN'][0].Plan);
    // A keyset that is only a filter reads the 5,000 rows before the cursor as well.
    expect(read).toBeGreaterThanOrEqual(LIMIT + 1);
    expect(read).toBeLessThan(2 * LIMIT);
  });
});

describe('CSR list, keyset pages', () => {
  // Rows as one transaction writes them: the same createdAt for all.
  async function insertCsrs(orgId: string, status: 'approved' | 'pending', count: number) {
    await pool().query(
      `INSERT INTO "Csr" (id, "orgId", pem, subject, "keyAlgorithm", "publicKeySha256", status, "createdAt")
       SELECT gen_random_uuid(), $1, '', 'CN=' || $1, 'EC P-384', encode(sha256(($1 || $2 || g)::bytea), 'hex'), $2::"CsrStatus",
         date_trunc('second', now()) - interval '1 hour'
       FROM generate_series(1, $3::int) g`,
      [orgId, status, count],
    );
  }
  async function walk(path: string, token: string): Promise<string[]> {
    const seen: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 50; pages += 1) {
      const page = await api(`${path}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor;
    }
    return seen;
  }

  it("walks an organization's CSRs newest first, and the queue oldest first, each once", async () => {
    const t = await seedTenant('csrpages');
    await insertCsrs(t.org.id, 'approved', 130);
    await insertCsrs(t.org.id, 'pending', 70);
    const newest = await pool().query(`SELECT id FROM "Csr" WHERE "orgId" = $1 ORDER BY "createdAt" DESC, id DESC`, [t.org.id]);
    expect(await walk('/api/v1/csrs?limit=50', t.engineer.token)).toEqual(newest.rows.map((r: { id: string }) => r.id));

    const operator = await seedUser('operator');
    const oldest = await pool().query(`SELECT id FROM "Csr" WHERE "orgId" = $1 AND status = 'pending' ORDER BY "createdAt", id`, [t.org.id]);
    expect(await walk(`/api/v1/csrs?status=pending&orgId=${t.org.id}&limit=30`, operator.token)).toEqual(oldest.rows.map((r: { id: string }) => r.id));
  });
});
