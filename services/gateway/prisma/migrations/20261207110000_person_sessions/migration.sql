-- A console session is a person's (user_id) or an API key's (key_prefix and
-- key_hash), never both. A person's session is checked against the account on
-- every request, so disabling it or changing its roles applies at once.
ALTER TABLE "console_sessions" ADD COLUMN "user_id" UUID;
ALTER TABLE "console_sessions" ALTER COLUMN "key_hash" DROP NOT NULL;
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_person_or_key_check"
    CHECK (("user_id" IS NULL) <> ("key_hash" IS NULL));
CREATE INDEX "console_sessions_user_id_idx" ON "console_sessions"("user_id");
