-- 0029: the key a persona came in under from a SillyTavern backup (its avatar's file name), which its export and chat
-- persona locks use so that SillyTavern's restore, which merges by that key, does not add it a second time. Personas
-- imported before keep none and go out under their id, as before.
ALTER TABLE personas ADD COLUMN backup_key character varying(255);
