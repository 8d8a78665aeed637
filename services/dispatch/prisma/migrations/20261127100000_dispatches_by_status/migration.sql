-- GET /api/dispatches: one status (or the three open ones), newest status
-- change first. Open dispatches are few and read straight from the index;
-- closed ones, which only accumulate, are read newest first up to the limit.
CREATE INDEX "dispatches_status_updated_at_idx" ON "dispatches"("status", "updated_at");
