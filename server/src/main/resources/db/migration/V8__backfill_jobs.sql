-- Polity schema, version 8: backfills waiting or retrying, so none is lost to a restart or a remote outage.
-- One row per remote actor (a group or person that accepted one of our follows); removed when the backfill
-- is done or has failed too often. Written to run on H2 and PostgreSQL.
CREATE TABLE backfill_jobs (
    actor_uri        VARCHAR(2048) PRIMARY KEY,
    requested_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts         INT NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error       VARCHAR(1000)
);
CREATE INDEX backfill_jobs_due ON backfill_jobs (next_attempt_at);
