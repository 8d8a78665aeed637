-- Command inbox: one row per accepted agency request.
CREATE TABLE "commands" (
    "id" UUID NOT NULL,
    "client_id" TEXT NOT NULL,
    "agency_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "scope_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "payload_hash" CHAR(64) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "aggregate_type" TEXT,
    "aggregate_id" TEXT,
    "result" JSONB,
    "error" JSONB,
    "correlation_id" TEXT,
    "traceparent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "commands_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "commands_status_check" CHECK ("status" IN ('pending', 'processed', 'failed'))
);
CREATE UNIQUE INDEX "commands_client_id_idempotency_key_key" ON "commands"("client_id", "idempotency_key");
CREATE INDEX "commands_status_created_at_idx" ON "commands"("status", "created_at");
CREATE INDEX "commands_expires_at_idx" ON "commands"("expires_at");

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

-- Consumer inbox for the command-result consumer.
CREATE TABLE "processed_messages" (
    "consumer" TEXT NOT NULL,
    "message_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "processed_messages_pkey" PRIMARY KEY ("consumer", "message_id")
);
CREATE INDEX "processed_messages_processed_at_idx" ON "processed_messages"("processed_at");
