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
    static final Message NOT_ISSUER = Message.of("challenges.error.notIssuer");
    static final Message NOT_VISIBLE = Message.of("challenges.error.notVisible");
    static final Message NOT_AUTHOR = Message.of("challenges.error.notAuthor");
    static final Message APPOINT = Message.of("challenges.error.appoint");
    static final Message CONFLICT = Message.of("challenges.error.conflict");
    static final Message NOT_OPEN = Message.of("challenges.error.notOpen");
    static final Message OWN_COUNTRY = Message.of("challenges.error.ownCountry");
    static final Message RESPONSE_TITLE = Message.of("challenges.error.responseTitle");
    static final Message RESPONSE_APPROACH = Message.of("challenges.error.approach");
    static final Message RESPONSE_TEXT = Message.of("challenges.error.responseText");
    static final Message RESPONSE_QUESTION = Message.of("challenges.error.responseQuestion");
    static final Message RESPONSE_CATEGORY = Message.of("challenges.error.responseCategory");
    static final Message RESPONSE_LINK = Message.of("challenges.error.link");
    static final Message NOT_A_RESPONSE = Message.of("challenges.error.notAResponse");
    static final int MAX_LINKS = 20;

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

    /** A response's fields, against the challenge it answers. */
    static void validate(ChallengeResponse r, Challenge to) {
        InvalidInput.Collector e = new InvalidInput.Collector();
        if (r.title().isBlank() || r.title().length() > MAX_TITLE) {
            e.add("title", RESPONSE_TITLE);
        }
        if (r.description().length() > MAX_TEXT || r.results().length() > MAX_TEXT) {
            e.add(r.description().length() > MAX_TEXT ? "description" : "results", RESPONSE_TEXT);
        }
        if (r.approach().isBlank() || r.approach().length() > MAX_TEXT) {
            e.add("approach", RESPONSE_APPROACH);
        }
        if (!Countries.isCode(r.country())) {
            e.add("country", COUNTRY);
        }
        if (r.organisation().isBlank() || r.organisation().length() > MAX_SHORT) {
            e.add("organisation", ORGANISATION);
        }
        if (!r.questionId().isEmpty() && to.questions().stream().noneMatch(q -> q.id().equals(r.questionId()))) {
            e.add("questionId", RESPONSE_QUESTION);
        }
        if (!r.categoryId().isEmpty() && to.categories().stream().noneMatch(k -> k.id().equals(r.categoryId()))) {
            e.add("categoryId", RESPONSE_CATEGORY);
        }
        if (r.links().size() > MAX_LINKS || r.links().stream().anyMatch(l -> l.length() > 2048
                || !(l.startsWith("https://") || l.startsWith("http://")))) {
            e.add("links", RESPONSE_LINK);
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
