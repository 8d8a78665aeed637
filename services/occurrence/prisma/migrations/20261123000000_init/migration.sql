-- Occurrences, owned by this service.
CREATE TABLE "occurrences" (
    "id" UUID NOT NULL,
    "agency_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'reported',
    "reported_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "occurrences_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "occurrences_status_check" CHECK ("status" IN ('reported', 'in_progress', 'resolved', 'cancelled'))
);
CREATE UNIQUE INDEX "occurrences_agency_id_external_id_key" ON "occurrences"("agency_id", "external_id");
CREATE INDEX "occurrences_status_reported_at_idx" ON "occurrences"("status", "reported_at");
CREATE INDEX "occurrences_reported_at_id_idx" ON "occurrences"("reported_at", "id");

-- Transactional outbox, drained by the relay.
CREATE TABLE "outbox_messages" (
    "id" BIGSERIAL NOT NULL,
    "message_id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "message_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "outbox_messages_message_id_key" ON "outbox_messages"("message_id");
CREATE INDEX "outbox_messages_published_at_id_idx" ON "outbox_messages"("published_at", "id");

-- Wakes the relay when a transaction that wrote outbox rows commits.
CREATE FUNCTION "notify_outbox"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('atalaia_outbox', '');
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_messages_notify" AFTER INSERT ON "outbox_messages"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_outbox"();

-- Consumer inbox: message ids this service has applied.
CREATE TABLE "processed_messages" (
    "consumer" TEXT NOT NULL,
    "message_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "processed_messages_pkey" PRIMARY KEY ("consumer", "message_id")
);
CREATE INDEX "processed_messages_processed_at_idx" ON "processed_messages"("processed_at");
