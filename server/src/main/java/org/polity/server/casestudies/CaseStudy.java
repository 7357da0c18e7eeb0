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
        boolean html,
        String lang,
        List<CaseStudyTranslation> translations) {

    public CaseStudy {
        innovationFacets = List.copyOf(innovationFacets);
        sdgs = List.copyOf(sdgs);
        tags = List.copyOf(tags);
        resources = List.copyOf(resources);
        adaptedFrom = List.copyOf(adaptedFrom);
        adoptedFrom = List.copyOf(adoptedFrom);
        lang = lang == null ? "" : lang;
        translations = translations == null ? List.of() : List.copyOf(translations);
    }

    /** The same fields with other languages ({@code lang}, the default one, and its translations). */
    public CaseStudy withLanguages(String lang, List<CaseStudyTranslation> translations) {
        return new CaseStudy(title, summary, country, organisation, levelOfGovernment, sector, launchYear, problem,
                innovation, lifecycleStage, innovationFacets, results, lessonsLearned, sdgs, tags, resources, contact,
                adaptedFrom, adoptedFrom, html, lang, translations);
    }

    /** As {@link #withLanguages(String, List)}, from a language and its translations. */
    public CaseStudy withLanguages(java.util.Map.Entry<String, List<CaseStudyTranslation>> languages) {
        return withLanguages(languages.getKey(), languages.getValue());
    }

    /** The same fields with other origins (resolved to the ids of their objects). */
    public CaseStudy withOrigins(List<String> adapted, List<String> adopted) {
        return new CaseStudy(title, summary, country, organisation, levelOfGovernment, sector, launchYear, problem,
                innovation, lifecycleStage, innovationFacets, results, lessonsLearned, sdgs, tags, resources, contact,
                adapted, adopted, html, lang, translations);
    }

    /** The tags of every language whose tag is known, the default first. */
    public List<String> languages() {
        List<String> out = new java.util.ArrayList<>();
        if (!lang.isEmpty()) {
            out.add(lang);
        }
        translations.forEach(t -> out.add(t.lang()));
        return out;
    }

    /**
     * The case study as a reader of {@code readerLang} sees it ({@code Translated.pick}: that exact tag, else the
     * same primary language, else the default): the translated title, summary and narrative in place of the
     * default's, everything else as it is; {@link #lang} is then the language shown.
     */
    public CaseStudy forReader(String readerLang) {
        return forReader(readerLang == null ? List.of() : List.of(readerLang));
    }

    /** As {@link #forReader(String)}, for a reader of several languages, most wanted first ({@code ReaderLanguages}). */
    public CaseStudy forReader(List<String> readerLangs) {
        if (translations.isEmpty()) {
            return this;
        }
        String chosen = translated().pick(readerLangs).lang();
        return in(chosen);
    }

    /**
     * The case study in exactly {@code tag} (one of {@link #languages}); the default for any other. A received
     * translation without a title keeps the default's, so that the page always has a heading.
     */
    public CaseStudy in(String tag) {
        for (CaseStudyTranslation t : translations) {
            if (t.lang().equalsIgnoreCase(tag == null ? "" : tag)) {
                return new CaseStudy(t.title().isBlank() ? title : t.title(), t.summary(), country, organisation, levelOfGovernment, sector,
                        launchYear, t.problem(), t.innovation(), lifecycleStage, innovationFacets, t.results(),
                        t.lessonsLearned(), sdgs, tags, resources, contact, adaptedFrom, adoptedFrom, html, t.lang(),
                        translations);
            }
        }
        return this;
    }

    /** The languages as {@code org.polity.server.translations} models them (titles only), for picking and "Also in". */
    public org.polity.server.translations.Translated translated() {
        List<org.polity.server.translations.Translation> others = translations.stream()
                .map(t -> new org.polity.server.translations.Translation(t.lang(), t.title(), null, "", null))
                .toList();
        return new org.polity.server.translations.Translated(new org.polity.server.translations.Translation(
                lang.isEmpty() ? null : lang, title, null, "", null), others);
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
