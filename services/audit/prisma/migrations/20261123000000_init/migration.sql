-- The append-only, hash-chained audit trail.
CREATE TABLE "audit_entries" (
    "sequence" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "aggregate_type" TEXT NOT NULL,
    "aggregate_id" TEXT NOT NULL,
    "actor_client_id" TEXT NOT NULL,
    "actor_agency_id" TEXT NOT NULL,
    "command_id" UUID,
    "correlation_id" TEXT,
    "source" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "traceparent" TEXT,
    "previous_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("sequence")
);
CREATE UNIQUE INDEX "audit_entries_event_id_key" ON "audit_entries"("event_id");
CREATE UNIQUE INDEX "audit_entries_hash_key" ON "audit_entries"("hash");
CREATE INDEX "audit_entries_aggregate_idx" ON "audit_entries"("aggregate_type", "aggregate_id", "sequence");

-- Append-only: the trail is never edited or deleted through the database either.
CREATE FUNCTION "audit_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only';
END $$;
CREATE TRIGGER "audit_entries_no_update" BEFORE UPDATE OR DELETE ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION "audit_entries_append_only"();

-- Consumer inbox: audit events this service has recorded.
CREATE TABLE "processed_messages" (
    "consumer" TEXT NOT NULL,
    "message_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "processed_messages_pkey" PRIMARY KEY ("consumer", "message_id")
);
CREATE INDEX "processed_messages_processed_at_idx" ON "processed_messages"("processed_at");
