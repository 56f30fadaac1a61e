-- 0031: when the first wrong password of an account's failure count was given. The count covers
-- Auth:AccountLockoutWindowMinutes from there: later failures start a new count, so failures spread over weeks no longer
-- add up to a lockout of the owner. Accounts counting failures before keep none, and their next failure starts afresh.
ALTER TABLE "users" ADD COLUMN "access_failed_since" TEXT NULL;
