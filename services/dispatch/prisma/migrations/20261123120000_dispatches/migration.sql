-- Dispatches: units sent to occurrences.
-- "active" is TRUE while the dispatch is open and NULL once closed, so the unique
-- index allows one active dispatch per unit per occurrence and any number of
-- closed ones (NULLs never conflict).
CREATE TABLE "dispatches" (
    "id" UUID NOT NULL,
    "occurrence_id" UUID NOT NULL,
    "agency_id" TEXT NOT NULL,
    "resource_code" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'assigned',
    "active" BOOLEAN DEFAULT true,
    "note" TEXT,
    "close_reason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    CONSTRAINT "dispatches_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "dispatches_status_check" CHECK ("status" IN ('assigned', 'en_route', 'on_scene', 'closed')),
    CONSTRAINT "dispatches_active_check" CHECK (("status" = 'closed') = ("active" IS NULL))
);
CREATE UNIQUE INDEX "dispatches_one_active_per_unit_key" ON "dispatches"("occurrence_id", "resource_code", "active");
CREATE INDEX "dispatches_occurrence_id_created_at_idx" ON "dispatches"("occurrence_id", "created_at");
