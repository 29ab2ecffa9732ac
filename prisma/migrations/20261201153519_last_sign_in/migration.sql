-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lastSignInAt" TIMESTAMPTZ(3);

-- Accounts that signed in before this column existed: their newest sign-in, from the audit log.
UPDATE "User" u SET "lastSignInAt" = s.at
FROM (SELECT "objectId", max(at) AS at FROM "AuditEntry" WHERE action = 'auth.sign_in' GROUP BY "objectId") s
WHERE s."objectId" = u.id::text;
