package org.polity.server.challenges;

import java.util.List;

/**
 * A response to a challenge, as a member writes it (docs/vocabulary.md, "Challenge responses"): Markdown
 * {@code description}, {@code approach} (what was done) and {@code results}; {@code links} are URLs of resources
 * and case studies (ours or other servers'); {@code questionId} and {@code categoryId} are ids of the challenge's
 * sub-questions and categories, or empty.
 */
public record ChallengeResponse(
        String title,
        String description,
        String country,
        String organisation,
        String approach,
        String results,
        List<String> links,
        String questionId,
        String categoryId) {

    public ChallengeResponse {
        title = orEmpty(title);
        description = orEmpty(description);
        country = orEmpty(country);
        organisation = orEmpty(organisation);
        approach = orEmpty(approach);
        results = orEmpty(results);
        links = List.copyOf(links);
        questionId = orEmpty(questionId);
        categoryId = orEmpty(categoryId);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
