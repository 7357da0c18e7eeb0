package org.polity.server.storage.jdbi;

import java.time.Instant;
import java.util.List;
import org.polity.server.model.BackfillJob;
import org.polity.server.storage.BackfillStore;

final class JdbiBackfillStore implements BackfillStore {
    private final JdbiStorage.Handles handles;

    JdbiBackfillStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public void request(String actorUri, Instant now) {
        // Update, else insert (H2 has no ON CONFLICT DO UPDATE); a racing insert is met by the second update.
        if (reset(actorUri, now) == 0) {
            int inserted = handles.with(h -> h.createUpdate("INSERT INTO backfill_jobs (actor_uri, requested_at,"
                            + " attempts, next_attempt_at) VALUES (:u, :now, 0, :now) ON CONFLICT DO NOTHING")
                    .bind("u", actorUri).bind("now", now).execute());
            if (inserted == 0) {
                reset(actorUri, now);
            }
        }
    }

    private int reset(String actorUri, Instant now) {
        return handles.with(h -> h.createUpdate("UPDATE backfill_jobs SET requested_at = :now, attempts = 0,"
                        + " next_attempt_at = :now, last_error = NULL WHERE actor_uri = :u")
                .bind("u", actorUri).bind("now", now).execute());
    }

    @Override
    public List<BackfillJob> findDue(Instant now, int limit) {
        return handles.with(h -> h.createQuery("SELECT actor_uri, requested_at, attempts, next_attempt_at, last_error"
                        + " FROM backfill_jobs WHERE next_attempt_at <= :now ORDER BY next_attempt_at, actor_uri"
                        + " LIMIT :limit")
                .bind("now", now).bind("limit", limit)
                .map((rs, ctx) -> new BackfillJob(rs.getString("actor_uri"), Rows.instant(rs, "requested_at"),
                        rs.getInt("attempts"), Rows.instant(rs, "next_attempt_at"), rs.getString("last_error")))
                .list());
    }

    @Override
    public boolean isWaiting(String actorUri) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM backfill_jobs WHERE actor_uri = :u")
                .bind("u", actorUri).mapTo(Long.class).one()) > 0;
    }

    @Override
    public void delete(String actorUri) {
        handles.with(h -> h.createUpdate("DELETE FROM backfill_jobs WHERE actor_uri = :u").bind("u", actorUri)
                .execute());
    }

    @Override
    public void retryLater(String actorUri, int attempts, Instant next, String error) {
        String reason = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
        handles.with(h -> h.createUpdate("UPDATE backfill_jobs SET attempts = :a, next_attempt_at = :n,"
                        + " last_error = :e WHERE actor_uri = :u")
                .bind("a", attempts).bind("n", next).bind("e", reason).bind("u", actorUri).execute());
    }
}
