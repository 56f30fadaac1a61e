-- 0003: chats and their messages (one row each), jobs and their SSE frame log.
CREATE TABLE "jobs" (
    "id" TEXT NOT NULL CONSTRAINT "pk_jobs" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_id" TEXT NULL,
    "status" TEXT NOT NULL,
    "progress" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "result" TEXT NULL,
    "error" TEXT NULL,
    "attempts" INTEGER NOT NULL,
    "locked_by" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "started_at" TEXT NULL,
    "heartbeat_at" TEXT NULL,
    "finished_at" TEXT NULL,
    CONSTRAINT "fk_jobs_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "chats" (
    "id" TEXT NOT NULL CONSTRAINT "pk_chats" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "character_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_chats_character_id" FOREIGN KEY ("character_id") REFERENCES "characters" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_chats_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "job_events" (
    "job_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "pk_job_events" PRIMARY KEY ("job_id", "seq"),
    CONSTRAINT "fk_job_events_job_id" FOREIGN KEY ("job_id") REFERENCES "jobs" ("id") ON DELETE CASCADE
);

CREATE TABLE "chat_messages" (
    "id" TEXT NOT NULL CONSTRAINT "pk_chat_messages" PRIMARY KEY,
    "chat_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "job_id" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_chat_messages_chat_id" FOREIGN KEY ("chat_id") REFERENCES "chats" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_chat_messages_chat_id_seq" ON "chat_messages" ("chat_id", "seq");

CREATE INDEX "ix_chats_character_id" ON "chats" ("character_id");

CREATE INDEX "ix_chats_user_id_updated_at" ON "chats" ("user_id", "updated_at");

CREATE INDEX "ix_jobs_status_created_at" ON "jobs" ("status", "created_at");

CREATE INDEX "ix_jobs_subject_id_status" ON "jobs" ("subject_id", "status");

CREATE INDEX "ix_jobs_user_id" ON "jobs" ("user_id");
