import { z } from 'zod';
import { db, type Prisma } from '../db/client';
import { assertSameOrg, orgScope, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { now } from '../clock';
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

// Keyset pagination on (createdAt desc, id desc): the cursor is the last row's pair, so page N
// costs the same as page 1 (index Certificate(orgId, createdAt, id)).
const encodeCursor = (row: { createdAt: Date; id: string }) => Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
// Checked as strictly as PostgreSQL will read it: a UUID, and a time within years 1970–9999
// (JavaScript's dates reach back past timestamptz's 4713 BC; such a cursor gave a 500).
const CURSOR_TIME_MAX = Date.UTC(10000, 0, 1);
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const time = new Date(at).getTime();
  if (!id || !UUID_PATTERN.test(id) || !(time >= 0 && time < CURSOR_TIME_MAX)) fail('bad_request', 'The cursor is not valid.');
  return { createdAt: new Date(time), id };
}

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
      // Keyset: (createdAt, id) < the cursor's. The `lte` is what lets the index start at the
      // cursor; the OR alone is only a filter, and a page N deep then read every row before it
      // (page 20 of revoked certificates at 100,000: 50,099 rows filtered, 11.8 ms; now 2,500
      // and 0.6 ms, the same for every page).
      ...(after ? { createdAt: { lte: after.createdAt }, OR: [{ createdAt: { lt: after.createdAt } }, { id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    omit: { pem: true },
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => presentCertificate({ ...r, pem: '' })),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null,
  };
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
