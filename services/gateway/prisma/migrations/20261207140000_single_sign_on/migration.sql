-- Single sign-on by OpenID Connect, configured per agency: its provider (the
-- issuer, found by discovery), the client registered there, and the claim
-- whose values give the person's roles (`role_mapping`: claim value → roles;
-- a value that is a role's own name maps to it without an entry).
CREATE TABLE "identity_providers" (
    "agency_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret" TEXT NOT NULL,
    "roles_claim" TEXT NOT NULL DEFAULT 'roles',
    "role_mapping" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "identity_providers_pkey" PRIMARY KEY ("agency_id")
);

-- An account signed in by single sign-on is the provider's subject: found by
-- (issuer, subject) on every sign-in, never by login.
ALTER TABLE "users" ADD COLUMN "sso_issuer" TEXT, ADD COLUMN "sso_subject" TEXT;
CREATE UNIQUE INDEX "users_sso_issuer_sso_subject_key" ON "users"("sso_issuer", "sso_subject");

-- A sign-in on its way through the provider: what the callback must match
-- (the state, only as its sha-256), the PKCE verifier and the nonce. Used once.
CREATE TABLE "sso_sign_ins" (
    "state_hash" CHAR(64) NOT NULL,
    "agency_id" TEXT NOT NULL,
    "code_verifier" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "sso_sign_ins_pkey" PRIMARY KEY ("state_hash")
);
CREATE INDEX "sso_sign_ins_expires_at_idx" ON "sso_sign_ins"("expires_at");
