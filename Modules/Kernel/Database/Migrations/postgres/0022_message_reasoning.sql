-- 0022: a thinking model's reasoning is kept with the reply it led to (and with each swipe its own), shown beside it,
-- never sent back to the model; SillyTavern's extra.reasoning.
ALTER TABLE chat_messages ADD COLUMN reasoning text;

ALTER TABLE message_swipes ADD COLUMN reasoning text;
