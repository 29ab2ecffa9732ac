-- CreateTable
CREATE TABLE "PasswordReset" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PasswordReset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PasswordReset_tokenHash_key" ON "PasswordReset"("tokenHash");

-- CreateIndex
CREATE INDEX "PasswordReset_userId_idx" ON "PasswordReset"("userId");

-- AddForeignKey
ALTER TABLE "PasswordReset" ADD CONSTRAINT "PasswordReset_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The account activity list shows the resets too: its partial index takes their actions in.
DROP INDEX "AuditEntry_account_activity_idx";
CREATE INDEX "AuditEntry_account_activity_idx" ON "AuditEntry" ("objectId", seq DESC)
  WHERE action IN ('auth.sign_in', 'auth.sign_in_failed', 'auth.sign_out', 'user.password_change', 'user.password_change_failed', 'user.password_set', 'user.sessions_end', 'user.password_reset_request', 'user.password_reset');
