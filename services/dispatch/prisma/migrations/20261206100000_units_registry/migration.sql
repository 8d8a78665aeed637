-- The units registry: vehicles and teams of each agency, their status, and
-- every status change. One unit holds at most one active dispatch, across all
-- occurrences: the unique index on (unit_id, active) decides it as the
-- dispatch row is written ("active" is TRUE while open, NULL once closed).
CREATE TABLE "units" (
    "id" UUID NOT NULL,
    "agency_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "station_name" TEXT,
    "station_latitude" DOUBLE PRECISION,
    "station_longitude" DOUBLE PRECISION,
    "capabilities" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "crew_size" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'available',
    "status_reason" TEXT,
    "status_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "units_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "units_status_check" CHECK ("status" IN ('available', 'assigned', 'en_route', 'on_scene', 'returning', 'out_of_service')),
    CONSTRAINT "units_station_check" CHECK (("station_name" IS NULL) = ("station_latitude" IS NULL) AND ("station_name" IS NULL) = ("station_longitude" IS NULL)),
    CONSTRAINT "units_station_latitude_check" CHECK ("station_latitude" BETWEEN -90 AND 90),
    CONSTRAINT "units_station_longitude_check" CHECK ("station_longitude" BETWEEN -180 AND 180)
);
-- A code names one unit of an agency for good: a retired unit keeps its code.
CREATE UNIQUE INDEX "units_agency_id_code_key" ON "units"("agency_id", "code");
CREATE INDEX "units_agency_id_status_idx" ON "units"("agency_id", "status");

CREATE TABLE "unit_status_changes" (
    "id" BIGSERIAL NOT NULL,
    "unit_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "previous_status" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "dispatch_id" UUID,
    "reason" TEXT,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "unit_status_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "unit_status_changes_unit_id_id_idx" ON "unit_status_changes"("unit_id", "id");

-- Where the occurrence is, for the nearest-unit ranking.
ALTER TABLE "occurrence_views" ADD COLUMN "latitude" DOUBLE PRECISION, ADD COLUMN "longitude" DOUBLE PRECISION;

-- Dispatches recorded before the registry named their unit by free text. A
-- unit of kind OUTRO (or of the kind its code starts with, ABT-12 → ABT) is
-- registered per distinct code per agency; every dispatch is linked to it.
ALTER TABLE "dispatches" ADD COLUMN "unit_id" UUID;

-- Before the registry one code could be active on several occurrences at once;
-- the newest stays active, the older ones close as superseded.
UPDATE "dispatches" AS d SET "status" = 'closed', "active" = NULL, "closed_at" = CURRENT_TIMESTAMP, "updated_at" = CURRENT_TIMESTAMP,
       "version" = d."version" + 1, "close_reason" = 'superseded_by_units_registry'
WHERE d."active" AND EXISTS (
  SELECT 1 FROM "dispatches" AS newer
  WHERE newer."active" AND newer."agency_id" = d."agency_id" AND newer."resource_code" = d."resource_code"
    AND (newer."created_at", newer."id") > (d."created_at", d."id"));

INSERT INTO "units" ("id", "agency_id", "code", "kind", "status", "status_reason", "created_at", "updated_at", "status_since")
SELECT gen_random_uuid(), codes."agency_id", codes."resource_code",
       CASE WHEN split_part(codes."resource_code", '-', 1) IN ('ABT','ABS','AT','AP','AEM','ASE','AR','UR','USA','USB','ABSL','AAF','EMB','AER')
            THEN split_part(codes."resource_code", '-', 1) ELSE 'OUTRO' END,
       COALESCE(active."status", 'available'), 'registered_from_dispatch_history',
       codes."first_at", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM (SELECT "agency_id", "resource_code", min("created_at") AS "first_at" FROM "dispatches" GROUP BY 1, 2) AS codes
LEFT JOIN "dispatches" AS active ON active."active" AND active."agency_id" = codes."agency_id" AND active."resource_code" = codes."resource_code";

UPDATE "dispatches" AS d SET "unit_id" = u."id" FROM "units" AS u WHERE u."agency_id" = d."agency_id" AND u."code" = d."resource_code";

ALTER TABLE "dispatches" ALTER COLUMN "unit_id" SET NOT NULL;
DROP INDEX "dispatches_one_active_per_unit_key";
CREATE UNIQUE INDEX "dispatches_one_active_per_unit_key" ON "dispatches"("unit_id", "active");
