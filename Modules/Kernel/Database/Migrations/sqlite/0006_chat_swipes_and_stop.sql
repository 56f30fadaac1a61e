-- 0006: swipes (alternatives) of assistant messages, stopped messages, and stop requests across instances.
ALTER TABLE "chat_messages" ADD COLUMN "swipe_index" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "chat_messages" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'complete';

ALTER TABLE "jobs" ADD COLUMN "stop_requested_at" TEXT NULL;

CREATE TABLE "message_swipes" (
    "message_id" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_message_swipes" PRIMARY KEY ("message_id", "index"),
    CONSTRAINT "fk_message_swipes_message_id" FOREIGN KEY ("message_id") REFERENCES "chat_messages" ("id") ON DELETE CASCADE
);

-- Every assistant message written before swipes existed becomes its own first swipe.
INSERT INTO "message_swipes" ("message_id", "index", "content", "status", "created_at")
SELECT "id", 0, "content", 'complete', "created_at" FROM "chat_messages" WHERE "role" = 'assistant';
