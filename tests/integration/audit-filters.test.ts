// The audit log's filters that need more than a column: several objects at once, and time
// (lib/audit/time-range). The chain trigger keeps times from going
// back along the chain, so a time range is one run of seq, found by binary search. The trigger
// tests write in a transaction they roll back: committed stamps in the future would move every
// later entry of the shared test database forward in time. (The transaction holds the chain
// lock for its few milliseconds, so other files' audited writes wait that long.)
import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { pool } from '../../lib/db/client';
import { auditInsertJsonSql, canonicalBody, recordOf, type HashedFields } from '../../lib/audit/append-audit';
import { checkChainSegment } from '../../lib/audit/verify-audit-chain';
import { seqRangeOf } from '../../lib/audit/time-range';
import { api, seedTenant, seedUser, submitAndApprove } from '../helpers';

type Stored = HashedFields & { seq: bigint; prevHash: string; hash: string; body: string };

/** Appends one entry, stamped `at`, with the INSERT the issuance path uses (the trigger links it). */
async function append(client: pg.PoolClient, at: Date, overrides: Partial<HashedFields> = {}): Promise<Stored> {
  const fields: HashedFields = {
    at, actorId: null, actorEmail: 'clock@example.test', orgId: null, address: '127.0.0.1', action: 'test.time', objectType: null, objectId: null, details: null,
    ...overrides,
  };
  const insert = auditInsertJsonSql('(SELECT $1::jsonb AS record) input', 'input.record', '1');
  const { rows } = await client.query(`${insert} RETURNING *`, [JSON.stringify(recordOf(fields))]);
  return { ...rows[0], seq: BigInt(rows[0].seq), details: rows[0].details ?? null };
}

