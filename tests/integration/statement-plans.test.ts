// The hot paths' statements (issuance, sandbox payments) are prepared once per connection, and
// their plans kept, often while the tables are young. Planned against empty tables, the worst
// case, every read of a row must still be a probe by its key: a lookup that filters an
// organization's certificates or payments, or the pending CSRs, costs more with each one there
// is. Empty copies of the tables, created in the session's own schema and found first, give the
// planner exactly that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { pool } from '../../lib/db/client';
import { issuanceSql } from '../../lib/pki/issuance-writes';
import { BY_ID_SQL as PAYMENT_BY_ID_SQL } from '../../lib/sandbox/payments';

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Cond'?: string; 'Recheck Cond'?: string; Filter?: string; Plans?: PlanNode[] };

const TABLES = ['Organization', 'User', 'Csr', 'Certificate', 'ReminderSchedule', 'MailMessage', 'AuditEntry', 'SandboxPayment'];
// The columns a probe may use: each table's primary key, and the certificates' public-key hash.
const KEY_COND = /^\(\(?(id|"certificateId"|"publicKeySha256") = /;

function* scans(node: PlanNode): Generator<PlanNode> {
  if (node['Relation Name'] && node['Node Type'] !== 'ModifyTable') yield node;
  for (const child of node.Plans ?? []) yield* scans(child);
}

/** How each table is read: "<table>: <index condition>", or what reads it without one. */
function reads(plan: PlanNode): string[] {
  return [...scans(plan)].map((scan) => {
    const cond = scan['Index Cond'] ?? scan.Plans?.find((p) => p['Node Type'] === 'Bitmap Index Scan')?.['Index Cond'];
    return cond && KEY_COND.test(cond) ? `${scan['Relation Name']}: by key` : `${scan['Relation Name']}: ${scan['Node Type']} ${cond ?? ''} ${scan.Filter ?? ''}`.trim();
  });
}

describe('prepared statements read every row by its key, however young the tables', () => {
  let client: pg.PoolClient;
  beforeAll(async () => {
    client = await pool().connect();
    await client.query('BEGIN');
    for (const table of TABLES) await client.query(`CREATE TEMP TABLE "${table}" (LIKE public."${table}" INCLUDING ALL)`);
    await client.query('SET LOCAL search_path = pg_temp, public');
    await client.query('SET LOCAL plan_cache_mode = force_generic_plan');
  });
  afterAll(async () => {
    await client.query('ROLLBACK');
    client.release();
  });

  async function readsOf(sql: string, types: string, args: string): Promise<string[]> {
    await client.query(`PREPARE plan_test(${types}) AS ${sql}`);
    try {
      const { rows } = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE plan_test(${args})`);
      return reads(rows[0]['QUERY PLAN'][0].Plan);
    } finally {
      await client.query('DEALLOCATE plan_test');
    }
  }

  const shapes = [
    { name: 'CSR submissions', submit: true, approve: false, replace: false },
    { name: 'CSR approvals', submit: false, approve: true, replace: false },
    { name: 'CSR submissions and approvals', submit: true, approve: true, replace: false },
    { name: 'CSR approvals with a rotation', submit: true, approve: true, replace: true },
  ];
  for (const shape of shapes) {
    it(shape.name, async () => {
      const found = await readsOf(issuanceSql(shape.submit, shape.approve, shape.replace), 'json', "'[]'");
      // Organization and Certificate twice (a replaced one, a used key) for submissions; Csr and
      // User (the submitter's mail) for approvals; the rotation's certificate and reminder.
      expect(found.length).toBeGreaterThanOrEqual(shape.submit ? 3 : 2);
      expect(found.filter((read) => !read.endsWith('by key'))).toEqual([]);
    });
  }

  it('a sandbox payment read by its id', async () => {
    expect(await readsOf(PAYMENT_BY_ID_SQL, 'text, uuid', "'org', gen_random_uuid()")).toEqual(['SandboxPayment: by key']);
  });
});
