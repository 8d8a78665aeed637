-- Dispatch commands for occurrences the view has not heard of yet. They are
-- parked here (the command consumer moves on) instead of being retried in
-- place, which would hold back every other command on their Kafka partition.
-- "id" gives the order they were parked in: they are applied in that order when
-- the occurrence's first event arrives, and failed with OCCURRENCE_NOT_FOUND
-- once "parked_at" is older than the grace.
CREATE TABLE "parked_dispatch_commands" (
    "id" BIGSERIAL NOT NULL,
    "message_id" UUID NOT NULL,
    "occurrence_id" UUID NOT NULL,
    "envelope" JSONB NOT NULL,
    "parked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "parked_dispatch_commands_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "parked_dispatch_commands_message_id_key" ON "parked_dispatch_commands"("message_id");
CREATE INDEX "parked_dispatch_commands_occurrence_id_id_idx" ON "parked_dispatch_commands"("occurrence_id", "id");
CREATE INDEX "parked_dispatch_commands_parked_at_idx" ON "parked_dispatch_commands"("parked_at");
