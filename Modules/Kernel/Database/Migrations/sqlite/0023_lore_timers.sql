-- 0023: a chat remembers its world-info entries' running stickies and cooldowns (SillyTavern's timedWorldInfo), as JSON.
ALTER TABLE "chats" ADD COLUMN "lore_timers" TEXT NULL;
