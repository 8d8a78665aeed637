-- Lifecycle: why it closed, when it started and closed.
ALTER TABLE "occurrences" ADD COLUMN "status_reason" TEXT;
ALTER TABLE "occurrences" ADD COLUMN "started_at" TIMESTAMPTZ(3);
ALTER TABLE "occurrences" ADD COLUMN "closed_at" TIMESTAMPTZ(3);
CREATE INDEX "occurrences_type_reported_at_idx" ON "occurrences"("type", "reported_at");
