-- People who sign in to the console. An account belongs to one agency and is
-- disabled, never deleted, so the audit trail keeps naming it. The password is
-- stored only as an argon2id hash (PHC string); an invited account has none
-- until its one-time link is used. A failed sign-in reserves one of a bounded
-- number of attempts before the password is verified, so concurrent guesses
-- cannot exceed the bound; reaching it locks the account for a while.
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "agency_id" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "login_key" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "roles" TEXT[] NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "password_hash" TEXT,
    "totp_secret" TEXT,
    "totp_enabled_at" TIMESTAMPTZ(3),
    "totp_last_step" BIGINT,
    "failed_sign_ins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sign_in_at" TIMESTAMPTZ(3),
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_status_check" CHECK ("status" IN ('active', 'disabled'))
);
CREATE UNIQUE INDEX "users_login_key_key" ON "users"("login_key");
CREATE INDEX "users_agency_id_idx" ON "users"("agency_id");
