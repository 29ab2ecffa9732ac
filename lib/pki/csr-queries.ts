import { z } from 'zod';
import { db } from '../db/client';
import { assertSameOrg, isOperator, orgScope, requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { afterCursor, decodeCursor, keysetOrder, keysetPage } from '../http/keyset';
import { parseCsr } from './csr-policy';
import { presentCertificate, presentCsr } from './present';

export const listCsrsQuery = z.object({
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled']).optional(),
  orgId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

/**
 * Own organization's CSRs, newest first; for operators every organization's; pending ones oldest
 * first (the queue). Keyset pages (lib/http/keyset): `nextCursor` while there are more.
 */
export async function listCsrs(actor: Actor, query: z.infer<typeof listCsrsQuery>) {
  const direction = query.status === 'pending' ? 'asc' : 'desc';
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await db().csr.findMany({
    where: {
      ...orgScope(actor),
      ...(query.orgId && !orgScope(actor).orgId ? { orgId: query.orgId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(after ? afterCursor(after, direction) : {}),
    },
    orderBy: keysetOrder(direction),
    take: query.limit + 1,
    include: { submittedBy: { select: { email: true } }, org: { select: { name: true } } },
  });
  const { page, nextCursor } = keysetPage(rows, query.limit);
  return { items: page.map(presentCsr), nextCursor };
}

export async function countPendingCsrs(): Promise<number> {
  return db().csr.count({ where: { status: 'pending' } });
}

/**
 * Operators: how many CSRs wait, per organization (the queue's organization filter, read every
 * 15 s). Only organizations with a CSR waiting; from the pending rows alone, not a count of
 * every organization's certificates as the organizations list makes.
 */
export async function countPendingByOrganization(actor: Actor) {
  requireRole(actor, 'operator');
  const rows = await db().$queryRaw<{ orgId: string; name: string; pending: bigint }[]>`
    SELECT c."orgId", o.name, count(*) AS pending FROM "Csr" c JOIN "Organization" o ON o.id = c."orgId"
    WHERE c.status = 'pending' GROUP BY 1, 2 ORDER BY 2, 1`;
  const items = rows.map((r) => ({ orgId: r.orgId, orgName: r.name, pending: Number(r.pending) }));
  return { total: items.reduce((n, i) => n + i.pending, 0), items };
}

/** One CSR with what a reviewer needs: parsed key details and the certificate it would replace. */
export async function getCsr(actor: Actor, id: string) {
  const row = await db().csr.findUnique({
    where: { id },
    include: { submittedBy: { select: { email: true } }, org: { select: { name: true } } },
  });
  if (!row) return fail('not_found', 'CSR not found.');
  assertSameOrg(actor, row.orgId, 'CSR');
  // A read: the stored CSR passed the full policy, proof of possession included, when accepted.
  const parsed = await parseCsr(row.pem, { proofOfPossession: false });
  // Who reviewed it is the provider's business: operators see it (null: the CLI), members do not.
  const showReviewer = isOperator(actor) && row.reviewedAt !== null && row.status !== 'cancelled';
  const [replaces, reviewer] = await Promise.all([
    row.replacesCertificateId ? db().certificate.findUnique({ where: { id: row.replacesCertificateId } }) : null,
    showReviewer && row.reviewedById ? db().user.findUnique({ where: { id: row.reviewedById }, select: { email: true } }) : null,
  ]);
  return {
    ...presentCsr(row),
    ...(showReviewer ? { reviewedBy: reviewer?.email ?? null } : {}),
    pem: row.pem,
    keySize: parsed.keySize,
    signatureAlgorithm: parsed.signatureAlgorithm,
    replaces: replaces ? presentCertificate(replaces) : null,
  };
}
