-- 0009: the columns a character card fills hold a card's text as written, up to 200,000 characters (names included);
-- what people type into create and update is still held to the smaller limits by the validator.
ALTER TABLE characters
    ALTER COLUMN name TYPE character varying(200000),
    ALTER COLUMN public_description TYPE character varying(200000),
    ALTER COLUMN personality TYPE character varying(200000),
    ALTER COLUMN scenario TYPE character varying(200000),
    ALTER COLUMN greeting TYPE character varying(200000),
    ALTER COLUMN mes_example TYPE character varying(200000),
    ALTER COLUMN post_history_instructions TYPE character varying(200000),
    ALTER COLUMN creator_notes TYPE character varying(200000),
    ALTER COLUMN system_instruction TYPE character varying(200000);
