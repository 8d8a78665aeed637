-- One-time links an administrator hands to a person: an invitation to set the
-- first password of a new account, or a reset. Only the sha-256 of the token
-- is stored. A link is used at most once (`used_at`), before it expires; a
-- newer link for the same account replaces any unused one.
CREATE TABLE "account_links" (
    "token_hash" CHAR(64) NOT NULL,
    "user_id" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    CONSTRAINT "account_links_pkey" PRIMARY KEY ("token_hash"),
    CONSTRAINT "account_links_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "account_links_purpose_check" CHECK ("purpose" IN ('invite', 'reset'))
);
CREATE INDEX "account_links_user_id_idx" ON "account_links"("user_id");
