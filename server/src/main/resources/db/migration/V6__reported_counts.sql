-- Polity schema, version 6: what another server reports about one of its actors, beside our copy of the actor.
-- followers_total is the totalItems of the actor's followers collection (for a remote group: its members, as
-- its host counts them), read when the actor is fetched or refreshed. Written to run on H2 and PostgreSQL.
CREATE TABLE actor_reported_counts (
    actor_id         BIGINT PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    followers_total  BIGINT NOT NULL,
    fetched_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
