-- Polity schema, version 4: groups (FEP-1b12) and their threads. A group is an actor (actor_type 'Group');
-- membership is an accepted follow of it. Written to run unchanged on H2 (in PostgreSQL mode) and on PostgreSQL.

-- Our own groups' settings. Remote groups keep only their actor row.
CREATE TABLE group_settings (
    actor_id         BIGINT PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    membership       VARCHAR(16)   NOT NULL,
    members_only     BOOLEAN       NOT NULL DEFAULT FALSE,
    about_source     VARCHAR(10000) NOT NULL DEFAULT '',
    rules_source     VARCHAR(10000) NOT NULL DEFAULT '',
    created_by       BIGINT REFERENCES actors (id) ON DELETE SET NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Admins and moderators of our groups (members are followers; these are the people who run the group).
CREATE TABLE group_roles (
    group_id         BIGINT        NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    actor_id         BIGINT        NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    role             VARCHAR(16)   NOT NULL,
    CONSTRAINT group_roles_pair PRIMARY KEY (group_id, actor_id)
);

-- Invitations to our invitation-only groups; an invited actor's Follow is accepted.
CREATE TABLE group_invitations (
    group_id         BIGINT        NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    actor_id         BIGINT        NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    invited_by       BIGINT        REFERENCES actors (id) ON DELETE SET NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT group_invitations_pair PRIMARY KEY (group_id, actor_id)
);

-- People a moderator removed from one of our groups: they cannot join or post again until unbanned.
CREATE TABLE group_bans (
    group_id         BIGINT        NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    actor_id         BIGINT        NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    banned_by        BIGINT        REFERENCES actors (id) ON DELETE SET NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT group_bans_pair PRIMARY KEY (group_id, actor_id)
);

-- The message a person sent with a request to join (or to follow), shown to those who decide.
ALTER TABLE follows ADD COLUMN message VARCHAR(1000);

-- Every post (thread or comment) that belongs to a group, ours or remote: which group and which thread.
CREATE TABLE group_posts (
    object_uri       VARCHAR(2048) PRIMARY KEY,
    group_uri        VARCHAR(2048) NOT NULL,
    thread_uri       VARCHAR(2048) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX group_posts_thread ON group_posts (thread_uri, created_at);

-- Threads (discussions and questions) in groups, with what moderators and askers decide about them.
CREATE TABLE threads (
    object_uri           VARCHAR(2048) PRIMARY KEY,
    group_uri            VARCHAR(2048) NOT NULL,
    kind                 VARCHAR(16)   NOT NULL,
    pinned               BOOLEAN       NOT NULL DEFAULT FALSE,
    locked               BOOLEAN       NOT NULL DEFAULT FALSE,
    accepted_answer_uri  VARCHAR(2048),
    reply_count          INT           NOT NULL DEFAULT 0,
    last_activity_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX threads_group ON threads (group_uri, pinned, last_activity_at);

-- The software a remote host runs (NodeInfo software.name), learnt when it first joins one of our groups: a
-- group re-sends a post by id for Mastodon only to servers that do not read FEP-1b12's wrapped activities.
ALTER TABLE hosts ADD COLUMN software VARCHAR(64);

-- Hashtags of posts (lower-case, without '#'), for tag pages.
CREATE TABLE object_tags (
    object_uri       VARCHAR(2048) NOT NULL,
    tag              VARCHAR(100)  NOT NULL,
    CONSTRAINT object_tags_pair PRIMARY KEY (object_uri, tag)
);
CREATE INDEX object_tags_tag ON object_tags (tag);
