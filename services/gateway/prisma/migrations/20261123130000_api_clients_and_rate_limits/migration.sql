-- Per-agency API clients. Only a hash of each key is stored; the prefix is the
-- visible, non-secret part used to find the client and to recognise keys in logs.
CREATE TABLE "api_clients" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "agency_id" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "key_hash" CHAR(64) NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "rate_limit_per_minute" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotated_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_clients_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "api_clients_rate_limit_check" CHECK ("rate_limit_per_minute" IS NULL OR "rate_limit_per_minute" > 0)
);
CREATE UNIQUE INDEX "api_clients_key_prefix_key" ON "api_clients"("key_prefix");

-- Fixed one-minute windows of requests per client, shared by every gateway instance.
CREATE TABLE "rate_limit_windows" (
    "client_id" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "request_count" INTEGER NOT NULL,
    CONSTRAINT "rate_limit_windows_pkey" PRIMARY KEY ("client_id", "window_start")
);
CREATE INDEX "rate_limit_windows_window_start_idx" ON "rate_limit_windows"("window_start");
