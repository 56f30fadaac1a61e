-- 0005: what character cards (SillyTavern / chub, V2 and V3) carry beyond the columns characters had.
ALTER TABLE "characters" ADD COLUMN "alternate_greetings" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "characters" ADD COLUMN "mes_example" TEXT NULL;
ALTER TABLE "characters" ADD COLUMN "post_history_instructions" TEXT NULL;
ALTER TABLE "characters" ADD COLUMN "creator_notes" TEXT NULL;
ALTER TABLE "characters" ADD COLUMN "card_extras" TEXT NULL;
