-- 0030: every reply of a chat longer than what its prompt reads counts the messages a model may read (not a stored
-- system opening, not hidden, not empty: Prompt.ModelHistory), and reads on among them past hidden ones. Through the
-- chat's (chat_id, seq) index that visited every one of the chat's rows to test those columns: 25 ms a reply at 30,000
-- messages on SQLite, 45 ms on PostgreSQL. This index holds only such messages, so the count reads it alone.
CREATE INDEX "ix_chat_messages_prompted" ON "chat_messages" ("chat_id", "seq") WHERE role <> 'system' AND NOT hidden AND content <> '';
