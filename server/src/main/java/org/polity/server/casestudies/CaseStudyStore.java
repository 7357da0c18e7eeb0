package org.polity.server.casestudies;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Case studies' filterable facets, versions, workflow transitions, links and editors (tables of V11). The
 * published document itself is an object ({@code objects}, kind CASE_STUDY); this store never writes there.
 */
public interface CaseStudyStore {
    /** One case study as stored: the current fields, where it stands, and its object once published. */
    record Entry(long id, String objectUri, boolean local, long authorId, CaseStudy.Status status, CaseStudy fields,
            int version, Instant createdAt, Instant updatedAt) {}

    /** One saved version of a case study's fields. */
    record Version(long caseStudyId, int version, CaseStudy fields, String authorUri, Instant createdAt) {}

    /** One move of a case study through the workflow. */
    record Transition(CaseStudy.Status from, CaseStudy.Status to, long actorId, String comment, Instant at) {}

    /** "{@code fromUri} adapted (or adopted) {@code toUri}"; {@code source} is {@code local} or {@code remote}. */
    record LinkRow(String fromUri, String toUri, String relation, String source, Instant createdAt) {}

    /** Library filters; null or 0 means any. */
    record Filter(String country, String sector, String stage, String facet, int sdg, String level) {
        public static Filter none() {
            return new Filter(null, null, null, null, 0, null);
        }
    }

    /** Inserts a case study at version 1 (its first version is recorded too); returns it with its id. */
    Entry insert(Entry entry, String authorUri);

    /**
     * Replaces the fields of case study {@code id}, keeping the prior ones as a version, when it is at
     * {@code expectedVersion}; false when it has moved on (someone saved in between) or is gone.
     */
    boolean updateFields(long id, int expectedVersion, CaseStudy fields, String authorUri, Instant now);

    /** Sets the status (and the object's id, once published). */
    void setStatus(long id, CaseStudy.Status status, String objectUri, Instant now);

    void insertTransition(long id, Transition transition);

    List<Transition> findTransitions(long id);

    Optional<Entry> findById(long id);

    Optional<Entry> findByObjectUri(String objectUri);

    /**
     * One entry of the library: a public, live object of kind CASE_STUDY, with its case study row when there is
     * one (a case study sent by a C2S client, or received before V11, has none: it is listed, but matches no
     * filter).
     */
    record LibraryRow(long objectId, String objectUri, String url, String name, java.time.Instant publishedAt,
            long authorId, Entry entry) {}

    /** The library, newest first, after the object with row id {@code beforeObjectId} (null: from the start). */
    List<LibraryRow> findLibrary(Filter filter, Long beforeObjectId, int limit);

    long countLibrary(Filter filter);

    /** Case studies in {@code status} (the review queue), oldest first. */
    List<Entry> findByStatus(CaseStudy.Status status, int limit);

    /** An author's own case studies in any status, newest first. */
    List<Entry> findByAuthor(long authorId, int limit);

    List<Version> findVersions(long id);

    Optional<Version> findVersion(long id, int version);

    /** Records a link, once; a repeated one is left as it is. */
    void insertLink(LinkRow link);

    /** Removes the links {@code fromUri} claims, before its new document's links are recorded. */
    void deleteLinksFrom(String fromUri);

    List<LinkRow> findLinksFrom(String fromUri);

    List<LinkRow> findLinksTo(String toUri);

    boolean isEditor(long accountId);

    void addEditor(long accountId, long grantedBy, Instant now);

    void removeEditor(long accountId);

    List<Long> findEditors();
}
