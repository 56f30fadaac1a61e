-- 0026: a group member its author makes private speaks on in other people's group chats from a copy of it as it was
-- then, as a one-to-one chat goes on with its pinned copy (chat_pins); before, it spoke with its name alone. The copy
-- goes with its member (with the group chat, and with the character when it is deleted). Members already private are
-- not copied here: what they are now was never theirs to read.
CREATE TABLE "chat_member_pins" (
    "chat_id" TEXT NOT NULL,
    "character_id" TEXT NOT NULL,
    "card" TEXT NOT NULL,
    CONSTRAINT "pk_chat_member_pins" PRIMARY KEY ("chat_id", "character_id"),
    CONSTRAINT "fk_chat_member_pins_chat_id_character_id" FOREIGN KEY ("chat_id", "character_id") REFERENCES "chat_members" ("chat_id", "character_id") ON DELETE CASCADE
);
