package org.polity.server.figures;

import java.time.Instant;
import java.util.List;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;

/**
 * Counts for the figures page ({@code GET /figures}) and the per-country Atom feeds, over what anyone may read:
 * PUBLIC objects that are not deleted, ours and received ones alike. Each method is one aggregate query.
 *
 * <p>A country is the one the object states: a challenge's issuing country ({@code challenges.country}), a
 * response's ({@code challenge_responses.country}), a case study's ({@code case_studies.country}). An object
 * without such a row (a challenge a C2S client sent, a response to a challenge we never saw) is counted under
 * the empty country, so the totals of every chart agree.
 */
public interface FigureStore {
    /** What one country put out; {@code country} is an ISO 3166-1 alpha-2 code, or empty when none is stated. */
    record CountryCount(String country, long challenges, long responses, long caseStudies) {
        public long total() {
            return challenges + responses + caseStudies;
        }
    }

    /** Challenges and responses published in one month (UTC); {@code month} is 1 to 12. */
    record MonthCount(int year, int month, long challenges, long responses) {}

    /** Responses from {@code responder}'s country to challenges {@code issuer}'s country issued. */
    record Answering(String responder, String issuer, long responses) {}

    /** Every country with at least one live public challenge, response or case study, by code. */
    List<CountryCount> countsByCountry();

    /** The months since {@code since} (inclusive) that had any challenge or response, oldest first. */
    List<MonthCount> countsByMonth(Instant since);

    /**
     * Live public responses by responding and issuing country, for the responses whose challenge we hold (only
     * those name an issuer), by responder then issuer.
     */
    List<Answering> answering();

    /**
     * The newest live public objects of {@code kind} (CHALLENGE, RESPONSE or CASE_STUDY) whose country is
     * {@code country}, newest first.
     */
    List<StoredObject> findPublicByCountry(ObjectKind kind, String country, int limit);
}
