-- Place, priority and acceptance time (issue 17). All nullable: occurrences
-- recorded before keep working, with no place and no priority.
ALTER TABLE "occurrences" ADD COLUMN "accepted_at" TIMESTAMPTZ(3);
ALTER TABLE "occurrences" ADD COLUMN "location_address" TEXT;
ALTER TABLE "occurrences" ADD COLUMN "latitude" DOUBLE PRECISION;
ALTER TABLE "occurrences" ADD COLUMN "longitude" DOUBLE PRECISION;
ALTER TABLE "occurrences" ADD COLUMN "municipality" TEXT;
ALTER TABLE "occurrences" ADD COLUMN "region" TEXT;
ALTER TABLE "occurrences" ADD COLUMN "location_geocoded" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "occurrences" ADD COLUMN "priority" SMALLINT;

-- The intake schema checks these too; the table holds them whatever the writer.
ALTER TABLE "occurrences" ADD CONSTRAINT "occurrences_latitude_range" CHECK ("latitude" BETWEEN -90 AND 90);
ALTER TABLE "occurrences" ADD CONSTRAINT "occurrences_longitude_range" CHECK ("longitude" BETWEEN -180 AND 180);
ALTER TABLE "occurrences" ADD CONSTRAINT "occurrences_point_whole" CHECK (("latitude" IS NULL) = ("longitude" IS NULL));
ALTER TABLE "occurrences" ADD CONSTRAINT "occurrences_priority_range" CHECK ("priority" BETWEEN 0 AND 10);
