-- 0011: the prompt is built at each turn. Users' personas, lorebooks and generation presets; chats choose a persona,
-- attach lorebooks, keep an author's note and settings, and may pin a copy of their character. Messages are untouched:
-- older chats keep their stored system message, which the prompt replaces with the live character.
CREATE TABLE "personas" (
    "id" TEXT NOT NULL CONSTRAINT "pk_personas" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NULL,
    "avatar_url" TEXT NULL,
    "is_default" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_personas_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_personas_user_id_created_at" ON "personas" ("user_id", "created_at");

CREATE TABLE "lorebooks" (
    "id" TEXT NOT NULL CONSTRAINT "pk_lorebooks" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NULL,
    "scan_depth" INTEGER NULL,
    "token_budget" INTEGER NULL,
    "recursive_scanning" INTEGER NOT NULL,
    "entries" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_lorebooks_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_lorebooks_user_id_updated_at" ON "lorebooks" ("user_id", "updated_at");

CREATE TABLE "presets" (
    "id" TEXT NOT NULL CONSTRAINT "pk_presets" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "settings" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_presets_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_presets_user_id_created_at" ON "presets" ("user_id", "created_at");

CREATE TABLE "chat_lorebooks" (
    "chat_id" TEXT NOT NULL,
    "lorebook_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "pk_chat_lorebooks" PRIMARY KEY ("chat_id", "lorebook_id"),
    CONSTRAINT "fk_chat_lorebooks_chat_id" FOREIGN KEY ("chat_id") REFERENCES "chats" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_chat_lorebooks_lorebook_id" FOREIGN KEY ("lorebook_id") REFERENCES "lorebooks" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_chat_lorebooks_lorebook_id" ON "chat_lorebooks" ("lorebook_id");

ALTER TABLE "chats" ADD COLUMN "persona_id" TEXT NULL CONSTRAINT "fk_chats_persona_id" REFERENCES "personas" ("id") ON DELETE SET NULL;

ALTER TABLE "chats" ADD COLUMN "author_note" TEXT NULL;

ALTER TABLE "chats" ADD COLUMN "author_note_depth" INTEGER NOT NULL DEFAULT 4;

ALTER TABLE "chats" ADD COLUMN "settings" TEXT NULL;

ALTER TABLE "chats" ADD COLUMN "pinned_character" TEXT NULL;

ALTER TABLE "chats" ADD COLUMN "pinned_at" TEXT NULL;

CREATE INDEX "ix_chats_persona_id" ON "chats" ("persona_id");
