-- 0003: chats and their messages (one row each), jobs and their SSE frame log.
CREATE TABLE jobs (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind character varying(64) NOT NULL,
    subject_id uuid,
    status character varying(16) NOT NULL,
    progress integer NOT NULL,
    payload text NOT NULL,
    result text,
    error character varying(2000),
    attempts integer NOT NULL,
    locked_by character varying(64),
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    heartbeat_at timestamp with time zone,
    finished_at timestamp with time zone,
    CONSTRAINT pk_jobs PRIMARY KEY (id),
    CONSTRAINT fk_jobs_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE chats (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    character_id uuid NOT NULL,
    title character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_chats PRIMARY KEY (id),
    CONSTRAINT fk_chats_character_id FOREIGN KEY (character_id) REFERENCES characters (id) ON DELETE CASCADE,
    CONSTRAINT fk_chats_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE job_events (
    job_id uuid NOT NULL,
    seq integer NOT NULL,
    type character varying(16) NOT NULL,
    data text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_job_events PRIMARY KEY (job_id, seq),
    CONSTRAINT fk_job_events_job_id FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);

CREATE TABLE chat_messages (
    id uuid NOT NULL,
    chat_id uuid NOT NULL,
    seq integer NOT NULL,
    role character varying(16) NOT NULL,
    content text NOT NULL,
    job_id uuid,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_chat_messages PRIMARY KEY (id),
    CONSTRAINT fk_chat_messages_chat_id FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_chat_messages_chat_id_seq ON chat_messages (chat_id, seq);

CREATE INDEX ix_chats_character_id ON chats (character_id);

CREATE INDEX ix_chats_user_id_updated_at ON chats (user_id, updated_at);

CREATE INDEX ix_jobs_status_created_at ON jobs (status, created_at);

CREATE INDEX ix_jobs_subject_id_status ON jobs (subject_id, status);

CREATE INDEX ix_jobs_user_id ON jobs (user_id);
