-- 0018: a chat's pinned copy of its character moves to a row of its own. A copy may carry the card's book of hundreds
-- of entries, and every read of the chat read it, two at each turn, though only the prompt needs it. The copies move
-- as stored; the chat keeps when it was pinned.
CREATE TABLE chat_pins (
    chat_id uuid NOT NULL,
    card text NOT NULL,
    CONSTRAINT pk_chat_pins PRIMARY KEY (chat_id),
    CONSTRAINT fk_chat_pins_chat_id FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
);

INSERT INTO chat_pins (chat_id, card)
SELECT id, pinned_character FROM chats WHERE pinned_character IS NOT NULL;

ALTER TABLE chats DROP COLUMN pinned_character;
