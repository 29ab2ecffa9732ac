-- CreateEnum
CREATE TYPE "OAuthClientStatus" AS ENUM ('active', 'suspended', 'deleted');

-- CreateTable
CREATE TABLE "OAuthClient" (
    "id" UUID NOT NULL,
    "clientId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scopes" TEXT[],
    "certificateBound" BOOLEAN NOT NULL DEFAULT false,
    "status" "OAuthClientStatus" NOT NULL DEFAULT 'active',
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OAuthClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthClientSecret" (
    "id" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "OAuthClientSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthRefreshToken" (
    "tokenHash" TEXT NOT NULL,
    "familyId" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "orgId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "certThumbprint" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OAuthRefreshToken_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "OAuthRevokedToken" (
    "jti" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OAuthRevokedToken_pkey" PRIMARY KEY ("jti")
);

-- CreateTable
CREATE TABLE "OAuthSigningKey" (
    "kid" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatesAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OAuthSigningKey_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "oauth_rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "oauth_rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "OAuthClient_clientId_key" ON "OAuthClient"("clientId");

-- CreateIndex
CREATE INDEX "OAuthClient_orgId_createdAt_idx" ON "OAuthClient"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthClientSecret_hash_key" ON "OAuthClientSecret"("hash");

-- CreateIndex
CREATE INDEX "OAuthClientSecret_clientId_idx" ON "OAuthClientSecret"("clientId");

-- CreateIndex
CREATE INDEX "OAuthRefreshToken_familyId_idx" ON "OAuthRefreshToken"("familyId");

-- CreateIndex
CREATE INDEX "OAuthRefreshToken_expiresAt_idx" ON "OAuthRefreshToken" USING BRIN ("expiresAt");

-- CreateIndex
CREATE INDEX "OAuthRevokedToken_expiresAt_idx" ON "OAuthRevokedToken"("expiresAt");

-- CreateIndex
CREATE INDEX "OAuthSigningKey_activatesAt_idx" ON "OAuthSigningKey"("activatesAt");

-- AddForeignKey
ALTER TABLE "OAuthClient" ADD CONSTRAINT "OAuthClient_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthClientSecret" ADD CONSTRAINT "OAuthClientSecret_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "OAuthClient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: app instances cache OAuth client records (lib/oauth/client-cache.ts) and drop
-- the cache when a client, a secret or an organization changes, on this notification.
-- (The schema engine splits scripts on every semicolon, even quoted ones: \073 is the semicolon.)
CREATE FUNCTION oauth_client_changed() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''oauth_client_changed'', TG_TABLE_NAME)\073 RETURN NULL\073 END';
CREATE TRIGGER "OAuthClient_changed" AFTER INSERT OR UPDATE OR DELETE ON "OAuthClient" FOR EACH STATEMENT EXECUTE FUNCTION oauth_client_changed();
CREATE TRIGGER "OAuthClientSecret_changed" AFTER INSERT OR UPDATE OR DELETE ON "OAuthClientSecret" FOR EACH STATEMENT EXECUTE FUNCTION oauth_client_changed();
CREATE TRIGGER "Organization_changed" AFTER UPDATE OR DELETE ON "Organization" FOR EACH STATEMENT EXECUTE FUNCTION oauth_client_changed();
