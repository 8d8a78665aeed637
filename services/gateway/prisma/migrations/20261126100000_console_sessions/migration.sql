-- Operator console sign-ins. The cookie holds a random token; only its sha-256
-- is stored. The API key itself is never stored: its prefix (stored clients)
-- and hash identify which key signed in, so revoking or rotating that key ends
-- the session. Expired rows are deleted by the retention purge.
CREATE TABLE "console_sessions" (
    "token_hash" CHAR(64) NOT NULL,
    "client_id" TEXT NOT NULL,
    "agency_id" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "key_prefix" TEXT,
    "key_hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "console_sessions_pkey" PRIMARY KEY ("token_hash")
);
CREATE INDEX "console_sessions_expires_at_idx" ON "console_sessions"("expires_at");
