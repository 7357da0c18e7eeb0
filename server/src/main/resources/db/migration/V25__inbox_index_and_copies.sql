-- Queue rows are pruned on a schedule (issue 12): what outlives them moves into compact tables of its own.
--
-- The owner's inbox (GET /users/{name}/inbox): one row per (local actor, entry) the inbox shows, written when
-- the entry is stored for the actor (our activity addressed to them, in Publisher's transaction; a received one
-- when the inbox worker finishes it as DONE, in the same transaction). An entry is an activity of ours
-- (src 'L', activity_id) or a received activity (src 'R', item_id); pages read the primary key backwards from
-- a cursor (entry_at, src, entry_id). A received item an index row names is kept by the pruning (the row has
-- no ON DELETE action: deleting it fails).
CREATE TABLE inbox_index (
    actor_id     BIGINT  NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    entry_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    src          CHAR(1) NOT NULL,
    entry_id     BIGINT  NOT NULL,
    activity_id  BIGINT REFERENCES activities (id) ON DELETE CASCADE,
    item_id      BIGINT REFERENCES inbox_items (id),
    CONSTRAINT inbox_index_pk PRIMARY KEY (actor_id, entry_at, src, entry_id)
);
CREATE INDEX inbox_index_activity ON inbox_index (activity_id);
CREATE INDEX inbox_index_item ON inbox_index (item_id);

-- How many entries each actor's inbox has (its totalItems), kept as rows are indexed: no COUNT(*) per read.
CREATE TABLE inbox_counts (
    actor_id     BIGINT NOT NULL PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
    entries      BIGINT NOT NULL
);

-- Who holds a copy: every inbox that was sent (or is queued) an activity about an object (its Create, Updates,
-- Announces, a group's Announce of its Create) and every inbox sent an activity of a local actor. Written with
-- the deliveries (same transaction) and kept when they are pruned, so a Delete still reaches every copy.
-- One row per (object, inbox) and per (actor, inbox), however many activities went there.
CREATE TABLE object_holders (
    object_uri   VARCHAR(2048) NOT NULL,
    inbox_uri    VARCHAR(2048) NOT NULL,
    CONSTRAINT object_holders_pair PRIMARY KEY (object_uri, inbox_uri)
);
CREATE TABLE actor_holders (
    actor_id     BIGINT        NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    inbox_uri    VARCHAR(2048) NOT NULL,
    CONSTRAINT actor_holders_pair PRIMARY KEY (actor_id, inbox_uri)
);

-- The pruning finds old finished rows by the time they finished.
CREATE INDEX deliveries_finished ON deliveries (finished_at);
CREATE INDEX inbox_items_processed ON inbox_items (processed_at);
CREATE INDEX inbox_deferred_processed ON inbox_deferred (processed_at);

-- Backfill from today's rows, with the rules the inbox query applied until now: addressed to the actor by name,
-- or to the followers collection of the activity's own actor whom the actor follows (accepted); a received
-- activity also when the actor's personal inbox received it.
INSERT INTO inbox_index (actor_id, entry_at, src, entry_id, activity_id)
SELECT ac.id, a.published_at, 'L', a.id, a.id FROM activities a
  JOIN addressing ad ON ad.subject_uri = a.uri
  JOIN actors ac ON ac.uri = ad.recipient_uri AND ac.local = TRUE AND ac.id <> a.actor_id
UNION
SELECT f.follower_id, a.published_at, 'L', a.id, a.id FROM activities a
  JOIN actors fa ON fa.id = a.actor_id
  JOIN addressing ad ON ad.subject_uri = a.uri AND ad.recipient_uri = fa.followers_uri
  JOIN follows f ON f.followed_id = fa.id AND f.state = 'ACCEPTED'
  JOIN actors ac ON ac.id = f.follower_id AND ac.local = TRUE AND ac.id <> a.actor_id;

INSERT INTO inbox_index (actor_id, entry_at, src, entry_id, item_id)
SELECT ac.id, i.received_at, 'R', i.id, i.id FROM inbox_items i
  JOIN actors ac ON ac.id = i.recipient_id AND ac.local = TRUE AND ac.uri <> i.actor_uri
  WHERE i.state = 'DONE'
UNION
SELECT ac.id, i.received_at, 'R', i.id, i.id FROM inbox_items i
  JOIN addressing ad ON ad.subject_uri = i.activity_uri
  JOIN actors ac ON ac.uri = ad.recipient_uri AND ac.local = TRUE AND ac.uri <> i.actor_uri
  WHERE i.state = 'DONE'
UNION
SELECT ac.id, i.received_at, 'R', i.id, i.id FROM inbox_items i
  JOIN actors fa ON fa.uri = i.actor_uri
  JOIN addressing ad ON ad.subject_uri = i.activity_uri AND ad.recipient_uri = fa.followers_uri
  JOIN follows f ON f.followed_id = fa.id AND f.state = 'ACCEPTED'
  JOIN actors ac ON ac.id = f.follower_id AND ac.local = TRUE AND ac.uri <> i.actor_uri
  WHERE i.state = 'DONE';

INSERT INTO inbox_counts (actor_id, entries) SELECT actor_id, COUNT(*) FROM inbox_index GROUP BY actor_id;

INSERT INTO object_holders (object_uri, inbox_uri)
SELECT a.object_uri, d.inbox_uri FROM deliveries d JOIN activities a ON a.id = d.activity_id
  WHERE a.object_uri IS NOT NULL
UNION
SELECT c.object_uri, d.inbox_uri FROM deliveries d JOIN activities a ON a.id = d.activity_id
  JOIN activities c ON c.uri = a.object_uri WHERE c.object_uri IS NOT NULL;

INSERT INTO actor_holders (actor_id, inbox_uri)
SELECT DISTINCT a.actor_id, d.inbox_uri FROM deliveries d JOIN activities a ON a.id = d.activity_id;
