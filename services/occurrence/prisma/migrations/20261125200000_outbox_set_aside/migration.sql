-- A row the broker refuses (e.g. larger than its message.max.bytes) is set
-- aside by the relay instead of blocking every row behind it: never claimed
-- again, never purged, counted apart from the backlog, kept for an operator.
ALTER TABLE "outbox_messages" ADD COLUMN "set_aside_at" TIMESTAMPTZ(3),
                              ADD COLUMN "set_aside_reason" TEXT;

-- The relay's scan reads only rows still waiting, however large the table grows.
CREATE INDEX "outbox_messages_waiting_idx" ON "outbox_messages"("id")
  WHERE "published_at" IS NULL AND "set_aside_at" IS NULL;
