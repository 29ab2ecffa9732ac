-- Hand-written: app instances cache the user behind each API token (lib/auth/api-tokens.ts,
-- lib/db/notify-cache.ts) and drop that cache on this notification: when a token is revoked
-- (or its hash or owner changes) and when a user's role, organization, e-mail or disabling
-- changes. Last-used updates do not notify.
-- (The schema engine splits scripts on every semicolon, even quoted ones: \073 is the semicolon.)
CREATE FUNCTION api_token_changed() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN PERFORM pg_notify(''api_token_changed'', TG_TABLE_NAME)\073 RETURN NULL\073 END';
CREATE TRIGGER "ApiToken_changed" AFTER UPDATE OF "revokedAt", "tokenHash", "userId" OR DELETE ON "ApiToken" FOR EACH STATEMENT EXECUTE FUNCTION api_token_changed();
CREATE TRIGGER "User_changed" AFTER UPDATE OF role, "orgId", email, "disabledAt" OR DELETE ON "User" FOR EACH STATEMENT EXECUTE FUNCTION api_token_changed();
