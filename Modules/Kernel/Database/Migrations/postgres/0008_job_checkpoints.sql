-- 0008: a job keeps its streamed text and the length of each token instead of a row per SSE frame; whether a job's
-- runner is alive is known per instance, so jobs lose their heartbeat (and their never-used attempt counter).
DROP TABLE job_events;

ALTER TABLE jobs DROP COLUMN heartbeat_at;

ALTER TABLE jobs DROP COLUMN attempts;

ALTER TABLE jobs ADD COLUMN text text;

ALTER TABLE jobs ADD COLUMN token_lengths text;

ALTER TABLE jobs ADD COLUMN tokens integer NOT NULL DEFAULT 0;
