-- 0015: group chats. A group chat lists its characters in order (each may be muted) and how the next speaker is chosen;
-- every assistant message (and each of its swipes) records which character spoke. Single-character chats leave all of
-- it empty. The speaker has no foreign key: who said a line stays true after the character is deleted.
CREATE TABLE chat_members (
    chat_id uuid NOT NULL,
    character_id uuid NOT NULL,
    position integer NOT NULL,
    muted boolean NOT NULL,
    CONSTRAINT pk_chat_members PRIMARY KEY (chat_id, character_id),
    CONSTRAINT fk_chat_members_chat_id FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE,
    CONSTRAINT fk_chat_members_character_id FOREIGN KEY (character_id) REFERENCES characters (id) ON DELETE CASCADE
);

CREATE INDEX ix_chat_members_character_id ON chat_members (character_id);

ALTER TABLE chats ADD COLUMN group_strategy character varying(16);

ALTER TABLE chat_messages ADD COLUMN character_id uuid;

ALTER TABLE message_swipes ADD COLUMN character_id uuid;
