-- Settings lists an account's recent sign-ins and changes to its sign-in, newest first. Only
-- those entries are indexed (a partial index), so the audit entries of issuance, the busiest
-- writer, cost nothing more to insert.
CREATE INDEX "AuditEntry_account_activity_idx" ON "AuditEntry" ("objectId", seq DESC)
  WHERE action IN ('auth.sign_in', 'auth.sign_in_failed', 'auth.sign_out', 'user.password_change', 'user.password_change_failed', 'user.password_set', 'user.sessions_end');
