-- The agency whose trail an entry belongs to. Entries recorded before it was
-- stored have none: only cross-agency access sees them.
ALTER TABLE "audit_entries" ADD COLUMN "owner_agency_id" TEXT;
CREATE INDEX "audit_entries_owner_aggregate_idx" ON "audit_entries"("owner_agency_id", "aggregate_type", "aggregate_id", "sequence");

-- Sequence numbers come from the appender (head + 1, under the chain lock), not
-- from a serial: a rolled-back nextval left gaps that look like a missing entry.
ALTER TABLE "audit_entries" ALTER COLUMN "sequence" DROP DEFAULT;
DROP SEQUENCE IF EXISTS "audit_entries_sequence_seq";

-- No two entries can extend the same predecessor: the chain cannot fork.
CREATE UNIQUE INDEX "audit_entries_previous_hash_key" ON "audit_entries"("previous_hash");

-- A new entry must be the genesis or extend the entry right before it, by
-- sequence and by hash: with the primary key and no UPDATE or DELETE, the
-- chain stays one contiguous line whatever the application does.
CREATE FUNCTION "audit_entries_extend_head"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."sequence" = 1 AND NEW."previous_hash" = repeat('0', 64) THEN
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM "audit_entries" WHERE "sequence" = NEW."sequence" - 1 AND "hash" = NEW."previous_hash") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_entries: entry % does not extend entry % of the chain', NEW."sequence", NEW."sequence" - 1
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER "audit_entries_linear_chain" BEFORE INSERT ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION "audit_entries_extend_head"();

-- Append-only covers TRUNCATE too, which row triggers never see.
CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_append_only"();
