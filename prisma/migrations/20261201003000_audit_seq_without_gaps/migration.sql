-- Hand-written: the chain trigger drew seq from the sequence, and so did the column's default
-- before it (autoincrement), so every entry used two numbers and the log showed only even ones, and
-- a transaction rolled back after its audit INSERT used numbers too. In an append-only log, gaps
-- read as deletions. The trigger now numbers each entry head + 1 under the chain lock, which it
-- already holds to read the head: gap-free, rollbacks included, and one nextval call less. (The
-- default still draws a number, which the trigger overrides: the datamodel keeps autoincrement.)
-- Same chain and hash as before: SHA-256(prevHash || "\n" || body), as lib/audit computes it.
-- (The schema engine splits scripts on every semicolon, even quoted ones: \073 is the semicolon.)
CREATE OR REPLACE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql AS E'DECLARE prev text\073 head bigint\073 BEGIN PERFORM pg_advisory_xact_lock(1953658227)\073 SELECT seq, hash INTO head, prev FROM "AuditEntry" ORDER BY seq DESC LIMIT 1\073 NEW.seq := coalesce(head, 0) + 1\073 NEW."prevHash" := coalesce(prev, repeat(''0'', 64))\073 NEW.hash := encode(sha256(convert_to(NEW."prevHash" || chr(10) || NEW.body, ''UTF8'')), ''hex'')\073 RETURN NEW\073 END';
