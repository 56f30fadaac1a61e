-- 0020: a message can be hidden from the model (SillyTavern's is_system): it stays in the chat, out of the prompt.
-- A constant default adds the column without rewriting the table.
ALTER TABLE chat_messages ADD COLUMN hidden boolean NOT NULL DEFAULT false;
