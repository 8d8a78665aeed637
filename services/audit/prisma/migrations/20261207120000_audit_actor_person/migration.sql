-- The person who acted, when a person did (the console): their account id and
-- their name as it was then. Null when an API client acted, and on every entry
-- recorded before people were stored; those hash without them and still verify.
ALTER TABLE "audit_entries" ADD COLUMN "actor_user_id" TEXT;
ALTER TABLE "audit_entries" ADD COLUMN "actor_user_name" TEXT;

-- One person's entries in sequence order (GET /api/audit?userId=), a keyset page at a time.
CREATE INDEX "audit_entries_actor_user_idx" ON "audit_entries"("actor_user_id", "sequence");
