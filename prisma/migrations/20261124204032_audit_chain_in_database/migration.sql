-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "body" TEXT NOT NULL DEFAULT '';

-- Hand-written: the chain link is made inside INSERT, so an audited transaction spends one round
-- trip on it and holds the chain lock only from that INSERT to its COMMIT. PL/pgSQL takes a new
-- snapshot per statement under READ COMMITTED, so the head is read after the lock is held and
-- always sees the previous holder's committed entry. seq is drawn under the lock too, so seq
-- order is chain order. The hash is SHA-256(prevHash || "\n" || body), as lib/audit computes it.
-- (The schema engine splits scripts on every semicolon, even quoted ones: \073 below is the semicolon.)
CREATE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql AS E'DECLARE prev text\073 BEGIN PERFORM pg_advisory_xact_lock(1953658227)\073 SELECT hash INTO prev FROM "AuditEntry" ORDER BY seq DESC LIMIT 1\073 NEW.seq := nextval(pg_get_serial_sequence(''"AuditEntry"'', ''seq''))\073 NEW."prevHash" := coalesce(prev, repeat(''0'', 64))\073 NEW.hash := encode(sha256(convert_to(NEW."prevHash" || chr(10) || NEW.body, ''UTF8'')), ''hex'')\073 RETURN NEW\073 END';
CREATE TRIGGER "AuditEntry_chain" BEFORE INSERT ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION audit_entry_chain();
