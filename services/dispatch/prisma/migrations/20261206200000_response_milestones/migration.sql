-- The response milestones of each occurrence, folded from occurrence and
-- dispatch events by the dispatch.response-times consumer. A dispatch event can
-- arrive before the occurrence's first event (another topic): the row is then
-- created with the dispatch's agency, and the occurrence columns stay null
-- until an occurrence event fills them (occurrence_version says which snapshot).
CREATE TABLE "response_milestones" (
    "occurrence_id" UUID NOT NULL,
    "agency_id" TEXT NOT NULL,
    "type" TEXT,
    "priority" SMALLINT,
    "occurrence_version" INTEGER,
    "reported_at" TIMESTAMPTZ(3),
    "accepted_at" TIMESTAMPTZ(3),
    "first_assigned_at" TIMESTAMPTZ(3),
    "first_en_route_at" TIMESTAMPTZ(3),
    "first_on_scene_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "response_milestones_pkey" PRIMARY KEY ("occurrence_id"),
    CONSTRAINT "response_milestones_outcome_check" CHECK ("outcome" IN ('resolved', 'cancelled'))
);
-- The report: occurrences reported in [from, to), of one agency or all.
CREATE INDEX "response_milestones_reported_at_idx" ON "response_milestones"("reported_at");
CREATE INDEX "response_milestones_agency_id_reported_at_idx" ON "response_milestones"("agency_id", "reported_at");
