-- 0019: every reply writes its chat's updated_at twice (as it starts and as it is stored). With updated_at in an index,
-- PostgreSQL could not update the row in place (a HOT update): each write added an entry to every index of chats (six)
-- and left a dead row version behind in all of them. The user's chats are looked up by user alone now, and a list page
-- sorts them (a user has tens or hundreds of chats, not millions), so a touch changes no indexed column. Pages of chats
-- keep a fifth free, so that the new version of a row fits beside the old one.
DROP INDEX ix_chats_user_id_updated_at;

CREATE INDEX ix_chats_user_id ON chats (user_id);

ALTER TABLE chats SET (fillfactor = 80);
