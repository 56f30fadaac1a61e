-- 0005: what character cards (SillyTavern / chub, V2 and V3) carry beyond the columns characters had.
ALTER TABLE characters
    ADD COLUMN alternate_greetings text NOT NULL DEFAULT '[]',
    ADD COLUMN mes_example character varying(8000),
    ADD COLUMN post_history_instructions character varying(8000),
    ADD COLUMN creator_notes character varying(8000),
    ADD COLUMN card_extras text;
