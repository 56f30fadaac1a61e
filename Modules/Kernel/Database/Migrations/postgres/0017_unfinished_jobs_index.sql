-- 0017: the checks every reply's start makes (is this chat busy, how many replies does the user have running) read only
-- unfinished jobs. Jobs are kept when they end, so the user's index found every job they ever ran and each row was read
-- to test its status, under the write turn every other writer waits for: a user's thousandth reply paid for the 999
-- before it. Two partial indexes hold unfinished jobs only: a job enters at its start and leaves at its end, so they
-- stay as small as the work in flight. The subject's index replaces the one that kept finished jobs too; nothing looks
-- finished jobs up by subject.
CREATE INDEX ix_jobs_user_id_kind ON jobs (user_id, kind) WHERE status IN ('waiting', 'active');

DROP INDEX ix_jobs_subject_id_status;

CREATE INDEX ix_jobs_subject_id ON jobs (subject_id) WHERE status IN ('waiting', 'active');
