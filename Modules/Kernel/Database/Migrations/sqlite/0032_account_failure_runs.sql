-- 0032: what an account's failure count needs to hold Auth:AccountLockoutFailures over any Auth:AccountLockoutWindowMinutes,
-- where a count that started again a window after its first failure let a guesser give the limit less one on each side of
-- that moment: when the count's last failure came, and the failures of the run before it with the time of their last.
-- A count kept before takes its first failure for its last, so it ends no later than it did.
ALTER TABLE "users" ADD COLUMN "access_failed_last" TEXT NULL;
ALTER TABLE "users" ADD COLUMN "access_failed_before" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "access_failed_before_last" TEXT NULL;
UPDATE "users" SET "access_failed_last" = "access_failed_since" WHERE "access_failed_count" > 0;
