-- 0013: finding and organising chats. Chats can be favourites and sit in a folder; messages are searchable.
ALTER TABLE "chats" ADD COLUMN "is_favorite" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "chats" ADD COLUMN "folder" TEXT NULL;

-- The full-text index reads the text from chat_messages itself (external content, so nothing is stored twice) and is
-- kept in step by triggers: whatever changes a message's content (a reply, an edit, a swipe selection, a delete, a
-- chat or account deleted with its messages) changes the index in the same transaction, without application code.
-- unicode61 splits words for every alphabet and ignores case and diacritics.
CREATE VIRTUAL TABLE "chat_messages_search" USING fts5(
    "content",
    content = 'chat_messages',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO "chat_messages_search" ("chat_messages_search") VALUES ('rebuild');

CREATE TRIGGER "chat_messages_search_insert" AFTER INSERT ON "chat_messages" BEGIN
    INSERT INTO "chat_messages_search" ("rowid", "content") VALUES (new."rowid", new."content");
END;

CREATE TRIGGER "chat_messages_search_delete" AFTER DELETE ON "chat_messages" BEGIN
    INSERT INTO "chat_messages_search" ("chat_messages_search", "rowid", "content") VALUES ('delete', old."rowid", old."content");
END;

CREATE TRIGGER "chat_messages_search_update" AFTER UPDATE OF "content" ON "chat_messages" BEGIN
    INSERT INTO "chat_messages_search" ("chat_messages_search", "rowid", "content") VALUES ('delete', old."rowid", old."content");
    INSERT INTO "chat_messages_search" ("rowid", "content") VALUES (new."rowid", new."content");
END;
