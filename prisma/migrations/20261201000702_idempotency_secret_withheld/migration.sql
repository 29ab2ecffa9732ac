-- AlterTable
ALTER TABLE "IdempotencyRecord" ADD COLUMN     "secretWithheld" BOOLEAN NOT NULL DEFAULT false;

-- Records written before this migration may hold a secret in plaintext (a client secret, an API
-- token, an invitation link): drop them all. A retry in flight across the upgrade runs again.
DELETE FROM "IdempotencyRecord";
