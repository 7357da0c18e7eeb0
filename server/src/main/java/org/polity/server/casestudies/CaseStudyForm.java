package org.polity.server.casestudies;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.polity.server.web.FormState;

/** The case study form: its fields as typed, to the domain record and back. */
public final class CaseStudyForm {
    static final List<String> TEXT_FIELDS = List.of("title", "summary", "country", "organisation",
            "levelOfGovernment", "sector", "launchYear", "problem", "innovation", "lifecycleStage", "results",
            "lessonsLearned", "tags", "resources", "contact", "adaptedFrom", "adoptedFrom", "version");

    private CaseStudyForm() {}

    /** What was typed, as the form shows it again; facets and SDGs as comma-separated keys. */
    static FormState typed(Context ctx) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : TEXT_FIELDS) {
            values.put(f, Objects.requireNonNullElse(ctx.formParam(f), "").strip());
        }
        values.put("innovationFacets", String.join(",", ctx.formParams("innovationFacets")));
        values.put("sdgs", String.join(",", ctx.formParams("sdgs")));
        return FormState.of(values);
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
                split(f.value("adaptedFrom"), "\n"), split(f.value("adoptedFrom"), "\n"), false);
    }

    static FormState of(CaseStudy cs, int version) {
        Map<String, String> v = new LinkedHashMap<>(WordDiff.texts(cs));
        v.put("innovationFacets", String.join(",", cs.innovationFacets()));
        v.put("sdgs", String.join(",", cs.sdgs().stream().map(String::valueOf).toList()));
        v.put("version", String.valueOf(version));
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
