-- 0013: finding and organising chats. Chats can be favourites and sit in a folder; messages are searchable.
ALTER TABLE chats
    ADD COLUMN is_favorite boolean NOT NULL DEFAULT false,
    ADD COLUMN folder character varying(100);

-- An expression index rather than a stored column: PostgreSQL keeps it in step with every insert, edit, swipe selection
-- and delete by itself, and searches use the same expression. 'simple' lowercases without stemming, so every language
-- is searched the same way.
CREATE INDEX ix_chat_messages_search ON chat_messages USING gin (to_tsvector('simple', content));
