package org.polity.server.challenges;

import java.time.Instant;
import java.util.List;

/**
 * A country challenge's fields (docs/vocabulary.md, "Challenges"). {@code description} and {@code outcome} are
 * Markdown for ours and sanitised HTML for received ones ({@link #html} says which). {@code questions} and
 * {@code categories} keep their stable ids ({@code <challenge id>/questions/{k}}, {@code .../categories/{k}});
 * ours get them when the challenge is stored. {@code sector} is a case-study sector key, {@code country} an ISO
 * 3166-1 alpha-2 code, {@code deadline} may be null.
 */
public record Challenge(
        String title,
        String summary,
        String description,
        String country,
        String organisation,
        List<Question> questions,
        List<Category> categories,
        String sector,
        List<String> tags,
        List<Integer> sdgs,
        Instant deadline,
        List<String> languages,
        String contact,
        ChallengeStatus status,
        String outcome,
        boolean html) {

    /** A sub-question; {@code id} is empty until its challenge is stored. */
    public record Question(String id, String name) {
        public Question {
            id = id == null ? "" : id;
            name = name == null ? "" : name;
        }
    }

    /** A response category; {@code id} is empty until its challenge is stored. */
    public record Category(String id, String name) {
        public Category {
            id = id == null ? "" : id;
            name = name == null ? "" : name;
        }
    }

    public Challenge {
        title = orEmpty(title);
        summary = orEmpty(summary);
        description = orEmpty(description);
        country = orEmpty(country);
        organisation = orEmpty(organisation);
        questions = List.copyOf(questions);
        categories = List.copyOf(categories);
        sector = orEmpty(sector);
        tags = List.copyOf(tags);
        sdgs = List.copyOf(sdgs);
        languages = List.copyOf(languages);
        contact = orEmpty(contact);
        status = status == null ? ChallengeStatus.DRAFT : status;
        outcome = orEmpty(outcome);
    }

    /** The same fields in another status (with the outcome summary a closing gives). */
    public Challenge withStatus(ChallengeStatus next, String outcomeSummary) {
        return new Challenge(title, summary, description, country, organisation, questions, categories, sector, tags,
                sdgs, deadline, languages, contact, next, outcomeSummary, html);
    }

    /**
     * The same fields with ids given to the questions and categories of a challenge whose id is {@code id}: each
     * keeps the id it has, a new one takes the next free number (so an id, once issued, never changes).
     */
    public Challenge withIds(String id) {
        List<Question> qs = new java.util.ArrayList<>();
        int nextQ = nextNumber(questions.stream().map(Question::id).toList(), id + "/questions/");
        for (Question q : questions) {
            qs.add(q.id().isEmpty() ? new Question(id + "/questions/" + nextQ++, q.name()) : q);
        }
        List<Category> cs = new java.util.ArrayList<>();
        int nextC = nextNumber(categories.stream().map(Category::id).toList(), id + "/categories/");
        for (Category c : categories) {
            cs.add(c.id().isEmpty() ? new Category(id + "/categories/" + nextC++, c.name()) : c);
        }
        return new Challenge(title, summary, description, country, organisation, qs, cs, sector, tags, sdgs,
                deadline, languages, contact, status, outcome, html);
    }

    private static int nextNumber(List<String> ids, String prefix) {
        int max = 0;
        for (String i : ids) {
            if (i.startsWith(prefix)) {
                try {
                    max = Math.max(max, Integer.parseInt(i.substring(prefix.length())));
                } catch (NumberFormatException ignored) {
                    // a received id of another shape: it keeps it, and numbering goes on from ours
                }
            }
        }
        return max + 1;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
