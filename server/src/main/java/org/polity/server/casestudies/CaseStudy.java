package org.polity.server.casestudies;

import java.util.List;

/**
 * A case study's fields, as an author writes them (the OECD innovation library's fields): narrative fields
 * ({@code problem}, {@code innovation}, {@code results}, {@code lessonsLearned}) in Markdown for ours and in
 * sanitised HTML for received ones ({@link #html} says which). Controlled values are keys of
 * {@link CaseStudyTerms}; {@code resources} are URLs of resources or attachments (local or remote objects, or
 * any web page); {@code adaptedFrom} and {@code adoptedFrom} are ids of other case studies.
 */
public record CaseStudy(
        String title,
        String summary,
        String country,
        String organisation,
        String levelOfGovernment,
        String sector,
        int launchYear,
        String problem,
        String innovation,
        String lifecycleStage,
        List<String> innovationFacets,
        String results,
        String lessonsLearned,
        List<Integer> sdgs,
        List<String> tags,
        List<String> resources,
        String contact,
        List<String> adaptedFrom,
        List<String> adoptedFrom,
        boolean html) {

    public CaseStudy {
        innovationFacets = List.copyOf(innovationFacets);
        sdgs = List.copyOf(sdgs);
        tags = List.copyOf(tags);
        resources = List.copyOf(resources);
        adaptedFrom = List.copyOf(adaptedFrom);
        adoptedFrom = List.copyOf(adoptedFrom);
    }

    /** Where it comes from: the case study it adapted or adopted, if any (the first one named). */
    public List<Link> origins() {
        List<Link> out = new java.util.ArrayList<>();
        adaptedFrom.forEach(uri -> out.add(new Link(uri, Link.ADAPTED)));
        adoptedFrom.forEach(uri -> out.add(new Link(uri, Link.ADOPTED)));
        return out;
    }

    /** "This case study adapted (or adopted) {@code uri}". */
    public record Link(String uri, String relation) {
        public static final String ADAPTED = "adapted";
        public static final String ADOPTED = "adopted";
    }

    /** The editorial states of our case studies; received ones are always {@code PUBLISHED}. */
    public enum Status {
        DRAFT,
        REVIEW,
        PUBLISHED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
