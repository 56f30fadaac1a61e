-- 0034: a reply started with an Idempotency-Key header keeps the key, and a fingerprint of the request it came with, on
-- its job. A client that lost the answer to its send (a dropped connection, a timeout) sends it again with the same
-- key and is given the first reply's stream instead of a second message, a second reply and a second charge. One key
-- per user names one job; jobs started without a key (NULL) are not in the index.
ALTER TABLE jobs ADD COLUMN idempotency_key character varying(255);

ALTER TABLE jobs ADD COLUMN request_hash character varying(64);

CREATE UNIQUE INDEX ix_jobs_user_id_idempotency_key ON jobs (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