/** Runs `fn` on one connection inside a transaction that is always rolled back. */
async function rolledBack(fn: (client: pg.PoolClient, headAt: Date) => Promise<void>) {
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    const head = await client.query('SELECT at FROM "AuditEntry" ORDER BY seq DESC LIMIT 1');
    await fn(client, head.rows[0]?.at ?? new Date());
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

describe('the chain keeps time', () => {
  it('gives an entry stamped before the head the head’s time, in the column and in the hashed body alike', async () => {
    await rolledBack(async (client, headAt) => {
      const later = new Date(headAt.getTime() + 3_600_000);
      const a = await append(client, later);
      // Fields that hold the text "at":"…" themselves: only the entry's own time may change.
      const tricky = { actorEmail: 'x"at":"1999-01-01T00:00:00.000Z"@example.test', details: { at: '1999-01-01T00:00:00.000Z', nested: { at: 'then' } } };
      const b = await append(client, new Date(later.getTime() - 5000), tricky);
      const c = await append(client, new Date(later.getTime() + 1));

      expect(b.at.toISOString()).toBe(later.toISOString());
      expect(b.body).toBe(canonicalBody({ ...b, at: later }));
      expect(b.body).toContain('"actorEmail":"x\\"at\\":\\"1999-01-01T00:00:00.000Z\\"@example.test"');
      expect(b.details).toEqual(tricky.details);
      expect(c.at.getTime()).toBe(later.getTime() + 1);
      // The hashes the database made are the ones lib/audit recomputes from the columns.
      expect(checkChainSegment([a, b, c], a.prevHash)).toMatchObject({ good: 3, brokenAt: null });
    });
  });
});

describe('a time range as a run of seq', () => {
  it('holds exactly the entries of [since, until), equal times and both ends included', async () => {
    await rolledBack(async (client, headAt) => {
      const base = headAt.getTime() + 86_400_000;
      // 30 entries, three to a second: equal times on every boundary.
      const entries: Stored[] = [];
      for (let i = 0; i < 30; i += 1) entries.push(await append(client, new Date(base + Math.floor(i / 3) * 1000)));
      const times = [...new Set([base - 1, ...entries.map((e) => e.at.getTime()), base + 1, base + 4500, base + 9000, base + 9001, base + 60_000])];

      const expected = (since?: number, until?: number) =>
        entries.filter((e) => (since === undefined || e.at.getTime() >= since) && (until === undefined || e.at.getTime() < until)).map((e) => e.seq);
      const got = async (since?: number, until?: number) => {
        const { from, to } = await seqRangeOf({ since: since === undefined ? undefined : new Date(since), until: until === undefined ? undefined : new Date(until) }, client);
        const first = entries[0].seq;
        return entries.map((e) => e.seq).filter((s) => (from === null || s >= from) && (to === null || s < to) && s >= first);
      };
      let checked = 0;
      for (const since of times) {
        expect(await got(since)).toEqual(expected(since));
        expect(await got(undefined, since)).toEqual(expected(undefined, since));
        for (const until of times.filter((t) => t > since)) {
          expect(await got(since, until)).toEqual(expected(since, until));
          checked += 1;
        }
      }
      expect(checked).toBe((times.length * (times.length - 1)) / 2);
      // Before every entry: the run starts at the first; after every entry: it is empty.
      expect((await seqRangeOf({ since: new Date(0) }, client)).from).toBe(1n);
      const last = entries.at(-1)!.seq;
      expect(await seqRangeOf({ since: new Date(base + 3_600_000), until: new Date(base + 7_200_000) }, client)).toEqual({ from: last + 1n, to: last + 1n });
    });
  });
});

describe('GET /api/v1/audit by time', () => {
  it('lists the entries of [since, until) and refuses a time it cannot read or a range that ends before it starts', async () => {
    const operator = await seedUser('operator');
    const all = await api('/api/v1/audit?limit=500', { token: operator.token });
    expect(all.status).toBe(200);
    const items = all.body.items as { seq: string; at: string }[];
    expect(items.length).toBeGreaterThan(3);
    // Pinned below the head as it was, so that entries other files append meanwhile do not count.
    const before = BigInt(items[0].seq) + 1n;
    const middle = items[Math.floor(items.length / 2)].at;
    const later = items[1].at;
    const range = await api(`/api/v1/audit?limit=500&before=${before}&since=${encodeURIComponent(middle)}&until=${encodeURIComponent(later)}`, { token: operator.token });
    expect(range.status).toBe(200);
    const expected = items.filter((e) => e.at >= middle && e.at < later).map((e) => e.seq);
    expect(expected.length).toBeGreaterThan(0);
    expect(range.body.items.map((e: { seq: string }) => e.seq)).toEqual(expected);
    // The next page of a range: below `before`, still inside the range.
    const cut = expected[Math.floor(expected.length / 2)];
    const older = await api(`/api/v1/audit?limit=500&before=${cut}&since=${encodeURIComponent(middle)}&until=${encodeURIComponent(later)}`, { token: operator.token });
    expect(older.body.items.map((e: { seq: string }) => e.seq)).toEqual(expected.filter((seq) => BigInt(seq) < BigInt(cut)));

    const exported = await api(`/api/v1/audit/export?since=${encodeURIComponent(middle)}&until=${encodeURIComponent(later)}`, { token: operator.token });
    expect(exported.status).toBe(200);
    expect(exported.text.trim().split('\n').map((line) => JSON.parse(line).seq)).toEqual([...expected].reverse());

    for (const query of ['since=yesterday', 'until=2026-13-01', 'since=2026-11-30T10:00:00', `since=${encodeURIComponent(later)}&until=${encodeURIComponent(middle)}`]) {
      const refused = await api(`/api/v1/audit?${query}`, { token: operator.token });
      expect(refused.status, query).toBe(422);
      expect(refused.body.error.code, query).toBe('validation_failed');
    }
    // A date alone is that day's start in UTC; the far ends of the calendar reach the database as they are.
    for (const time of ['2026-01-01', '0000-01-01', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59.999-12:00']) {
      const edge = await api(`/api/v1/audit?since=${encodeURIComponent(time)}&limit=1`, { token: operator.token });
      expect(edge.status, time).toBe(200);
      expect((await api(`/api/v1/audit/export?until=${encodeURIComponent(time)}`, { token: operator.token })).status, time).toBe(200);
    }
  });
});

describe('GET /api/v1/audit by object', () => {
  it('lists the entries of several objects at once: a certificate and the CSR it came from', async () => {
    const operator = await seedUser('operator');
    const { engineer } = await seedTenant('trail');
    const { csr, certificate } = await submitAndApprove(engineer, operator);
    const trail = await api(`/api/v1/audit?objectId=${certificate.id},${csr.id}`, { token: operator.token });
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((e: { action: string; objectId: string }) => [e.action, e.objectId])).toEqual([['csr.approve', certificate.id], ['csr.submit', csr.id]]);
    const one = await api(`/api/v1/audit?objectId=${csr.id}`, { token: operator.token });
    expect(one.body.items.map((e: { action: string }) => e.action)).toEqual(['csr.submit']);
    const tooMany = await api(`/api/v1/audit?objectId=${Array.from({ length: 11 }, (_, i) => `id-${i}`).join(',')}`, { token: operator.token });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.code).toBe('validation_failed');
  });
});
