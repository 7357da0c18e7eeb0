package org.polity.server.casestudies;

import java.net.URI;
import java.util.Map;
import org.polity.server.groups.Hashtags;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.translations.Languages;
import org.polity.server.translations.TranslationForm;

/**
 * The checks of a case study's fields, and every sentence the case study service answers (each the English
 * text of one key in {@code web/i18n/casestudies.en.properties}, {@code casestudies.error.*}, so routes
 * translate it with {@code Messages.fromEnglish}).
 */
final class CaseStudyChecks {
    private CaseStudyChecks() {}

    // The sentences each check answers (translated in casestudies.*.properties under casestudies.error.*).
    static final String TITLE = "Give the case study a title (at most 200 characters).";
    static final String COUNTRY = "Choose the country where the innovation took place.";
    static final String ORGANISATION = "Name the organisation behind the innovation (at most 500 characters).";
    static final String LEVEL = "Choose the level of government.";
    static final String SECTOR = "Choose the sector.";
    static final String YEAR = "Give the year of launch, from 1900 to next year.";
    static final String PROBLEM = "Describe the problem (at most 20,000 characters).";
    static final String INNOVATION = "Describe the innovation (at most 20,000 characters).";
    static final String STAGE = "Choose the stage of the innovation lifecycle.";
    static final String FACET = "Choose innovation facets from the list.";
    static final String NARRATIVE = "Write at most 20,000 characters here.";
    static final String SUMMARY = "Write a summary of at most 1,000 characters.";
    static final String SHORT = "Write at most 500 characters here.";
    static final String SDG = "Choose goals from the 17 Sustainable Development Goals.";
    static final String TAGS = "Tags are words or numbers, at most 10.";
    static final String RESOURCES = "List at most 20 web addresses (https://...), one a line.";
    static final String ORIGIN = "Give the address of a case study, on this server or another.";
    static final String NOT_A_CASE_STUDY = "No case study was found at that address.";
    static final String CONFLICT = "Someone saved this case study in the meantime: reload it to see their changes.";
    static final String COMMENT = "Say what the author should change.";
    static final String NOT_AUTHOR = "Only its author can change this case study.";
    static final String NOT_EDITOR = "Only an editor can publish a case study or return it to its author.";
    static final String OWN = "An editor other than the author must publish a case study.";
    static final String WRONG_STATE = "This case study is not at that step of the workflow.";
    static final String NOT_VISIBLE = "There is no such case study, or you may not see it.";
    static final String APPOINT = "Only an administrator can appoint editors.";


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
