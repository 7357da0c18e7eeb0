package org.polity.server.moderation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reports, their objects, and actors' moderation states (V19). */
public interface ModerationStore {
    /**
     * Stores a report with its objects (its {@code id} is ignored) unless one with the same {@code uri} exists;
     * returns the stored report, or empty when it was there already (a Flag received twice).
     */
    Optional<Report> insertReport(Report report);

    Optional<Report> findReportById(long id);

    Optional<Report> findReportByUri(String uri);

    /**
     * Reports newest first: of {@code status} (null: every status), with an id below {@code beforeId} (null: from
     * the newest), at most {@code limit}.
     */
    List<Report> findReports(Report.Status status, Long beforeId, int limit);

    /** Reports about one actor, newest first. */
    List<Report> findReportsByTarget(long targetActorId, int limit);

    long countReports(Report.Status status);

    /**
     * Takes an open report out of the queue: {@code status} RESOLVED or DISMISSED, with a note, by and when.
     * False when it was not open (someone else got there first).
     */
    boolean closeReport(long id, Report.Status status, String note, long byActorId, Instant at);

    /** Sets who is looking at an open report (null: nobody). */
    void assignReport(long id, Long actorId);

    /** Sets (or replaces) an actor's moderation state. */
    void putStanding(ActorStanding standing);

    /** Clears an actor's moderation state; false when it had none. */
    boolean clearStanding(long actorId);

    Optional<ActorStanding> findStanding(long actorId);

    /** Every actor in a moderation state, newest first. */
    List<ActorStanding> findStandings();
}
