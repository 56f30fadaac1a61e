-- 0028: the running summary as each round left it, so a change to a covered message takes the summary back to the
-- snapshot before it instead of redoing it from the first message. Summaries written before start with none: a change
-- inside one redoes it from the first message, as before.
CREATE TABLE "chat_memory_snapshots" (
    "memory_id" TEXT NOT NULL,
    "through_seq" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    CONSTRAINT "pk_chat_memory_snapshots" PRIMARY KEY ("memory_id", "through_seq"),
    CONSTRAINT "fk_chat_memory_snapshots_memory_id" FOREIGN KEY ("memory_id") REFERENCES "chat_memories" ("id") ON DELETE CASCADE
);
