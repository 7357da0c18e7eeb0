package org.polity.server.casestudies;

/**
 * One translation of a case study: its language (a BCP 47 tag, canonical), and the title, summary and narrative
 * fields in it; Markdown for ours, sanitised HTML for received ones, as the case study's own fields
 * ({@link CaseStudy#html}). Results and lessons learned may be empty, as in the default language.
 */
public record CaseStudyTranslation(String lang, String title, String summary, String problem, String innovation,
        String results, String lessonsLearned) {
    public CaseStudyTranslation {
        title = title == null ? "" : title;
        summary = summary == null ? "" : summary;
        problem = problem == null ? "" : problem;
        innovation = innovation == null ? "" : innovation;
        results = results == null ? "" : results;
        lessonsLearned = lessonsLearned == null ? "" : lessonsLearned;
    }
}
