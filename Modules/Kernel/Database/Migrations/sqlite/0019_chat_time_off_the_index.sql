-- 0019: every reply writes its chat's updated_at twice (as it starts and as it is stored), and each write also moved
-- the chat's entry in the (user_id, updated_at) index. The user's chats are looked up by user alone now, and a list
-- page sorts them (a user has tens or hundreds of chats, not millions). PostgreSQL's script says why it matters there most.
DROP INDEX "ix_chats_user_id_updated_at";

CREATE INDEX "ix_chats_user_id" ON "chats" ("user_id");
