-- 0007: deleting a public character no longer deletes other people's chats with it; their chats lose the link.
ALTER TABLE chats ALTER COLUMN character_id DROP NOT NULL;

ALTER TABLE chats DROP CONSTRAINT fk_chats_character_id;

ALTER TABLE chats ADD CONSTRAINT fk_chats_character_id FOREIGN KEY (character_id) REFERENCES characters (id) ON DELETE SET NULL;
