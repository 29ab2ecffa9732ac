-- CreateEnum
CREATE TYPE "MailState" AS ENUM ('pending', 'sent', 'failed');

-- CreateEnum
CREATE TYPE "ReminderOutcome" AS ENUM ('sent', 'skipped', 'opted_out');

-- DropIndex
DROP INDEX "Certificate_status_rotationDueAt_idx";

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
CREATE TABLE "ReminderSchedule" (
    "certificateId" UUID NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReminderSchedule_pkey" PRIMARY KEY ("certificateId")
);

-- CreateTable
CREATE TABLE "CertificateExpiryDay" (
    "orgId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "state" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "CertificateExpiryDay_pkey" PRIMARY KEY ("orgId","day","state")
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
CREATE INDEX "ReminderSchedule_dueAt_idx" ON "ReminderSchedule"("dueAt");

-- CreateIndex
CREATE INDEX "Certificate_orgId_status_notAfter_replacedById_idx" ON "Certificate"("orgId", "status", "notAfter", "replacedById");

-- CreateIndex
CREATE INDEX "Certificate_status_rotationDueAt_notAfter_replacedById_idx" ON "Certificate"("status", "rotationDueAt", "notAfter", "replacedById");

-- Certificates issued before reminders existed start at the first default threshold (30 days);
-- the scan sends the most urgent threshold already crossed and records the others as skipped.
INSERT INTO "ReminderSchedule" ("certificateId", "dueAt")
SELECT id, "notAfter" - interval '30 days' FROM "Certificate"
WHERE status = 'active' AND "replacedById" IS NULL AND "notAfter" > now();

-- "CertificateExpiryDay" follows "Certificate" through statement-level triggers with transition
-- tables: a statement that writes many certificates (a bulk load, an import) costs one
-- aggregate, and rows whose organization, day and state did not change net out to nothing.
-- (The schema engine splits scripts on every semicolon, even quoted ones: \073 is the semicolon.)
CREATE FUNCTION certificate_expiry_state(status "CertificateStatus", replaced_by uuid) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN status = 'revoked' THEN 'revoked' WHEN replaced_by IS NOT NULL THEN 'replaced' ELSE 'active' END $$;

CREATE FUNCTION certificate_expiry_days_insert() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "CertificateExpiryDay" ("orgId", day, state, count)
  SELECT "orgId", ("notAfter" AT TIME ZONE ''UTC'')::date, certificate_expiry_state(status, "replacedById"), count(*)::int
  FROM new_rows GROUP BY 1, 2, 3
  ON CONFLICT ("orgId", day, state) DO UPDATE SET count = "CertificateExpiryDay".count + EXCLUDED.count\073
  RETURN NULL\073
END';

CREATE FUNCTION certificate_expiry_days_update() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "CertificateExpiryDay" ("orgId", day, state, count)
  SELECT "orgId", day, state, sum(delta)::int FROM (
    SELECT "orgId", ("notAfter" AT TIME ZONE ''UTC'')::date AS day, certificate_expiry_state(status, "replacedById") AS state, -1 AS delta FROM old_rows
    UNION ALL
    SELECT "orgId", ("notAfter" AT TIME ZONE ''UTC'')::date, certificate_expiry_state(status, "replacedById"), 1 FROM new_rows
  ) d GROUP BY 1, 2, 3 HAVING sum(delta) <> 0
  ON CONFLICT ("orgId", day, state) DO UPDATE SET count = "CertificateExpiryDay".count + EXCLUDED.count\073
  RETURN NULL\073
END';

CREATE FUNCTION certificate_expiry_days_delete() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  UPDATE "CertificateExpiryDay" d SET count = d.count - g.n
  FROM (SELECT "orgId", ("notAfter" AT TIME ZONE ''UTC'')::date AS day, certificate_expiry_state(status, "replacedById") AS state, count(*)::int AS n
        FROM old_rows GROUP BY 1, 2, 3) g
  WHERE d."orgId" = g."orgId" AND d.day = g.day AND d.state = g.state\073
  RETURN NULL\073
END';

CREATE TRIGGER "Certificate_expiry_days_insert" AFTER INSERT ON "Certificate"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION certificate_expiry_days_insert();
CREATE TRIGGER "Certificate_expiry_days_update" AFTER UPDATE ON "Certificate"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION certificate_expiry_days_update();
CREATE TRIGGER "Certificate_expiry_days_delete" AFTER DELETE ON "Certificate"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION certificate_expiry_days_delete();

INSERT INTO "CertificateExpiryDay" ("orgId", day, state, count)
SELECT "orgId", ("notAfter" AT TIME ZONE 'UTC')::date, certificate_expiry_state(status, "replacedById"), count(*)::int
FROM "Certificate" GROUP BY 1, 2, 3;
