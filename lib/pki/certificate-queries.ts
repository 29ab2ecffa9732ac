import { z } from 'zod';
import { db, type Prisma } from '../db/client';
import { assertSameOrg, orgScope, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { now } from '../clock';
import { afterCursor, decodeCursor, keysetOrder, keysetPage } from '../http/keyset';
import { UUID_PATTERN } from '../http/params';
import { presentCertificate } from './present';

export const listCertificatesQuery = z.object({
  status: z.enum(['active', 'revoked', 'expired']).optional(),
  rotationDue: z.enum(['true', 'false']).optional(),
  orgId: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

function statusFilter(query: z.infer<typeof listCertificatesQuery>): Prisma.CertificateWhereInput {
  const at = now();
  const filters: Prisma.CertificateWhereInput[] = [];
  if (query.status === 'revoked') filters.push({ status: 'revoked' });
  if (query.status === 'active') filters.push({ status: 'active', notAfter: { gt: at } });
  if (query.status === 'expired') filters.push({ status: 'active', notAfter: { lte: at } });
  if (query.rotationDue === 'true') filters.push({ status: 'active', notAfter: { gt: at }, rotationDueAt: { lte: at }, replacedById: null });
  if (query.rotationDue === 'false') filters.push({ NOT: { status: 'active', notAfter: { gt: at }, rotationDueAt: { lte: at }, replacedById: null } });
  if (query.q) {
    const q = query.q.trim().toLowerCase();
    filters.push({ OR: [{ serialNumber: { startsWith: q } }, { fingerprintSha256: { startsWith: q } }, { subject: { contains: query.q, mode: 'insensitive' } }] });
  }
  return { AND: filters };
}

export async function listCertificates(actor: Actor, query: z.infer<typeof listCertificatesQuery>) {
  const scope = orgScope(actor).orgId ? orgScope(actor) : query.orgId ? { orgId: query.orgId } : {};
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await db().certificate.findMany({
    where: {
      ...scope,
      ...statusFilter(query),
      // Keyset pages (lib/http/keyset): the index Certificate(orgId, createdAt, id) starts at the cursor.
      ...(after ? afterCursor(after) : {}),
    },
    orderBy: keysetOrder(),
    take: query.limit + 1,
    omit: { pem: true },
  });
  const { page, nextCursor } = keysetPage(rows, query.limit);
  return { items: page.map((r) => presentCertificate({ ...r, pem: '' })), nextCursor };
}

export async function getCertificateRow(actor: Actor, id: string) {
  if (!UUID_PATTERN.test(id)) return fail('not_found', 'Certificate not found.');
  const row = await db().certificate.findUnique({ where: { id } });
  if (!row) return fail('not_found', 'Certificate not found.');
  assertSameOrg(actor, row.orgId, 'Certificate');
  return row;
}

const rotationLink = (id: string | null) =>
  id ? db().certificate.findUnique({ where: { id }, select: { id: true, serialNumber: true, notAfter: true, createdAt: true } }) : null;

/** One certificate with its PEM and, across a rotation, the certificate on either side. */
export async function getCertificate(actor: Actor, id: string) {
  const row = await getCertificateRow(actor, id);
  const [replacedBy, replaces] = await Promise.all([rotationLink(row.replacedById), rotationLink(row.replacesCertificateId)]);
  return { ...presentCertificate(row, { withPem: true }), replacedBy, replaces };
}
