-- Polity schema, version 7: what a post's byline shows of a remote author besides name and handle: the
-- organisation and country of the Polity vocabulary (polity:organisation, polity:country) and the avatar
-- (ActivityStreams icon), kept from the actor document whenever it is fetched or updated. Local members'
-- organisation and country stay on their accounts. Written to run unchanged on H2 (PostgreSQL mode) and PostgreSQL.

CREATE TABLE actor_profiles (
    actor_id      BIGINT        NOT NULL PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    organisation  VARCHAR(200),
    country       VARCHAR(2),
    icon_url      VARCHAR(2048),
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
