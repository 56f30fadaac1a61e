-- 0011: the prompt is built at each turn. Users' personas, lorebooks and generation presets; chats choose a persona,
-- attach lorebooks, keep an author's note and settings, and may pin a copy of their character. Messages are untouched:
-- older chats keep their stored system message, which the prompt replaces with the live character.
CREATE TABLE personas (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    description character varying(8000),
    avatar_url character varying(2048),
    is_default boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_personas PRIMARY KEY (id),
    CONSTRAINT fk_personas_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_personas_user_id_created_at ON personas (user_id, created_at);

CREATE TABLE lorebooks (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    description character varying(4000),
    scan_depth integer,
    token_budget integer,
    recursive_scanning boolean NOT NULL,
    entries text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_lorebooks PRIMARY KEY (id),
    CONSTRAINT fk_lorebooks_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_lorebooks_user_id_updated_at ON lorebooks (user_id, updated_at);

CREATE TABLE presets (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    settings text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_presets PRIMARY KEY (id),
    CONSTRAINT fk_presets_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_presets_user_id_created_at ON presets (user_id, created_at);

CREATE TABLE chat_lorebooks (
    chat_id uuid NOT NULL,
    lorebook_id uuid NOT NULL,
    position integer NOT NULL,
    CONSTRAINT pk_chat_lorebooks PRIMARY KEY (chat_id, lorebook_id),
    CONSTRAINT fk_chat_lorebooks_chat_id FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE,
    CONSTRAINT fk_chat_lorebooks_lorebook_id FOREIGN KEY (lorebook_id) REFERENCES lorebooks (id) ON DELETE CASCADE
);

CREATE INDEX ix_chat_lorebooks_lorebook_id ON chat_lorebooks (lorebook_id);

ALTER TABLE chats
    ADD COLUMN persona_id uuid,
    ADD COLUMN author_note character varying(8000),
    ADD COLUMN author_note_depth integer NOT NULL DEFAULT 4,
    ADD COLUMN settings text,
    ADD COLUMN pinned_character text,
    ADD COLUMN pinned_at timestamp with time zone;

ALTER TABLE chats ADD CONSTRAINT fk_chats_persona_id FOREIGN KEY (persona_id) REFERENCES personas (id) ON DELETE SET NULL;

CREATE INDEX ix_chats_persona_id ON chats (persona_id);
