-- CreateTable
CREATE TABLE "MailSentCount" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "count" BIGINT NOT NULL,

    CONSTRAINT "MailSentCount_pkey" PRIMARY KEY ("id")
);

-- The count follows "MailMessage" through triggers: statement-level with transition tables for
-- UPDATE and DELETE (a delivery run, a retry), and a row-level INSERT trigger whose WHEN clause
-- PostgreSQL evaluates without calling the function, so the inserts of new, pending mail (in an
-- approval's statement, in the expiry scan) cost nothing. An UPDATE that moves no message into or
-- out of "sent" (a claim, a retry, a failed attempt) writes nothing, so delivery workers do not
-- queue on this one row except to record a send.
-- (The schema engine splits scripts on every semicolon, even quoted ones: \073 is the semicolon.)
ALTER TABLE "MailSentCount" ADD CONSTRAINT "MailSentCount_one_row" CHECK (id = 1);

INSERT INTO "MailSentCount" (id, count) SELECT 1, count(*) FROM "MailMessage" WHERE state = 'sent';

CREATE FUNCTION mail_sent_count_insert() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  UPDATE "MailSentCount" SET count = count + 1 WHERE id = 1\073
  RETURN NULL\073
END';

CREATE FUNCTION mail_sent_count_update() RETURNS trigger LANGUAGE plpgsql AS E'DECLARE delta bigint\073 BEGIN
  SELECT (SELECT count(*) FROM new_rows WHERE state = ''sent'') - (SELECT count(*) FROM old_rows WHERE state = ''sent'') INTO delta\073
  IF delta <> 0 THEN UPDATE "MailSentCount" SET count = count + delta WHERE id = 1\073 END IF\073
  RETURN NULL\073
END';

CREATE FUNCTION mail_sent_count_delete() RETURNS trigger LANGUAGE plpgsql AS E'DECLARE delta bigint\073 BEGIN
  SELECT count(*) FROM old_rows WHERE state = ''sent'' INTO delta\073
  IF delta <> 0 THEN UPDATE "MailSentCount" SET count = count - delta WHERE id = 1\073 END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "MailMessage_sent_count_insert" AFTER INSERT ON "MailMessage"
  FOR EACH ROW WHEN (NEW.state = 'sent') EXECUTE FUNCTION mail_sent_count_insert();
CREATE TRIGGER "MailMessage_sent_count_update" AFTER UPDATE ON "MailMessage"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mail_sent_count_update();
CREATE TRIGGER "MailMessage_sent_count_delete" AFTER DELETE ON "MailMessage"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mail_sent_count_delete();
