-- 0016: new messages enter the full-text index in batches, not one by one. FTS5 writes a segment of its own for every
-- transaction that adds to it, and merges those segments as they pile up: with a message indexed in the transaction
-- that stores it, every reply paid that twice (its user message, its answer): a quarter to a third of the WAL pages a
-- reply wrote. Now the rows up to "indexed_rowid" are in the index; the newer ones are added many at a time by
-- MessageSearch.CatchUpAsync, which a search runs before it reads (so nothing stored is ever missing from its answer)
-- and a scheduled sweep runs every few seconds. The triggers keep the indexed rows in step as before, and index at
-- once a new row whose rowid is not above the mark (SQLite reuses the rowid of a deleted newest row).
CREATE TABLE "chat_messages_search_progress" (
    "id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),
    "indexed_rowid" INTEGER NOT NULL
);

INSERT INTO "chat_messages_search_progress" ("id", "indexed_rowid")
VALUES (1, COALESCE((SELECT MAX("rowid") FROM "chat_messages"), 0));

DROP TRIGGER "chat_messages_search_insert";
DROP TRIGGER "chat_messages_search_delete";
DROP TRIGGER "chat_messages_search_update";

CREATE TRIGGER "chat_messages_search_insert" AFTER INSERT ON "chat_messages"
WHEN new."rowid" <= (SELECT "indexed_rowid" FROM "chat_messages_search_progress") BEGIN
    INSERT INTO "chat_messages_search" ("rowid", "content") VALUES (new."rowid", new."content");
END;

CREATE TRIGGER "chat_messages_search_delete" AFTER DELETE ON "chat_messages"
WHEN old."rowid" <= (SELECT "indexed_rowid" FROM "chat_messages_search_progress") BEGIN
    INSERT INTO "chat_messages_search" ("chat_messages_search", "rowid", "content") VALUES ('delete', old."rowid", old."content");
END;

CREATE TRIGGER "chat_messages_search_update" AFTER UPDATE OF "content" ON "chat_messages"
WHEN old."rowid" <= (SELECT "indexed_rowid" FROM "chat_messages_search_progress") BEGIN
    INSERT INTO "chat_messages_search" ("chat_messages_search", "rowid", "content") VALUES ('delete', old."rowid", old."content");
    INSERT INTO "chat_messages_search" ("rowid", "content") VALUES (new."rowid", new."content");
END;
