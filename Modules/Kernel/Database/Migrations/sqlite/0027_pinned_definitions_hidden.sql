-- 0027: a chat's copy of someone else's character whose definition is hidden from the chat's user says so
-- (definition_hidden), so the user's own texts are not filled with it. Copies made before are marked here: those of a
-- character by another author that hides its definition, and those of a character since deleted (its author and its
-- setting are gone with it: hidden, on the safe side).
UPDATE "chat_pins"
SET "card" = json_set("card", '$.definition_hidden', json('true'))
WHERE "chat_id" IN (
    SELECT c."id" FROM "chats" c
    LEFT JOIN "characters" ch ON ch."id" = c."character_id"
    WHERE ch."id" IS NULL OR (ch."user_id" <> c."user_id" AND ch."definition_visibility" <> 'public'));
