-- CreateTable
CREATE TABLE "CertificateDayTotal" (
    "day" DATE NOT NULL,
    "state" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "CertificateDayTotal_pkey" PRIMARY KEY ("day","state")
);

-- CreateTable
CREATE TABLE "OrganizationCertificateCount" (
    "orgId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "OrganizationCertificateCount_pkey" PRIMARY KEY ("orgId")
);


-- The Certificate triggers keep all three totals, each in one statement: every table's rows are
-- taken after the audit chain's lock by an issuance (its audit rows are linked while the
-- statement runs, these triggers fire at its end) and by a revocation (lib/pki/revoke-certificate),
-- so the two global rows that every issuance of a day touches add no new wait: issuances already
-- commit one after another on the chain's lock. An organization's count moves only on INSERT and
-- DELETE (a certificate never changes organization).
-- (The schema engine splits scripts on every semicolon, even quoted ones: \073 is the semicolon.)
CREATE OR REPLACE FUNCTION certificate_expiry_days_insert() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  WITH g AS (
    SELECT "orgId", ("notAfter" AT TIME ZONE ''UTC'')::date AS day, certificate_expiry_state(status, "replacedById") AS state, count(*)::int AS n
    FROM new_rows GROUP BY 1, 2, 3),
  per_org AS (
    INSERT INTO "CertificateExpiryDay" ("orgId", day, state, count) SELECT "orgId", day, state, n FROM g
    ON CONFLICT ("orgId", day, state) DO UPDATE SET count = "CertificateExpiryDay".count + EXCLUDED.count),
  per_day AS (
    INSERT INTO "CertificateDayTotal" (day, state, count) SELECT day, state, sum(n)::int FROM g GROUP BY 1, 2
    ON CONFLICT (day, state) DO UPDATE SET count = "CertificateDayTotal".count + EXCLUDED.count)
  INSERT INTO "OrganizationCertificateCount" ("orgId", count) SELECT "orgId", sum(n)::int FROM g GROUP BY 1
  ON CONFLICT ("orgId") DO UPDATE SET count = "OrganizationCertificateCount".count + EXCLUDED.count\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION certificate_expiry_days_update() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  WITH g AS (
    SELECT "orgId", day, state, sum(delta)::int AS n FROM (
      SELECT "orgId", ("notAfter" AT TIME ZONE ''UTC'')::date AS day, certificate_expiry_state(status, "replacedById") AS state, -1 AS delta FROM old_rows
      UNION ALL
      SELECT "orgId", ("notAfter" AT TIME ZONE ''UTC'')::date, certificate_expiry_state(status, "replacedById"), 1 FROM new_rows
    ) d GROUP BY 1, 2, 3 HAVING sum(delta) <> 0),
  per_org AS (
    INSERT INTO "CertificateExpiryDay" ("orgId", day, state, count) SELECT "orgId", day, state, n FROM g
    ON CONFLICT ("orgId", day, state) DO UPDATE SET count = "CertificateExpiryDay".count + EXCLUDED.count)
  INSERT INTO "CertificateDayTotal" (day, state, count) SELECT day, state, sum(n)::int FROM g GROUP BY 1, 2 HAVING sum(n) <> 0
  ON CONFLICT (day, state) DO UPDATE SET count = "CertificateDayTotal".count + EXCLUDED.count\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION certificate_expiry_days_delete() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  WITH g AS (
    SELECT "orgId", ("notAfter" AT TIME ZONE ''UTC'')::date AS day, certificate_expiry_state(status, "replacedById") AS state, count(*)::int AS n
    FROM old_rows GROUP BY 1, 2, 3),
  per_org AS (
    UPDATE "CertificateExpiryDay" d SET count = d.count - g.n FROM g WHERE d."orgId" = g."orgId" AND d.day = g.day AND d.state = g.state),
  per_day AS (
    UPDATE "CertificateDayTotal" t SET count = t.count - s.n FROM (SELECT day, state, sum(n)::int AS n FROM g GROUP BY 1, 2) s
    WHERE t.day = s.day AND t.state = s.state)
  UPDATE "OrganizationCertificateCount" c SET count = c.count - s.n FROM (SELECT "orgId", sum(n)::int AS n FROM g GROUP BY 1) s
  WHERE c."orgId" = s."orgId"\073
  RETURN NULL\073
END';

INSERT INTO "CertificateDayTotal" (day, state, count)
SELECT day, state, sum(count)::int FROM "CertificateExpiryDay" GROUP BY 1, 2;

INSERT INTO "OrganizationCertificateCount" ("orgId", count)
SELECT "orgId", sum(count)::int FROM "CertificateExpiryDay" GROUP BY 1;
