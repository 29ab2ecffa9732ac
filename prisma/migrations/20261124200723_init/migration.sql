-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('operator', 'org_admin', 'engineer');

-- CreateEnum
CREATE TYPE "CsrStatus" AS ENUM ('pending', 'approved', 'rejected', 'cancelled');

-- CreateEnum
CREATE TYPE "CertificateStatus" AS ENUM ('active', 'revoked');

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "orgId" TEXT,
    "remindersEnabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMPTZ(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "orgId" TEXT NOT NULL,
    "invitedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "CaCertificate" (
    "id" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "certPem" TEXT NOT NULL,
    "sealedKey" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "notAfter" TIMESTAMPTZ(3) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Crl" (
    "crlNumber" BIGINT NOT NULL,
    "issuerId" UUID NOT NULL,
    "der" BYTEA NOT NULL,
    "thisUpdate" TIMESTAMPTZ(3) NOT NULL,
    "nextUpdate" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Crl_pkey" PRIMARY KEY ("crlNumber")
);

-- CreateTable
CREATE TABLE "Csr" (
    "id" UUID NOT NULL,
    "orgId" TEXT NOT NULL,
    "submittedById" UUID,
    "status" "CsrStatus" NOT NULL DEFAULT 'pending',
    "pem" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "keyAlgorithm" TEXT NOT NULL,
    "publicKeySha256" TEXT NOT NULL,
    "replacesCertificateId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedAt" TIMESTAMPTZ(3),
    "reviewedById" UUID,
    "rejectionReason" TEXT,
    "certificateId" UUID,

    CONSTRAINT "Csr_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" UUID NOT NULL,
    "orgId" TEXT NOT NULL,
    "csrId" UUID,
    "serialNumber" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "notBefore" TIMESTAMPTZ(3) NOT NULL,
    "notAfter" TIMESTAMPTZ(3) NOT NULL,
    "rotationDueAt" TIMESTAMPTZ(3) NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "publicKeySha256" TEXT NOT NULL,
    "keyAlgorithm" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "status" "CertificateStatus" NOT NULL DEFAULT 'active',
    "revokedAt" TIMESTAMPTZ(3),
    "revocationReason" TEXT,
    "replacesCertificateId" UUID,
    "replacedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "orgId" TEXT,
    "address" TEXT,
    "action" TEXT NOT NULL,
    "objectType" TEXT,
    "objectId" TEXT,
    "details" JSONB,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "actorId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER,
    "body" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("actorId","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_orgId_idx" ON "User"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_orgId_idx" ON "Invitation"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE INDEX "CaCertificate_role_active_idx" ON "CaCertificate"("role", "active");

-- CreateIndex
CREATE UNIQUE INDEX "CaCertificate_role_fingerprintSha256_key" ON "CaCertificate"("role", "fingerprintSha256");

-- CreateIndex
CREATE UNIQUE INDEX "Csr_certificateId_key" ON "Csr"("certificateId");

-- CreateIndex
CREATE INDEX "Csr_status_createdAt_idx" ON "Csr"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Csr_orgId_createdAt_idx" ON "Csr"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "Csr_publicKeySha256_idx" ON "Csr"("publicKeySha256");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_csrId_key" ON "Certificate"("csrId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_serialNumber_key" ON "Certificate"("serialNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_fingerprintSha256_key" ON "Certificate"("fingerprintSha256");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_publicKeySha256_key" ON "Certificate"("publicKeySha256");

-- CreateIndex
CREATE INDEX "Certificate_orgId_createdAt_id_idx" ON "Certificate"("orgId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Certificate_createdAt_id_idx" ON "Certificate"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Certificate_status_rotationDueAt_idx" ON "Certificate"("status", "rotationDueAt");

-- CreateIndex
CREATE INDEX "Certificate_status_revokedAt_idx" ON "Certificate"("status", "revokedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_hash_key" ON "AuditEntry"("hash");

-- CreateIndex
CREATE INDEX "AuditEntry_orgId_seq_idx" ON "AuditEntry"("orgId", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_action_seq_idx" ON "AuditEntry"("action", "seq");

-- CreateIndex
CREATE INDEX "IdempotencyRecord_createdAt_idx" ON "IdempotencyRecord"("createdAt");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Csr" ADD CONSTRAINT "Csr_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Csr" ADD CONSTRAINT "Csr_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: audit entries are append-only (lib/audit): refuse UPDATE, DELETE and TRUNCATE.
-- The schema engine splits migration scripts on every semicolon, even inside quotes, so the
-- function body spells its one semicolon as the escape \073.
CREATE FUNCTION audit_entry_immutable() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN RAISE EXCEPTION ''AuditEntry is append-only''\073 END';
CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE OR DELETE ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION audit_entry_immutable();
CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON "AuditEntry" FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_immutable();

-- Hand-written: one open CSR per public key, so duplicate_key holds when two submissions race.
CREATE UNIQUE INDEX "Csr_pending_publicKeySha256_key" ON "Csr"("publicKeySha256") WHERE "status" = 'pending';
