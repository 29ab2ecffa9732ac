-- AlterTable
ALTER TABLE "IdempotencyRecord" ADD COLUMN     "secretWithheld" BOOLEAN NOT NULL DEFAULT false;
