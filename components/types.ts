// Shapes of the JSON API's objects as the pages use them (API.md).
export type Role = 'operator' | 'org_admin' | 'engineer';
export type Me = { user: { id: string; email: string; role: Role; remindersEnabled: boolean }; org: { id: string; name: string } | null; pendingCsrs?: number };

export type Csr = {
  id: string; status: 'pending' | 'approved' | 'rejected' | 'cancelled'; orgId: string; orgName?: string; subject: string; keyAlgorithm: string;
  publicKeySha256: string; createdAt: string; reviewedAt: string | null; rejectionReason: string | null; certificateId: string | null;
  replacesCertificateId: string | null; submittedBy?: string | null;
};
export type CsrDetail = Csr & {
  pem: string; keySize: number; signatureAlgorithm: string; replaces: Certificate | null;
  /** Operators only, once approved or rejected: the reviewer's e-mail, null for the CLI. */
  reviewedBy?: string | null;
};

export type Certificate = {
  id: string; orgId: string; serialNumber: string; subject: string; issuer: string; keyAlgorithm: string; notBefore: string; notAfter: string;
  status: 'active' | 'revoked' | 'expired'; rotationDue: boolean; rotationDueAt: string; daysUntilExpiry: number; fingerprintSha256: string;
  publicKeySha256: string; revokedAt: string | null; revocationReason: string | null; csrId: string | null; replacedById: string | null;
  replacesCertificateId: string | null; pem?: string;
  /** The certificates on either side of a rotation (detail only). */
  replacedBy?: RotationLink | null; replaces?: RotationLink | null;
};
export type RotationLink = { id: string; serialNumber: string; notAfter: string; createdAt: string };

/** GET /api/v1/csrs/pending-counts (operators). */
export type PendingCounts = { total: number; items: { orgId: string; orgName: string; pending: number }[] };
export type Org = { id: string; name: string; active: boolean; createdAt: string; members: number; certificates: number; pendingCsrs: number };
export type ApiToken = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };
export type AuditEntry = {
  seq: string; at: string; actorEmail: string | null; orgId: string | null; address: string | null; action: string;
  objectType: string | null; objectId: string | null; details: unknown; hash: string; prevHash: string;
};
export type OAuthClient = {
  id: string;
  clientId: string;
  orgId: string;
  name: string;
  scopes: string[];
  certificateBound: boolean;
  /** The test console's own client (lib/sandbox/identity): shown without controls; the API refuses changes. */
  managed: boolean;
  status: 'active' | 'suspended' | 'deleted';
  createdAt: string;
  lastUsedAt: string | null;
  secrets: { createdAt: string; expiresAt: string | null }[];
};

export type MailState = 'pending' | 'sent' | 'failed';
export type OutboxSummary = Record<MailState, number> & { smtpConfigured: boolean };
export type MailMessage = {
  id: string; key: string; kind: string; kindLabel: string; recipient: string; orgId: string | null; subject: string; state: MailState;
  attempts: number; nextAttemptAt: string | null; lastError: string | null; createdAt: string; sentAt: string | null;
};
export type MailPreview = MailMessage & { rendered: { subject: string; text: string; html: string } };

export type CertificateCounts = { valid: number; rotationDue: number; replaced: number; expired: number; revoked: number; total: number };
export type Dashboard = {
  orgId: string | null; generatedAt: string; certificates: CertificateCounts; rotationDue: Certificate[]; expiringByWeek: { weekStart: string; count: number }[];
  // Operators only.
  pendingCsrs?: number; pendingRotations?: number; outbox?: OutboxSummary; organizations?: { orgId: string; name: string; rotationDue: number }[];
};
