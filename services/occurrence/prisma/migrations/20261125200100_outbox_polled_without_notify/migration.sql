-- Writers no longer wake the relay: a transaction that NOTIFYs takes a
-- database-wide lock at commit, which serialises every outbox-writing commit.
-- The relay polls instead, at once after a full batch and every few
-- milliseconds while rows keep coming.
DROP TRIGGER "outbox_messages_notify" ON "outbox_messages";
DROP FUNCTION "notify_outbox"();
