package org.polity.server.casestudies;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.polity.server.translations.Languages;
import org.polity.server.translations.TranslationForm;
import org.polity.server.web.FormState;

/**
 * The case study form: its fields as typed, to the domain record and back. Its own language is {@code lang}; its
 * translations are the blocks of {@code translations/fields.jte} ({@link TranslationForm}), translation {@code i}
 * being {@code translation-i-lang}, {@code -title}, {@code -summary}, {@code -problem}, {@code -innovation},
 * {@code -results} and {@code -lessonsLearned} (Markdown, as the default language's).
 */
public final class CaseStudyForm {
    static final List<String> TEXT_FIELDS = List.of("title", "summary", "country", "organisation",
            "levelOfGovernment", "sector", "launchYear", "problem", "innovation", "lifecycleStage", "results",
            "lessonsLearned", "tags", "resources", "contact", "adaptedFrom", "adoptedFrom", "version");

    /** The fields of a translation block, with the checks of the default language's same fields. */
    static final List<TranslationForm.Field> TRANSLATED = List.of(
            new TranslationForm.Field("title", true, CaseStudyService.MAX_TITLE, "casestudies.error.title",
                    "casestudies.error.title"),
            new TranslationForm.Field("summary", false, CaseStudyService.MAX_SUMMARY, null,
                    "casestudies.error.summary"),
            new TranslationForm.Field("problem", true, CaseStudyService.MAX_NARRATIVE, "casestudies.error.problem",
                    "casestudies.error.problem"),
            new TranslationForm.Field("innovation", true, CaseStudyService.MAX_NARRATIVE,
                    "casestudies.error.innovation", "casestudies.error.innovation"),
            new TranslationForm.Field("results", false, CaseStudyService.MAX_NARRATIVE, null,
                    "casestudies.error.narrative"),
            new TranslationForm.Field("lessonsLearned", false, CaseStudyService.MAX_NARRATIVE, null,
                    "casestudies.error.narrative"));
    static final String SAME_AS_DEFAULT = "casestudies.error.translationSameAsDefault";

    private CaseStudyForm() {}

    /** What was typed, and the problems of its languages (field to message key), found before the service's. */
    record Typed(FormState form, Map<String, String> languageErrors) {}

    /**
     * What was typed, as the form shows it again; facets and SDGs as comma-separated keys. A form without
     * {@code lang} (an older page, a script) is in {@code writerLang}; {@code addBlock} adds an empty translation.
     */
    static Typed typed(Context ctx, String writerLang, boolean addBlock) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : TEXT_FIELDS) {
            values.put(f, Objects.requireNonNullElse(ctx.formParam(f), "").strip());
        }
        values.put("innovationFacets", String.join(",", ctx.formParams("innovationFacets")));
        values.put("sdgs", String.join(",", ctx.formParams("sdgs")));
        String rawLang = ctx.formParam("lang") == null ? writerLang : ctx.formParam("lang").strip();
        values.put("lang", rawLang);
        Map<String, String> errors = new LinkedHashMap<>();
        String lang = Languages.normalise(rawLang).orElse(null);
        if (lang == null) {
            errors.put("lang", "translations.error.lang");
        }
        TranslationForm.ParsedBlocks blocks = TranslationForm.parseBlocks(ctx::formParam, lang, addBlock, TRANSLATED,
                SAME_AS_DEFAULT);
        values.putAll(blocks.values());
        errors.putAll(blocks.errors());
        return new Typed(FormState.of(values), errors);
    }

    static CaseStudy toCaseStudy(FormState f) {
        List<Integer> sdgs = new ArrayList<>();
        for (String s : split(f.value("sdgs"), ",")) {
            int n = CaseStudyTerms.sdg(s);
            sdgs.add(n == 0 ? -1 : n);
        }
        return new CaseStudy(f.value("title"), f.value("summary"), f.value("country"), f.value("organisation"),
                f.value("levelOfGovernment"), f.value("sector"), year(f.value("launchYear")), f.value("problem"),
                f.value("innovation"), f.value("lifecycleStage"), split(f.value("innovationFacets"), ","),
                f.value("results"), f.value("lessonsLearned"), sdgs.stream().distinct().toList(),
                split(f.value("tags"), ","), split(f.value("resources"), "\n"), f.value("contact"),
                split(f.value("adaptedFrom"), "\n"), split(f.value("adoptedFrom"), "\n"), false,
                Languages.normalise(f.value("lang")).orElse(f.value("lang")), translations(f));
    }

    /** The translation blocks of a form (those with anything typed), their tags canonical where valid. */
    static List<CaseStudyTranslation> translations(FormState f) {
        List<CaseStudyTranslation> out = new ArrayList<>();
        for (int i = 0; i < blocks(f); i++) {
            String p = TranslationForm.PREFIX + i + "-";
            CaseStudyTranslation t = new CaseStudyTranslation(Languages.normalise(f.value(p + "lang"))
                    .orElse(f.value(p + "lang").strip()), f.value(p + "title"), f.value(p + "summary"),
                    f.value(p + "problem"), f.value(p + "innovation"), f.value(p + "results"),
                    f.value(p + "lessonsLearned"));
            if (!(t.lang().isEmpty() && t.title().isEmpty() && t.summary().isEmpty() && t.problem().isEmpty()
                    && t.innovation().isEmpty() && t.results().isEmpty() && t.lessonsLearned().isEmpty())) {
                out.add(t);
            }
        }
        return out;
    }

    /** How many translation blocks the form shows. */
    static int blocks(FormState f) {
        int n = 0;
        while (f.values().containsKey(TranslationForm.PREFIX + n + "-lang")) {
            n++;
        }
        return n;
    }

    static FormState of(CaseStudy cs, int version, String writerLang) {
        Map<String, String> v = new LinkedHashMap<>(WordDiff.texts(cs));
        v.put("innovationFacets", String.join(",", cs.innovationFacets()));
        v.put("sdgs", String.join(",", cs.sdgs().stream().map(String::valueOf).toList()));
        v.put("version", String.valueOf(version));
        // A case study written before it had a language is offered in the writer's.
        v.put("lang", cs.lang().isEmpty() ? writerLang : cs.lang());
        int i = 0;
        for (CaseStudyTranslation t : cs.translations()) {
            String p = TranslationForm.PREFIX + i++ + "-";
            v.put(p + "lang", t.lang());
            v.put(p + "title", t.title());
            v.put(p + "summary", t.summary());
            v.put(p + "problem", t.problem());
            v.put(p + "innovation", t.innovation());
            v.put(p + "results", t.results());
            v.put(p + "lessonsLearned", t.lessonsLearned());
        }
        return FormState.of(v);
    }

    private static int year(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> split(String s, String separator) {
        return Arrays.stream(s.split(separator)).map(String::strip).filter(x -> !x.isEmpty()).distinct().toList();
    }

    /** Whether a comma-separated form value holds {@code key} (a checked box). */
    public static boolean has(FormState f, String field, String key) {
        return split(f.value(field), ",").contains(key);
    }
}
