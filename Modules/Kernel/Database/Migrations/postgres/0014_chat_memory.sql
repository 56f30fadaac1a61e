-- 0014: a chat's running summary of the messages that no longer fit the prompt's budget (issue #12, memory).
CREATE TABLE chat_memories (
    id uuid NOT NULL,
    chat_id uuid NOT NULL,
    summary text NOT NULL,
    through_seq integer NOT NULL,
    stale boolean NOT NULL,
    version integer NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    last_error character varying(2000),
    attempts integer NOT NULL,
    retry_at timestamp with time zone,
    CONSTRAINT pk_chat_memories PRIMARY KEY (id),
    CONSTRAINT fk_chat_memories_chat_id FOREIGN KEY (chat_id) REFERENCES chats (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_chat_memories_chat_id ON chat_memories (chat_id);

CREATE INDEX ix_chat_memories_retry_at ON chat_memories (retry_at);
