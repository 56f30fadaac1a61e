-- 0014: a chat's running summary of the messages that no longer fit the prompt's budget (issue #12, memory).
CREATE TABLE "chat_memories" (
    "id" TEXT NOT NULL CONSTRAINT "pk_chat_memories" PRIMARY KEY,
    "chat_id" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "through_seq" INTEGER NOT NULL,
    "stale" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_at" TEXT NOT NULL,
    "last_error" TEXT NULL,
    "attempts" INTEGER NOT NULL,
    "retry_at" TEXT NULL,
    CONSTRAINT "fk_chat_memories_chat_id" FOREIGN KEY ("chat_id") REFERENCES "chats" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_chat_memories_chat_id" ON "chat_memories" ("chat_id");

CREATE INDEX "ix_chat_memories_retry_at" ON "chat_memories" ("retry_at");
