package org.polity.server.challenges;

import java.time.Instant;
import org.polity.server.casestudies.CaseStudyTerms;
import org.polity.server.casestudies.Countries;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;

/**
 * The checks of a challenge's fields and of its lifecycle, and the messages they answer (keys in
 * {@code web/i18n/challenges.*.properties}, {@code challenges.error.*}). Nothing is stored when one fails.
 */
final class ChallengeChecks {
    private ChallengeChecks() {}

    static final int MAX_TITLE = 200;
    static final int MAX_SUMMARY = 500;
    static final int MAX_SHORT = 200;
    static final int MAX_TEXT = 20_000;
    static final int MAX_QUESTIONS = 10;
    static final int MAX_CATEGORIES = 10;
    static final int MAX_TAGS = 20;

    static final Message TITLE = Message.of("challenges.error.title");
    static final Message SUMMARY = Message.of("challenges.error.summary");
    static final Message DESCRIPTION = Message.of("challenges.error.description");
    static final Message COUNTRY = Message.of("challenges.error.country");
    static final Message ORGANISATION = Message.of("challenges.error.organisation");
    static final Message QUESTIONS = Message.of("challenges.error.questions", MAX_QUESTIONS);
    static final Message QUESTION = Message.of("challenges.error.question");
    static final Message CATEGORIES = Message.of("challenges.error.categories", MAX_CATEGORIES);
    static final Message CATEGORY = Message.of("challenges.error.category");
    static final Message SECTOR = Message.of("challenges.error.sector");
    static final Message TAGS = Message.of("challenges.error.tags", MAX_TAGS);
    static final Message SDG = Message.of("challenges.error.sdg");
    static final Message DEADLINE = Message.of("challenges.error.deadline");
    static final Message CONTACT = Message.of("challenges.error.contact");
    static final Message OUTCOME = Message.of("challenges.error.outcome");
    static final Message TRANSITION = Message.of("challenges.error.transition");

    /** Every field of a challenge an issuer writes, at once; {@code now} is when it is saved. */
    static void validate(Challenge c, Instant now) {
        InvalidInput.Collector e = new InvalidInput.Collector();
        if (c.title().isBlank() || c.title().length() > MAX_TITLE) {
            e.add("title", TITLE);
        }
        if (c.summary().length() > MAX_SUMMARY) {
            e.add("summary", SUMMARY);
        }
        if (c.description().length() > MAX_TEXT) {
            e.add("description", DESCRIPTION);
        }
        if (!Countries.isCode(c.country())) {
            e.add("country", COUNTRY);
        }
        if (c.organisation().isBlank() || c.organisation().length() > MAX_SHORT) {
            e.add("organisation", ORGANISATION);
        }
        if (c.questions().isEmpty() || c.questions().size() > MAX_QUESTIONS) {
            e.add("questions", QUESTIONS);
        } else if (c.questions().stream().anyMatch(q -> q.name().isBlank() || q.name().length() > MAX_SUMMARY)) {
            e.add("questions", QUESTION);
        }
        if (c.categories().size() > MAX_CATEGORIES) {
            e.add("categories", CATEGORIES);
        } else if (c.categories().stream().anyMatch(k -> k.name().isBlank() || k.name().length() > MAX_SHORT)) {
            e.add("categories", CATEGORY);
        }
        if (!c.sector().isEmpty() && !CaseStudyTerms.SECTORS.contains(c.sector())) {
            e.add("sector", SECTOR);
        }
        if (c.tags().size() > MAX_TAGS) {
            e.add("tags", TAGS);
        }
        if (c.sdgs().stream().anyMatch(n -> n < 1 || n > CaseStudyTerms.SDG_COUNT)) {
            e.add("sdgs", SDG);
        }
        if (c.deadline() != null && !c.deadline().isAfter(now)) {
            e.add("deadline", DEADLINE);
        }
        if (c.contact().length() > MAX_SHORT) {
            e.add("contact", CONTACT);
        }
        e.throwIfAny();
    }

    /** A status change: one step forward only, and closing needs an outcome summary. */
    static void transition(ChallengeStatus from, ChallengeStatus to, String outcome) {
        InvalidInput.Collector e = new InvalidInput.Collector();
        if (!from.mayBecome(to)) {
            e.add("status", TRANSITION);
        } else if (to == ChallengeStatus.CLOSED && (outcome == null || outcome.isBlank()
                || outcome.length() > MAX_TEXT)) {
            e.add("outcome", OUTCOME);
        }
        e.throwIfAny();
    }
}
