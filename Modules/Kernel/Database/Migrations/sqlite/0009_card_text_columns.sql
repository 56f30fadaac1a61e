-- 0009: the columns a character card fills hold a card's text as written, up to 200,000 characters. SQLite's TEXT has
-- no length, so there is nothing to change here; the script keeps both providers' versions in step.
SELECT 1;
