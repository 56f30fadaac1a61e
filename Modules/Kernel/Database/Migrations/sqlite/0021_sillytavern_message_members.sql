-- 0021: an imported SillyTavern message keeps its other members (title, force_avatar, gen_started, gen_finished, …) and
-- each swipe its swipe_info entry (its own extra and times), as written, so an export gives them back.
ALTER TABLE "chat_messages" ADD COLUMN "other_members" TEXT NULL;

ALTER TABLE "message_swipes" ADD COLUMN "swipe_info" TEXT NULL;
