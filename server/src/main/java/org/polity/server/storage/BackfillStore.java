package org.polity.server.storage;

import java.time.Instant;
import java.util.List;
import org.polity.server.model.BackfillJob;

/** Backfills to run: one row per remote actor, kept until done, so a restart or an outage loses none. */
public interface BackfillStore {
    /** Asks for a backfill of {@code actorUri}, due now; a request already waiting becomes due now, attempts reset. */
    void request(String actorUri, Instant now);

    /** The jobs due at {@code now}, soonest first. */
    List<BackfillJob> findDue(Instant now, int limit);

    /** Whether a backfill of {@code actorUri} is waiting. */
    boolean isWaiting(String actorUri);

    /** The job ran: it is gone. */
    void delete(String actorUri);

    /** The job failed: it runs again at {@code next}, its attempts counted and the reason kept. */
    void retryLater(String actorUri, int attempts, Instant next, String error);
}
