-- 0004: the character library: visibility, chat counts for "popular", and one index per listing order.
-- New NOT NULL columns need a default here: SQLite cannot add them to existing rows otherwise.
ALTER TABLE "characters" ADD COLUMN "visibility" TEXT NOT NULL DEFAULT 'private';

ALTER TABLE "characters" ADD COLUMN "chat_count" INTEGER NOT NULL DEFAULT 0;

-- The (user_id, created_at, id) index serves the owner lookups this one did, and "my characters, newest first".
DROP INDEX "ix_characters_user_id";

CREATE INDEX "ix_characters_user_id_created_at_id" ON "characters" ("user_id", "created_at", "id");

CREATE INDEX "ix_characters_visibility_created_at_id" ON "characters" ("visibility", "created_at", "id");

CREATE INDEX "ix_characters_visibility_chat_count_created_at_id" ON "characters" ("visibility", "chat_count", "created_at", "id");
