-- No query reads CSRs by key: an open CSR's key is unique through Csr_pending_publicKeySha256_key
-- (pending CSRs only), and the issuance path asks Certificate's unique index whether a key was used.
-- The index cost every submission a random btree insert (4-7 µs a row in a 50,000-row A/B) and
-- about 100 bytes a CSR on disk.
-- DropIndex
DROP INDEX "Csr_publicKeySha256_idx";
