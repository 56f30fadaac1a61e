-- 0012: branches remember the chat and message they were taken from; SillyTavern's chat_metadata and each message's
-- extra are kept as written, so an imported chat exports back with them.
ALTER TABLE chats
    ADD COLUMN branched_from_chat_id uuid,
    ADD COLUMN branched_from_message_id uuid,
    ADD COLUMN chat_metadata text;

ALTER TABLE chats ADD CONSTRAINT fk_chats_branched_from_chat_id FOREIGN KEY (branched_from_chat_id) REFERENCES chats (id) ON DELETE SET NULL;

ALTER TABLE chats ADD CONSTRAINT fk_chats_branched_from_message_id FOREIGN KEY (branched_from_message_id) REFERENCES chat_messages (id) ON DELETE SET NULL;

CREATE INDEX ix_chats_branched_from_chat_id ON chats (branched_from_chat_id);

CREATE INDEX ix_chats_branched_from_message_id ON chats (branched_from_message_id);

ALTER TABLE chat_messages ADD COLUMN extra text;
