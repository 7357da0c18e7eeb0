package org.polity.server.casestudies;

import java.net.URI;
import java.util.Map;
import org.polity.server.groups.Hashtags;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.translations.Languages;
import org.polity.server.translations.TranslationForm;

/**
 * The checks of a case study's fields, and every message the case study service answers (keys in
 * {@code web/i18n/casestudies.*.properties}, {@code casestudies.error.*}), read by each reader in their language.
 */
final class CaseStudyChecks {
    private CaseStudyChecks() {}

    // The sentences each check answers (translated in casestudies.*.properties under casestudies.error.*).
    static final Message TITLE = Message.of("casestudies.error.title");
    static final Message COUNTRY = Message.of("casestudies.error.country");
    static final Message ORGANISATION = Message.of("casestudies.error.organisation");
    static final Message LEVEL = Message.of("casestudies.error.level");
    static final Message SECTOR = Message.of("casestudies.error.sector");
    static final Message YEAR = Message.of("casestudies.error.year");
    static final Message PROBLEM = Message.of("casestudies.error.problem");
    static final Message INNOVATION = Message.of("casestudies.error.innovation");
    static final Message STAGE = Message.of("casestudies.error.stage");
    static final Message FACET = Message.of("casestudies.error.facet");
    static final Message NARRATIVE = Message.of("casestudies.error.narrative");
    static final Message SUMMARY = Message.of("casestudies.error.summary");
    static final Message SHORT = Message.of("casestudies.error.short");
    static final Message SDG = Message.of("casestudies.error.sdg");
    static final Message TAGS = Message.of("casestudies.error.tags");
    static final Message RESOURCES = Message.of("casestudies.error.resources");
    static final Message ORIGIN = Message.of("casestudies.error.origin");
    static final Message NOT_A_CASE_STUDY = Message.of("casestudies.error.notACaseStudy");
    static final Message CONFLICT = Message.of("casestudies.error.conflict");
    static final Message COMMENT = Message.of("casestudies.error.comment");
    static final Message NOT_AUTHOR = Message.of("casestudies.error.notAuthor");
    static final Message NOT_EDITOR = Message.of("casestudies.error.notEditor");
    static final Message OWN = Message.of("casestudies.error.own");
    static final Message WRONG_STATE = Message.of("casestudies.error.wrongState");
    static final Message NOT_VISIBLE = Message.of("casestudies.error.notVisible");
    static final Message APPOINT = Message.of("casestudies.error.appoint");


