-- 0020: a message can be hidden from the model (SillyTavern's is_system): it stays in the chat, out of the prompt.
ALTER TABLE "chat_messages" ADD COLUMN "hidden" INTEGER NOT NULL DEFAULT 0;
