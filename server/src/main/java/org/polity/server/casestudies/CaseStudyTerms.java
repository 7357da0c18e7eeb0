package org.polity.server.casestudies;

import java.util.List;

/**
 * The controlled values of a case study, as keys (on the wire and in the database); their labels are
 * translated in {@code web/i18n/casestudies.*.properties} as {@code casestudies.<list>.<key>}. The lifecycle
 * stages and facets are the OECD Observatory of Public Sector Innovation's; SDGs are the UN's 17 goals, whose
 * IRIs {@link #sdgIri} gives.
 */
public final class CaseStudyTerms {
    private CaseStudyTerms() {}

    public static final List<String> LEVELS = List.of("local", "regional", "national", "supranational");

    public static final List<String> SECTORS = List.of("agriculture", "culture", "defence", "digital",
            "economy", "education", "employment", "energy", "environment", "finance", "health", "housing",
            "justice", "public-administration", "science", "social-services", "transport", "other");

    public static final List<String> STAGES = List.of("identifying-problems", "generating-ideas",
            "developing-proposals", "implementing", "evaluating", "diffusing-lessons");

    public static final List<String> FACETS = List.of("enhancement-oriented", "mission-oriented", "adaptive",
            "anticipatory");

    public static final int SDG_COUNT = 17;

    /** The UN's IRI of goal {@code n} (the SDG ontology, as the UN Library publishes it). */
    public static String sdgIri(int n) {
        return "http://metadata.un.org/sdg/" + n;
    }

    /** The goal number of {@code value}: a number 1-17, as a number or text, or an SDG IRI; 0 when neither. */
    public static int sdg(String value) {
        if (value == null) {
            return 0;
        }
        String v = value.strip();
        for (String prefix : List.of("http://metadata.un.org/sdg/", "https://metadata.un.org/sdg/")) {
            if (v.startsWith(prefix)) {
                v = v.substring(prefix.length());
            }
        }
        try {
            int n = Integer.parseInt(v);
            return n >= 1 && n <= SDG_COUNT ? n : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