    /** Every field checked at once: each broken rule names its field. Nothing is stored when one fails. */
    static void validate(CaseStudy cs, int nextYear) {
        InvalidInput.Collector e = new InvalidInput.Collector();
        if (cs.title().isBlank() || cs.title().length() > CaseStudyService.MAX_TITLE) {
            e.add("title", TITLE);
        }
        if (cs.summary().length() > CaseStudyService.MAX_SUMMARY) {
            e.add("summary", SUMMARY);
        }
        if (!Countries.isCode(cs.country())) {
            e.add("country", COUNTRY);
        }
        if (cs.organisation().isBlank() || cs.organisation().length() > CaseStudyService.MAX_SHORT) {
            e.add("organisation", ORGANISATION);
        }
        if (!CaseStudyTerms.LEVELS.contains(cs.levelOfGovernment())) {
            e.add("levelOfGovernment", LEVEL);
        }
        if (!CaseStudyTerms.SECTORS.contains(cs.sector())) {
            e.add("sector", SECTOR);
        }
        if (cs.launchYear() < 1900 || cs.launchYear() > nextYear) {
            e.add("launchYear", YEAR);
        }
        if (cs.problem().isBlank() || cs.problem().length() > CaseStudyService.MAX_NARRATIVE) {
            e.add("problem", PROBLEM);
        }
        if (cs.innovation().isBlank() || cs.innovation().length() > CaseStudyService.MAX_NARRATIVE) {
            e.add("innovation", INNOVATION);
        }
        if (!CaseStudyTerms.STAGES.contains(cs.lifecycleStage())) {
            e.add("lifecycleStage", STAGE);
        }
        if (!CaseStudyTerms.FACETS.containsAll(cs.innovationFacets())) {
            e.add("innovationFacets", FACET);
        }
        if (cs.results().length() > CaseStudyService.MAX_NARRATIVE) {
            e.add("results", NARRATIVE);
        }
        if (cs.lessonsLearned().length() > CaseStudyService.MAX_NARRATIVE) {
            e.add("lessonsLearned", NARRATIVE);
        }
        if (cs.sdgs().stream().anyMatch(n -> n < 1 || n > CaseStudyTerms.SDG_COUNT)) {
            e.add("sdgs", SDG);
        }
        if (cs.tags().size() > Hashtags.MAX_TAGS || cs.tags().stream()
                .anyMatch(t -> Hashtags.normaliseTag(t) == null)) {
            e.add("tags", TAGS);
        }
        if (cs.resources().size() > CaseStudyService.MAX_RESOURCES || !cs.resources().stream().allMatch(CaseStudyChecks::isWebAddress)) {
            e.add("resources", RESOURCES);
        }
        if (cs.contact().length() > CaseStudyService.MAX_SHORT) {
            e.add("contact", SHORT);
        }
        if (cs.adaptedFrom().size() > CaseStudyService.MAX_LINKS || !cs.adaptedFrom().stream().allMatch(CaseStudyChecks::isWebAddress)) {
            e.add("adaptedFrom", ORIGIN);
        }
        if (cs.adoptedFrom().size() > CaseStudyService.MAX_LINKS || !cs.adoptedFrom().stream().allMatch(CaseStudyChecks::isWebAddress)) {
            e.add("adoptedFrom", ORIGIN);
        }
        languages(cs, e);
        e.throwIfAny();
    }

    /**
     * The case study's languages: its own a BCP 47 tag (or none, as before languages), each translation in
     * another valid tag given once, with a title, the problem and the innovation, and the same lengths as the
     * default language's fields. Fields are named as the form's blocks ({@code translation-i-title}).
     */
    private static void languages(CaseStudy cs, InvalidInput.Collector e) {
        if (!cs.lang().isEmpty() && Languages.normalise(cs.lang()).isEmpty()) {
            e.add("lang", Message.of("translations.error.lang"));
        }
        if (cs.translations().size() >= Languages.MAX_LANGUAGES) {
            e.add("lang", Message.of("svc.translations.tooMany"));
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < cs.translations().size(); i++) {
            CaseStudyTranslation t = cs.translations().get(i);
            String p = TranslationForm.PREFIX + i + "-";
            var lang = Languages.normalise(t.lang());
            if (lang.isEmpty()) {
                e.add(p + "lang", Message.of("translations.error.lang"));
            } else if (lang.get().equalsIgnoreCase(cs.lang())) {
                e.add(p + "lang", Message.of(CaseStudyForm.SAME_AS_DEFAULT));
            } else if (!seen.add(lang.get().toLowerCase(java.util.Locale.ROOT))) {
                e.add(p + "lang", Message.of("translations.error.duplicate"));
            }
            Map<String, String> values = Map.of("title", t.title(), "summary", t.summary(), "problem", t.problem(),
                    "innovation", t.innovation(), "results", t.results(), "lessonsLearned", t.lessonsLearned());
            for (TranslationForm.Field f : CaseStudyForm.TRANSLATED) {
                String v = values.get(f.name());
                if (v.isBlank() && f.required()) {
                    e.add(p + f.name(), Message.of(f.emptyKey()));
                } else if (v.length() > f.limit()) {
                    e.add(p + f.name(), Message.of(f.longKey()));
                }
            }
        }
    }

    static boolean isWebAddress(String s) {
        if (!ApToCaseStudy.isHttp(s)) {
            return false;
        }
        try {
            return URI.create(s).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
