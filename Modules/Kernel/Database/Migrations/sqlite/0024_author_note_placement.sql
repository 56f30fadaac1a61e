-- 0024: the author's note's role, interval and position (SillyTavern's note_role, note_interval, note_position), as JSON; null for the defaults.
ALTER TABLE "chats" ADD COLUMN "author_note_placement" TEXT NULL;
