-- 0010: the public library (likes, per-day chat counts for "trending", reports, NSFW flags, hidden definitions),
-- unique usernames and content settings on profiles, bans and administrators, and the coin ledger.
ALTER TABLE "users" ADD COLUMN "banned_at" TEXT NULL;

ALTER TABLE "users" ADD COLUMN "ban_reason" TEXT NULL;

ALTER TABLE "premium" ADD COLUMN "premium_until" TEXT NULL;

-- Existing usernames may repeat (they were email local parts): the oldest account keeps its name, later ones get a
-- suffix from their id. ASCII case folding, as lower() does here and the server does for new names.
UPDATE "profiles" SET "username" = substr("username", 1, 41) || '-' || lower(substr("user_id", length("user_id") - 7))
WHERE EXISTS (
    SELECT 1 FROM "profiles" AS "other"
    WHERE lower("other"."username") = lower("profiles"."username")
      AND ("other"."created_at" < "profiles"."created_at" OR ("other"."created_at" = "profiles"."created_at" AND "other"."user_id" < "profiles"."user_id")));

-- SQLite cannot add a NOT NULL column without a default: the table is rebuilt (the migrator runs with foreign keys off).
CREATE TABLE "profiles_rebuilt" (
    "user_id" TEXT NOT NULL CONSTRAINT "pk_profiles" PRIMARY KEY,
    "email" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "normalized_username" TEXT NOT NULL,
    "avatar_url" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bio" TEXT NULL,
    "show_nsfw" INTEGER NOT NULL DEFAULT 0,
    "birth_date" TEXT NULL,
    "adult_confirmed_at" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "last_login" TEXT NOT NULL,
    CONSTRAINT "fk_profiles_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

INSERT INTO "profiles_rebuilt" ("user_id", "email", "username", "normalized_username", "avatar_url", "status", "created_at", "last_login")
SELECT "user_id", "email", "username", lower("username"), "avatar_url", "status", "created_at", "last_login" FROM "profiles";

DROP TABLE "profiles";

ALTER TABLE "profiles_rebuilt" RENAME TO "profiles";

CREATE UNIQUE INDEX "ix_profiles_normalized_username" ON "profiles" ("normalized_username");

ALTER TABLE "characters" ADD COLUMN "nsfw" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "characters" ADD COLUMN "definition_visibility" TEXT NOT NULL DEFAULT 'public';

ALTER TABLE "characters" ADD COLUMN "like_count" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "characters" ADD COLUMN "hidden_at" TEXT NULL;

ALTER TABLE "characters" ADD COLUMN "hidden_reason" TEXT NULL;

CREATE INDEX "ix_characters_visibility_like_count_created_at_id" ON "characters" ("visibility", "like_count", "created_at", "id");

CREATE TABLE "character_likes" (
    "character_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_character_likes" PRIMARY KEY ("character_id", "user_id"),
    CONSTRAINT "fk_character_likes_character_id" FOREIGN KEY ("character_id") REFERENCES "characters" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_character_likes_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_character_likes_user_id_created_at" ON "character_likes" ("user_id", "created_at");

CREATE TABLE "character_chat_days" (
    "character_id" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "chats" INTEGER NOT NULL,
    CONSTRAINT "pk_character_chat_days" PRIMARY KEY ("character_id", "day"),
    CONSTRAINT "fk_character_chat_days_character_id" FOREIGN KEY ("character_id") REFERENCES "characters" ("id") ON DELETE CASCADE
);

CREATE TABLE "character_reports" (
    "id" TEXT NOT NULL CONSTRAINT "pk_character_reports" PRIMARY KEY,
    "character_id" TEXT NOT NULL,
    "reporter_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "details" TEXT NULL,
    "status" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "resolved_at" TEXT NULL,
    "resolved_by" TEXT NULL,
    "resolution" TEXT NULL,
    CONSTRAINT "fk_character_reports_character_id" FOREIGN KEY ("character_id") REFERENCES "characters" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_character_reports_reporter_id" FOREIGN KEY ("reporter_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_character_reports_character_id_reporter_id" ON "character_reports" ("character_id", "reporter_id") WHERE status = 'open';

CREATE INDEX "ix_character_reports_reporter_id" ON "character_reports" ("reporter_id");

CREATE INDEX "ix_character_reports_status_id" ON "character_reports" ("status", "id");

CREATE TABLE "administrators" (
    "user_id" TEXT NOT NULL CONSTRAINT "pk_administrators" PRIMARY KEY,
    "promoted_by" TEXT NULL,
    "promoted_at" TEXT NOT NULL,
    CONSTRAINT "fk_administrators_promoted_by" FOREIGN KEY ("promoted_by") REFERENCES "users" ("id") ON DELETE SET NULL,
    CONSTRAINT "fk_administrators_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_administrators_promoted_by" ON "administrators" ("promoted_by");

CREATE TABLE "coin_ledger" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_coin_ledger" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,
    "balance" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "reference_id" TEXT NULL,
    "note" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_coin_ledger_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_coin_ledger_user_id_id" ON "coin_ledger" ("user_id", "id");

-- The ledger starts from the balances accounts already have, so each balance is the sum of its rows from now on.
INSERT INTO "coin_ledger" ("user_id", "delta", "balance", "reason", "created_at")
SELECT "user_id", "kiss_coins", "kiss_coins", 'opening', strftime('%Y-%m-%d %H:%M:%f', 'now') FROM "premium" WHERE "kiss_coins" <> 0;
