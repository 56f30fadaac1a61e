-- 0025: where a persona's description goes in the prompt (SillyTavern's persona_description position, depth and role).
ALTER TABLE personas
    ADD COLUMN description_position character varying(16) NOT NULL DEFAULT 'in_prompt',
    ADD COLUMN description_depth integer NOT NULL DEFAULT 2,
    ADD COLUMN description_role character varying(16) NOT NULL DEFAULT 'system';
