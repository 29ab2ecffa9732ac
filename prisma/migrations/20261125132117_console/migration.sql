-- CreateTable
CREATE TABLE "SandboxIdentity" (
    "orgId" TEXT NOT NULL,
    "certPem" TEXT NOT NULL,
    "sealedKey" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "notAfter" TIMESTAMPTZ(3) NOT NULL,
    "oauthClientId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxIdentity_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "ConsoleRun" (
    "id" UUID NOT NULL,
    "orgId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER,
    "verdict" TEXT NOT NULL,
    "trace" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsoleRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxIdentity_fingerprintSha256_key" ON "SandboxIdentity"("fingerprintSha256");

-- CreateIndex
CREATE INDEX "ConsoleRun_orgId_createdAt_idx" ON "ConsoleRun"("orgId", "createdAt");
