-- CreateEnum
CREATE TYPE "MailState" AS ENUM ('pending', 'sent', 'failed');

-- CreateEnum
CREATE TYPE "ReminderOutcome" AS ENUM ('sent', 'skipped', 'opted_out');

-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN     "nextReminderAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "MailMessage" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "orgId" TEXT,
    "payload" JSONB NOT NULL,
    "state" "MailState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "MailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpiryReminder" (
    "certificateId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "thresholdDays" INTEGER NOT NULL,
    "outcome" "ReminderOutcome" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpiryReminder_pkey" PRIMARY KEY ("certificateId","userId","thresholdDays")
);

-- CreateIndex
CREATE UNIQUE INDEX "MailMessage_key_key" ON "MailMessage"("key");

-- CreateIndex
CREATE INDEX "MailMessage_state_nextAttemptAt_idx" ON "MailMessage"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "MailMessage_createdAt_id_idx" ON "MailMessage"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Certificate_nextReminderAt_idx" ON "Certificate"("nextReminderAt");

-- CreateIndex
CREATE INDEX "Certificate_orgId_status_notAfter_replacedById_idx" ON "Certificate"("orgId", "status", "notAfter", "replacedById");

-- Certificates issued before reminders existed start at the first default threshold (30 days);
-- the scan sends the most urgent threshold already crossed and records the others as skipped.
UPDATE "Certificate" SET "nextReminderAt" = "notAfter" - interval '30 days'
WHERE status = 'active' AND "replacedById" IS NULL AND "notAfter" > now();
