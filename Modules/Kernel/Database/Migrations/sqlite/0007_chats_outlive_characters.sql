-- 0007: deleting a public character no longer deletes other people's chats with it; their chats lose the link.
-- SQLite cannot change a foreign key in place: the table is rebuilt (the migrator runs with foreign keys off).
CREATE TABLE "chats_rebuilt" (
    "id" TEXT NOT NULL CONSTRAINT "pk_chats" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "character_id" TEXT NULL,
    "title" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_chats_character_id" FOREIGN KEY ("character_id") REFERENCES "characters" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_chats_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

INSERT INTO "chats_rebuilt" ("id", "user_id", "character_id", "title", "created_at", "updated_at")
SELECT "id", "user_id", "character_id", "title", "created_at", "updated_at" FROM "chats";

DROP TABLE "chats";

ALTER TABLE "chats_rebuilt" RENAME TO "chats";

CREATE INDEX "ix_chats_character_id" ON "chats" ("character_id");

CREATE INDEX "ix_chats_user_id_updated_at" ON "chats" ("user_id", "updated_at");
