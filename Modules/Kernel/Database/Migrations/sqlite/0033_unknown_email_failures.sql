-- 0033: the wrong passwords given for emails that have no account, which each instance counted in its own memory, so
-- that behind a balancer over K instances an unknown email locked only after about K times as many guesses as an
-- account did and so told it had no account. Keyed by an HMAC-SHA256 of the normalised email (its key derived from the
-- signing key, so a copy of the database does not tell which emails were tried); rows are swept once neither their
-- failures nor their lock can matter.
CREATE TABLE "unknown_email_failures" (
    "email_hash" TEXT NOT NULL CONSTRAINT "pk_unknown_email_failures" PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "since" TEXT NULL,
    "last_failure" TEXT NULL,
    "failures_before" INTEGER NOT NULL,
    "last_failure_before" TEXT NULL,
    "locked_until" TEXT NULL
);
